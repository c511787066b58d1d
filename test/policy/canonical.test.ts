import { describe, expect, it } from "vitest";
import {
  canonicalPolicy,
  jsonEqual,
  PolicyParseError,
  parsePolicyDocument,
  policiesEqual,
  statementsEqual,
} from "../../src/policy/canonical.js";
import type { PolicyDocument, PolicyStatement } from "../../src/policy/types.js";
import { ivsCompositeWrite } from "../helpers/policies.js";

/** The statement IVS adds to a recording bucket (AWS-FACTS §2.1). */
const compositeWrite = ivsCompositeWrite({
  region: "eu-west-1",
  bucket: "rec",
  sid: "CompositeWrite-y1d212y",
});

const denyInsecure: PolicyStatement = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: ["arn:aws:s3:::rec", "arn:aws:s3:::rec/*"],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

const policy = (...statements: PolicyStatement[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: statements,
});

describe("policiesEqual: documents that mean the same are equal", () => {
  it("ignores the order of keys in the document, the statements and the conditions", () => {
    const reordered = JSON.parse(
      '{"Statement":[{"Condition":{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}},' +
        '"Resource":"arn:aws:s3:::rec/*","Action":["s3:PutObject","s3:PutObjectAcl"],' +
        '"Principal":{"Service":"ivs-composite.eu-west-1.amazonaws.com"},"Effect":"Allow","Sid":"CompositeWrite-y1d212y"}],' +
        '"Version":"2012-10-17"}',
    );
    expect(policiesEqual(policy(compositeWrite), reordered)).toBe(true);
  });

  it("treats a string and a one-element list as the same value", () => {
    const listed: PolicyStatement = {
      ...compositeWrite,
      Principal: { Service: ["ivs-composite.eu-west-1.amazonaws.com"] },
      Resource: ["arn:aws:s3:::rec/*"],
      Condition: {
        StringEquals: { "s3:x-amz-acl": ["bucket-owner-full-control"] },
        Bool: { "aws:SecureTransport": ["true"] },
      },
    };
    expect(policiesEqual(policy(compositeWrite), policy(listed))).toBe(true);
    expect(policiesEqual(policy(denyInsecure), policy({ ...denyInsecure, Action: ["s3:*"] }))).toBe(true);
  });

  it("ignores the order of values in Action, Resource, Principal and condition lists", () => {
    const a: PolicyStatement = {
      Sid: "Logs",
      Effect: "Allow",
      Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      NotResource: ["arn:b", "arn:a"],
      Condition: { StringEquals: { "aws:SourceAccount": ["111111111111", "222222222222"] } },
    };
    const b: PolicyStatement = {
      ...a,
      Principal: { Service: ["delivery.logs.amazonaws.com", "events.amazonaws.com"] },
      Action: ["logs:PutLogEvents", "logs:CreateLogStream"],
      NotResource: ["arn:a", "arn:b"],
      Condition: { StringEquals: { "aws:SourceAccount": ["222222222222", "111111111111"] } },
    };
    expect(policiesEqual(policy(a), policy(b))).toBe(true);
  });

  it('compares a boolean true with the string "true" AWS returns, and numbers with their strings', () => {
    const written: PolicyStatement = {
      ...denyInsecure,
      Condition: { Bool: { "aws:SecureTransport": false } },
    };
    expect(policiesEqual(policy(written), policy(denyInsecure))).toBe(true);
    const numeric = (value: number | string): PolicyDocument =>
      policy({ ...denyInsecure, Condition: { NumericLessThan: { "s3:TlsVersion": value } } });
    expect(policiesEqual(numeric(1.2), numeric("1.2"))).toBe(true);
  });

  it("ignores the order of statements that have Sids", () => {
    expect(policiesEqual(policy(compositeWrite, denyInsecure), policy(denyInsecure, compositeWrite))).toBe(
      true,
    );
  });

  it("ignores the order of statements without Sid too", () => {
    const { Sid: _a, ...first } = compositeWrite;
    const { Sid: _b, ...second } = denyInsecure;
    expect(policiesEqual(policy(first, second, compositeWrite), policy(compositeWrite, second, first))).toBe(
      true,
    );
  });

  it("treats a lone Statement object as a list of one", () => {
    expect(policiesEqual({ Version: "2012-10-17", Statement: denyInsecure }, policy(denyInsecure))).toBe(
      true,
    );
  });

  it("treats an account id principal as the account's root ARN, as AWS rewrites it", () => {
    const byId = policy({
      ...denyInsecure,
      Effect: "Allow",
      Principal: { AWS: "123456789012" },
      Condition: undefined,
    });
    const byArn = policy({
      ...denyInsecure,
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Condition: undefined,
    });
    expect(policiesEqual(byId, byArn)).toBe(true);
  });

  it("treats an empty Condition block as no condition", () => {
    const { Condition: _, ...unconditioned } = denyInsecure;
    expect(policiesEqual(policy({ ...unconditioned, Condition: {} }), policy(unconditioned))).toBe(true);
  });

  it("accepts JSON text, and the URL-encoded text IAM returns for trust policies", () => {
    const trust: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "mediaconvert.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    };
    const json = JSON.stringify(trust);
    expect(policiesEqual(json, trust)).toBe(true);
    expect(policiesEqual(encodeURIComponent(json), trust)).toBe(true);
    expect(parsePolicyDocument(encodeURIComponent(json))).toEqual(trust);
  });
});

describe("policiesEqual: documents that differ are not equal", () => {
  const base = policy(compositeWrite, denyInsecure);

  it.each<[string, PolicyDocument]>([
    ["another action", policy({ ...compositeWrite, Action: ["s3:PutObject"] }, denyInsecure)],
    ["another effect", policy(compositeWrite, { ...denyInsecure, Effect: "Allow" })],
    ["another resource", policy({ ...compositeWrite, Resource: "arn:aws:s3:::other/*" }, denyInsecure)],
    [
      "another region's principal",
      policy(
        { ...compositeWrite, Principal: { Service: "ivs-composite.us-east-1.amazonaws.com" } },
        denyInsecure,
      ),
    ],
    [
      'Bool "false" instead of "true"',
      policy(
        {
          ...compositeWrite,
          Condition: { ...compositeWrite.Condition, Bool: { "aws:SecureTransport": false } },
        },
        denyInsecure,
      ),
    ],
    ["a missing condition", policy({ ...compositeWrite, Condition: undefined }, denyInsecure)],
    ["another Sid", policy({ ...compositeWrite, Sid: "IVSRealtimeRecording" }, denyInsecure)],
    ["a missing statement", policy(compositeWrite)],
    ["an extra statement", policy(compositeWrite, denyInsecure, { ...denyInsecure, Sid: "Extra" })],
    [
      "Action instead of NotAction",
      policy(compositeWrite, { ...denyInsecure, Action: undefined, NotAction: "s3:*" }),
    ],
    ['"*" instead of {"AWS": "*"}', policy(compositeWrite, { ...denyInsecure, Principal: { AWS: "*" } })],
    ["another Version", { ...base, Version: "2008-10-17" }],
    ["an Id", { ...base, Id: "yolo" }],
  ])("%s", (_, other) => {
    expect(policiesEqual(base, other)).toBe(false);
  });
});

describe("statementsEqual", () => {
  it("compares one statement structurally", () => {
    expect(statementsEqual(compositeWrite, { ...compositeWrite, Resource: ["arn:aws:s3:::rec/*"] })).toBe(
      true,
    );
    expect(statementsEqual(compositeWrite, { ...compositeWrite, Resource: "arn:aws:s3:::rec/x" })).toBe(
      false,
    );
  });

  it("accepts JSON text", () => {
    expect(statementsEqual(JSON.stringify(denyInsecure), denyInsecure)).toBe(true);
  });
});

describe("canonicalPolicy", () => {
  it("gives lists as sorted arrays, condition values as strings and statements sorted by Sid", () => {
    const canonical = canonicalPolicy(
      policy({ ...denyInsecure, Condition: { Bool: { "aws:SecureTransport": false } } }, compositeWrite),
    );
    expect(canonical).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CompositeWrite-y1d212y",
          Effect: "Allow",
          Principal: { Service: ["ivs-composite.eu-west-1.amazonaws.com"] },
          Action: ["s3:PutObject", "s3:PutObjectAcl"],
          Resource: ["arn:aws:s3:::rec/*"],
          Condition: {
            Bool: { "aws:SecureTransport": ["true"] },
            StringEquals: { "s3:x-amz-acl": ["bucket-owner-full-control"] },
          },
        },
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:*"],
          Resource: ["arn:aws:s3:::rec", "arn:aws:s3:::rec/*"],
          Condition: { Bool: { "aws:SecureTransport": ["false"] } },
        },
      ],
    });
  });
});

describe("parsePolicyDocument", () => {
  it("passes an object through", () => {
    const doc = policy(denyInsecure);
    expect(parsePolicyDocument(doc)).toBe(doc);
  });

  it("decodes %7B text whatever the case of the escape", () => {
    const text = encodeURIComponent(JSON.stringify(policy(denyInsecure))).replace("%7B", "%7b");
    expect(parsePolicyDocument(text)).toEqual(policy(denyInsecure));
  });

  it.each([
    ["invalid JSON", "{not json", /not valid JSON/],
    ["a JSON array", "[]", /must be a JSON object/],
    ["no Statement", '{"Version":"2012-10-17"}', /no Statement/],
    ["a statement that is not an object", '{"Statement":["Allow"]}', /statement must be a JSON object/],
    ["broken URL encoding", "%7B%E0%A4%A", /URL-encoded/],
  ])("refuses %s with a PolicyParseError", (_, text, message) => {
    expect(() => parsePolicyDocument(text)).toThrow(PolicyParseError);
    expect(() => parsePolicyDocument(text)).toThrow(message);
  });
});

describe("jsonEqual", () => {
  it("ignores the order of object keys, at any depth", () => {
    expect(
      jsonEqual(
        { source: ["aws.ivs"], detail: { a: 1, b: [2] } },
        { detail: { b: [2], a: 1 }, source: ["aws.ivs"] },
      ),
    ).toBe(true);
  });

  it("sees different values, extra keys and a different list order", () => {
    expect(jsonEqual({ source: ["aws.ivs"] }, { source: ["aws.s3"] })).toBe(false);
    expect(jsonEqual({ source: ["aws.ivs"] }, { source: ["aws.ivs"], "detail-type": ["x"] })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ source: ["aws.ivs"] }, undefined)).toBe(false);
  });
});
