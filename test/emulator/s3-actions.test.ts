/**
 * The S3 action list PutBucketPolicy checks actions against (src/emulator/services/s3-actions.ts)
 * must not refuse an action AWS knows: every `s3:…` permission the S3 model's operation docs name
 * ("you must have the `s3:PutBucketPolicy` permission") is in it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isKnownS3Action, S3_ACTIONS } from "../../src/emulator/services/s3-actions.js";

const MODEL = "/work/shared/aws-models/s3-2006-03-01.json";
/** `<code>s3:…</code>` names in the model that are event types (notification docs), not actions. */
const EVENT_TYPES = new Set(["ReducedRedundancyLostObject"]);

describe("the S3 actions PutBucketPolicy knows", () => {
  it("include every s3: permission the S3 model names", () => {
    const model = readFileSync(MODEL, "utf8");
    const named = [...new Set([...model.matchAll(/<code>s3:([A-Za-z]+)<\/code>/g)].map((m) => m[1]))];
    const permissions = named.filter((name) => !EVENT_TYPES.has(name));
    expect(permissions.length).toBeGreaterThan(50);
    expect(permissions.filter((name) => !isKnownS3Action(name))).toEqual([]);
  });

  it("are unique, case-insensitively, and match names in any case", () => {
    expect(new Set(S3_ACTIONS.map((name) => name.toLowerCase())).size).toBe(S3_ACTIONS.length);
    expect(isKnownS3Action("getobject")).toBe(true);
    expect(isKnownS3Action("PUTBUCKETPOLICY")).toBe(true);
  });

  it("refuse API operation names that are not actions, and accept wildcards unchecked", () => {
    // The operations' IAM actions are s3:PutEncryptionConfiguration and s3:ListBucket.
    expect(isKnownS3Action("PutBucketEncryption")).toBe(false);
    expect(isKnownS3Action("ListObjectsV2")).toBe(false);
    expect(isKnownS3Action("*")).toBe(true);
    expect(isKnownS3Action("Get*")).toBe(true);
    expect(isKnownS3Action("Get?bject")).toBe(true);
  });
});
