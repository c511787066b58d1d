/**
 * A bucket's configuration sub-resources, each Get/Put/Delete: policy (checked in
 * s3-policy-checks.ts), ownership controls, tagging, public access block and default encryption.
 * Lifecycle has its own module (s3-lifecycle.ts).
 */
import { emptyResponse, xmlResponse } from "../protocols/rest-xml.js";
import { el, raw } from "../protocols/xml.js";
import type { EmulatorResponse } from "../types.js";
import { invalidArgument, invalidTag, malformedXml, notConfigured } from "./s3-errors.js";
import { acceptBucketPolicy } from "./s3-policy-checks.js";
import {
  checkInput,
  isObject,
  listOf,
  ownBucket,
  parseBoolean,
  payloadOf,
  type S3Call,
  type S3Operation,
  xmlBody,
} from "./s3-request.js";
import type { EncryptionRule, PublicAccessBlock } from "./s3-store.js";

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
  bucket.policy = acceptBucketPolicy(text, bucket, call.request.account, {
    store: call.store,
    rolePropagationMs: call.context.settings.rolePropagationMs,
    now: call.context.now,
  });
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

/** The bucket configuration operations, by name. */
export const bucketConfigurationOperations: Record<string, S3Operation> = {
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
};
