/**
 * A new bucket's propagation window (EmulatorSettings.bucketPropagationMs, off by default).
 *
 * S3 is strongly consistent for objects, but a bucket that CreateBucket has just made is not at
 * once visible to every part of S3: for a while, writes to its configuration fail with
 * `NoSuchBucket` (404) or `409 OperationAborted` ("A conflicting conditional operation is currently
 * in progress against this resource. Please try again."). Terraform's AWS provider retries every
 * bucket sub-resource write on `NoSuchBucket` for its `bucketPropagationTimeout` (2 minutes), and
 * users report `OperationAborted` from PutBucketPolicy, PutPublicAccessBlock, PutBucketEncryption
 * and PutBucketLifecycleConfiguration right after the bucket was made
 * (hashicorp/terraform-provider-aws#7628, #7803, #372; nozaq/terraform-aws-remote-state-s3-backend#30).
 */
import { AwsError } from "../errors.js";
import type { ServiceContext } from "../types.js";
import { noSuchBucket } from "./s3-errors.js";
import type { S3Bucket } from "./s3-store.js";

/** The bucket configuration writes the window refuses. */
export const PROPAGATING_WRITES: ReadonlySet<string> = new Set([
  "PutBucketPolicy",
  "DeleteBucketPolicy",
  "PutBucketTagging",
  "DeleteBucketTagging",
  "PutPublicAccessBlock",
  "DeletePublicAccessBlock",
  "PutBucketEncryption",
  "DeleteBucketEncryption",
  "PutBucketOwnershipControls",
  "DeleteBucketOwnershipControls",
  "PutBucketLifecycleConfiguration",
  "DeleteBucketLifecycle",
]);

/** Whether the bucket is still inside its propagation window. */
export function isPropagating(bucket: S3Bucket, context: Pick<ServiceContext, "settings" | "now">): boolean {
  const windowMs = context.settings.bucketPropagationMs;
  if (!(windowMs > 0)) return false;
  return context.now().getTime() - Date.parse(bucket.createdAt) < windowMs;
}

/** The error S3 answers a write to a bucket that has not propagated yet. */
export function propagationError(bucket: S3Bucket, context: Pick<ServiceContext, "settings">): AwsError {
  if (context.settings.bucketPropagationError === "OperationAborted")
    return new AwsError(
      "OperationAborted",
      "A conflicting conditional operation is currently in progress against this resource. Please try again.",
      409,
    );
  return noSuchBucket(bucket.name);
}
