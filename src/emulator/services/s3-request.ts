/**
 * What every S3 operation reads from its request: the bucket it addresses (after S3's region and
 * owner checks), the payload (SigV4 streaming framing removed) and its XML, input checked against
 * the model's rules, and the continuation tokens of S3's listings.
 */
import { AwsError } from "../errors.js";
import { asArray, parseXml } from "../protocols/xml.js";
import { s3Rules } from "../rules/s3.js";
import { validateInput } from "../rules/validate.js";
import type { EmulatorStore } from "../state.js";
import type { EmulatorRequest, EmulatorResponse, ServiceContext } from "../types.js";
import { accessDenied, invalidArgument, malformedXml, noSuchBucket } from "./s3-errors.js";
import { findBucket, type S3Bucket } from "./s3-store.js";

/** One S3 request on its way to its operation: the bucket and key its path addresses. */
export interface S3Call {
  request: EmulatorRequest;
  context: ServiceContext;
  store: EmulatorStore;
  bucketName: string;
  key: string;
}

/** An S3 operation: the call in, the response out. */
export type S3Operation = (call: S3Call) => EmulatorResponse;

/** Request bodies whose violations S3 reports as schema (MalformedXML) errors; the rest are headers/query. */
const PAYLOAD_MEMBERS = new Set([
  "Tagging",
  "OwnershipControls",
  "PublicAccessBlockConfiguration",
  "ServerSideEncryptionConfiguration",
  "LifecycleConfiguration",
  "Delete",
  "CreateBucketConfiguration",
]);

/** Check an operation's input (in the model's shape) against the project's rules for it. */
export function checkInput(operation: string, input: Record<string, unknown>): void {
  const rules = s3Rules[operation];
  if (!rules) return;
  const violation = validateInput(rules, input);
  if (!violation) return;
  if (PAYLOAD_MEMBERS.has(violation.path.split(/[.[]/)[0])) throw malformedXml();
  throw invalidArgument(violation.message);
}

/** The request body, with SigV4 streaming (`aws-chunked`) framing removed. */
export function payloadOf(request: EmulatorRequest): Buffer {
  const encodings = (request.headers["content-encoding"] ?? "").split(",").map((s) => s.trim());
  const streaming = (request.headers["x-amz-content-sha256"] ?? "").startsWith("STREAMING-");
  if (!encodings.includes("aws-chunked") && !streaming) return request.body;
  const body = request.body;
  const chunks: Buffer[] = [];
  let position = 0;
  while (position < body.length) {
    const lineEnd = body.indexOf("\r\n", position);
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(position, lineEnd).toString().split(";")[0], 16);
    if (!Number.isFinite(size) || size === 0) break;
    chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    position = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(chunks);
}

/** The children of the request body's root element; MalformedXML when it is not that XML. */
export function xmlBody(request: EmulatorRequest, root: string): Record<string, any> {
  let parsed: Record<string, any>;
  try {
    parsed = parseXml(payloadOf(request));
  } catch {
    throw malformedXml();
  }
  const content = parsed[root];
  if (content === undefined) throw malformedXml();
  return content && typeof content === "object" ? content : {};
}

/** A list member of parsed XML: undefined when absent, [] when present but empty. */
export function listOf(value: unknown): any[] | undefined {
  return value === undefined ? undefined : asArray(value as any);
}

/** An XML boolean (`true`/`false`); MalformedXML for anything else. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  throw malformedXml();
}

/**
 * The bucket a bucket- or object-level request addresses, after S3's checks: it exists, it lives
 * in the signing region (else 301 with its region), it belongs to the caller (and to
 * `x-amz-expected-bucket-owner` when given).
 */
export function ownBucket(call: S3Call, operation: string): S3Bucket {
  const { request, store, bucketName } = call;
  const bucket = findBucket(store, bucketName);
  if (!bucket) throw noSuchBucket(bucketName);
  // The us-east-1 endpoint answers GetBucketLocation for a bucket in any region: that is how
  // clients find a bucket's region.
  const locationLookup = operation === "GetBucketLocation" && request.region === "us-east-1";
  if (bucket.region !== request.region && !locationLookup) {
    throw new AwsError(
      "PermanentRedirect",
      "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.",
      301,
      { Endpoint: `s3.${bucket.region}.amazonaws.com`, Bucket: bucket.name },
      { "x-amz-bucket-region": bucket.region },
    );
  }
  if (bucket.account !== request.account) throw accessDenied();
  const expectedOwner = request.headers["x-amz-expected-bucket-owner"];
  if (expectedOwner !== undefined && expectedOwner !== bucket.account) throw accessDenied();
  return bucket;
}

/** A stored timestamp as S3 writes dates in XML (ISO 8601 with milliseconds). */
export function isoDate(iso: string): string {
  return new Date(iso).toISOString();
}

/** A continuation token that names where the next page starts (opaque to the client). */
export function continuationToken(after: string, under?: string): string {
  return Buffer.from(JSON.stringify(under === undefined ? { after } : { after, under })).toString("base64");
}

/** Where the page a continuation token names starts; InvalidArgument for a token S3 did not give. */
export function readContinuationToken(token: string): { after: string; under?: string } {
  try {
    const decoded = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
    if (typeof decoded?.after === "string") return decoded;
  } catch {
    // fall through
  }
  throw invalidArgument("The continuation token provided is incorrect");
}

/** A parsed JSON value or XML element that is an object (not a list, not text). */
export type Json = Record<string, unknown>;

/** Whether a parsed value is an object (not a list, not text, not null). */
export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
