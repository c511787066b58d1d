/**
 * S3 buckets themselves: CreateBucket (naming rules, location constraint, ownership), HeadBucket,
 * GetBucketLocation, DeleteBucket and ListBuckets. Bucket names are global; each bucket records its
 * region and owner account.
 */
import { AwsError } from "../errors.js";
import { emptyResponse, xmlResponse } from "../protocols/rest-xml.js";
import { el, raw } from "../protocols/xml.js";
import { s3Rules } from "../rules/s3.js";
import { validateInput } from "../rules/validate.js";
import type { EmulatorResponse } from "../types.js";
import { invalidArgument } from "./s3-errors.js";
import {
  checkInput,
  continuationToken,
  isoDate,
  ownBucket,
  payloadOf,
  readContinuationToken,
  type S3Call,
  type S3Operation,
  xmlBody,
} from "./s3-request.js";
import { canonicalUserId, compareKeys, findBucket, newBucket, s3State } from "./s3-store.js";

const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** S3's general-purpose bucket naming rules (AWS-FACTS §2.5). */
export function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes("..")) return false;
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return false;
  if (RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix))) return false;
  return !RESERVED_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** The region a CreateBucket puts the bucket in, or S3's refusal of the constraint. */
function regionForConstraint(constraint: string | undefined, signingRegion: string): string {
  const incompatible = (what: string) =>
    new AwsError(
      "IllegalLocationConstraintException",
      `The ${what} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      400,
    );
  if (constraint === undefined) {
    if (signingRegion !== "us-east-1") throw incompatible("unspecified");
    return "us-east-1";
  }
  const region = constraint === "EU" ? "eu-west-1" : constraint;
  if (region !== signingRegion) throw incompatible(constraint);
  return region;
}

function locationOf(name: string, region: string): string {
  return region === "us-east-1" ? `/${name}` : `http://${name}.s3.amazonaws.com/`;
}

function createBucket(call: S3Call): EmulatorResponse {
  const { request, store, bucketName: name, context } = call;
  if (!isValidBucketName(name))
    throw new AwsError("InvalidBucketName", "The specified bucket is not valid.", 400, { BucketName: name });
  const configuration = payloadOf(request).length > 0 ? xmlBody(request, "CreateBucketConfiguration") : {};
  const constraint =
    typeof configuration.LocationConstraint === "string" && configuration.LocationConstraint !== ""
      ? configuration.LocationConstraint
      : undefined;
  const acl = request.headers["x-amz-acl"];
  const ownershipHeader = request.headers["x-amz-object-ownership"];
  const violation = validateInput(s3Rules.CreateBucket, {
    Bucket: name,
    ACL: acl,
    ObjectOwnership: ownershipHeader,
    CreateBucketConfiguration: { LocationConstraint: constraint },
  });
  if (violation?.path.startsWith("CreateBucketConfiguration"))
    throw new AwsError("InvalidLocationConstraint", "The specified location-constraint is not valid", 400, {
      LocationConstraint: constraint ?? "",
    });
  if (violation) throw invalidArgument(violation.message);
  const region = regionForConstraint(constraint, request.region);

  const existing = findBucket(store, name);
  if (existing) {
    if (existing.account !== request.account)
      throw new AwsError(
        "BucketAlreadyExists",
        "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
        409,
        { BucketName: name },
      );
    // Legacy us-east-1 behaviour: re-creating your own bucket there succeeds and changes nothing.
    if (existing.region === "us-east-1" && region === "us-east-1")
      return emptyResponse(200, { location: locationOf(name, region) });
    throw new AwsError(
      "BucketAlreadyOwnedByYou",
      "Your previous request to create the named bucket succeeded and you already own it.",
      409,
      { BucketName: name },
    );
  }
  const ownership = ownershipHeader ?? "BucketOwnerEnforced";
  if (acl !== undefined && acl !== "private" && ownership === "BucketOwnerEnforced")
    throw new AwsError(
      "InvalidBucketAclWithObjectOwnership",
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
      400,
    );
  s3State(store).buckets[name] = newBucket(name, region, request.account, context.now(), ownership);
  return emptyResponse(200, { location: locationOf(name, region) });
}

function headBucket(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "HeadBucket");
  return emptyResponse(200, { "x-amz-bucket-region": bucket.region, "x-amz-access-point-alias": "false" });
}

function getBucketLocation(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "GetBucketLocation");
  // us-east-1 is reported as an empty constraint (the SDK then returns no LocationConstraint).
  return xmlResponse("LocationConstraint", bucket.region === "us-east-1" ? "" : bucket.region);
}

function deleteBucket(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "DeleteBucket");
  if (Object.keys(bucket.objects).length > 0)
    throw new AwsError("BucketNotEmpty", "The bucket you tried to delete is not empty", 409, {
      BucketName: bucket.name,
    });
  delete s3State(call.store).buckets[bucket.name];
  return emptyResponse(204);
}

function listBuckets(call: S3Call): EmulatorResponse {
  const { request, store } = call;
  const prefix = request.query.get("prefix") ?? "";
  const regionFilter = request.query.get("bucket-region") ?? undefined;
  const maxParam = request.query.get("max-buckets");
  const maxBuckets = maxParam === null ? undefined : Number(maxParam);
  checkInput("ListBuckets", { MaxBuckets: maxBuckets });
  const token = request.query.get("continuation-token");
  const after = token === null ? undefined : readContinuationToken(token).after;
  const buckets = Object.values(s3State(store).buckets)
    .filter((b) => b.account === request.account && b.name.startsWith(prefix))
    .filter((b) => regionFilter === undefined || b.region === regionFilter)
    .filter((b) => after === undefined || b.name > after)
    .sort((a, b) => compareKeys(a.name, b.name));
  const page = maxBuckets === undefined ? buckets : buckets.slice(0, maxBuckets);
  const truncated = page.length < buckets.length;
  const items = page.map((b) =>
    raw("Bucket", el("Name", b.name), el("CreationDate", isoDate(b.createdAt)), el("BucketRegion", b.region)),
  );
  return xmlResponse(
    "ListAllMyBucketsResult",
    raw("Owner", el("ID", canonicalUserId(request.account))) +
      raw("Buckets", ...items) +
      (truncated ? el("ContinuationToken", continuationToken(page[page.length - 1].name)) : "") +
      (prefix ? el("Prefix", prefix) : ""),
  );
}

/** The bucket operations, by name. */
export const bucketOperations: Record<string, S3Operation> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  GetBucketLocation: getBucketLocation,
  DeleteBucket: deleteBucket,
};
