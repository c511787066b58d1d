/**
 * The emulated Amazon S3 (REST-XML, path-style: `/{bucket}/{key}`, sub-resources as query keys).
 *
 * Bucket names are global; each bucket records its region and owner account. Requests for a
 * bucket in another region than the signing region get S3's 301 `PermanentRedirect`, requests
 * for another account's bucket 403 `AccessDenied` (the emulator does not grant cross-account
 * access through bucket policies). See AWS-FACTS §2 for the behaviours reproduced here.
 */
import { randomUUID } from "node:crypto";
import { AwsError } from "../errors.js";
import { emptyResponse, renderS3Error, xmlResponse } from "../protocols/rest-xml.js";
import { asArray, el, parseXml, raw } from "../protocols/xml.js";
import { s3Rules } from "../rules/s3.js";
import { validateInput } from "../rules/validate.js";
import type { EmulatorStore } from "../state.js";
import type {
  EmulatedService,
  EmulatorRequest,
  EmulatorResponse,
  OperationInfo,
  ServiceContext,
} from "../types.js";
import { findRoleByArn } from "./iam-store.js";
import {
  canonicalUserId,
  compareKeys,
  type EncryptionRule,
  findBucket,
  type LifecycleRule,
  listObjectKeys,
  newBucket,
  type PublicAccessBlock,
  putObjectDirect,
  type S3Bucket,
  type S3Object,
  s3State,
} from "./s3-store.js";

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

function notImplemented(): AwsError {
  return new AwsError(
    "NotImplemented",
    "A header or query you provided implies functionality that is not implemented",
    501,
  );
}

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
// Errors S3 answers with
// ---------------------------------------------------------------------------------------------

const noSuchBucket = (name: string) =>
  new AwsError("NoSuchBucket", "The specified bucket does not exist", 404, { BucketName: name });
const accessDenied = () => new AwsError("AccessDenied", "Access Denied", 403);
const malformedXml = () =>
  new AwsError(
    "MalformedXML",
    "The XML you provided was not well-formed or did not validate against our published schema",
    400,
  );
const malformedPolicy = (message: string) => new AwsError("MalformedPolicy", message, 400);
const invalidArgument = (message: string, extra: Record<string, string> = {}) =>
  new AwsError("InvalidArgument", message, 400, extra);
const invalidTag = (message: string) => new AwsError("InvalidTag", message, 400);
const notConfigured = (code: string, message: string, bucket: string) =>
  new AwsError(code, message, 404, { BucketName: bucket });

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
function checkInput(operation: string, input: Record<string, unknown>): void {
  const rules = s3Rules[operation];
  if (!rules) return;
  const violation = validateInput(rules, input);
  if (!violation) return;
  if (PAYLOAD_MEMBERS.has(violation.path.split(/[.[]/)[0])) throw malformedXml();
  throw invalidArgument(violation.message);
}

// ---------------------------------------------------------------------------------------------
// Request helpers
// ---------------------------------------------------------------------------------------------

interface S3Call {
  request: EmulatorRequest;
  context: ServiceContext;
  store: EmulatorStore;
  bucketName: string;
  key: string;
}

/** The request body, with SigV4 streaming (`aws-chunked`) framing removed. */
function payloadOf(request: EmulatorRequest): Buffer {
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
function xmlBody(request: EmulatorRequest, root: string): Record<string, any> {
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
function listOf(value: unknown): any[] | undefined {
  return value === undefined ? undefined : asArray(value as any);
}

function parseBoolean(value: unknown): boolean | undefined {
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
function ownBucket(call: S3Call, operation: string): S3Bucket {
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

function isoDate(iso: string): string {
  return new Date(iso).toISOString();
}

/** A continuation token that names where the next page starts (opaque to the client). */
function encodeToken(after: string, under?: string): string {
  return Buffer.from(JSON.stringify(under === undefined ? { after } : { after, under })).toString("base64");
}

function decodeToken(token: string): { after: string; under?: string } {
  try {
    const decoded = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
    if (typeof decoded?.after === "string") return decoded;
  } catch {
    // fall through
  }
  throw invalidArgument("The continuation token provided is incorrect");
}

// ---------------------------------------------------------------------------------------------
// Bucket naming and location
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Bucket policy grammar (AWS-FACTS §2.4)
// ---------------------------------------------------------------------------------------------

/** 20 KB, counted on the policy without insignificant whitespace (as AWS measures it). */
const MAX_POLICY_BYTES = 20 * 1024;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function stringList(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  return list.length > 0 && list.every((v) => typeof v === "string") ? (list as string[]) : undefined;
}

const invalidPrincipal = () => malformedPolicy("Invalid principal in policy");

function checkAwsPrincipal(value: string, store: EmulatorStore): void {
  if (value === "*" || /^\d{12}$/.test(value) || /^arn:aws:iam::\d{12}:root$/.test(value)) return;
  if (/^arn:aws:iam::\d{12}:role\/.+/.test(value)) {
    if (!findRoleByArn(store, value)) throw invalidPrincipal();
    return;
  }
  // IAM users and assumed-role sessions are not emulated, so they cannot be checked: accepted.
  if (/^arn:aws:iam::\d{12}:user\/.+/.test(value) || /^arn:aws:sts::\d{12}:assumed-role\/.+/.test(value))
    return;
  throw invalidPrincipal();
}

function checkPrincipal(principal: unknown, store: EmulatorStore): void {
  if (principal === "*") return;
  if (!isObject(principal) || Object.keys(principal).length === 0) throw invalidPrincipal();
  for (const [type, raw] of Object.entries(principal)) {
    const values = stringList(raw);
    if (!values || values.some((v) => v === "")) throw invalidPrincipal();
    if (type === "AWS") for (const value of values) checkAwsPrincipal(value, store);
    else if (type !== "Service" && type !== "Federated" && type !== "CanonicalUser") throw invalidPrincipal();
  }
}

function checkStatement(statement: unknown, bucketName: string, store: EmulatorStore): void {
  if (!isObject(statement))
    throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  if (statement.Effect === undefined) throw malformedPolicy("Missing required field Effect");
  if (statement.Effect !== "Allow" && statement.Effect !== "Deny")
    throw malformedPolicy(`Invalid effect: ${String(statement.Effect)}`);
  const principal = statement.Principal ?? statement.NotPrincipal;
  if (principal === undefined) throw malformedPolicy("Missing required field Principal");
  checkPrincipal(principal, store);
  const actions = statement.Action ?? statement.NotAction;
  if (actions === undefined) throw malformedPolicy("Missing required field Action");
  const actionList = stringList(actions);
  if (!actionList?.every((action) => action === "*" || /^s3:[A-Za-z0-9*?]+$/i.test(action)))
    throw malformedPolicy("Policy has invalid action");
  const resources = statement.Resource ?? statement.NotResource;
  if (resources === undefined) throw malformedPolicy("Missing required field Resource");
  const bucketArn = `arn:aws:s3:::${bucketName}`;
  const resourceList = stringList(resources);
  if (!resourceList?.every((resource) => resource === bucketArn || resource.startsWith(`${bucketArn}/`)))
    throw malformedPolicy("Policy has invalid resource");
}

/** Parse and check a bucket policy as PutBucketPolicy does; MalformedPolicy with AWS's message when it fails. */
function checkBucketPolicy(text: string, bucketName: string, store: EmulatorStore): Json {
  const invalidJson = () => malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  if (!text.startsWith("{")) throw invalidJson();
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw invalidJson();
  }
  if (!isObject(document)) throw invalidJson();
  // AWS documents the 20 KB limit but not the error it answers with; MalformedPolicy is our choice.
  if (Buffer.byteLength(JSON.stringify(document)) > MAX_POLICY_BYTES)
    throw malformedPolicy("Policy exceeds the maximum allowed document size.");
  if (document.Statement === undefined) throw malformedPolicy("Missing required field Statement");
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  if (statements.length === 0) throw malformedPolicy("Could not parse the policy: Statement is empty!");
  const sids = new Set<string>();
  for (const statement of statements) {
    checkStatement(statement, bucketName, store);
    const sid = (statement as Json).Sid;
    if (typeof sid === "string") {
      if (sids.has(sid)) throw malformedPolicy("Statement IDs (SID) in a single policy must be unique.");
      sids.add(sid);
    }
  }
  return document;
}

/**
 * Condition keys that, with fixed values, make an Allow-to-everyone statement non-public
 * (S3's definition of "public" for Block Public Access).
 */
const NARROWING_CONDITION_KEYS = new Set([
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceip",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:userid",
  "s3:dataaccesspointarn",
  "s3:dataaccesspointaccount",
]);

function narrowsToFixedValues(condition: unknown): boolean {
  if (!isObject(condition)) return false;
  return Object.entries(condition).some(([operator, keys]) => {
    if (!isObject(keys) || operator.includes("Not") || operator.endsWith("IfExists")) return false;
    return Object.entries(keys).some(([key, value]) => {
      if (!NARROWING_CONDITION_KEYS.has(key.toLowerCase())) return false;
      const values = (Array.isArray(value) ? value : [value]).map(String);
      return values.every((v) => !/[*?]/.test(v) && v !== "0.0.0.0/0" && v !== "::/0");
    });
  });
}

function grantsEveryone(statement: Json): boolean {
  if (statement.NotPrincipal !== undefined) return true;
  const principal = statement.Principal;
  if (principal === "*") return true;
  if (!isObject(principal)) return false;
  return [principal.AWS, principal.CanonicalUser].some((value) =>
    (Array.isArray(value) ? value : [value]).includes("*"),
  );
}

/** Whether S3 would call this policy public (an Allow to everyone not narrowed by a fixed condition). */
export function isPublicPolicy(document: Json): boolean {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return statements.some(
    (statement) =>
      isObject(statement) &&
      statement.Effect === "Allow" &&
      grantsEveryone(statement) &&
      !narrowsToFixedValues(statement.Condition),
  );
}

// ---------------------------------------------------------------------------------------------
// Bucket operations
// ---------------------------------------------------------------------------------------------

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
  const after = token === null ? undefined : decodeToken(token).after;
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
      (truncated ? el("ContinuationToken", encodeToken(page[page.length - 1].name)) : "") +
      (prefix ? el("Prefix", prefix) : ""),
  );
}

// --- policy ---

function getBucketPolicy(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "GetBucketPolicy");
  if (bucket.policy === undefined)
    throw notConfigured("NoSuchBucketPolicy", "The bucket policy does not exist", bucket.name);
  return { ...emptyResponse(200, { "content-type": "application/json" }), body: bucket.policy };
}

function putBucketPolicy(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "PutBucketPolicy");
  const text = payloadOf(call.request).toString("utf8");
  const document = checkBucketPolicy(text, bucket.name, call.store);
  if (bucket.publicAccessBlock?.BlockPublicPolicy && isPublicPolicy(document))
    throw new AwsError(
      "AccessDenied",
      `User: arn:aws:iam::${call.request.account}:root is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${bucket.name}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
      403,
    );
  bucket.policy = text;
  return emptyResponse(204);
}

function deleteBucketPolicy(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "DeleteBucketPolicy");
  delete bucket.policy;
  return emptyResponse(204);
}

// --- ownership controls ---

function getBucketOwnershipControls(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "GetBucketOwnershipControls");
  if (bucket.ownership === undefined)
    throw notConfigured(
      "OwnershipControlsNotFoundError",
      "The bucket ownership controls were not found",
      bucket.name,
    );
  return xmlResponse("OwnershipControls", raw("Rule", el("ObjectOwnership", bucket.ownership)));
}

function putBucketOwnershipControls(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "PutBucketOwnershipControls");
  const body = xmlBody(call.request, "OwnershipControls");
  const rules = listOf(body.Rule)?.map((rule) => ({ ObjectOwnership: rule?.ObjectOwnership }));
  checkInput("PutBucketOwnershipControls", { OwnershipControls: { Rules: rules } });
  if (rules?.length !== 1) throw malformedXml();
  bucket.ownership = rules[0].ObjectOwnership;
  return emptyResponse(200);
}

function deleteBucketOwnershipControls(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "DeleteBucketOwnershipControls");
  delete bucket.ownership;
  return emptyResponse(204);
}

// --- tagging ---

const MAX_BUCKET_TAGS = 50;
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function checkTags(tags: { Key: string; Value: string }[]): void {
  if (tags.length > MAX_BUCKET_TAGS)
    throw invalidTag(`Bucket tag count cannot be greater than ${MAX_BUCKET_TAGS}`);
  const keys = new Set<string>();
  for (const { Key, Value } of tags) {
    if ([...Key].length > 128) throw invalidTag("The TagKey you have provided is too long, max 128");
    if ([...Value].length > 256) throw invalidTag("The TagValue you have provided is too long, max 256");
    if (!TAG_CHARACTERS.test(Key)) throw invalidTag("The TagKey you have provided is invalid");
    if (!TAG_CHARACTERS.test(Value)) throw invalidTag("The TagValue you have provided is invalid");
    if (Key.toLowerCase().startsWith("aws:"))
      throw invalidTag("System tags cannot be added/updated by requester");
    if (keys.has(Key)) throw invalidTag("Cannot provide multiple Tags with the same key");
    keys.add(Key);
  }
}

function getBucketTagging(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "GetBucketTagging");
  if (bucket.tags === undefined)
    throw notConfigured("NoSuchTagSet", "The TagSet does not exist", bucket.name);
  const tags = Object.entries(bucket.tags).map(([key, value]) =>
    raw("Tag", el("Key", key), el("Value", value)),
  );
  return xmlResponse("Tagging", raw("TagSet", ...tags));
}

function putBucketTagging(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "PutBucketTagging");
  const body = xmlBody(call.request, "Tagging");
  const tagSet = body.TagSet === undefined ? undefined : (listOf(body.TagSet?.Tag) ?? []);
  const tags = tagSet?.map((tag) => ({ Key: tag?.Key, Value: tag?.Value }));
  checkInput("PutBucketTagging", { Tagging: { TagSet: tags } });
  checkTags(tags as { Key: string; Value: string }[]);
  bucket.tags = Object.fromEntries((tags ?? []).map((tag) => [tag.Key, tag.Value]));
  return emptyResponse(204);
}

function deleteBucketTagging(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "DeleteBucketTagging");
  delete bucket.tags;
  return emptyResponse(204);
}

// --- public access block ---

const PUBLIC_ACCESS_SETTINGS = [
  "BlockPublicAcls",
  "IgnorePublicAcls",
  "BlockPublicPolicy",
  "RestrictPublicBuckets",
] as const;

function getPublicAccessBlock(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "GetPublicAccessBlock");
  const block = bucket.publicAccessBlock;
  if (!block)
    throw notConfigured(
      "NoSuchPublicAccessBlockConfiguration",
      "The public access block configuration was not found",
      bucket.name,
    );
  return xmlResponse(
    "PublicAccessBlockConfiguration",
    PUBLIC_ACCESS_SETTINGS.map((name) => el(name, block[name])).join(""),
  );
}

function putPublicAccessBlock(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "PutPublicAccessBlock");
  const body = xmlBody(call.request, "PublicAccessBlockConfiguration");
  const settings = Object.fromEntries(PUBLIC_ACCESS_SETTINGS.map((name) => [name, parseBoolean(body[name])]));
  checkInput("PutPublicAccessBlock", { PublicAccessBlockConfiguration: settings });
  const block = Object.fromEntries(PUBLIC_ACCESS_SETTINGS.map((name) => [name, settings[name] ?? false]));
  bucket.publicAccessBlock = block as unknown as PublicAccessBlock;
  return emptyResponse(200);
}

function deletePublicAccessBlock(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "DeletePublicAccessBlock");
  delete bucket.publicAccessBlock;
  return emptyResponse(204);
}

// --- default encryption ---

function renderEncryptionRule(rule: EncryptionRule): string {
  return raw(
    "Rule",
    raw(
      "ApplyServerSideEncryptionByDefault",
      el("SSEAlgorithm", rule.SSEAlgorithm),
      el("KMSMasterKeyID", rule.KMSMasterKeyID),
    ),
    el("BucketKeyEnabled", rule.BucketKeyEnabled ?? false),
  );
}

function getBucketEncryption(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "GetBucketEncryption");
  if (!bucket.encryption?.length)
    throw notConfigured(
      "ServerSideEncryptionConfigurationNotFoundError",
      "The server side encryption configuration was not found",
      bucket.name,
    );
  return xmlResponse(
    "ServerSideEncryptionConfiguration",
    bucket.encryption.map(renderEncryptionRule).join(""),
  );
}

function putBucketEncryption(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "PutBucketEncryption");
  const body = xmlBody(call.request, "ServerSideEncryptionConfiguration");
  const rules = listOf(body.Rule)?.map((rule) => ({
    ApplyServerSideEncryptionByDefault: rule?.ApplyServerSideEncryptionByDefault,
    BucketKeyEnabled: parseBoolean(rule?.BucketKeyEnabled),
  }));
  checkInput("PutBucketEncryption", { ServerSideEncryptionConfiguration: { Rules: rules } });
  if (!rules?.length || rules.some((rule) => !isObject(rule.ApplyServerSideEncryptionByDefault)))
    throw malformedXml();
  bucket.encryption = rules.map((rule) => {
    const byDefault = rule.ApplyServerSideEncryptionByDefault as Record<string, string>;
    if (byDefault.KMSMasterKeyID !== undefined && !byDefault.SSEAlgorithm.startsWith("aws:kms"))
      throw invalidArgument(
        "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
        { ArgumentName: "ApplyServerSideEncryptionByDefault" },
      );
    const stored: EncryptionRule = {
      SSEAlgorithm: byDefault.SSEAlgorithm,
      BucketKeyEnabled: rule.BucketKeyEnabled ?? false,
    };
    if (byDefault.KMSMasterKeyID !== undefined) stored.KMSMasterKeyID = byDefault.KMSMasterKeyID;
    return stored;
  });
  return emptyResponse(200);
}

function deleteBucketEncryption(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "DeleteBucketEncryption");
  // Since 2023 deleting the configuration resets it to SSE-S3 rather than removing it.
  bucket.encryption = [{ SSEAlgorithm: "AES256", BucketKeyEnabled: false }];
  return emptyResponse(204);
}

// --- lifecycle ---

/** The element names of a lifecycle rule that S3 repeats without a wrapper. */
const LIFECYCLE_LISTS = ["Transition", "NoncurrentVersionTransition"];
const LIFECYCLE_ACTIONS = [
  "Expiration",
  "Transition",
  "NoncurrentVersionTransition",
  "NoncurrentVersionExpiration",
  "AbortIncompleteMultipartUpload",
];
const LIFECYCLE_ORDER = ["ID", "Filter", "Prefix", "Status"];

/** Render a plain value back as XML elements named as it was parsed (arrays repeat the element). */
function renderElement(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => renderElement(name, item)).join("");
  if (isObject(value))
    return raw(name, ...Object.entries(value).map(([child, v]) => renderElement(child, v)));
  return el(name, value === undefined || value === null ? "" : String(value));
}

function renderLifecycleRule(rule: LifecycleRule): string {
  const names = [
    ...LIFECYCLE_ORDER.filter((name) => name in rule),
    ...Object.keys(rule).filter((name) => !LIFECYCLE_ORDER.includes(name)),
  ];
  return raw("Rule", ...names.map((name) => renderElement(name, rule[name])));
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === "string" && /^\d+$/.test(value) && Number(value) > 0;
}

function checkLifecycleRules(rules: LifecycleRule[]): void {
  const ids = new Set<string>();
  for (const rule of rules) {
    if (rule.ID !== undefined) {
      if ([...rule.ID].length > 255)
        throw invalidArgument("ID length should not exceed allowed limit of 255");
      if (ids.has(rule.ID))
        throw invalidArgument("Rule ID must be unique. Found same ID for more than one rule");
      ids.add(rule.ID);
    }
    if (!LIFECYCLE_ACTIONS.some((action) => rule[action] !== undefined))
      throw new AwsError("InvalidRequest", "At least one action needs to be specified in a rule", 400);
    const expiration = rule.Expiration as Record<string, unknown> | undefined;
    if (isObject(expiration) && expiration.Days !== undefined && !isPositiveInteger(expiration.Days))
      throw invalidArgument("'Days' for Expiration action must be a positive integer");
    const abort = rule.AbortIncompleteMultipartUpload as Record<string, unknown> | undefined;
    if (isObject(abort) && !isPositiveInteger(abort.DaysAfterInitiation))
      throw invalidArgument(
        "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer",
      );
  }
}

function getBucketLifecycleConfiguration(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "GetBucketLifecycleConfiguration");
  if (!bucket.lifecycle?.length)
    throw notConfigured(
      "NoSuchLifecycleConfiguration",
      "The lifecycle configuration does not exist",
      bucket.name,
    );
  return xmlResponse("LifecycleConfiguration", bucket.lifecycle.map(renderLifecycleRule).join(""), 200, {
    "x-amz-transition-default-minimum-object-size":
      bucket.lifecycleMinimumObjectSize ?? "all_storage_classes_128K",
  });
}

function putBucketLifecycleConfiguration(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "PutBucketLifecycleConfiguration");
  const body = xmlBody(call.request, "LifecycleConfiguration");
  const parsed = listOf(body.Rule);
  checkInput("PutBucketLifecycleConfiguration", {
    LifecycleConfiguration: {
      Rules: parsed?.map((rule) => ({
        Status: rule?.Status,
        Transitions: listOf(rule?.Transition),
        NoncurrentVersionTransitions: listOf(rule?.NoncurrentVersionTransition),
      })),
    },
  });
  if (!parsed?.length || parsed.some((rule) => !isObject(rule))) throw malformedXml();
  const rules: LifecycleRule[] = parsed.map((rule) => {
    const stored: LifecycleRule = { ...rule };
    for (const name of LIFECYCLE_LISTS) if (stored[name] !== undefined) stored[name] = asArray(stored[name]);
    const and =
      isObject(stored.Filter) && isObject((stored.Filter as Json).And)
        ? ((stored.Filter as Json).And as Json)
        : undefined;
    if (and?.Tag !== undefined) and.Tag = asArray(and.Tag);
    // S3 names a rule sent without an ID.
    stored.ID ??= Buffer.from(randomUUID()).toString("base64").replace(/=+$/, "");
    return stored;
  });
  checkLifecycleRules(rules);
  bucket.lifecycle = rules;
  bucket.lifecycleMinimumObjectSize =
    call.request.headers["x-amz-transition-default-minimum-object-size"] ?? "all_storage_classes_128K";
  return emptyResponse(200, {
    "x-amz-transition-default-minimum-object-size": bucket.lifecycleMinimumObjectSize,
  });
}

function deleteBucketLifecycle(call: S3Call): EmulatorResponse {
  const bucket = ownBucket(call, "DeleteBucketLifecycle");
  delete bucket.lifecycle;
  delete bucket.lifecycleMinimumObjectSize;
  return emptyResponse(204);
}

// ---------------------------------------------------------------------------------------------
// Objects
// ---------------------------------------------------------------------------------------------

const PUBLIC_CANNED_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);

/** The account that owns an object, as S3 Object Ownership decides it. */
function objectOwner(bucket: S3Bucket, object: S3Object): string {
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

// --- listing ---

type ListEntry = { key: string } | { prefix: string };

/**
 * One page of a bucket listing in S3's key order: keys after `after` (skipping those under the
 * common prefix `under` a previous page ended on), grouped by `delimiter`, at most `max` entries.
 */
function listPage(
  keys: string[],
  options: { prefix: string; delimiter?: string; after?: string; under?: string; max: number },
): { entries: ListEntry[]; truncated: boolean } {
  const entries: ListEntry[] = [];
  if (options.max === 0) return { entries, truncated: false };
  let lastPrefix: string | undefined;
  for (const key of keys) {
    if (options.after !== undefined && compareKeys(key, options.after) <= 0) continue;
    if (options.under !== undefined && key.startsWith(options.under)) continue;
    let entry: ListEntry = { key };
    if (options.delimiter) {
      const at = key.indexOf(options.delimiter, options.prefix.length);
      if (at >= 0) {
        const commonPrefix = key.slice(0, at + options.delimiter.length);
        if (commonPrefix === lastPrefix) continue;
        entry = { prefix: commonPrefix };
      }
    }
    if (entries.length === options.max) return { entries, truncated: true };
    entries.push(entry);
    if ("prefix" in entry) lastPrefix = entry.prefix;
  }
  return { entries, truncated: false };
}

function maxKeysOf(request: EmulatorRequest, operation: string): number {
  const value = request.query.get("max-keys");
  if (value === null) return 1000;
  if (!/^\d+$/.test(value))
    throw invalidArgument("Provided max-keys not an integer or within integer range", {
      ArgumentName: "max-keys",
      ArgumentValue: value,
    });
  const maxKeys = Number(value);
  checkInput(operation, { MaxKeys: maxKeys });
  return Math.min(maxKeys, 1000);
}

function ownerXml(account: string): string {
  return raw("Owner", el("ID", canonicalUserId(account)));
}

function listObjectsV2(call: S3Call): EmulatorResponse {
  const { request, store } = call;
  const bucket = ownBucket(call, "ListObjectsV2");
  const prefix = request.query.get("prefix") ?? "";
  const delimiter = request.query.get("delimiter") || undefined;
  const startAfter = request.query.get("start-after") ?? undefined;
  const token = request.query.get("continuation-token") ?? undefined;
  const maxKeys = maxKeysOf(request, "ListObjectsV2");
  const fetchOwner = request.query.get("fetch-owner") === "true";
  const position = token !== undefined ? decodeToken(token) : { after: startAfter, under: undefined };
  const keys = listObjectKeys(store, bucket.name, prefix);
  const { entries, truncated } = listPage(keys, { prefix, delimiter, max: maxKeys, ...position });
  const contents = entries.flatMap((entry) => {
    if (!("key" in entry)) return [];
    const object = bucket.objects[entry.key];
    return [
      raw(
        "Contents",
        el("Key", object.key),
        el("LastModified", isoDate(object.lastModified)),
        el("ETag", object.etag),
        el("Size", object.size),
        el("StorageClass", "STANDARD"),
        fetchOwner ? ownerXml(objectOwner(bucket, object)) : "",
      ),
    ];
  });
  const prefixes = entries.flatMap((entry) =>
    "prefix" in entry ? [raw("CommonPrefixes", el("Prefix", entry.prefix))] : [],
  );
  const last = entries[entries.length - 1];
  const next =
    truncated && last
      ? "key" in last
        ? encodeToken(last.key)
        : encodeToken(last.prefix, last.prefix)
      : undefined;
  return xmlResponse(
    "ListBucketResult",
    [
      el("Name", bucket.name),
      el("Prefix", prefix),
      el("Delimiter", delimiter),
      el("StartAfter", startAfter),
      el("ContinuationToken", token),
      el("KeyCount", entries.length),
      el("MaxKeys", maxKeys),
      el("IsTruncated", truncated),
      el("NextContinuationToken", next),
      ...contents,
      ...prefixes,
    ].join(""),
  );
}

function listObjectVersions(call: S3Call): EmulatorResponse {
  const { request, store } = call;
  const bucket = ownBucket(call, "ListObjectVersions");
  const prefix = request.query.get("prefix") ?? "";
  const delimiter = request.query.get("delimiter") || undefined;
  const keyMarker = request.query.get("key-marker") || undefined;
  const maxKeys = maxKeysOf(request, "ListObjectVersions");
  // A key marker that is a common prefix resumes after everything under it.
  const under =
    keyMarker !== undefined && delimiter !== undefined && keyMarker.endsWith(delimiter)
      ? keyMarker
      : undefined;
  const keys = listObjectKeys(store, bucket.name, prefix);
  const { entries, truncated } = listPage(keys, { prefix, delimiter, after: keyMarker, under, max: maxKeys });
  const versions = entries.flatMap((entry) => {
    if (!("key" in entry)) return [];
    const object = bucket.objects[entry.key];
    return [
      raw(
        "Version",
        el("Key", object.key),
        el("VersionId", "null"),
        el("IsLatest", true),
        el("LastModified", isoDate(object.lastModified)),
        el("ETag", object.etag),
        el("Size", object.size),
        el("StorageClass", "STANDARD"),
        ownerXml(objectOwner(bucket, object)),
      ),
    ];
  });
  const prefixes = entries.flatMap((entry) =>
    "prefix" in entry ? [raw("CommonPrefixes", el("Prefix", entry.prefix))] : [],
  );
  const last = entries[entries.length - 1];
  const nextKeyMarker = truncated && last ? ("key" in last ? last.key : last.prefix) : undefined;
  return xmlResponse(
    "ListVersionsResult",
    [
      el("Name", bucket.name),
      el("Prefix", prefix),
      el("Delimiter", delimiter),
      el("KeyMarker", keyMarker ?? ""),
      el("VersionIdMarker", request.query.get("version-id-marker") ?? ""),
      el("MaxKeys", maxKeys),
      el("IsTruncated", truncated),
      el("NextKeyMarker", nextKeyMarker),
      el("NextVersionIdMarker", nextKeyMarker === undefined ? undefined : "null"),
      ...versions,
      ...prefixes,
    ].join(""),
  );
}

// ---------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------

const HANDLERS: Record<string, (call: S3Call) => EmulatorResponse> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  GetBucketLocation: getBucketLocation,
  DeleteBucket: deleteBucket,
  GetBucketPolicy: getBucketPolicy,
  PutBucketPolicy: putBucketPolicy,
  DeleteBucketPolicy: deleteBucketPolicy,
  GetBucketOwnershipControls: getBucketOwnershipControls,
  PutBucketOwnershipControls: putBucketOwnershipControls,
  DeleteBucketOwnershipControls: deleteBucketOwnershipControls,
  GetBucketTagging: getBucketTagging,
  PutBucketTagging: putBucketTagging,
  DeleteBucketTagging: deleteBucketTagging,
  GetPublicAccessBlock: getPublicAccessBlock,
  PutPublicAccessBlock: putPublicAccessBlock,
  DeletePublicAccessBlock: deletePublicAccessBlock,
  GetBucketEncryption: getBucketEncryption,
  PutBucketEncryption: putBucketEncryption,
  DeleteBucketEncryption: deleteBucketEncryption,
  GetBucketLifecycleConfiguration: getBucketLifecycleConfiguration,
  PutBucketLifecycleConfiguration: putBucketLifecycleConfiguration,
  DeleteBucketLifecycle: deleteBucketLifecycle,
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  DeleteObjects: deleteObjects,
  ListObjectsV2: listObjectsV2,
  ListObjectVersions: listObjectVersions,
};

const READ_METHODS = new Set(["GET", "HEAD"]);

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
    return handler({ request, context, store: context.store, bucketName: bucket, key });
  },
  renderError: (error, request) => renderS3Error(error, request),
};
