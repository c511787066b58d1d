/**
 * The recording bucket of one IVS region (SPEC §4): created in that region if absent, with object
 * ownership BucketOwnerPreferred, all four Block Public Access settings on, SSE-S3, the
 * `yolo-expire-recordings` lifecycle rule when asked for, yolo's tags, and a bucket policy merged
 * by Sid — IVS writes its own `CompositeWrite-*` statement into it, so the tool never overwrites
 * the whole policy. Every setting is compared first and written only when it differs.
 */

import type {
  LifecycleRule,
  PublicAccessBlockConfiguration,
  S3Client,
  ServerSideEncryptionRule,
  TransitionDefaultMinimumObjectSize,
} from "@aws-sdk/client-s3";
import { awsMessage, httpStatus, isError, type SdkError } from "../aws/errors.js";
import {
  type Action,
  alreadyDone,
  type ErrorAnswer,
  failWith,
  type Message,
  noActions,
  type StepPlan,
} from "../engine/plan.js";
import type { Change } from "../engine/result.js";
import type { EarlyReadContext, PlanContext, ResourceStep, StepContext } from "../engine/step.js";
import { StepError } from "../errors/yolo-error.js";
import type { CallDeclaration } from "../iam/calls.js";
import { arns } from "../iam/resources.js";
import { isValidBucketName } from "../manifest/bucket-name.js";
import { names, type Ownership, ownershipOf, type Tags, yoloTags } from "../manifest/names.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import { parsePolicyDocument } from "../policy/canonical.js";
import {
  mediaConvertRoleArn,
  RECORDING_BUCKET_OWNED_SIDS,
  recordingBucketStatements,
} from "../policy/documents.js";
import { mergeStatementsBySid } from "../policy/merge.js";
import { statementsNamingDeletedRoles } from "../policy/stale-principals.js";
import type { PolicyDocument } from "../policy/types.js";
import { recordingGate } from "./gates.js";
import { claimForDeletion, destroyOptions, nothingToDelete } from "./ownership.js";
import { applyTagDiff, diffTags, foreignOwnerRefusal, tagsFromList, tagsToList } from "./tags.js";

/** The object ownership the seed asks for (IVS accepts it and BucketOwnerEnforced alike). */
export const RECORDING_BUCKET_OWNERSHIP = "BucketOwnerPreferred";
export const RECORDING_BUCKET_ENCRYPTION = "AES256";
/** The ID of the one lifecycle rule the tool owns; other rules are kept. */
export const EXPIRE_RECORDINGS_RULE_ID = "yolo-expire-recordings";
/** All four Block Public Access settings on. */
export const ALL_BLOCKED: Required<PublicAccessBlockConfiguration> = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/** The bucket a region records into: the one named in `recording.buckets`, else the derived name. */
export function recordingBucketName(config: EnvironmentConfig, region: string): string {
  return config.recording.buckets[region] ?? names.recordingBucket(config.environment, config.app, region);
}

/** A bucket named in `recording.buckets` is adopted by consent: never refused, never re-tagged. */
export function isAdoptedByConsent(config: EnvironmentConfig, region: string): boolean {
  return config.recording.buckets[region] !== undefined;
}

/**
 * yolo's own bucket of a region whose `recording.buckets` names another one (the derived name a
 * sync made before the override): undefined when the region has no override, names that very
 * bucket, or the derived name is no bucket name S3 allows (too long: the override is then how
 * the manifest passes validation, and yolo never made a bucket of that name).
 */
export function replacedBucketName(config: EnvironmentConfig, region: string): string | undefined {
  const override = config.recording.buckets[region];
  if (override === undefined) return undefined;
  const derived = names.recordingBucket(config.environment, config.app, region);
  return derived === override || !isValidBucketName(derived) ? undefined : derived;
}

/**
 * yolo's replaced bucket (see {@link replacedBucketName}) as one GetBucketTagging found it: only
 * when it is in the region, this account's and tagged for this app and environment (anything else
 * is not ours to report or delete). `denied` when the credentials may not read its tags.
 */
export type ReplacedBucket =
  | { bucket: string; denied: string }
  | {
      bucket: string;
      tags: Tags;
      /** Read only to delete it (`sync --prune`, destroy): what destroy's read counts. */
      objects?: number;
      moreObjects?: boolean;
      keys?: ObjectKey[];
      /** `sync --prune` only: the storage configurations of the region that still record into it. */
      namedBy?: string[];
    };

/** What one GetBucketTagging says of a bucket name. */
export type BucketTags =
  | { kind: "absent" }
  /** In another region (301), or another account's (a bare 403: bucket names are global). */
  | { kind: "elsewhere"; why: "region" | "account" }
  /** A 403 S3 explains: the caller's policies lack the permission (the error, to tell or throw). */
  | { kind: "denied"; error: unknown }
  /** The bucket's tags ({} when it has none). */
  | { kind: "tags"; tags: Tags };

/** A bucket's tags, one call, with S3's other answers told apart; anything else is thrown. */
export async function readBucketTags(ctx: EarlyReadContext, Bucket: string): Promise<BucketTags> {
  const { GetBucketTaggingCommand } = await import("../aws/sdk/s3.js");
  const s3 = await ctx.clients.s3(ctx.region);
  try {
    return {
      kind: "tags",
      tags: tagsFromList((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet),
    };
  } catch (error) {
    if (isError(error, "NoSuchTagSet")) return { kind: "tags", tags: {} };
    if (isError(error, "NoSuchBucket")) return { kind: "absent" };
    const status = httpStatus(error);
    if (status === 301 || isError(error, "PermanentRedirect", "AuthorizationHeaderMalformed"))
      return { kind: "elsewhere", why: "region" };
    if (status === 403)
      return deniedByCallerPolicy(error) ? { kind: "denied", error } : { kind: "elsewhere", why: "account" };
    throw error;
  }
}

/**
 * The replaced bucket, when its tags say it is this app's: none when it is missing, in another
 * region, another account's (which may be why the override was set) or not tagged for this app;
 * `denied` when S3 says the caller's policies lack the permission.
 */
export async function readReplacedBucketTags(
  ctx: EarlyReadContext,
  bucket: string,
): Promise<ReplacedBucket | undefined> {
  const found = await readBucketTags(ctx, bucket);
  if (found.kind === "denied") return { bucket, denied: "s3:GetBucketTagging" };
  if (found.kind !== "tags") return undefined;
  const owner = ownershipOf(found.tags, ctx.config.environment, ctx.config.app);
  return owner.kind === "ours" ? { bucket, tags: found.tags } : undefined;
}

/**
 * Sync's look at the replaced bucket (regions with an override only): its tags, and under
 * `--prune`, for one that is ours, destroy's count of its objects and the storage configurations
 * still recording into it.
 */
async function readReplacedBucket(ctx: EarlyReadContext): Promise<ReplacedBucket | undefined> {
  const bucket = replacedBucketName(ctx.config, ctx.region);
  if (bucket === undefined) return undefined;
  const found = await readReplacedBucketTags(ctx, bucket);
  if (found === undefined || "denied" in found || !pruning(ctx)) return found;
  const s3 = await ctx.clients.s3(ctx.region);
  const { readStorageConfigurations } = await import("./storage-configuration.js");
  const [listed, configurations] = await ctx.all([
    () => listObjects(s3, bucket, destroyOptions(ctx).deleteRecordings),
    () => readStorageConfigurations(ctx),
  ] as const);
  const namedBy = configurations.filter((c) => c.bucketName === bucket).map((c) => c.arn);
  return { ...found, ...listed, namedBy };
}

/** `sync --prune` (the leftover search's switch, which sync hands the steps). */
function pruning(ctx: Pick<PlanContext, "options">): boolean {
  return (ctx.options as { prune?: boolean }).prune === true;
}

/** The bucket as read in one round; `undefined` settings are "not configured". */
export interface LiveBucket {
  bucket: string;
  exists: boolean;
  policy?: string;
  ownership?: string;
  publicAccessBlock?: PublicAccessBlockConfiguration;
  encryption?: ServerSideEncryptionRule[];
  lifecycle?: LifecycleRule[];
  /** Kept when the lifecycle configuration is re-put with other rules. */
  lifecycleMinimumObjectSize?: TransitionDefaultMinimumObjectSize;
  /** undefined: the bucket has no tag set. */
  tags?: Tags;
  /** Read only when MediaConvert is on and the IAM step is not in the run: the role's ARN, or null when it does not exist. */
  mediaConvertRoleArn?: string | null;
  /** Regions with an override only: yolo's own bucket of before, when it is still there and ours. */
  replaced?: ReplacedBucket;
}

/** How long S3 may refuse a policy naming a just-created role (`MalformedPolicy: Invalid principal`, AWS-FACTS §2.4). */
export const POLICY_PRINCIPAL_BUDGET_MS = 60_000;
/**
 * How long a bucket this run created may answer NoSuchBucket or OperationAborted to writes on it
 * (S3 is eventually consistent; Terraform's AWS provider waits as long).
 */
export const NEW_BUCKET_BUDGET_MS = 120_000;

export const recordingBucketStep: ResourceStep<LiveBucket> = {
  id: "recording-bucket",
  services: ["s3", "iam"],
  description: "Sync IVS realtime recording bucket",
  scope: "region",
  dependsOn: [],
  // Only the MediaConvertRead statement needs the role: when the role step fails, the rest of
  // the bucket is still synced and that one statement is left as it is.
  softDependsOn: ["mediaconvert-role"],
  resourceName: (ctx) => recordingBucketName(ctx.config, ctx.region),
  gate: recordingGate,
  read: readBucket,
  readEarly: readBucket,
  plan: planBucketSync,
};

/**
 * The calls of this step: the one round of Get* reads (plus IAM GetRole when MediaConvert is on
 * and `sync:iam` is not in the run), then each write it may make. CreateBucket sends the
 * `x-amz-object-ownership` header.
 */
export const recordingBucketCalls: CallDeclaration = (scope) => [
  {
    sid: "RecordingBuckets",
    access: "read",
    calls: [
      "S3.GetBucketPolicy",
      "S3.GetBucketOwnershipControls",
      "S3.GetPublicAccessBlock",
      "S3.GetBucketEncryption",
      "S3.GetBucketLifecycleConfiguration",
      "S3.GetBucketTagging",
    ],
    resources: arns.recordingBuckets(scope),
  },
  ...(scope.mediaconvert
    ? [
        {
          sid: "MediaConvertRole",
          access: "read",
          calls: ["IAM.GetRole"],
          resources: arns.mediaConvertRole(scope),
        } as const,
      ]
    : []),
  {
    sid: "RecordingBuckets",
    access: "write",
    calls: [
      { operation: "S3.CreateBucket", with: ["ObjectOwnership"] },
      "S3.PutBucketOwnershipControls",
      "S3.PutBucketTagging",
      "S3.PutPublicAccessBlock",
      "S3.PutBucketEncryption",
      "S3.PutBucketLifecycleConfiguration",
      "S3.DeleteBucketLifecycle",
      "S3.PutBucketPolicy",
    ],
    resources: arns.recordingBuckets(scope),
  },
];

/** One setting as read: the bucket is missing, the setting's value (undefined: not configured), or S3 refused the read. */
type Setting<T> =
  | { missing: true }
  | { missing: false; value: T | undefined }
  | { refused: unknown; permission: string };

/**
 * Read every setting in one concurrent round, with no HeadBucket: a missing bucket answers
 * NoSuchBucket to each call, a bucket elsewhere 301, another account's 403.
 */
async function readBucket(ctx: EarlyReadContext): Promise<LiveBucket> {
  const {
    GetBucketOwnershipControlsCommand,
    GetPublicAccessBlockCommand,
    GetBucketEncryptionCommand,
    GetBucketLifecycleConfigurationCommand,
    GetBucketTaggingCommand,
  } = await import("../aws/sdk/s3.js");
  const s3 = await ctx.clients.s3(ctx.region);
  const Bucket = recordingBucketName(ctx.config, ctx.region);
  const setting =
    <T>(permission: string, call: () => Promise<T>, notConfigured: string) =>
    () =>
      readSetting(permission, call, notConfigured);
  ctx.activity("reading bucket…");

  const [policy, ownership, publicAccessBlock, encryption, lifecycle, tags, role, replaced] = await ctx.all([
    setting("s3:GetBucketPolicy", () => bucketPolicy(s3, Bucket), "NoSuchBucketPolicy"),
    setting(
      "s3:GetBucketOwnershipControls",
      async () =>
        (await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))).OwnershipControls?.Rules?.[0]
          ?.ObjectOwnership,
      "OwnershipControlsNotFoundError",
    ),
    setting(
      "s3:GetBucketPublicAccessBlock",
      async () => (await s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration,
      "NoSuchPublicAccessBlockConfiguration",
    ),
    setting(
      "s3:GetEncryptionConfiguration",
      async () =>
        (await s3.send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration?.Rules,
      "ServerSideEncryptionConfigurationNotFoundError",
    ),
    setting(
      "s3:GetLifecycleConfiguration",
      async () => {
        const out = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
        return {
          rules: out.Rules ?? [],
          minimumObjectSize: out.TransitionDefaultMinimumObjectSize,
        };
      },
      "NoSuchLifecycleConfiguration",
    ),
    setting(
      "s3:GetBucketTagging",
      async () => tagsFromList((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet),
      "NoSuchTagSet",
    ),
    () => readMediaConvertRole(ctx),
    () => readReplacedBucket(ctx),
  ] as const);
  const left = replaced !== undefined ? { replaced } : {};

  const settings = [policy, ownership, publicAccessBlock, encryption, lifecycle, tags];
  const refused = settings.find((s) => "refused" in s);
  if (refused && "refused" in refused)
    throw bucketAccessError(refused, Bucket, ctx.region, {
      othersAnswered: settings.some((s) => !("refused" in s)),
    });
  if (settings.some((s) => "missing" in s && s.missing))
    return { bucket: Bucket, exists: false, mediaConvertRoleArn: role, ...left };
  const value = <T>(s: Setting<T>) => ("value" in s ? s.value : undefined);
  return {
    bucket: Bucket,
    exists: true,
    policy: value(policy),
    ownership: value(ownership),
    publicAccessBlock: value(publicAccessBlock),
    encryption: value(encryption),
    lifecycle: value(lifecycle)?.rules,
    lifecycleMinimumObjectSize: value(lifecycle)?.minimumObjectSize,
    tags: value(tags),
    mediaConvertRoleArn: role,
    ...left,
  };
}

/** The bucket's policy, undefined when it has none; any other answer is thrown as S3 gave it. */
async function bucketPolicy(s3: S3Client, Bucket: string): Promise<string | undefined> {
  const { GetBucketPolicyCommand } = await import("../aws/sdk/s3.js");
  try {
    return (await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy;
  } catch (error) {
    if (isError(error, "NoSuchBucketPolicy")) return undefined;
    throw error;
  }
}

/**
 * The recording bucket's policy alone, for `yolo verify` (sync reads it in its one round):
 * undefined when the bucket has none; a refusal is thrown as S3 gave it.
 */
export async function readBucketPolicy(ctx: StepContext): Promise<string | undefined> {
  const s3 = await ctx.clients.s3(ctx.region);
  return bucketPolicy(s3, recordingBucketName(ctx.config, ctx.region));
}

/** Where the recording bucket is, as far as the region's S3 endpoint tells. */
export type BucketLocation =
  | { kind: "here" }
  | { kind: "elsewhere"; region?: string }
  | { kind: "missing" }
  | { kind: "foreign" };

/**
 * Where the recording bucket is, for `yolo verify`: HeadBucket on the region's endpoint answers
 * 200 here, 301 elsewhere (with its region), 404 missing, 403 another account's. Sync needs no
 * HeadBucket: each of its reads answers the same way.
 */
/**
 * Whose the region's bucket is by its yolo tags, for `yolo verify` (sync reads the tags in its one
 * round): undefined for a bucket adopted under `recording.buckets`, which is the user's by consent.
 */
export async function readBucketOwnership(ctx: StepContext): Promise<Ownership | undefined> {
  if (isAdoptedByConsent(ctx.config, ctx.region)) return undefined;
  const found = await readBucketTags(ctx, recordingBucketName(ctx.config, ctx.region));
  if (found.kind === "denied") throw found.error;
  return found.kind === "tags" ? ownershipOf(found.tags, ctx.config.environment, ctx.config.app) : undefined;
}

export async function readBucketLocation(ctx: StepContext): Promise<BucketLocation> {
  const { HeadBucketCommand } = await import("../aws/sdk/s3.js");
  const s3 = await ctx.clients.s3(ctx.region);
  const Bucket = recordingBucketName(ctx.config, ctx.region);
  try {
    const out = await s3.send(new HeadBucketCommand({ Bucket }));
    if (out.BucketRegion && out.BucketRegion !== ctx.region)
      return { kind: "elsewhere", region: out.BucketRegion };
    return { kind: "here" };
  } catch (error) {
    const status = httpStatus(error);
    if (status === 404 || isError(error, "NotFound", "NoSuchBucket")) return { kind: "missing" };
    if (status === 403) return { kind: "foreign" };
    if (status === 301 || status === 400 || isError(error, "PermanentRedirect")) {
      const header = (error as SdkError).$response?.headers?.["x-amz-bucket-region"];
      return { kind: "elsewhere", region: header ?? (await bucketRegion(ctx, Bucket)) };
    }
    throw error;
  }
}

/** The bucket's region from GetBucketLocation on us-east-1 (which answers for any region). */
async function bucketRegion(ctx: StepContext, Bucket: string): Promise<string | undefined> {
  const { GetBucketLocationCommand } = await import("../aws/sdk/s3.js");
  try {
    const s3 = await ctx.clients.s3("us-east-1");
    const out = await s3.send(new GetBucketLocationCommand({ Bucket }));
    const constraint = out.LocationConstraint as string | undefined;
    if (!constraint) return "us-east-1";
    return constraint === "EU" ? "eu-west-1" : constraint;
  } catch {
    return undefined;
  }
}

async function readSetting<T>(
  permission: string,
  call: () => Promise<T>,
  notConfigured: string,
): Promise<Setting<T>> {
  try {
    return { missing: false, value: await call() };
  } catch (error) {
    if (isError(error, notConfigured)) return { missing: false, value: undefined };
    if (isError(error, "NoSuchBucket")) return { missing: true };
    return { refused: error, permission };
  }
}

/**
 * Whether a 403 says the caller's own policies lack a permission. S3 explains a refusal ("User: …
 * is not authorized to perform: s3:… because no identity-based policy allows …") only to callers
 * of the bucket owner's account; another account's bucket answers a bare "Access Denied".
 */
export function deniedByCallerPolicy(error: unknown): boolean {
  return /not authorized to perform|identity-based policy/i.test(awsMessage(error));
}

/**
 * A refused read as an error a user can act on: a 301 (the bucket is in another region), a 403
 * S3 explains (the caller's policies lack a permission) or a bare 403 on one read while the
 * bucket answered the others (something else denies that one: the bucket's policy, an SCP), and a
 * bare 403 on every read (another account's bucket: S3 explains refusals only to its owner).
 */
function bucketAccessError(
  { refused: error, permission }: { refused: unknown; permission: string },
  bucket: string,
  region: string,
  { othersAnswered }: { othersAnswered: boolean },
): unknown {
  const status = httpStatus(error);
  const fix = `Name another bucket under aws.ivs.recording.buckets.${region}.`;
  if (status === 301 || isError(error, "PermanentRedirect", "AuthorizationHeaderMalformed")) {
    const e = error as SdkError & { Region?: string; BucketRegion?: string };
    const actual = e.$response?.headers?.["x-amz-bucket-region"] ?? e.BucketRegion ?? e.Region;
    const where = actual ? `is in ${actual}, not ${region}` : `is not in ${region}`;
    return new StepError(
      `recording bucket ${bucket} ${where}: IVS records only into a bucket in the stage's own region. ${fix}`,
    );
  }
  if (status === 403 && deniedByCallerPolicy(error))
    return new StepError({
      text: `recording bucket ${bucket} could not be read: access denied (${awsMessage(error)}). The credentials lack a permission yolo needs: {0} prints the policy it runs with.`,
      commands: [{ command: "iam:policy" }],
    });
  if (status === 403 && othersAnswered)
    return new StepError({
      text: `recording bucket ${bucket} could not be read: access denied to ${permission} (S3 answered 403 ${awsMessage(error)}), though the bucket answered yolo's other reads, so it is this account's. The credentials' policies, the bucket's policy or an organisation policy deny that read: {0} prints the policy yolo runs with.`,
      commands: [{ command: "iam:policy" }],
    });
  if (status === 403) {
    return new StepError(
      `recording bucket ${bucket} belongs to another AWS account (S3 answered 403 ${awsMessage(error)} to every read). Bucket names are global. ${fix}`,
    );
  }
  return error;
}

/** The role's ARN, null when it does not exist, undefined when this run need not know. */
async function readMediaConvertRole(ctx: EarlyReadContext): Promise<string | null | undefined> {
  if (!ctx.config.mediaconvert || ctx.stepsInRun.has("mediaconvert-role")) return undefined;
  const { GetRoleCommand } = await import("../aws/sdk/iam.js");
  const iam = await ctx.clients.iam(ctx.config.homeRegion);
  try {
    const out = await iam.send(
      new GetRoleCommand({ RoleName: names.mediaConvertRole(ctx.config.environment, ctx.config.app) }),
    );
    return out.Role?.Arn ?? null;
  } catch (error) {
    if (isError(error, "NoSuchEntityException", "NoSuchEntity")) return null;
    throw error;
  }
}

/**
 * The MediaConvert role ARN the policy should name, or undefined (MediaConvert off, or the role
 * does not exist yet — then with a warning). In a `sync` run the IAM step reports the ARN the role
 * has or, in a dry-run, would have.
 */
function mediaConvertReader(ctx: PlanContext, live: LiveBucket): { arn?: string; warning?: Message } {
  const { environment: env, app } = ctx.config;
  if (!ctx.config.mediaconvert) return {};
  if (ctx.stepsInRun.has("mediaconvert-role") && ctx.failed("mediaconvert-role")) {
    const kept = livePolicyStatement(live.policy, "MediaConvertRead");
    return {
      ...(kept !== undefined ? { arn: kept } : {}),
      warning: `MediaConvertRead not attempted: mediaconvert-role failed; the bucket policy keeps its ${kept ? "current" : "missing"} MediaConvertRead statement.`,
    };
  }
  let arn: string | undefined;
  if (ctx.stepsInRun.has("mediaconvert-role")) {
    const outputs = ctx.outputsOf("mediaconvert-role");
    if (outputs?.roleExists === true)
      arn =
        (outputs.roleArn as string | undefined) ?? mediaConvertRoleArn({ account: ctx.account, env, app });
  } else {
    arn = live.mediaConvertRoleArn ?? undefined;
  }
  if (arn !== undefined) return { arn };
  return {
    warning: {
      text: `MediaConvert role ${names.mediaConvertRole(env, app)} does not exist yet: the bucket policy leaves out MediaConvertRead. Run {0} (or {1}) to add it.`,
      commands: [{ command: "sync:iam" }, { command: "sync" }],
    },
  };
}

/** The AWS principal of a live policy statement, by Sid (to keep it as it is). */
function livePolicyStatement(policy: string | undefined, sid: string): string | undefined {
  if (!policy) return undefined;
  try {
    const statements = [JSON.parse(policy).Statement ?? []].flat();
    const principal = statements.find((statement: { Sid?: string }) => statement?.Sid === sid)?.Principal
      ?.AWS;
    return typeof principal === "string" ? principal : Array.isArray(principal) ? principal[0] : undefined;
  } catch {
    return undefined;
  }
}

/** The lifecycle rule the tool owns, or undefined when `expire-after-days` is not set. */
export function expireRecordingsRule(days: number | undefined): LifecycleRule | undefined {
  if (days === undefined) return undefined;
  return {
    ID: EXPIRE_RECORDINGS_RULE_ID,
    Status: "Enabled",
    Filter: { Prefix: "" },
    Expiration: { Days: days },
  };
}

/** True when a live rule does exactly what ours does: whole bucket, enabled, expire after `days`, nothing else. */
export function isExpireRecordingsRule(rule: LifecycleRule, days: number): boolean {
  const filter = rule.Filter ?? {};
  const wholeBucket =
    (filter.Prefix ?? "") === "" &&
    (rule.Prefix ?? "") === "" &&
    filter.Tag === undefined &&
    filter.And === undefined &&
    filter.ObjectSizeGreaterThan === undefined &&
    filter.ObjectSizeLessThan === undefined;
  const expiration = rule.Expiration ?? {};
  const onlyExpiration =
    (rule.Transitions ?? []).length === 0 &&
    (rule.NoncurrentVersionTransitions ?? []).length === 0 &&
    rule.NoncurrentVersionExpiration === undefined &&
    rule.AbortIncompleteMultipartUpload === undefined;
  return (
    rule.Status === "Enabled" &&
    wholeBucket &&
    onlyExpiration &&
    Number(expiration.Days) === days &&
    expiration.Date === undefined &&
    !expiration.ExpiredObjectDeleteMarker
  );
}

/** The bucket's lifecycle rules with ours merged in by ID (added, replaced, or removed). */
export function mergeLifecycleRules(
  live: readonly LifecycleRule[],
  ours: LifecycleRule | undefined,
): LifecycleRule[] {
  const others = live.filter((rule) => rule.ID !== EXPIRE_RECORDINGS_RULE_ID);
  return ours ? [...others, ours] : others;
}

function hasExpectedEncryption(rules: readonly ServerSideEncryptionRule[] | undefined): boolean {
  const byDefault = rules?.[0]?.ApplyServerSideEncryptionByDefault;
  return byDefault?.SSEAlgorithm === RECORDING_BUCKET_ENCRYPTION && !byDefault.KMSMasterKeyID;
}

function blocksAllPublicAccess(block: PublicAccessBlockConfiguration | undefined): boolean {
  return Object.keys(ALL_BLOCKED).every(
    (key) => block?.[key as keyof PublicAccessBlockConfiguration] === true,
  );
}

function foreignBucketMessage(
  bucket: string,
  region: string,
  owner: Extract<Ownership, { kind: "foreign" }>,
  env: string,
  app: string,
): string {
  return foreignOwnerRefusal(
    `recording bucket ${bucket}`,
    owner,
    env,
    app,
    `Rename this app, or name another bucket under aws.ivs.recording.buckets.${region}.`,
  );
}

function staleStatementMessage(bucket: string, stale: { sid: string; ids: string[] }[]): string {
  const named = stale.map(({ sid, ids }) => `${sid} (${ids.join(", ")})`).join(", ");
  const one = stale.length === 1;
  return `bucket policy of ${bucket} cannot be rewritten: statement${one ? "" : "s"} ${named} name${one ? "s" : ""} the unique id of a deleted IAM role, and S3 refuses a policy that names one ("Invalid principal in policy"). That statement is not yolo's: remove it or name an existing principal, then run sync again. Nothing was written to the bucket.`;
}

/**
 * Pure: what sync changes in the bucket, and the calls that do it, one after another; in a region
 * with an override, also what becomes of yolo's replaced bucket.
 */
export function planBucketSync(ctx: PlanContext, live: LiveBucket): StepPlan {
  return withReplacedBucket(ctx, planRegionBucketSync(ctx, live), live.replaced);
}

/** Which bucket yolo's replaced bucket is, and why it is not the region's bucket any more. */
function replacedWhy(ctx: PlanContext, bucket: string): string {
  return `${bucket} is yolo's bucket from before aws.ivs.recording.buckets.${ctx.region} named ${recordingBucketName(ctx.config, ctx.region)}`;
}

/**
 * The region bucket's plan with yolo's replaced bucket in the same row (SPEC §6 has one step id
 * for both). Reported, the row is that bucket ORPHANED when the region's own bucket is in sync,
 * else the own bucket's plan with a warning naming it; `--prune` deletes it with destroy's plan
 * (RETAINED while it holds recordings), but only once the own bucket is in sync and no storage
 * configuration records into it any more.
 */
function withReplacedBucket(
  ctx: PlanContext,
  plan: StepPlan,
  replaced: ReplacedBucket | undefined,
): StepPlan {
  if (replaced === undefined) return plan;
  const { bucket } = replaced;
  const why = replacedWhy(ctx, bucket);
  const warn = (message: Message): StepPlan => ({ ...plan, warnings: [...(plan.warnings ?? []), message] });
  if ("denied" in replaced)
    return warn(
      `not searched for leftovers: recording bucket ${why}, and access was denied to ${replaced.denied}.`,
    );
  const own = recordingBucketName(ctx.config, ctx.region);
  const run = String(ctx.options.command ?? "sync");
  const prune = { command: run.startsWith("sync") ? run : "sync", extra: ["--prune"] };
  const inSync = plan.status === "SYNCED" && plan.changes.length === 0 && plan.actions.length === 0;
  const kept = {
    ...(plan.outputs !== undefined ? { outputs: plan.outputs } : {}),
    ...(plan.warnings !== undefined ? { warnings: plan.warnings } : {}),
  };
  if (!pruning(ctx)) {
    if (!inSync)
      return warn({
        text: `left over: recording bucket ${why}; {0} deletes it.`,
        commands: [prune],
      });
    return noActions({
      status: "ORPHANED",
      resource: bucket,
      changes: [],
      reason: { text: `${why}; {0} deletes it`, commands: [prune] },
      ...kept,
    });
  }
  const namedBy = replaced.namedBy ?? [];
  if (namedBy.length > 0)
    return warn({
      text: `left over: recording bucket ${why}; it is kept for now, as storage configuration ${namedBy.join(", ")} still records into it. {0} deletes it once none does.`,
      commands: [prune],
    });
  if (!inSync)
    return warn({
      text: `left over: recording bucket ${why}; it is kept for now, as this run changes ${own}. {0} deletes it once ${own} is in sync.`,
      commands: [prune],
    });
  const destroy = planBucketDestroy(ctx, {
    state: "present",
    bucket,
    tags: replaced.tags,
    objects: replaced.objects ?? 0,
    moreObjects: replaced.moreObjects ?? false,
    ...(replaced.keys !== undefined ? { keys: replaced.keys } : {}),
  });
  // The region's own bucket is in sync: a failed clean-up keeps the old bucket (RETAINED, saying
  // why) instead of failing the row, which would hold back the storage configuration.
  const keptOnError: ErrorAnswer = {
    when: { codes: [], anyError: true },
    means: "retain",
    message: {
      text: `left over: recording bucket ${bucket} is kept, and ${own} is in sync; {0} tries the deletion again. It could not be deleted`,
      commands: [prune],
    },
  };
  return {
    ...destroy,
    actions: destroy.actions.map((action) => ({
      ...action,
      onError: [...(action.onError ?? []), keptOnError],
    })),
    reason: destroy.reason ? `${why}; ${destroy.reason}` : why,
    ...kept,
  };
}

/** Pure: what sync changes in the region's own bucket. */
function planRegionBucketSync(ctx: PlanContext, live: LiveBucket): StepPlan {
  const { environment: env, app } = ctx.config;
  const Bucket = live.bucket;
  const adopted = isAdoptedByConsent(ctx.config, ctx.region);
  const changes: Change[] = [];
  const actions: Action[] = [];
  const warnings: Message[] = [];
  const notes: string[] = [];
  if (adopted) notes.push("adopted");

  if (live.exists && !adopted) {
    const owner = ownershipOf(live.tags, env, app);
    if (owner.kind === "foreign")
      throw new StepError(foreignBucketMessage(Bucket, ctx.region, owner, env, app));
    if (owner.kind === "untagged") notes.push("adopted (untagged)");
  }

  const created = !live.exists;
  // A bucket made moments ago may answer NoSuchBucket or OperationAborted to writes on it for a while.
  const settling: ErrorAnswer[] = created
    ? [
        {
          when: { codes: ["NoSuchBucket", "OperationAborted"] },
          means: "retry",
          budgetMs: NEW_BUCKET_BUDGET_MS,
        },
      ]
    : [];
  const write = (change: Change, action: Omit<Action, "service"> | undefined) => {
    changes.push(change);
    if (action) actions.push({ service: "s3", ...action, onError: [...(action.onError ?? []), ...settling] });
  };

  if (created) {
    changes.push({ attribute: "bucket", from: null, to: Bucket });
    actions.push({
      service: "s3",
      operation: "CreateBucket",
      activity: "creating bucket…",
      input: {
        Bucket,
        ObjectOwnership: RECORDING_BUCKET_OWNERSHIP,
        // us-east-1 takes no LocationConstraint: naming it explicitly is an InvalidLocationConstraint.
        ...(ctx.region === "us-east-1"
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: ctx.region } }),
      },
      onError: [
        // Another run created it between our read and now: carry on and converge its settings.
        alreadyDone("BucketAlreadyOwnedByYou"),
        failWith(
          `recording bucket ${Bucket} belongs to another AWS account (bucket names are global). Name another bucket under aws.ivs.recording.buckets.${ctx.region}.`,
          "BucketAlreadyExists",
        ),
      ],
      outputs: { exists: true },
    });
  }

  // Tags first, so that a crash right after create leaves a bucket this app recognises as its own.
  // A bucket adopted by consent is the user's: its tags say who made it, so they stay as they are.
  if (!adopted || created) {
    const tagDiff = diffTags(live.tags, yoloTags(env, app, Bucket));
    const TagSet = tagsToList(applyTagDiff(live.tags, tagDiff));
    tagDiff.changes.forEach((change, i) => {
      write(
        change,
        i === 0
          ? {
              operation: "PutBucketTagging",
              activity: "tagging bucket…",
              input: { Bucket, Tagging: { TagSet } },
            }
          : undefined,
      );
    });
  }

  // IVS records into a bucket with either owner-wins setting; an adopted bucket keeps its choice.
  const ownershipConverged =
    live.ownership === RECORDING_BUCKET_OWNERSHIP || (adopted && live.ownership === "BucketOwnerEnforced");
  if (!ownershipConverged) {
    // A new bucket gets its ownership in CreateBucket itself.
    write(
      { attribute: "ownership", from: live.ownership ?? null, to: RECORDING_BUCKET_OWNERSHIP },
      created
        ? undefined
        : {
            operation: "PutBucketOwnershipControls",
            activity: "setting object ownership…",
            input: {
              Bucket,
              OwnershipControls: { Rules: [{ ObjectOwnership: RECORDING_BUCKET_OWNERSHIP }] },
            },
          },
    );
  }

  if (!blocksAllPublicAccess(live.publicAccessBlock)) {
    write(
      { attribute: "publicAccessBlock", from: live.publicAccessBlock ?? null, to: ALL_BLOCKED },
      {
        operation: "PutPublicAccessBlock",
        activity: "blocking public access…",
        input: { Bucket, PublicAccessBlockConfiguration: ALL_BLOCKED },
      },
    );
  }

  const algorithm = live.encryption?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
  if (adopted && algorithm?.startsWith("aws:kms")) {
    // The owner chose a KMS key on purpose; IVS writes with it once the key policy lets it.
    notes.push(`keeps its ${algorithm} default encryption`);
  } else if (!hasExpectedEncryption(live.encryption)) {
    write(
      { attribute: "encryption", from: algorithm ?? null, to: RECORDING_BUCKET_ENCRYPTION },
      {
        operation: "PutBucketEncryption",
        activity: "setting default encryption…",
        input: {
          Bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: RECORDING_BUCKET_ENCRYPTION } }],
          },
        },
      },
    );
  }

  const days = ctx.config.recording.expireAfterDays;
  const ourRule = expireRecordingsRule(days);
  const liveRule = live.lifecycle?.find((rule) => rule.ID === EXPIRE_RECORDINGS_RULE_ID);
  const ruleConverged =
    days === undefined
      ? liveRule === undefined
      : liveRule !== undefined && isExpireRecordingsRule(liveRule, days);
  if (!ruleConverged) {
    const rules = mergeLifecycleRules(live.lifecycle ?? [], ourRule);
    write(
      { attribute: "lifecycle", from: liveRule ?? null, to: ourRule ?? null },
      rules.length === 0
        ? { operation: "DeleteBucketLifecycle", activity: "setting lifecycle…", input: { Bucket } }
        : {
            operation: "PutBucketLifecycleConfiguration",
            activity: "setting lifecycle…",
            input: {
              Bucket,
              LifecycleConfiguration: { Rules: rules },
              ...(live.lifecycleMinimumObjectSize
                ? { TransitionDefaultMinimumObjectSize: live.lifecycleMinimumObjectSize }
                : {}),
            },
          },
    );
  }

  const livePolicy: PolicyDocument | undefined = live.policy ? parsePolicyDocument(live.policy) : undefined;
  const reader = mediaConvertReader(ctx, live);
  if (reader.warning) warnings.push(reader.warning);
  const owned = recordingBucketStatements({
    bucket: Bucket,
    region: ctx.region,
    mediaConvertRoleArn: reader.arn,
  });
  const merged = mergeStatementsBySid(livePolicy, owned, RECORDING_BUCKET_OWNED_SIDS);
  for (const change of merged.changes)
    changes.push({ attribute: `policy.${change.sid}`, from: change.from, to: change.to });
  if (merged.changes.length > 0) {
    // S3 refuses the whole merged policy when a statement yolo keeps as it is names a deleted
    // role's unique id: fail before any write to this bucket, naming the statement to fix.
    const stale = statementsNamingDeletedRoles(merged.document).filter(
      ({ sid }) => !RECORDING_BUCKET_OWNED_SIDS.includes(sid),
    );
    if (stale.length > 0) throw new StepError(staleStatementMessage(Bucket, stale));
    actions.push({
      service: "s3",
      operation: "PutBucketPolicy",
      activity: "writing bucket policy…",
      input: { Bucket, Policy: JSON.stringify(merged.document) },
      onError: [
        // IAM takes a while to show a new role to S3.
        {
          when: { codes: ["MalformedPolicy"], message: "invalid principal" },
          means: "retry",
          budgetMs: POLICY_PRINCIPAL_BUDGET_MS,
        },
        ...settling,
      ],
    });
  }

  return {
    status: created ? "CREATED" : "SYNCED",
    resource: Bucket,
    changes,
    ...(notes.length > 0 ? { reason: notes.join("; ") } : {}),
    // `createdThisRun` tells the storage configuration that IVS may not see the bucket yet.
    outputs: { bucket: Bucket, exists: !created, createdThisRun: created },
    actions,
    warnings,
  };
}

/** DeleteObjects takes at most this many keys per call; ListObjectVersions returns as many per page. */
const PAGE_SIZE = 1000;
/** Counting stops here ("10000+ objects") unless the bucket is to be emptied: the number only has to say "this holds recordings". */
const COUNT_LIMIT = 10 * PAGE_SIZE;

/** One object version or delete marker, as DeleteObjects names it. */
export interface ObjectKey {
  Key: string;
  VersionId?: string;
}

/** A bucket destroy found, with its tags and objects. */
export interface PresentBucket {
  state: "present";
  bucket: string;
  tags: Record<string, string>;
  objects: number;
  moreObjects: boolean;
  /** Every version and delete marker, when `--delete-recordings` asks to empty the bucket. */
  keys?: ObjectKey[];
}

export type LiveBucketForDestroy =
  /** `replaced`: yolo's own bucket of before the override, still there and tagged for this app. */
  | { state: "adopted"; bucket: string; replaced?: PresentBucket }
  | { state: "absent"; bucket: string }
  /** The bucket is in another region: yolo did not make it, so it is not ours to delete. */
  | { state: "elsewhere"; bucket: string; why: string }
  | PresentBucket;

function objectCount(live: { objects: number; moreObjects: boolean }): string {
  return `${live.objects}${live.moreObjects ? "+" : ""} object${live.objects === 1 && !live.moreObjects ? "" : "s"}`;
}

/** The bucket's tags and its objects: counted, or listed in full when the bucket is to be emptied. */
export async function readBucketForDestroy(ctx: StepContext): Promise<LiveBucketForDestroy> {
  const bucket = recordingBucketName(ctx.config, ctx.region);
  if (isAdoptedByConsent(ctx.config, ctx.region)) {
    const derived = replacedBucketName(ctx.config, ctx.region);
    const replaced = derived !== undefined ? await readReplacedBucketForDestroy(ctx, derived) : undefined;
    return { state: "adopted", bucket, ...(replaced !== undefined ? { replaced } : {}) };
  }
  const { GetBucketTaggingCommand } = await import("../aws/sdk/s3.js");
  const s3 = await ctx.clients.s3(ctx.region);
  ctx.activity("reading bucket…");
  try {
    const [tags, listed] = await ctx.all([
      async () => {
        try {
          return tagsFromList((await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet);
        } catch (error) {
          if (isError(error, "NoSuchTagSet")) return {};
          throw error;
        }
      },
      () => listObjects(s3, bucket, destroyOptions(ctx).deleteRecordings),
    ] as const);
    return { state: "present", bucket, tags, ...listed };
  } catch (error) {
    if (isError(error, "NoSuchBucket")) return { state: "absent", bucket };
    const status = httpStatus(error);
    if (status === 301 || isError(error, "PermanentRedirect", "AuthorizationHeaderMalformed")) {
      return {
        state: "elsewhere",
        bucket,
        why: `bucket ${bucket} is not in ${ctx.region}; yolo did not make it`,
      };
    }
    // A refusal never reads as "nothing to delete": a missing permission must not silently leave
    // a bucket behind, and a bare 403 cannot tell another account's bucket from our own.
    if (status === 403) throw accessDenied(ctx.region, bucket, error);
    throw error;
  }
}

/**
 * Destroy's read of yolo's replaced bucket in a region with an override: its tags, then its
 * objects when it is ours. A refusal the caller's policies explain fails the step, as for the
 * region's own bucket; another account's bucket (a bare 403) is not ours.
 */
async function readReplacedBucketForDestroy(
  ctx: StepContext,
  bucket: string,
): Promise<PresentBucket | undefined> {
  ctx.activity("reading bucket…");
  const found = await readReplacedBucketTags(ctx, bucket);
  if (found === undefined) return undefined;
  if ("denied" in found)
    throw new StepError({
      text: `recording bucket ${replacedWhy(ctx, bucket)}; it could not be read: access denied to ${found.denied}. The credentials lack a permission destroy needs ({0} prints them); the bucket was left as it is.`,
      commands: [{ command: "iam:policy" }],
    });
  const s3 = await ctx.clients.s3(ctx.region);
  const listed = await listObjects(s3, bucket, destroyOptions(ctx).deleteRecordings);
  return { state: "present", bucket, tags: found.tags, ...listed };
}

/**
 * Pure: delete the bucket, emptied first of exactly the objects that were read when
 * `--delete-recordings` says so; objects written after the read keep the bucket (RETAINED).
 */
export function planBucketDestroy(ctx: PlanContext, live: LiveBucketForDestroy): StepPlan {
  const { bucket } = live;
  if (live.state === "adopted") {
    if (live.replaced === undefined)
      return noActions({ status: "RETAINED", resource: bucket, changes: [], reason: "adopted" });
    // yolo's own bucket of before the override is this app's: deleted by the same rules.
    const plan = planBucketDestroy(ctx, live.replaced);
    const why = `${replacedWhy(ctx, live.replaced.bucket)}, which is adopted and kept`;
    return { ...plan, reason: plan.reason ? `${why}; ${plan.reason}` : why };
  }
  if (live.state === "absent") return nothingToDelete();
  if (live.state === "elsewhere")
    return noActions({
      status: "SKIPPED",
      resource: bucket,
      changes: [],
      reason: `nothing to delete: ${live.why}`,
    });

  const adopted = claimForDeletion(ctx, `recording bucket ${bucket}`, live.tags);
  const { deleteRecordings } = destroyOptions(ctx);
  const holds = live.objects > 0;
  if (holds && !deleteRecordings) {
    return noActions({
      status: "RETAINED",
      resource: bucket,
      changes: [],
      reason: `holds ${objectCount(live)}; --delete-recordings empties and deletes it`,
    });
  }
  const notes = [
    adopted,
    holds ? `holds ${objectCount(live)}, deleted with it (--delete-recordings)` : undefined,
  ].filter((note): note is string => note !== undefined);
  const keys = live.keys ?? [];
  const emptying: Action[] = [];
  for (let start = 0; start < keys.length; start += PAGE_SIZE) {
    emptying.push({
      service: "s3",
      operation: "DeleteObjects",
      activity: `emptying bucket (${Math.min(start + PAGE_SIZE, keys.length)} of ${keys.length} objects)…`,
      input: { Bucket: bucket, Delete: { Objects: keys.slice(start, start + PAGE_SIZE), Quiet: true } },
      failedEntriesOf: `objects of recording bucket ${bucket} (re-run to continue)`,
    });
  }
  return {
    status: "DELETED",
    resource: bucket,
    changes: [
      { attribute: "bucket", from: bucket, to: null },
      ...(holds ? [{ attribute: "objects", from: objectCount(live), to: 0 }] : []),
    ],
    ...(notes.length > 0 ? { reason: notes.join("; ") } : {}),
    actions: [
      ...emptying,
      {
        service: "s3",
        operation: "DeleteBucket",
        activity: "deleting bucket…",
        input: { Bucket: bucket },
        onError: [
          alreadyDone("NoSuchBucket"),
          {
            when: { codes: ["BucketNotEmpty"] },
            means: "retain",
            message: deleteRecordings
              ? "objects were written to it after destroy read it; they were not in the plan, so the bucket was kept: re-run destroy to delete them"
              : "objects were written to it while destroy ran; --delete-recordings empties and deletes it",
          },
        ],
      },
    ],
  };
}

export const destroyRecordingBucketStep: ResourceStep<LiveBucketForDestroy> = {
  id: "recording-bucket",
  services: ["s3", "iam"],
  description: "Destroy IVS realtime recording bucket",
  scope: "region",
  // Deleting the storage configuration first stops IVS writing and removes its policy statement.
  dependsOn: ["storage-configuration"],
  gate: () => ({ enabled: true }),
  read: readBucketForDestroy,
  plan: planBucketDestroy,
};

/** The step's error for a bucket S3 would not let us read (403). */
function accessDenied(region: string, bucket: string, error: unknown): StepError {
  const what = `recording bucket ${bucket} could not be read: access denied (S3 answered 403 ${awsMessage(error)}).`;
  if (deniedByCallerPolicy(error)) {
    return new StepError({
      text: `${what} The credentials lack a permission destroy needs ({0} prints them); the bucket was left as it is.`,
      commands: [{ command: "iam:policy" }],
    });
  }
  return new StepError(
    `${what} It may belong to another AWS account (bucket names are global), or these credentials may not read it; the bucket was left as it is. If it is not yours, name another bucket under aws.ivs.recording.buckets.${region}.`,
  );
}

/** Object versions and delete markers: counted up to {@link COUNT_LIMIT}, or all of them with their keys. */
async function listObjects(
  s3: S3Client,
  Bucket: string,
  withKeys: boolean,
): Promise<{ objects: number; moreObjects: boolean; keys?: ObjectKey[] }> {
  const { ListObjectVersionsCommand } = await import("../aws/sdk/s3.js");
  const keys: ObjectKey[] = [];
  let objects = 0;
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListObjectVersionsCommand({ Bucket, KeyMarker, VersionIdMarker, MaxKeys: PAGE_SIZE }),
    );
    const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])];
    objects += entries.length;
    if (withKeys) {
      for (const entry of entries)
        if (entry.Key !== undefined)
          keys.push({ Key: entry.Key, ...(entry.VersionId ? { VersionId: entry.VersionId } : {}) });
    }
    const done = withKeys ? { objects, moreObjects: false, keys } : { objects, moreObjects: false };
    if (!page.IsTruncated) return done;
    if (!withKeys && objects >= COUNT_LIMIT) return { objects, moreObjects: true };
    KeyMarker = page.NextKeyMarker;
    VersionIdMarker = page.NextVersionIdMarker;
  }
}

/**
 * The calls of destroy, on the buckets yolo made (an adopted bucket is never touched). Emptying
 * names each object's VersionId (S3 lists `null` for an unversioned bucket).
 */
export const destroyRecordingBucketCalls: CallDeclaration = (scope) => [
  {
    sid: "RecordingBuckets",
    access: "read",
    calls: ["S3.GetBucketTagging"],
    resources: arns.derivedRecordingBuckets(scope),
  },
  {
    sid: "RecordingBucketsTeardown",
    access: "read",
    calls: ["S3.ListObjectVersions"],
    resources: arns.derivedRecordingBuckets(scope),
  },
  {
    sid: "RecordingBucketsTeardown",
    access: "write",
    calls: ["S3.DeleteBucket"],
    resources: arns.derivedRecordingBuckets(scope),
  },
  {
    sid: "RecordingObjectsTeardown",
    access: "write",
    calls: [{ operation: "S3.DeleteObjects", with: ["VersionId"] }],
    resources: arns.derivedRecordingObjects(scope),
  },
];

/**
 * The calls of `yolo verify`'s bucket reads: HeadBucket finds the bucket and its region,
 * GetBucketLocation when it is elsewhere, GetBucketPolicy to evaluate the policy.
 */
export const verifyRecordingBucketCalls: CallDeclaration = (scope) => [
  {
    sid: "RecordingBuckets",
    access: "read",
    calls: ["S3.HeadBucket", "S3.GetBucketLocation", "S3.GetBucketPolicy", "S3.GetBucketTagging"],
    resources: arns.recordingBuckets(scope),
  },
];
