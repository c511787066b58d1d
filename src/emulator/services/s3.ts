/**
 * The emulated Amazon S3 (REST-XML, path-style: `/{bucket}/{key}`, sub-resources as query keys).
 *
 * Bucket names are global; each bucket records its region and owner account. Requests for a
 * bucket in another region than the signing region get S3's 301 `PermanentRedirect`, requests
 * for another account's bucket 403 `AccessDenied` (the emulator does not grant cross-account
 * access through bucket policies). See AWS-FACTS §2 for the behaviours reproduced here.
 *
 * This module identifies the operation a request asks for and dispatches it. The operations live
 * by subject: s3-buckets.ts, s3-bucket-config.ts (policy, ownership, tagging, public access block,
 * encryption), s3-lifecycle.ts, s3-objects.ts and s3-listing.ts; what they share is in
 * s3-request.ts and s3-errors.ts, and the state in s3-store.ts.
 */
import type { AwsError } from "../errors.js";
import { renderS3Error } from "../protocols/rest-xml.js";
import type { EmulatedService, EmulatorRequest, OperationInfo } from "../types.js";
import { bucketConfigurationOperations } from "./s3-bucket-config.js";
import { bucketOperations } from "./s3-buckets.js";
import { notImplemented } from "./s3-errors.js";
import { lifecycleOperations } from "./s3-lifecycle.js";
import { listingOperations } from "./s3-listing.js";
import { objectOperations } from "./s3-objects.js";
import { isPropagating, PROPAGATING_WRITES, propagationError } from "./s3-propagation.js";
import type { S3Operation } from "./s3-request.js";
import { findBucket } from "./s3-store.js";

// ---------------------------------------------------------------------------------------------
// Identifying the operation
// ---------------------------------------------------------------------------------------------

type Method = "GET" | "PUT" | "DELETE" | "HEAD" | "POST";

/** Bucket sub-resources the emulator serves: query key → method → operation. */
const BUCKET_SUBRESOURCES: Record<string, Partial<Record<Method, string>>> = {
  policy: { GET: "GetBucketPolicy", PUT: "PutBucketPolicy", DELETE: "DeleteBucketPolicy" },
  ownershipControls: {
    GET: "GetBucketOwnershipControls",
    PUT: "PutBucketOwnershipControls",
    DELETE: "DeleteBucketOwnershipControls",
  },
  tagging: { GET: "GetBucketTagging", PUT: "PutBucketTagging", DELETE: "DeleteBucketTagging" },
  publicAccessBlock: {
    GET: "GetPublicAccessBlock",
    PUT: "PutPublicAccessBlock",
    DELETE: "DeletePublicAccessBlock",
  },
  encryption: { GET: "GetBucketEncryption", PUT: "PutBucketEncryption", DELETE: "DeleteBucketEncryption" },
  lifecycle: {
    GET: "GetBucketLifecycleConfiguration",
    PUT: "PutBucketLifecycleConfiguration",
    DELETE: "DeleteBucketLifecycle",
  },
  location: { GET: "GetBucketLocation" },
  versions: { GET: "ListObjectVersions" },
  delete: { POST: "DeleteObjects" },
  "list-type": { GET: "ListObjectsV2" },
};

const BUCKET_PLAIN: Partial<Record<Method, string>> = {
  PUT: "CreateBucket",
  HEAD: "HeadBucket",
  DELETE: "DeleteBucket",
};
const OBJECT_PLAIN: Partial<Record<Method, string>> = {
  PUT: "PutObject",
  GET: "GetObject",
  HEAD: "HeadObject",
  DELETE: "DeleteObject",
};

/** Query keys that are parameters of an operation, not sub-resources that select another one. */
const PARAMETER_KEYS = new Set([
  "x-id",
  "prefix",
  "delimiter",
  "max-keys",
  "continuation-token",
  "start-after",
  "fetch-owner",
  "encoding-type",
  "key-marker",
  "version-id-marker",
  "max-buckets",
  "bucket-region",
  "versionId",
]);

function isParameter(key: string): boolean {
  return PARAMETER_KEYS.has(key) || key.startsWith("response-") || key.startsWith("X-Amz-");
}

/** Bucket name and object key from a path-style request path (`/b/`, `/b/dir/key`). */
function addressOf(request: EmulatorRequest): { bucket: string; key: string } {
  const path = request.path.replace(/^\//, "");
  const slash = path.indexOf("/");
  if (slash < 0) return { bucket: path, key: "" };
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

/** The operation a request asks for, from its method, path and sub-resource query key. */
function identifyOperation(request: EmulatorRequest): string | undefined {
  const method = request.method.toUpperCase() as Method;
  const { bucket, key } = addressOf(request);
  const subresources = [...request.query.keys()].filter((name) => !isParameter(name));
  if (!bucket) return method === "GET" && subresources.length === 0 ? "ListBuckets" : undefined;
  if (key) {
    if (subresources.length > 0 || (method === "PUT" && request.headers["x-amz-copy-source"]))
      return undefined;
    return OBJECT_PLAIN[method];
  }
  if (subresources.length === 0) return BUCKET_PLAIN[method];
  if (subresources.length > 1) return undefined;
  return BUCKET_SUBRESOURCES[subresources[0]]?.[method];
}

// ---------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------

/** Every operation the emulator serves, by name. */
const HANDLERS: Record<string, S3Operation> = {
  ...bucketOperations,
  ...bucketConfigurationOperations,
  ...lifecycleOperations,
  ...objectOperations,
  ...listingOperations,
};

const READ_METHODS = new Set(["GET", "HEAD"]);

/** The emulated S3 service (signing name `s3`). */
export const s3Service: EmulatedService = {
  name: "s3",
  identify(request): OperationInfo | AwsError {
    const operation = identifyOperation(request);
    if (!operation || !HANDLERS[operation]) return notImplemented();
    return { operation, mutating: !READ_METHODS.has(request.method.toUpperCase()) };
  },
  handle(operation, request, context) {
    const handler = HANDLERS[operation];
    if (!handler) throw notImplemented();
    const { bucket, key } = addressOf(request);
    // A bucket still propagating is not there yet for these writes, whoever asks from wherever.
    const target = PROPAGATING_WRITES.has(operation) ? findBucket(context.store, bucket) : undefined;
    if (target && isPropagating(target, context)) throw propagationError(target, context);
    return handler({ request, context, store: context.store, bucketName: bucket, key });
  },
  renderError: (error, request) => renderS3Error(error, request),
};
