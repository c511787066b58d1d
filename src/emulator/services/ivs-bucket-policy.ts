/**
 * What IVS does to a recording bucket's policy (AWS-FACTS §1.6, §2.1): CreateStorageConfiguration
 * merges a `CompositeWrite-{random}` statement for the regional `ivs-composite` service principal
 * into the existing policy (every other statement kept), and DeleteStorageConfiguration takes that
 * statement out again, deleting the policy when nothing remains.
 */
import { AwsError } from "../errors.js";
import type { EmulatorStore } from "../state.js";
import { acceptBucketPolicy, type PrincipalView } from "./s3-policy-checks.js";
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

/**
 * Merge IVS's statement (Sid `sid`) into the bucket's policy, creating the policy when there is none.
 *
 * IVS writes the merged policy with S3's PutBucketPolicy, acting with the caller's permissions
 * (AWS-FACTS §1.6), so S3 checks it as it checks any PutBucketPolicy: a statement naming a role
 * that no longer exists (shown as its unique id, boto/boto3#3206), a policy pushed over 20 KB, or a
 * public policy under BlockPublicPolicy is refused, and nothing changes. AWS does not document
 * what CreateStorageConfiguration then answers; the emulator answers with the model's errors
 * closest to S3's: `400 ValidationException` for S3's MalformedPolicy ("The input fails to satisfy
 * the constraints specified by an AWS service", the API reference's text for it) and
 * `403 AccessDeniedException` for S3's AccessDenied, each naming S3's reason.
 */
export function addCompositeWriteStatement(
  store: EmulatorStore,
  bucket: string,
  region: string,
  sid: string,
  view: PrincipalView,
): void {
  const current = parsePolicy(bucket, getBucketPolicy(store, bucket));
  const document: PolicyDocument = current ?? { Version: "2012-10-17", Statement: [] };
  document.Statement = [
    ...document.Statement.filter((s) => s.Sid !== sid),
    compositeWriteStatement(sid, bucket, region),
  ];
  const text = JSON.stringify(document);
  const found = findBucket(store, bucket);
  let stored: string;
  try {
    stored = acceptBucketPolicy(text, found ?? { name: bucket }, found?.account ?? "", view);
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    const why = `IVS cannot update the bucket policy of ${bucket}: S3 refused it with ${error.code}: ${error.message}`;
    throw error.status === 403
      ? new AwsError("AccessDeniedException", why, 403)
      : new AwsError("ValidationException", why);
  }
  setBucketPolicy(store, bucket, stored);
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
