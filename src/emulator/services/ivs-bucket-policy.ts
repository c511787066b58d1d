/**
 * What IVS does to a recording bucket's policy (AWS-FACTS §1.6, §2.1): CreateStorageConfiguration
 * merges a `CompositeWrite-{random}` statement for the regional `ivs-composite` service principal
 * into the existing policy (every other statement kept), and DeleteStorageConfiguration takes that
 * statement out again, deleting the policy when nothing remains.
 */
import { AwsError } from "../errors.js";
import type { EmulatorStore } from "../state.js";
import { findBucket, getBucketPolicy, setBucketPolicy } from "./s3-store.js";

/** The statement IVS adds, as AWS documents it for composite recording. */
export function compositeWriteStatement(
  sid: string,
  bucket: string,
  region: string,
): Record<string, unknown> {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: `ivs-composite.${region}.amazonaws.com` },
    Action: ["s3:PutObject", "s3:PutObjectAcl"],
    Resource: `arn:aws:s3:::${bucket}/*`,
    Condition: {
      StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" },
      Bool: { "aws:SecureTransport": "true" },
    },
  };
}

interface PolicyDocument {
  Version?: string;
  Statement: Record<string, unknown>[];
  [key: string]: unknown;
}

function parsePolicy(bucket: string, text: string | undefined): PolicyDocument | undefined {
  if (text === undefined) return undefined;
  try {
    const document = JSON.parse(text);
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    return { ...document, Statement: statements.filter((s: unknown) => s !== undefined) };
  } catch {
    throw new AwsError(
      "ValidationException",
      `The bucket policy of ${bucket} cannot be read, so IVS cannot update it`,
    );
  }
}

/** Merge IVS's statement (Sid `sid`) into the bucket's policy, creating the policy when there is none. */
export function addCompositeWriteStatement(
  store: EmulatorStore,
  bucket: string,
  region: string,
  sid: string,
): void {
  const current = parsePolicy(bucket, getBucketPolicy(store, bucket));
  const document: PolicyDocument = current ?? { Version: "2012-10-17", Statement: [] };
  document.Statement = [
    ...document.Statement.filter((s) => s.Sid !== sid),
    compositeWriteStatement(sid, bucket, region),
  ];
  setBucketPolicy(store, bucket, JSON.stringify(document));
}

/** Take IVS's statement out again; delete the policy when no statement remains. No-op when the bucket is gone. */
export function removeCompositeWriteStatement(store: EmulatorStore, bucket: string, sid: string): void {
  if (!findBucket(store, bucket)) return;
  let current: PolicyDocument | undefined;
  try {
    current = parsePolicy(bucket, getBucketPolicy(store, bucket));
  } catch {
    return; // a policy IVS cannot read holds no statement of its own to remove
  }
  if (!current) return;
  const remaining = current.Statement.filter((s) => s.Sid !== sid);
  if (remaining.length === current.Statement.length) return;
  setBucketPolicy(
    store,
    bucket,
    remaining.length === 0 ? undefined : JSON.stringify({ ...current, Statement: remaining }),
  );
}
