import { describe, expect, it } from "vitest";
import {
  evaluateIdentityPolicies,
  evaluateIdentityPolicy,
  evaluatePolicies,
  evaluatePolicy,
  isSupportedConditionOperator,
  PolicyEvaluationError,
} from "../../src/aws-semantics/policy-evaluation.js";
import type {
  AccessRequest,
  ConditionBlock,
  PolicyDocument,
  PolicyStatement,
} from "../../src/aws-semantics/policy-types.js";
import {
  logsResourcePolicyDocument,
  mediaConvertTrustPolicy,
  recordingBucketStatements,
} from "../../src/policy/documents.js";
import { ivsCompositeWrite } from "../helpers/policies.js";

const ACCOUNT = "123456789012";
const policy = (...statements: PolicyStatement[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: statements,
});
const service = (id: string) => ({ type: "Service" as const, id });
const aws = (id: string) => ({ type: "AWS" as const, id });

/** A statement that allows anybody s3:GetObject on bucket `b`, under `condition`. */
const allowGetIf = (condition: ConditionBlock): PolicyDocument =>
  policy({
    Sid: "Get",
    Effect: "Allow",
    Principal: "*",
    Action: "s3:GetObject",
    Resource: "arn:aws:s3:::b/*",
    Condition: condition,
  });
const getObject = (context: AccessRequest["context"]): AccessRequest => ({
  principal: aws(`arn:aws:iam::${ACCOUNT}:user/alice`),
  action: "s3:GetObject",
  resource: "arn:aws:s3:::b/key",
  context,
});
const decisionOf = (doc: PolicyDocument, request: AccessRequest) => evaluatePolicy(doc, request).decision;

describe("the decision: explicit deny, allow, implicit deny", () => {
  const allowAll: PolicyStatement = {
    Sid: "AllowAll",
    Effect: "Allow",
    Principal: "*",
    Action: "s3:*",
    Resource: "*",
  };
  const denyDelete: PolicyStatement = {
    Sid: "DenyDelete",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:DeleteObject",
    Resource: "*",
  };

  it("an explicit Deny beats an Allow, and names the deciding statement", () => {
    const request = { principal: aws(ACCOUNT), action: "s3:DeleteObject", resource: "arn:aws:s3:::b/k" };
    expect(evaluatePolicy(policy(allowAll, denyDelete), request)).toEqual({
      decision: "deny",
      matchedStatements: ["DenyDelete"],
    });
  });

  it("an Allow that matches allows when no Deny matches", () => {
    const request = { principal: aws(ACCOUNT), action: "s3:GetObject", resource: "arn:aws:s3:::b/k" };
    expect(evaluatePolicy(policy(allowAll, denyDelete), request)).toEqual({
      decision: "allow",
      matchedStatements: ["AllowAll"],
    });
  });

  it("nothing matching is an implicit deny", () => {
    const request = { principal: aws(ACCOUNT), action: "logs:PutLogEvents", resource: "arn:aws:logs:x" };
    expect(evaluatePolicy(policy(allowAll, denyDelete), request)).toEqual({
      decision: "implicit-deny",
      matchedStatements: [],
    });
  });

  it("names statements without Sid by their index", () => {
    const { Sid: _, ...anonymous } = allowAll;
    const request = { principal: aws(ACCOUNT), action: "s3:GetObject", resource: "arn:aws:s3:::b/k" };
    expect(evaluatePolicy(policy(denyDelete, anonymous), request).matchedStatements).toEqual([
      "Statement[1]",
    ]);
  });

  it("across several documents, a Deny in one beats an Allow in another", () => {
    const request = { principal: aws(ACCOUNT), action: "s3:DeleteObject", resource: "arn:aws:s3:::b/k" };
    const { Sid: _, ...anonymousAllow } = allowAll;
    expect(evaluatePolicies([policy(anonymousAllow), JSON.stringify(policy(denyDelete))], request)).toEqual({
      decision: "deny",
      matchedStatements: ["DenyDelete"],
    });
    expect(
      evaluatePolicies([policy(denyDelete), policy(anonymousAllow)], { ...request, action: "s3:GetObject" }),
    ).toEqual({
      decision: "allow",
      matchedStatements: ["policy[1].Statement[0]"],
    });
    expect(evaluatePolicies([], request).decision).toBe("implicit-deny");
  });
});

describe("the recording bucket policy the tool writes", () => {
  const bucket = "yolo-prod-app-ivs-recordings-eu-west-1";
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/yolo-prod-app-mediaconvert-role`;
  const bucketPolicy = policy(
    ...recordingBucketStatements({ bucket, region: "eu-west-1", mediaConvertRoleArn: roleArn }),
  );
  const ivsPut = (
    overrides: Partial<AccessRequest> = {},
    context: AccessRequest["context"] = {},
  ): AccessRequest => ({
    principal: service("ivs-composite.eu-west-1.amazonaws.com"),
    action: "s3:PutObject",
    resource: `arn:aws:s3:::${bucket}/abc/def/composite/media/hls/multivariant.m3u8`,
    ...overrides,
    context: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SecureTransport": "true", ...context },
  });

  it("allows IVS to put an object with bucket-owner-full-control over TLS", () => {
    expect(evaluatePolicy(bucketPolicy, ivsPut())).toEqual({
      decision: "allow",
      matchedStatements: ["IVSRealtimeRecording"],
    });
    expect(decisionOf(bucketPolicy, ivsPut({ action: "s3:PutObjectAcl" }))).toBe("allow");
  });

  it("does not allow IVS to put an object without the ACL, or with another ACL", () => {
    expect(decisionOf(bucketPolicy, ivsPut({}, { "s3:x-amz-acl": undefined }))).toBe("implicit-deny");
    expect(decisionOf(bucketPolicy, ivsPut({}, { "s3:x-amz-acl": "public-read" }))).toBe("implicit-deny");
  });

  it("explicitly denies IVS over plain HTTP", () => {
    expect(evaluatePolicy(bucketPolicy, ivsPut({}, { "aws:SecureTransport": "false" }))).toEqual({
      decision: "deny",
      matchedStatements: ["DenyInsecureTransport"],
    });
  });

  it("does not allow the IVS principal of another region, or ivs.amazonaws.com", () => {
    expect(
      decisionOf(bucketPolicy, ivsPut({ principal: service("ivs-composite.us-east-1.amazonaws.com") })),
    ).toBe("implicit-deny");
    expect(decisionOf(bucketPolicy, ivsPut({ principal: service("ivs.amazonaws.com") }))).toBe(
      "implicit-deny",
    );
  });

  it("matches service principals case-sensitively", () => {
    expect(
      decisionOf(bucketPolicy, ivsPut({ principal: service("IVS-composite.eu-west-1.amazonaws.com") })),
    ).toBe("implicit-deny");
  });

  it("does not allow IVS on another bucket, nor to read", () => {
    expect(decisionOf(bucketPolicy, ivsPut({ resource: "arn:aws:s3:::other-bucket/x" }))).toBe(
      "implicit-deny",
    );
    expect(decisionOf(bucketPolicy, ivsPut({ action: "s3:GetObject" }))).toBe("implicit-deny");
  });

  it("DenyInsecureTransport denies aws:SecureTransport=false and not true, for anybody", () => {
    const list = (secure: string): AccessRequest => ({
      principal: aws(roleArn),
      action: "s3:ListBucket",
      resource: `arn:aws:s3:::${bucket}`,
      context: { "aws:SecureTransport": secure },
    });
    expect(evaluatePolicy(bucketPolicy, list("false"))).toEqual({
      decision: "deny",
      matchedStatements: ["DenyInsecureTransport"],
    });
    expect(evaluatePolicy(bucketPolicy, list("true"))).toEqual({
      decision: "allow",
      matchedStatements: ["MediaConvertRead"],
    });
  });

  it("lets the MediaConvert role (or a session of it) read objects, and nobody else", () => {
    const read = (principal: string, action = "s3:GetObject"): AccessRequest => ({
      principal: aws(principal),
      action,
      resource: `arn:aws:s3:::${bucket}/abc/composite/media/hls/720p30/playlist.m3u8`,
      context: { "aws:SecureTransport": "true" },
    });
    expect(decisionOf(bucketPolicy, read(roleArn))).toBe("allow");
    expect(decisionOf(bucketPolicy, read(roleArn, "s3:GetObjectVersion"))).toBe("allow");
    expect(
      decisionOf(
        bucketPolicy,
        read(`arn:aws:sts::${ACCOUNT}:assumed-role/yolo-prod-app-mediaconvert-role/job-1`),
      ),
    ).toBe("allow");
    expect(decisionOf(bucketPolicy, read(roleArn, "s3:DeleteObject"))).toBe("implicit-deny");
    expect(decisionOf(bucketPolicy, read(`arn:aws:iam::${ACCOUNT}:role/other-role`))).toBe("implicit-deny");
    expect(decisionOf(bucketPolicy, read(ACCOUNT))).toBe("implicit-deny");
  });
});

describe("IVS's own CompositeWrite statement (AWS-FACTS §2.1)", () => {
  const compositeWrite = policy(
    ivsCompositeWrite({ region: "us-west-2", bucket: "rec", sid: "CompositeWrite-y1d212y" }),
  );
  const put = (
    context: AccessRequest["context"],
    principal = "ivs-composite.us-west-2.amazonaws.com",
  ): AccessRequest => ({
    principal: service(principal),
    action: "s3:PutObject",
    resource: "arn:aws:s3:::rec/a/b",
    context,
  });

  it("allows ivs-composite.{region} with the ACL over TLS", () => {
    expect(
      decisionOf(
        compositeWrite,
        put({ "s3:x-amz-acl": "bucket-owner-full-control", "aws:SecureTransport": "true" }),
      ),
    ).toBe("allow");
  });

  it("does not allow without the ACL, over plain HTTP, without the TLS key, or from another region", () => {
    expect(decisionOf(compositeWrite, put({ "aws:SecureTransport": "true" }))).toBe("implicit-deny");
    expect(
      decisionOf(
        compositeWrite,
        put({ "s3:x-amz-acl": "bucket-owner-full-control", "aws:SecureTransport": "false" }),
      ),
    ).toBe("implicit-deny");
    expect(decisionOf(compositeWrite, put({ "s3:x-amz-acl": "bucket-owner-full-control" }))).toBe(
      "implicit-deny",
    );
    expect(
      decisionOf(
        compositeWrite,
        put(
          { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SecureTransport": "true" },
          "ivs-composite.eu-west-1.amazonaws.com",
        ),
      ),
    ).toBe("implicit-deny");
  });
});

describe("the environment's Logs resource policy", () => {
  const logsPolicy = logsResourcePolicyDocument({ env: "prod", region: "eu-west-1", account: ACCOUNT });
  const put = (resource: string, principal = "events.amazonaws.com"): AccessRequest => ({
    principal: service(principal),
    action: "logs:PutLogEvents",
    resource,
  });

  it("lets EventBridge write into a stream of an app's log group of the environment (`*` spans `:`)", () => {
    const stream = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/ivs/yolo-prod-app:log-stream:x`;
    expect(decisionOf(logsPolicy, put(stream))).toBe("allow");
    expect(decisionOf(logsPolicy, { ...put(stream), action: "logs:CreateLogStream" })).toBe("allow");
    expect(decisionOf(logsPolicy, put(stream, "delivery.logs.amazonaws.com"))).toBe("allow");
  });

  it("refuses another environment's group, another region, another account, another action or principal", () => {
    const stream = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/ivs/yolo-prod-app:log-stream:x`;
    expect(
      decisionOf(
        logsPolicy,
        put(`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/ivs/yolo-staging-app:log-stream:x`),
      ),
    ).toBe("implicit-deny");
    expect(
      decisionOf(
        logsPolicy,
        put(`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/events/yolo-prod-app:log-stream:x`),
      ),
    ).toBe("implicit-deny");
    expect(decisionOf(logsPolicy, put(stream.replace("eu-west-1", "us-east-1")))).toBe("implicit-deny");
    expect(decisionOf(logsPolicy, put(stream.replace(ACCOUNT, "999999999999")))).toBe("implicit-deny");
    expect(decisionOf(logsPolicy, { ...put(stream), action: "logs:DeleteLogGroup" })).toBe("implicit-deny");
    expect(decisionOf(logsPolicy, put(stream, "sns.amazonaws.com"))).toBe("implicit-deny");
  });
});

describe("the MediaConvert trust policy (no Resource: it is about the role it is attached to)", () => {
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/yolo-prod-app-mediaconvert-role`;

  it("lets MediaConvert assume the role, and nobody else; also read from the URL-encoded form IAM returns", () => {
    const encoded = encodeURIComponent(JSON.stringify(mediaConvertTrustPolicy()));
    const assume = (principal: AccessRequest["principal"]) => ({
      principal,
      action: "sts:AssumeRole",
      resource: roleArn,
    });
    expect(evaluatePolicy(encoded, assume(service("mediaconvert.amazonaws.com")))).toEqual({
      decision: "allow",
      matchedStatements: ["Statement[0]"],
    });
    expect(evaluatePolicy(encoded, assume(service("ec2.amazonaws.com"))).decision).toBe("implicit-deny");
    expect(evaluatePolicy(encoded, assume(aws(ACCOUNT))).decision).toBe("implicit-deny");
  });
});

describe("Principal matching", () => {
  const allowTo = (principal: PolicyStatement["Principal"]) =>
    policy({ Sid: "P", Effect: "Allow", Principal: principal, Action: "s3:GetObject", Resource: "*" });
  const get = (principal: AccessRequest["principal"]): AccessRequest => ({
    principal,
    action: "s3:GetObject",
    resource: "arn:aws:s3:::b/k",
  });

  it("an account id covers the account root and every user, role and role session of the account", () => {
    for (const p of [ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`]) {
      const doc = allowTo({ AWS: p });
      expect(decisionOf(doc, get(aws(ACCOUNT)))).toBe("allow");
      expect(decisionOf(doc, get(aws(`arn:aws:iam::${ACCOUNT}:root`)))).toBe("allow");
      expect(decisionOf(doc, get(aws(`arn:aws:iam::${ACCOUNT}:user/alice`)))).toBe("allow");
      expect(decisionOf(doc, get(aws(`arn:aws:iam::${ACCOUNT}:role/service-role/r`)))).toBe("allow");
      expect(decisionOf(doc, get(aws(`arn:aws:sts::${ACCOUNT}:assumed-role/r/session`)))).toBe("allow");
      expect(decisionOf(doc, get(aws("999999999999")))).toBe("implicit-deny");
      expect(decisionOf(doc, get(aws("arn:aws:iam::999999999999:role/r")))).toBe("implicit-deny");
    }
  });

  it("a role ARN covers that role and its sessions, not the account nor another role", () => {
    const doc = allowTo({ AWS: `arn:aws:iam::${ACCOUNT}:role/r` });
    expect(decisionOf(doc, get(aws(`arn:aws:iam::${ACCOUNT}:role/r`)))).toBe("allow");
    expect(decisionOf(doc, get(aws(`arn:aws:sts::${ACCOUNT}:assumed-role/r/s`)))).toBe("allow");
    expect(decisionOf(doc, get(aws(`arn:aws:iam::${ACCOUNT}:role/r2`)))).toBe("implicit-deny");
    expect(decisionOf(doc, get(aws(ACCOUNT)))).toBe("implicit-deny");
    expect(decisionOf(doc, get(aws(`arn:aws:iam::${ACCOUNT}:user/r`)))).toBe("implicit-deny");
    expect(decisionOf(doc, get(aws("arn:aws:iam::999999999999:role/r")))).toBe("implicit-deny");
  });

  it("a user ARN matches exactly, case-sensitively", () => {
    const doc = allowTo({ AWS: [`arn:aws:iam::${ACCOUNT}:user/alice`] });
    expect(decisionOf(doc, get(aws(`arn:aws:iam::${ACCOUNT}:user/alice`)))).toBe("allow");
    expect(decisionOf(doc, get(aws(`arn:aws:iam::${ACCOUNT}:user/Alice`)))).toBe("implicit-deny");
    expect(decisionOf(doc, get(aws(`arn:aws:iam::${ACCOUNT}:user/bob`)))).toBe("implicit-deny");
  });

  it('"*" and {"AWS": "*"} cover everybody, services included', () => {
    for (const everybody of ["*", { AWS: "*" }] as const) {
      expect(decisionOf(allowTo(everybody), get(aws("999999999999")))).toBe("allow");
      expect(decisionOf(allowTo(everybody), get(service("cloudfront.amazonaws.com")))).toBe("allow");
    }
  });

  it("a service principal is not an AWS identity, and the reverse", () => {
    expect(
      decisionOf(allowTo({ Service: "cloudfront.amazonaws.com" }), get(aws("cloudfront.amazonaws.com"))),
    ).toBe("implicit-deny");
    expect(decisionOf(allowTo({ AWS: ACCOUNT }), get(service(ACCOUNT)))).toBe("implicit-deny");
  });

  it("a resource-based statement with no Principal grants nothing", () => {
    const doc = policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
    expect(decisionOf(doc, get(aws(ACCOUNT)))).toBe("implicit-deny");
  });

  it("NotPrincipal with Deny spares a principal only when its account, role and session are all listed (AWS docs example)", () => {
    const session =
      "arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app";
    const role = "arn:aws:iam::444455556666:role/cross-account-read-only-role";
    const account = "arn:aws:iam::444455556666:root";
    const denyAllBut = (...listed: string[]) =>
      policy(
        { Sid: "DenyOthers", Effect: "Deny", NotPrincipal: { AWS: listed }, Action: "s3:*", Resource: "*" },
        { Sid: "AllowAll", Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" },
      );
    expect(decisionOf(denyAllBut(session, role, account), get(aws(session)))).toBe("allow");
    expect(decisionOf(denyAllBut(session, account), get(aws(session)))).toBe("deny");
    expect(
      decisionOf(
        denyAllBut(session, role, account),
        get(aws("arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/other")),
      ),
    ).toBe("deny");
    const bob = "arn:aws:iam::444455556666:user/Bob";
    expect(decisionOf(denyAllBut(bob, account), get(aws(bob)))).toBe("allow");
    expect(decisionOf(denyAllBut(bob), get(aws(bob)))).toBe("deny");
    expect(decisionOf(denyAllBut(bob, account), get(service("cloudfront.amazonaws.com")))).toBe("deny");
  });
});

describe("Action and NotAction", () => {
  const allow = (statement: Partial<PolicyStatement>) =>
    policy({ Effect: "Allow", Principal: "*", Resource: "*", ...statement } as PolicyStatement);
  const act = (action: string): AccessRequest => ({
    principal: aws(ACCOUNT),
    action,
    resource: "arn:aws:s3:::b/k",
  });

  it("s3:Get* matches every s3 Get action and nothing else", () => {
    const doc = allow({ Action: "s3:Get*" });
    expect(decisionOf(doc, act("s3:GetObject"))).toBe("allow");
    expect(decisionOf(doc, act("s3:GetBucketPolicy"))).toBe("allow");
    expect(decisionOf(doc, act("s3:PutObject"))).toBe("implicit-deny");
    expect(decisionOf(doc, act("logs:GetLogEvents"))).toBe("implicit-deny");
  });

  it("? matches exactly one character", () => {
    const doc = allow({ Action: "s3:Get?bject" });
    expect(decisionOf(doc, act("s3:GetObject"))).toBe("allow");
    expect(decisionOf(doc, act("s3:GetObjectAcl"))).toBe("implicit-deny");
  });

  it("matches case-insensitively, as IAM action names are", () => {
    expect(decisionOf(allow({ Action: "S3:getobject" }), act("s3:GetObject"))).toBe("allow");
    expect(decisionOf(allow({ Action: "s3:get*" }), act("s3:GetObject"))).toBe("allow");
  });

  it("NotAction matches every action except those listed", () => {
    const doc = allow({ NotAction: ["s3:Delete*", "s3:PutBucketPolicy"] });
    expect(decisionOf(doc, act("s3:GetObject"))).toBe("allow");
    expect(decisionOf(doc, act("iam:CreateRole"))).toBe("allow");
    expect(decisionOf(doc, act("s3:DeleteObject"))).toBe("implicit-deny");
    expect(decisionOf(doc, act("s3:putbucketpolicy"))).toBe("implicit-deny");
  });

  it("Deny with NotAction denies everything but the listed actions", () => {
    const doc = policy(
      { Sid: "OnlyReads", Effect: "Deny", Principal: "*", NotAction: "s3:Get*", Resource: "*" },
      { Sid: "All", Effect: "Allow", Principal: "*", Action: "*", Resource: "*" },
    );
    expect(decisionOf(doc, act("s3:GetObject"))).toBe("allow");
    expect(decisionOf(doc, act("s3:PutObject"))).toBe("deny");
  });
});

describe("Resource and NotResource", () => {
  const allow = (statement: Partial<PolicyStatement>) =>
    policy({ Effect: "Allow", Principal: "*", Action: "*", ...statement } as PolicyStatement);
  const on = (resource: string): AccessRequest => ({
    principal: aws(ACCOUNT),
    action: "s3:GetObject",
    resource,
  });

  it("`*` spans `/` and `:`, `?` one character, and the match is case-sensitive", () => {
    expect(decisionOf(allow({ Resource: "arn:aws:s3:::b/*" }), on("arn:aws:s3:::b/a/b/c"))).toBe("allow");
    expect(decisionOf(allow({ Resource: "arn:aws:s3:::b/*" }), on("arn:aws:s3:::b"))).toBe("implicit-deny");
    expect(decisionOf(allow({ Resource: "arn:aws:s3:::b/*" }), on("arn:aws:s3:::B/x"))).toBe("implicit-deny");
    expect(
      decisionOf(
        allow({ Resource: "arn:aws:logs:*" }),
        on("arn:aws:logs:eu-west-1:1:log-group:g:log-stream:s"),
      ),
    ).toBe("allow");
    expect(decisionOf(allow({ Resource: "arn:aws:s3:::b?" }), on("arn:aws:s3:::b1"))).toBe("allow");
    expect(decisionOf(allow({ Resource: "arn:aws:s3:::b?" }), on("arn:aws:s3:::b12"))).toBe("implicit-deny");
  });

  it("regular-expression characters in a resource are literal", () => {
    expect(
      decisionOf(allow({ Resource: "arn:aws:s3:::my.bucket/(a)+" }), on("arn:aws:s3:::my.bucket/(a)+")),
    ).toBe("allow");
    expect(
      decisionOf(allow({ Resource: "arn:aws:s3:::my.bucket/(a)+" }), on("arn:aws:s3:::myxbucket/aa")),
    ).toBe("implicit-deny");
  });

  it("NotResource matches every resource except those listed", () => {
    const doc = allow({ NotResource: ["arn:aws:s3:::secret", "arn:aws:s3:::secret/*"] });
    expect(decisionOf(doc, on("arn:aws:s3:::public/x"))).toBe("allow");
    expect(decisionOf(doc, on("arn:aws:s3:::secret/x"))).toBe("implicit-deny");
    expect(decisionOf(doc, on("arn:aws:s3:::secret"))).toBe("implicit-deny");
  });
});

describe("conditions", () => {
  it("StringEquals is exact and case-sensitive; StringEqualsIgnoreCase is not case-sensitive", () => {
    expect(
      decisionOf(allowGetIf({ StringEquals: { "s3:prefix": "Home" } }), getObject({ "s3:prefix": "Home" })),
    ).toBe("allow");
    expect(
      decisionOf(allowGetIf({ StringEquals: { "s3:prefix": "Home" } }), getObject({ "s3:prefix": "home" })),
    ).toBe("implicit-deny");
    expect(
      decisionOf(
        allowGetIf({ StringEqualsIgnoreCase: { "s3:prefix": "Home" } }),
        getObject({ "s3:prefix": "HOME" }),
      ),
    ).toBe("allow");
  });

  it("condition key names are case-insensitive", () => {
    expect(
      decisionOf(
        allowGetIf({ Bool: { "aws:securetransport": "true" } }),
        getObject({ "AWS:SecureTransport": "true" }),
      ),
    ).toBe("allow");
  });

  it("StringLike supports * and ?; StringNotLike negates it", () => {
    const like = allowGetIf({ StringLike: { "s3:prefix": ["home/*/photos", "tmp-??"] } });
    expect(decisionOf(like, getObject({ "s3:prefix": "home/alice/photos" }))).toBe("allow");
    expect(decisionOf(like, getObject({ "s3:prefix": "tmp-42" }))).toBe("allow");
    expect(decisionOf(like, getObject({ "s3:prefix": "tmp-421" }))).toBe("implicit-deny");
    expect(decisionOf(like, getObject({ "s3:prefix": "home/alice/videos" }))).toBe("implicit-deny");
    const notLike = allowGetIf({ StringNotLike: { "s3:prefix": "private/*" } });
    expect(decisionOf(notLike, getObject({ "s3:prefix": "public/x" }))).toBe("allow");
    expect(decisionOf(notLike, getObject({ "s3:prefix": "private/x" }))).toBe("implicit-deny");
  });

  it("several values are any-of; for a negated operator, none-of", () => {
    const anyOf = allowGetIf({ StringEquals: { "aws:SourceAccount": ["111111111111", "222222222222"] } });
    expect(decisionOf(anyOf, getObject({ "aws:SourceAccount": "222222222222" }))).toBe("allow");
    expect(decisionOf(anyOf, getObject({ "aws:SourceAccount": "333333333333" }))).toBe("implicit-deny");
    const noneOf = allowGetIf({ StringNotEquals: { "aws:SourceAccount": ["111111111111", "222222222222"] } });
    expect(decisionOf(noneOf, getObject({ "aws:SourceAccount": "333333333333" }))).toBe("allow");
    expect(decisionOf(noneOf, getObject({ "aws:SourceAccount": "222222222222" }))).toBe("implicit-deny");
  });

  it("several keys in one operator must all match, and so must several operators", () => {
    const keys = allowGetIf({ StringEquals: { "aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "private" } });
    expect(decisionOf(keys, getObject({ "aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "private" }))).toBe(
      "allow",
    );
    expect(decisionOf(keys, getObject({ "aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "public-read" }))).toBe(
      "implicit-deny",
    );
    const operators = allowGetIf({
      StringEquals: { "aws:SourceAccount": ACCOUNT },
      Bool: { "aws:SecureTransport": "true" },
    });
    expect(
      decisionOf(operators, getObject({ "aws:SourceAccount": ACCOUNT, "aws:SecureTransport": "true" })),
    ).toBe("allow");
    expect(
      decisionOf(operators, getObject({ "aws:SourceAccount": ACCOUNT, "aws:SecureTransport": "false" })),
    ).toBe("implicit-deny");
  });

  it("a key missing from the request fails a positive operator and satisfies a negated one", () => {
    expect(decisionOf(allowGetIf({ StringEquals: { "aws:SourceAccount": ACCOUNT } }), getObject({}))).toBe(
      "implicit-deny",
    );
    expect(decisionOf(allowGetIf({ StringLike: { "aws:SourceArn": "*" } }), getObject({}))).toBe(
      "implicit-deny",
    );
    expect(decisionOf(allowGetIf({ Bool: { "aws:SecureTransport": "false" } }), getObject(undefined))).toBe(
      "implicit-deny",
    );
    expect(decisionOf(allowGetIf({ StringNotEquals: { "aws:SourceAccount": ACCOUNT } }), getObject({}))).toBe(
      "allow",
    );
    expect(decisionOf(allowGetIf({ StringNotLike: { "aws:SourceArn": "arn:*" } }), getObject({}))).toBe(
      "allow",
    );
    expect(
      decisionOf(allowGetIf({ ArnNotLike: { "aws:SourceArn": "arn:aws:*:*:*:*" } }), getObject({})),
    ).toBe("allow");
  });

  it("…IfExists holds when the key is missing and tests the value when present", () => {
    const ifExists = allowGetIf({ StringEqualsIfExists: { "s3:x-amz-acl": "bucket-owner-full-control" } });
    expect(decisionOf(ifExists, getObject({}))).toBe("allow");
    expect(decisionOf(ifExists, getObject({ "s3:x-amz-acl": "bucket-owner-full-control" }))).toBe("allow");
    expect(decisionOf(ifExists, getObject({ "s3:x-amz-acl": "public-read" }))).toBe("implicit-deny");
    const boolIfExists = allowGetIf({ BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } });
    expect(decisionOf(boolIfExists, getObject({}))).toBe("allow");
    expect(decisionOf(boolIfExists, getObject({ "aws:MultiFactorAuthPresent": "false" }))).toBe(
      "implicit-deny",
    );
  });

  it('Null: "true" holds when the key is absent, "false" when it is present', () => {
    const absent = allowGetIf({ Null: { "aws:SourceArn": "true" } });
    expect(decisionOf(absent, getObject({}))).toBe("allow");
    expect(decisionOf(absent, getObject({ "aws:SourceArn": "arn:aws:s3:::x" }))).toBe("implicit-deny");
    const present = allowGetIf({ Null: { "aws:SourceArn": false } });
    expect(decisionOf(present, getObject({ "aws:SourceArn": "arn:aws:s3:::x" }))).toBe("allow");
    expect(decisionOf(present, getObject({ "aws:SourceArn": undefined }))).toBe("implicit-deny");
  });

  it("Bool compares the request's true/false with the policy's, whether written as a string or a boolean", () => {
    expect(
      decisionOf(
        allowGetIf({ Bool: { "aws:SecureTransport": true } }),
        getObject({ "aws:SecureTransport": "true" }),
      ),
    ).toBe("allow");
    expect(
      decisionOf(
        allowGetIf({ Bool: { "aws:SecureTransport": true } }),
        getObject({ "aws:SecureTransport": "false" }),
      ),
    ).toBe("implicit-deny");
  });

  it("ArnLike on aws:SourceArn matches component by component, a `*` staying inside its component", () => {
    const rule = `arn:aws:events:eu-west-1:${ACCOUNT}:rule/yolo-prod-app-ivs-state-change`;
    const doc = allowGetIf({ ArnLike: { "aws:SourceArn": `arn:aws:events:*:${ACCOUNT}:rule/yolo-prod-*` } });
    expect(decisionOf(doc, getObject({ "aws:SourceArn": rule }))).toBe("allow");
    expect(decisionOf(doc, getObject({ "aws:SourceArn": rule.replace(ACCOUNT, "999999999999") }))).toBe(
      "implicit-deny",
    );
    expect(decisionOf(doc, getObject({ "aws:SourceArn": rule.replace("yolo-prod-", "yolo-staging-") }))).toBe(
      "implicit-deny",
    );
    const regionStar = allowGetIf({ ArnLike: { "aws:SourceArn": "arn:aws:events:*:rule/x" } });
    expect(
      decisionOf(regionStar, getObject({ "aws:SourceArn": `arn:aws:events:eu-west-1:${ACCOUNT}:rule/x` })),
    ).toBe("implicit-deny");
    const resourceColons = allowGetIf({ ArnLike: { "aws:SourceArn": "arn:aws:logs:*:*:log-group:/aws/*" } });
    expect(
      decisionOf(
        resourceColons,
        getObject({ "aws:SourceArn": "arn:aws:logs:eu-west-1:1:log-group:/aws/x:*" }),
      ),
    ).toBe("allow");
  });

  it("ArnEquals behaves like ArnLike and ArnNotEquals negates it", () => {
    const distribution = `arn:aws:cloudfront::${ACCOUNT}:distribution/E1`;
    expect(
      decisionOf(
        allowGetIf({ ArnEquals: { "aws:SourceArn": distribution } }),
        getObject({ "aws:SourceArn": distribution }),
      ),
    ).toBe("allow");
    expect(
      decisionOf(
        allowGetIf({ ArnNotEquals: { "aws:SourceArn": distribution } }),
        getObject({ "aws:SourceArn": distribution }),
      ),
    ).toBe("implicit-deny");
    expect(
      decisionOf(
        allowGetIf({ ArnNotEquals: { "aws:SourceArn": distribution } }),
        getObject({ "aws:SourceArn": `${distribution}2` }),
      ),
    ).toBe("allow");
    expect(
      decisionOf(
        allowGetIf({ ArnEquals: { "aws:SourceArn": distribution } }),
        getObject({ "aws:SourceArn": "not-an-arn" }),
      ),
    ).toBe("implicit-deny");
  });

  it("numeric operators compare numbers, and a non-number never matches", () => {
    const tls = (op: string, value: string) => allowGetIf({ [op]: { "s3:TlsVersion": value } });
    expect(decisionOf(tls("NumericLessThan", "1.2"), getObject({ "s3:TlsVersion": "1.1" }))).toBe("allow");
    expect(decisionOf(tls("NumericLessThan", "1.2"), getObject({ "s3:TlsVersion": "1.2" }))).toBe(
      "implicit-deny",
    );
    expect(decisionOf(tls("NumericLessThanEquals", "1.2"), getObject({ "s3:TlsVersion": "1.2" }))).toBe(
      "allow",
    );
    expect(decisionOf(tls("NumericGreaterThan", "1.2"), getObject({ "s3:TlsVersion": "1.3" }))).toBe("allow");
    expect(decisionOf(tls("NumericGreaterThanEquals", "1.2"), getObject({ "s3:TlsVersion": "1.1" }))).toBe(
      "implicit-deny",
    );
    expect(decisionOf(tls("NumericEquals", "10"), getObject({ "s3:TlsVersion": "10.0" }))).toBe("allow");
    expect(decisionOf(tls("NumericNotEquals", "10"), getObject({ "s3:TlsVersion": "11" }))).toBe("allow");
    expect(decisionOf(tls("NumericEquals", "10"), getObject({ "s3:TlsVersion": "ten" }))).toBe(
      "implicit-deny",
    );
  });

  it("refuses to decide on an operator it does not know, rather than guess", () => {
    const doc = allowGetIf({ DateLessThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" } });
    expect(() => evaluatePolicy(doc, getObject({ "aws:CurrentTime": "2029-01-01T00:00:00Z" }))).toThrow(
      PolicyEvaluationError,
    );
    expect(isSupportedConditionOperator("ForAnyValue:StringLike")).toBe(true);
    expect(isSupportedConditionOperator("ForAllValues:StringEqualsIfExists")).toBe(true);
    expect(isSupportedConditionOperator("ForAnyValue:DateLessThan")).toBe(false);
    expect(isSupportedConditionOperator("ArnLikeIfExists")).toBe(true);
    expect(isSupportedConditionOperator("NullIfExists")).toBe(false);
    expect(isSupportedConditionOperator("DateLessThan")).toBe(false);
  });
});

describe("identity-based policies", () => {
  const callerPolicy = policy(
    {
      Sid: "ManageRecordingBuckets",
      Effect: "Allow",
      Action: ["s3:CreateBucket", "s3:PutBucketPolicy", "s3:GetBucketPolicy"],
      Resource: "arn:aws:s3:::yolo-*-ivs-recordings-*",
    },
    { Sid: "NoDeletes", Effect: "Deny", Action: "s3:DeleteBucket*", Resource: "*" },
  );

  it("decides without a principal", () => {
    expect(
      evaluateIdentityPolicy(callerPolicy, {
        action: "s3:PutBucketPolicy",
        resource: "arn:aws:s3:::yolo-prod-app-ivs-recordings-eu-west-1",
      }),
    ).toEqual({
      decision: "allow",
      matchedStatements: ["ManageRecordingBuckets"],
    });
    expect(
      evaluateIdentityPolicy(callerPolicy, {
        action: "s3:PutBucketPolicy",
        resource: "arn:aws:s3:::someone-else",
      }).decision,
    ).toBe("implicit-deny");
    expect(
      evaluateIdentityPolicy(callerPolicy, {
        action: "s3:DeleteBucketPolicy",
        resource: "arn:aws:s3:::yolo-prod-app-ivs-recordings-x",
      }),
    ).toEqual({ decision: "deny", matchedStatements: ["NoDeletes"] });
  });

  it("applies conditions to the request context", () => {
    const tlsOnly = policy({
      Sid: "TlsOnly",
      Effect: "Allow",
      Action: "logs:*",
      Resource: "*",
      Condition: { Bool: { "aws:SecureTransport": "true" } },
    });
    expect(
      evaluateIdentityPolicy(tlsOnly, {
        action: "logs:PutResourcePolicy",
        resource: "*",
        context: { "aws:SecureTransport": "true" },
      }).decision,
    ).toBe("allow");
    expect(
      evaluateIdentityPolicy(tlsOnly, { action: "logs:PutResourcePolicy", resource: "*" }).decision,
    ).toBe("implicit-deny");
  });

  it("evaluates all of a caller's policies together", () => {
    const allowAll = policy({ Effect: "Allow", Action: "*", Resource: "*" });
    const request = { action: "s3:DeleteBucket", resource: "arn:aws:s3:::yolo-prod-app-ivs-recordings-x" };
    expect(evaluateIdentityPolicies([allowAll, callerPolicy], request).decision).toBe("deny");
    expect(evaluateIdentityPolicies([allowAll], request)).toEqual({
      decision: "allow",
      matchedStatements: ["Statement[0]"],
    });
  });
});
