/**
 * A bucket's lifecycle configuration: Get/Put/DeleteBucketLifecycle(Configuration). Rules are kept
 * as parsed from the request XML and rendered back element by element, so members the emulator
 * does not interpret still round-trip.
 */
import { randomUUID } from "node:crypto";
import { AwsError } from "../errors.js";
import { emptyResponse, xmlResponse } from "../protocols/rest-xml.js";
import { asArray, el, raw } from "../protocols/xml.js";
import type { EmulatorResponse } from "../types.js";
import { invalidArgument, malformedXml, notConfigured } from "./s3-errors.js";
import {
  checkInput,
  isObject,
  type Json,
  listOf,
  ownBucket,
  type S3Call,
  type S3Operation,
  xmlBody,
} from "./s3-request.js";
import type { LifecycleRule } from "./s3-store.js";

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
  // "Filter is required if the LifecycleRule does not contain a Prefix element" (S3 model,
  // LifecycleRule.Filter); a rule with neither fails the schema check (aws/aws-sdk-net#784).
  if (parsed.some((rule) => !("Filter" in rule) && !("Prefix" in rule))) throw malformedXml();
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

/** The lifecycle operations, by name. */
export const lifecycleOperations: Record<string, S3Operation> = {
  GetBucketLifecycleConfiguration: getBucketLifecycleConfiguration,
  PutBucketLifecycleConfiguration: putBucketLifecycleConfiguration,
  DeleteBucketLifecycle: deleteBucketLifecycle,
};
