import { describe, expect, it } from "vitest";
import { RECORDING_BUCKET_OWNED_SIDS, recordingBucketStatements } from "../../src/policy/documents.js";
import { mergeStatementsBySid } from "../../src/policy/merge.js";
import type { PolicyDocument, PolicyStatement } from "../../src/policy/types.js";
import { ivsCompositeWrite } from "../helpers/policies.js";

const bucket = "yolo-prod-app-ivs-recordings-eu-west-1";
const region = "eu-west-1";
const roleArn = "arn:aws:iam::123456789012:role/yolo-prod-app-mediaconvert-role";

/** What IVS adds when a storage configuration is created (AWS-FACTS §1.6, §2.1). */
const compositeWrite = ivsCompositeWrite({ region, bucket, sid: "CompositeWrite-abc" });

/** A CloudFront OAC grant someone added by hand. */
const cloudFrontRead: PolicyStatement = {
  Sid: "AllowCloudFrontServicePrincipal",
  Effect: "Allow",
  Principal: { Service: "cloudfront.amazonaws.com" },
  Action: "s3:GetObject",
  Resource: `arn:aws:s3:::${bucket}/*`,
  Condition: { StringEquals: { "AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E1" } },
};

const withoutSid: PolicyStatement = {
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::123456789012:root" },
  Action: "s3:ListBucket",
  Resource: `arn:aws:s3:::${bucket}`,
};

const ours = (mediaConvert = true) =>
  recordingBucketStatements({ bucket, region, mediaConvertRoleArn: mediaConvert ? roleArn : undefined });

const statementsOf = (doc: PolicyDocument) => doc.Statement as PolicyStatement[];

describe("mergeStatementsBySid", () => {
  it("creates a document with Version 2012-10-17 when there is no policy yet, reporting every owned statement as added", () => {
    const { document, changes } = mergeStatementsBySid(undefined, ours(), RECORDING_BUCKET_OWNED_SIDS);
    expect(document).toEqual({ Version: "2012-10-17", Statement: ours() });
    expect(changes).toEqual(ours().map((to) => ({ sid: to.Sid, from: null, to })));
  });

  it("keeps IVS's CompositeWrite statement, a CloudFront grant and a statement without Sid, untouched and in place", () => {
    const current: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [compositeWrite, ...ours(), cloudFrontRead, withoutSid],
    };
    const { document, changes } = mergeStatementsBySid(current, ours(), RECORDING_BUCKET_OWNED_SIDS);
    expect(statementsOf(document)).toEqual([compositeWrite, ...ours(), cloudFrontRead, withoutSid]);
    expect(changes).toEqual([]);
  });

  it("replaces a drifted IVSRealtimeRecording in place and reports only that change", () => {
    const [ivs, mediaConvert, deny] = ours();
    const drifted: PolicyStatement = { ...ivs, Condition: { Bool: { "aws:SecureTransport": "true" } } };
    const current: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [compositeWrite, drifted, mediaConvert, cloudFrontRead, deny],
    };

    const { document, changes } = mergeStatementsBySid(current, ours(), RECORDING_BUCKET_OWNED_SIDS);

    expect(statementsOf(document)).toEqual([compositeWrite, ivs, mediaConvert, cloudFrontRead, deny]);
    expect(changes).toEqual([{ sid: "IVSRealtimeRecording", from: drifted, to: ivs }]);
  });

  it("removes MediaConvertRead once the tool no longer writes it, keeping the rest", () => {
    const current: PolicyDocument = { Version: "2012-10-17", Statement: [compositeWrite, ...ours(true)] };
    const [ivs, mediaConvert, deny] = ours(true);

    const { document, changes } = mergeStatementsBySid(current, ours(false), RECORDING_BUCKET_OWNED_SIDS);

    expect(statementsOf(document)).toEqual([compositeWrite, ivs, deny]);
    expect(changes).toEqual([{ sid: "MediaConvertRead", from: mediaConvert, to: null }]);
  });

  it("appends owned statements that are missing, after the existing ones", () => {
    const [ivs, mediaConvert, deny] = ours();
    const current: PolicyDocument = { Version: "2012-10-17", Statement: [ivs, cloudFrontRead] };

    const { document, changes } = mergeStatementsBySid(current, ours(), RECORDING_BUCKET_OWNED_SIDS);

    expect(statementsOf(document)).toEqual([ivs, cloudFrontRead, mediaConvert, deny]);
    expect(changes.map((c) => [c.sid, c.from, c.to])).toEqual([
      ["MediaConvertRead", null, mediaConvert],
      ["DenyInsecureTransport", null, deny],
    ]);
  });

  it('reports no change when the live statements differ only in form (key order, string vs list, Bool true vs "true")', () => {
    const live: PolicyStatement[] = JSON.parse(JSON.stringify(ours())).map((s: PolicyStatement) => {
      const { Condition, Resource, Action, Principal, Effect, Sid } = s;
      return { Condition, Resource, Action, Principal, Effect, Sid };
    });
    live[0].Action = ["s3:PutObjectAcl", "s3:PutObject"];
    live[0].Condition = {
      Bool: { "aws:SecureTransport": "true" },
      StringEquals: { "s3:x-amz-acl": ["bucket-owner-full-control"] },
    };
    live[2].Condition = { Bool: { "aws:SecureTransport": "false" } };
    live[2].Action = ["s3:*"];
    const wanted = ours();
    wanted[2] = { ...wanted[2], Condition: { Bool: { "aws:SecureTransport": false } } };

    const { changes } = mergeStatementsBySid(
      { Version: "2012-10-17", Statement: live },
      wanted,
      RECORDING_BUCKET_OWNED_SIDS,
    );

    expect(changes).toEqual([]);
  });

  it("is stable: merging its own result again changes nothing", () => {
    const current: PolicyDocument = { Version: "2012-10-17", Statement: [compositeWrite, cloudFrontRead] };
    const first = mergeStatementsBySid(current, ours(), RECORDING_BUCKET_OWNED_SIDS);
    const second = mergeStatementsBySid(first.document, ours(), RECORDING_BUCKET_OWNED_SIDS);
    expect(first.changes).toHaveLength(3);
    expect(second.changes).toEqual([]);
    expect(second.document).toEqual(first.document);
  });

  it("keeps the existing Version and Id, and accepts a lone Statement object", () => {
    const current: PolicyDocument = { Version: "2008-10-17", Id: "Policy1", Statement: cloudFrontRead };
    const { document } = mergeStatementsBySid(current, ours(false), RECORDING_BUCKET_OWNED_SIDS);
    expect(document.Version).toBe("2008-10-17");
    expect(document.Id).toBe("Policy1");
    expect(statementsOf(document)).toEqual([cloudFrontRead, ...ours(false)]);
  });

  it("does not add a Version to an existing document that has none", () => {
    const { document } = mergeStatementsBySid(
      { Statement: [cloudFrontRead] },
      ours(false),
      RECORDING_BUCKET_OWNED_SIDS,
    );
    expect(document).not.toHaveProperty("Version");
  });

  it("collapses a duplicated owned Sid into the one owned statement and reports it", () => {
    const [ivs, deny] = ours(false);
    const current: PolicyDocument = { Version: "2012-10-17", Statement: [ivs, deny, { ...ivs }] };
    const { document, changes } = mergeStatementsBySid(current, ours(false), RECORDING_BUCKET_OWNED_SIDS);
    expect(statementsOf(document)).toEqual([ivs, deny]);
    expect(changes.map((c) => c.sid)).toEqual(["IVSRealtimeRecording"]);
  });

  it("leaves an empty statement list when every statement was owned and none is wanted", () => {
    const { document, changes } = mergeStatementsBySid(
      { Version: "2012-10-17", Statement: ours() },
      [],
      RECORDING_BUCKET_OWNED_SIDS,
    );
    expect(document.Statement).toEqual([]);
    expect(changes.map((c) => c.to)).toEqual([null, null, null]);
  });

  it("treats the Sids of owned statements as owned even when ownedSids omits them", () => {
    const [ivs] = ours();
    const stale = { ...ivs, Resource: "arn:aws:s3:::old/*" };
    const { document, changes } = mergeStatementsBySid({ Statement: [stale] }, [ivs], []);
    expect(document.Statement).toEqual([ivs]);
    expect(changes).toEqual([{ sid: "IVSRealtimeRecording", from: stale, to: ivs }]);
  });

  it("refuses an owned statement without Sid, since it could never be found again", () => {
    const { Sid: _, ...anonymous } = ours()[0];
    expect(() => mergeStatementsBySid(undefined, [anonymous], RECORDING_BUCKET_OWNED_SIDS)).toThrow(
      /needs a Sid/,
    );
  });
});
