/**
 * S3's emulated state and the functions other emulated services use on it (IVS merging its
 * statement into a bucket policy, compositions writing recordings). Bucket names are global.
 */
import { createHash } from "node:crypto";
import { type EmulatorStore, globalState } from "../state.js";
import { noSuchBucket } from "./s3-errors.js";

/** An object as the emulator keeps it. */
export interface S3Object {
  key: string;
  /** Base64 of the body. */
  body: string;
  contentType?: string;
  etag: string;
  lastModified: string;
  size: number;
  /** Canned ACL the writer sent (x-amz-acl), if any. */
  acl?: string;
  /** Account (or service principal) that wrote it. */
  writer: string;
  /** User metadata (`x-amz-meta-*` headers, names without the prefix). */
  metadata?: Record<string, string>;
}

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface LifecycleRule {
  ID?: string;
  Status: string;
  /** The rule as the emulator keeps it (parsed from the request XML, plain values). */
  [member: string]: unknown;
}

export interface EncryptionRule {
  SSEAlgorithm: string;
  KMSMasterKeyID?: string;
  BucketKeyEnabled?: boolean;
}

/** A bucket, its configuration and its objects. */
export interface S3Bucket {
  name: string;
  region: string;
  /** Owner account. */
  account: string;
  createdAt: string;
  /** Raw policy JSON text as last put (undefined: none). */
  policy?: string;
  /** Object ownership; new buckets default to BucketOwnerEnforced (since April 2023). undefined: no controls. */
  ownership?: string;
  /** undefined: no configuration (NoSuchPublicAccessBlockConfiguration). New buckets get all four on. */
  publicAccessBlock?: PublicAccessBlock;
  /** Default encryption rules as the emulator keeps them; new buckets get SSE-S3 (AES256). */
  encryption?: EncryptionRule[];
  lifecycle?: LifecycleRule[];
  /** The `x-amz-transition-default-minimum-object-size` the lifecycle configuration was put with. */
  lifecycleMinimumObjectSize?: string;
  /** undefined: no tag set (NoSuchTagSet). */
  tags?: Record<string, string>;
  objects: Record<string, S3Object>;
}

/** All buckets, by name (bucket names are global). */
export interface S3State {
  buckets: Record<string, S3Bucket>;
}

/** The S3 state (global: buckets of every account and region). */
export function s3State(store: EmulatorStore): S3State {
  return globalState<S3State>(store, "s3", () => ({ buckets: {} }));
}

/** A bucket by name, or undefined. */
export function findBucket(store: EmulatorStore, name: string): S3Bucket | undefined {
  return s3State(store).buckets[name];
}

/** The defaults AWS gives every new bucket since 2023: ACLs disabled, public access blocked, SSE-S3. */
export function newBucket(
  name: string,
  region: string,
  account: string,
  createdAt: Date,
  ownership = "BucketOwnerEnforced",
): S3Bucket {
  return {
    name,
    region,
    account,
    createdAt: createdAt.toISOString(),
    ownership,
    publicAccessBlock: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
    encryption: [{ SSEAlgorithm: "AES256", BucketKeyEnabled: false }],
    objects: {},
  };
}

/** S3's canonical user id for an account (64 hex characters, stable per account). */
export function canonicalUserId(account: string): string {
  return createHash("sha256").update(`canonical-user:${account}`).digest("hex");
}

/** The quoted MD5 ETag S3 gives a single-part object. */
export function etagOf(body: Buffer): string {
  return `"${createHash("md5").update(body).digest("hex")}"`;
}

function requireBucket(store: EmulatorStore, name: string): S3Bucket {
  const bucket = findBucket(store, name);
  if (!bucket) throw noSuchBucket(name);
  return bucket;
}

/** The bucket's policy text as last put, or undefined when it has none (or does not exist). */
export function getBucketPolicy(store: EmulatorStore, name: string): string | undefined {
  return findBucket(store, name)?.policy;
}

/**
 * Replace (or, with undefined, remove) a bucket's policy without the checks PutBucketPolicy makes:
 * for services that edit the policy themselves, as IVS does with its `CompositeWrite-*` statement.
 * Throws NoSuchBucket when the bucket does not exist.
 */
export function setBucketPolicy(store: EmulatorStore, name: string, policyText: string | undefined): void {
  const bucket = requireBucket(store, name);
  if (policyText === undefined) delete bucket.policy;
  else bucket.policy = policyText;
}

/** How another service writes an object (putObjectDirect). */
export interface DirectPutOptions {
  contentType?: string;
  acl?: string;
  /** Account or service principal that writes (e.g. `ivs-composite.eu-west-1.amazonaws.com`). */
  writer: string;
  metadata?: Record<string, string>;
  now?: Date;
}

/**
 * Store an object as another service writing into the bucket would (IVS compositions writing
 * recordings). Replaces any object with the same key. Throws NoSuchBucket when the bucket does not exist.
 */
export function putObjectDirect(
  store: EmulatorStore,
  bucketName: string,
  key: string,
  body: Buffer | string,
  options: DirectPutOptions,
): S3Object {
  const bucket = requireBucket(store, bucketName);
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const object: S3Object = {
    key,
    body: bytes.toString("base64"),
    contentType: options.contentType ?? "binary/octet-stream",
    etag: etagOf(bytes),
    lastModified: (options.now ?? new Date()).toISOString(),
    size: bytes.length,
    writer: options.writer,
  };
  if (options.acl !== undefined) object.acl = options.acl;
  if (options.metadata && Object.keys(options.metadata).length > 0) object.metadata = options.metadata;
  bucket.objects[key] = object;
  return object;
}

/** Compare keys as S3 orders them: by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The bucket's object keys (optionally under a prefix) in S3's order; empty when the bucket does not exist. */
export function listObjectKeys(store: EmulatorStore, bucketName: string, prefix = ""): string[] {
  const bucket = findBucket(store, bucketName);
  if (!bucket) return [];
  return Object.keys(bucket.objects)
    .filter((key) => key.startsWith(prefix))
    .sort(compareKeys);
}
