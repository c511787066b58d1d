/**
 * Listing a bucket: ListObjectsV2 and ListObjectVersions, in S3's key order (UTF-8 bytes), with
 * prefixes, delimiters (common prefixes) and pages that resume where the last one ended.
 */
import { xmlResponse } from "../protocols/rest-xml.js";
import { el, raw } from "../protocols/xml.js";
import type { EmulatorRequest, EmulatorResponse } from "../types.js";
import { invalidArgument } from "./s3-errors.js";
import { objectOwner } from "./s3-objects.js";
import {
  checkInput,
  continuationToken,
  isoDate,
  ownBucket,
  readContinuationToken,
  type S3Call,
  type S3Operation,
} from "./s3-request.js";
import { canonicalUserId, compareKeys, listObjectKeys } from "./s3-store.js";

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

/** The `<CommonPrefixes>` of a page, in the page's order. */
function commonPrefixesXml(entries: ListEntry[]): string[] {
  return entries.flatMap((entry) =>
    "prefix" in entry ? [raw("CommonPrefixes", el("Prefix", entry.prefix))] : [],
  );
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
  const position =
    token !== undefined ? readContinuationToken(token) : { after: startAfter, under: undefined };
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
  const last = entries[entries.length - 1];
  const next =
    truncated && last
      ? "key" in last
        ? continuationToken(last.key)
        : continuationToken(last.prefix, last.prefix)
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
      ...commonPrefixesXml(entries),
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
      ...commonPrefixesXml(entries),
    ].join(""),
  );
}

/** The listing operations, by name. */
export const listingOperations: Record<string, S3Operation> = {
  ListObjectsV2: listObjectsV2,
  ListObjectVersions: listObjectVersions,
};
