/**
 * S3 objects: PutObject (ACLs against Object Ownership and Block Public Access), GetObject (with
 * byte ranges), HeadObject, DeleteObject and DeleteObjects. Buckets are unversioned: every object's
 * version id is "null".
 */
import { AwsError } from "../errors.js";
import { emptyResponse, xmlResponse } from "../protocols/rest-xml.js";
import { el, raw } from "../protocols/xml.js";
import type { EmulatorRequest, EmulatorResponse } from "../types.js";
import { accessDenied, invalidArgument, malformedXml } from "./s3-errors.js";
import {
  checkInput,
  listOf,
  ownBucket,
  parseBoolean,
  payloadOf,
  type S3Call,
  type S3Operation,
  xmlBody,
} from "./s3-request.js";
import { putObjectDirect, type S3Bucket, type S3Object } from "./s3-store.js";

const PUBLIC_CANNED_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);

/** The account that owns an object, as S3 Object Ownership decides it. */
export function objectOwner(bucket: S3Bucket, object: S3Object): string {
  if (!/^\d{12}$/.test(object.writer)) return bucket.account;
  if (bucket.ownership === "BucketOwnerEnforced") return bucket.account;
  if (bucket.ownership === "BucketOwnerPreferred" && object.acl === "bucket-owner-full-control")
    return bucket.account;
  return object.writer;
}

function sseHeaders(bucket: S3Bucket): Record<string, string> {
  const rule = bucket.encryption?.[0];
  if (!rule) return {};
  const headers: Record<string, string> = { "x-amz-server-side-encryption": rule.SSEAlgorithm };
  if (rule.KMSMasterKeyID) headers["x-amz-server-side-encryption-aws-kms-key-id"] = rule.KMSMasterKeyID;
  if (rule.BucketKeyEnabled) headers["x-amz-server-side-encryption-bucket-key-enabled"] = "true";
  return headers;
}

function checkVersionId(request: EmulatorRequest): void {
  const versionId = request.query.get("versionId");
  // Every object in an unversioned bucket has the version id "null".
  if (versionId !== null && versionId !== "null")
    throw invalidArgument("Invalid version id specified", {
      ArgumentName: "versionId",
      ArgumentValue: versionId,
    });
}

function putObject(call: S3Call): EmulatorResponse {
  const { request, store, key } = call;
  const bucket = ownBucket(call, "PutObject");
  const acl = request.headers["x-amz-acl"];
  checkInput("PutObject", { Bucket: bucket.name, Key: key, ACL: acl });
  const grants = Object.keys(request.headers).some((name) => name.startsWith("x-amz-grant-"));
  if (
    bucket.ownership === "BucketOwnerEnforced" &&
    (grants || (acl !== undefined && acl !== "bucket-owner-full-control"))
  )
    throw new AwsError("AccessControlListNotSupported", "The bucket does not allow ACLs", 400);
  if (bucket.publicAccessBlock?.BlockPublicAcls && acl !== undefined && PUBLIC_CANNED_ACLS.has(acl))
    throw accessDenied();
  const metadata = Object.fromEntries(
    Object.entries(request.headers)
      .filter(([name]) => name.startsWith("x-amz-meta-"))
      .map(([name, value]) => [name.slice("x-amz-meta-".length), value]),
  );
  const object = putObjectDirect(store, bucket.name, key, payloadOf(request), {
    contentType: request.headers["content-type"],
    acl,
    writer: request.account,
    metadata,
    now: call.context.now(),
  });
  const checksums = Object.fromEntries(
    Object.entries(request.headers).filter(([name]) => name.startsWith("x-amz-checksum-")),
  );
  return emptyResponse(200, { etag: object.etag, ...sseHeaders(bucket), ...checksums });
}

function objectHeaders(bucket: S3Bucket, object: S3Object): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": object.contentType ?? "binary/octet-stream",
    etag: object.etag,
    "last-modified": new Date(object.lastModified).toUTCString(),
    "accept-ranges": "bytes",
    ...sseHeaders(bucket),
  };
  for (const [name, value] of Object.entries(object.metadata ?? {})) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

function existingObject(call: S3Call, bucket: S3Bucket): S3Object {
  checkVersionId(call.request);
  const object = bucket.objects[call.key];
  if (!object) throw new AwsError("NoSuchKey", "The specified key does not exist.", 404, { Key: call.key });
  return object;
}

/** The byte range a `Range: bytes=…` header selects, or undefined for the whole object. */
function rangeOf(header: string | undefined, size: number): { start: number; end: number } | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  const [start, end] =
    match[1] === ""
      ? [Math.max(0, size - Number(match[2])), size - 1]
      : [Number(match[1]), match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1)];
  if (start >= size || start > end)
    throw new AwsError("InvalidRange", "The requested range is not satisfiable", 416, {
      RangeRequested: header ?? "",
      ActualObjectSize: String(size),
    });
  return { start, end };
}

function getObject(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "GetObject");
  const object = existingObject(call, bucket);
  const body = Buffer.from(object.body, "base64");
  const range = rangeOf(call.request.headers.range, body.length);
  const headers = objectHeaders(bucket, object);
  if (!range) return { ...emptyResponse(200, headers), body };
  headers["content-range"] = `bytes ${range.start}-${range.end}/${body.length}`;
  return { ...emptyResponse(206, headers), body: body.subarray(range.start, range.end + 1) };
}

function headObject(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "HeadObject");
  const object = existingObject(call, bucket);
  // The body is never sent on a HEAD response (Node drops it); passing it makes Content-Length the object's size.
  return { ...emptyResponse(200, objectHeaders(bucket, object)), body: Buffer.from(object.body, "base64") };
}

function deleteObject(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "DeleteObject");
  checkVersionId(call.request);
  delete bucket.objects[call.key];
  return emptyResponse(204);
}

const MAX_DELETE_OBJECTS = 1000;

function deleteObjects(call: S3Call): EmulatorResponse {
  const { request } = call;
  const bucket = ownBucket(call, "DeleteObjects");
  const hasIntegrity =
    request.headers["content-md5"] !== undefined ||
    Object.keys(request.headers).some((name) => name.startsWith("x-amz-checksum-"));
  if (!hasIntegrity)
    throw new AwsError("InvalidRequest", "Missing required header for this request: Content-MD5", 400);
  const body = xmlBody(request, "Delete");
  const objects = listOf(body.Object)?.map((entry) => ({ Key: entry?.Key, VersionId: entry?.VersionId }));
  checkInput("DeleteObjects", { Delete: { Objects: objects } });
  if (!objects?.length || objects.length > MAX_DELETE_OBJECTS) throw malformedXml();
  const quiet = parseBoolean(body.Quiet) ?? false;
  const results = objects.map(({ Key, VersionId }) => {
    if (VersionId !== undefined && VersionId !== "null")
      return raw(
        "Error",
        el("Key", Key),
        el("VersionId", VersionId),
        el("Code", "NoSuchVersion"),
        el("Message", "The specified version does not exist."),
      );
    delete bucket.objects[Key];
    return quiet ? "" : raw("Deleted", el("Key", Key), el("VersionId", VersionId));
  });
  return xmlResponse("DeleteResult", results.join(""));
}

/** The object operations, by name. */
export const objectOperations: Record<string, S3Operation> = {
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  DeleteObjects: deleteObjects,
};
