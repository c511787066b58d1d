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
import type { Change } from "../engine/result.js";
import { type ResourceStep, type StepContext, StepError } from "../engine/step.js";
import type { PermissionDeclaration } from "../iam/permissions.js";
import { arns } from "../iam/resources.js";
import { names, type Ownership, ownershipOf, type Tags, yoloTags } from "../manifest/names.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import { parsePolicyDocument } from "../policy/canonical.js";
import {
  mediaConvertRoleArn,
  RECORDING_BUCKET_OWNED_SIDS,
  recordingBucketStatements,
} from "../policy/documents.js";
import { mergeStatementsBySid } from "../policy/merge.js";
import type { PolicyDocument } from "../policy/types.js";
import { hint, recordingGate, syncStatus } from "./outcome.js";
import { applyTagDiff, diffTags, foreignOwnerPhrase, tagsFromList, tagsToList } from "./tags.js";

/** The object ownership the seed asks for (IVS accepts it and BucketOwnerEnforced alike). */
export const RECORDING_BUCKET_OWNERSHIP = "BucketOwnerPreferred";
export const RECORDING_BUCKET_ENCRYPTION = "AES256";
/** The ID of the one lifecycle rule the tool owns; other rules are kept. */
export const EXPIRE_RECORDINGS_RULE_ID = "yolo-expire-recordings";
const ALL_BLOCKED: Required<PublicAccessBlockConfiguration> = {
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
}

/**
 * How long and how often to retry a bucket policy that S3 refuses with `MalformedPolicy: Invalid
 * principal` — IAM takes a while to show a new role to S3 (AWS-FACTS §2.4).
 */
export interface PolicyRetryOptions {
  /** Give up once this much time has passed since the first attempt. */
  budgetMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_POLICY_RETRY: PolicyRetryOptions = {
  budgetMs: 60_000,
  firstDelayMs: 1_000,
  maxDelayMs: 10_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The recording bucket step, with its policy retry adjustable (tests shorten it). */
export function createRecordingBucketStep(
  options: { policyRetry?: Partial<PolicyRetryOptions> } = {},
): ResourceStep<LiveBucket> {
  const policyRetry: PolicyRetryOptions = { ...DEFAULT_POLICY_RETRY, ...options.policyRetry };
  return {
    id: "recording-bucket",
    description: "Sync IVS realtime recording bucket",
    scope: "region",
    dependsOn: [],
    // Only the MediaConvertRead statement needs the role: when the role step fails, the rest of
    // the bucket is still synced and that one statement is left as it is.
    softDependsOn: ["mediaconvert-role"],
    resourceName: (ctx) => recordingBucketName(ctx.config, ctx.region),
    gate: recordingGate,
    read: readBucket,
    apply: (ctx, live) => applyBucket(ctx, live, policyRetry),
  };
}

export const recordingBucketStep: ResourceStep<LiveBucket> = createRecordingBucketStep();

/**
 * The IAM permissions of this step's calls: the one round of Get* reads (plus iam:GetRole when
 * MediaConvert is on and `sync:iam` is not in the run), then each write it may make.
 * `s3:PutBucketOwnershipControls` is also what CreateBucket's `x-amz-object-ownership` header
 * needs; `s3:PutLifecycleConfiguration` covers DeleteBucketLifecycle too.
 */
export const recordingBucketPermissions: PermissionDeclaration = (scope) => [
  {
    sid: "RecordingBuckets",
    access: "read",
    actions: [
      "s3:GetBucketPolicy",
      "s3:GetBucketOwnershipControls",
      "s3:GetBucketPublicAccessBlock",
      "s3:GetEncryptionConfiguration",
      "s3:GetLifecycleConfiguration",
      "s3:GetBucketTagging",
    ],
    resources: arns.recordingBuckets(scope),
  },
  ...(scope.mediaconvert
    ? [
        {
          sid: "MediaConvertRole",
          access: "read",
          actions: ["iam:GetRole"],
          resources: arns.mediaConvertRole(scope),
        } as const,
      ]
    : []),
  {
    sid: "RecordingBuckets",
    access: "write",
    actions: [
      "s3:CreateBucket",
      "s3:PutBucketOwnershipControls",
      "s3:PutBucketTagging",
      "s3:PutBucketPublicAccessBlock",
      "s3:PutEncryptionConfiguration",
      "s3:PutLifecycleConfiguration",
      "s3:PutBucketPolicy",
    ],
    resources: arns.recordingBuckets(scope),
  },
];

type Setting<T> = { missing: true } | { missing: false; value: T | undefined };

/**
 * Read every setting in one concurrent round, with no HeadBucket: a missing bucket answers
 * NoSuchBucket to each call, a bucket elsewhere 301, another account's 403.
 */
async function readBucket(ctx: StepContext): Promise<LiveBucket> {
  const {
    GetBucketPolicyCommand,
    GetBucketOwnershipControlsCommand,
    GetPublicAccessBlockCommand,
    GetBucketEncryptionCommand,
    GetBucketLifecycleConfigurationCommand,
    GetBucketTaggingCommand,
  } = await import("@aws-sdk/client-s3");
  const s3 = await ctx.clients.s3(ctx.region);
  const Bucket = recordingBucketName(ctx.config, ctx.region);
  const setting =
    <T>(call: () => Promise<T>, notConfigured: string) =>
    () =>
      readSetting(ctx, Bucket, call, notConfigured);
  ctx.activity("reading bucket…");

  const [policy, ownership, publicAccessBlock, encryption, lifecycle, tags, role] = await ctx.all([
    setting(async () => (await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy, "NoSuchBucketPolicy"),
    setting(
      async () =>
        (await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))).OwnershipControls?.Rules?.[0]
          ?.ObjectOwnership,
      "OwnershipControlsNotFoundError",
    ),
    setting(
      async () => (await s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration,
      "NoSuchPublicAccessBlockConfiguration",
    ),
    setting(
      async () =>
        (await s3.send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration?.Rules,
      "ServerSideEncryptionConfigurationNotFoundError",
    ),
    setting(async () => {
      const out = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
      return {
        rules: out.Rules ?? [],
        minimumObjectSize: out.TransitionDefaultMinimumObjectSize,
      };
    }, "NoSuchLifecycleConfiguration"),
    setting(
      async () => tagsFromList((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet),
      "NoSuchTagSet",
    ),
    () => readMediaConvertRole(ctx),
  ] as const);

  const settings = [policy, ownership, publicAccessBlock, encryption, lifecycle, tags];
  if (settings.some((s) => s.missing)) return { bucket: Bucket, exists: false, mediaConvertRoleArn: role };
  const value = <T>(s: Setting<T>) => (s.missing ? undefined : s.value);
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
  };
}

async function readSetting<T>(
  ctx: StepContext,
  bucket: string,
  call: () => Promise<T>,
  notConfigured: string,
): Promise<Setting<T>> {
  try {
    return { missing: false, value: await call() };
  } catch (error) {
    if (isError(error, notConfigured)) return { missing: false, value: undefined };
    if (isError(error, "NoSuchBucket")) return { missing: true };
    throw bucketAccessError(error, bucket, ctx.region);
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

/** A 301 (bucket in another region) or 403 (a permission the caller lacks, or another account's bucket) as an error a user can act on. */
function bucketAccessError(error: unknown, bucket: string, region: string): unknown {
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
  if (status === 403 && deniedByCallerPolicy(error)) {
    return new StepError(
      `recording bucket ${bucket} could not be read: access denied (${awsMessage(error)}). The credentials lack a permission yolo needs: \`yolo iam:policy <env>\` prints the policy it runs with.`,
    );
  }
  if (status === 403) {
    return new StepError(
      `recording bucket ${bucket} belongs to another AWS account (S3 answered 403 ${awsMessage(error)}). Bucket names are global. ${fix}`,
    );
  }
  return error;
}

/** The role's ARN, null when it does not exist, undefined when this run need not know. */
async function readMediaConvertRole(ctx: StepContext): Promise<string | null | undefined> {
  if (!ctx.config.mediaconvert || ctx.stepsInRun.has("mediaconvert-role")) return undefined;
  const { GetRoleCommand } = await import("@aws-sdk/client-iam");
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
function mediaConvertReader(ctx: StepContext, live: LiveBucket): string | undefined {
  const { environment: env, app } = ctx.config;
  if (!ctx.config.mediaconvert) return undefined;
  let arn: string | undefined;
  if (ctx.stepsInRun.has("mediaconvert-role") && ctx.failed("mediaconvert-role")) {
    const kept = livePolicyStatement(live.policy, "MediaConvertRead");
    ctx.warn({
      region: ctx.region,
      step: ctx.stepId,
      message: `MediaConvertRead not attempted: mediaconvert-role failed; the bucket policy keeps its ${kept ? "current" : "missing"} MediaConvertRead statement.`,
    });
    return kept;
  }
  if (ctx.stepsInRun.has("mediaconvert-role")) {
    const outputs = ctx.outputsOf("mediaconvert-role");
    if (outputs?.roleExists === true)
      arn =
        (outputs.roleArn as string | undefined) ?? mediaConvertRoleArn({ account: ctx.account, env, app });
  } else {
    arn = live.mediaConvertRoleArn ?? undefined;
  }
  if (arn === undefined) {
    ctx.warn({
      region: ctx.region,
      step: ctx.stepId,
      message: `MediaConvert role ${names.mediaConvertRole(env, app)} does not exist yet: the bucket policy leaves out MediaConvertRead. Run ${hint(ctx, "sync:iam")} (or ${hint(ctx, "sync")}) to add it.`,
    });
  }
  return arn;
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
  return `recording bucket ${bucket} ${foreignOwnerPhrase(owner, env, app)}. yolo will not modify it. Rename this app, or name another bucket under aws.ivs.recording.buckets.${region}.`;
}

async function applyBucket(ctx: StepContext, live: LiveBucket, policyRetry: PolicyRetryOptions) {
  const s3Sdk = await import("@aws-sdk/client-s3");
  const s3 = await ctx.clients.s3(ctx.region);
  const { environment: env, app } = ctx.config;
  const Bucket = live.bucket;
  const adopted = isAdoptedByConsent(ctx.config, ctx.region);
  const changes: Change[] = [];
  let reason: string | undefined = adopted ? "adopted" : undefined;

  if (live.exists && !adopted) {
    const owner = ownershipOf(live.tags, env, app);
    if (owner.kind === "foreign")
      throw new StepError(foreignBucketMessage(Bucket, ctx.region, owner, env, app));
    if (owner.kind === "untagged") reason = "adopted (untagged)";
  }

  // Writes run one after another: S3 may answer OperationAborted to concurrent changes of one bucket.
  const writes: { activity: string; write: () => Promise<unknown> }[] = [];
  const plan = (change: Change, activity: string, write?: () => Promise<unknown>) => {
    changes.push(change);
    if (write) writes.push({ activity, write });
  };

  const created = !live.exists;
  if (created) {
    changes.push({ attribute: "bucket", from: null, to: Bucket });
    if (!ctx.dryRun) {
      ctx.activity("creating bucket…");
      await createBucket(s3, s3Sdk, Bucket, ctx.region);
    }
  }

  // Tags first, so that a crash right after create leaves a bucket this app recognises as its own.
  // A bucket adopted by consent is the user's: its tags say who made it, so they stay as they are.
  if (!adopted || created) {
    const tagDiff = diffTags(live.tags, yoloTags(env, app, Bucket));
    const next = applyTagDiff(live.tags, tagDiff);
    for (const change of tagDiff.changes) {
      plan(change, "tagging bucket…", () =>
        s3.send(new s3Sdk.PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: tagsToList(next) } })),
      );
    }
  }

  if (live.ownership !== RECORDING_BUCKET_OWNERSHIP) {
    // A new bucket gets its ownership in CreateBucket itself.
    plan(
      { attribute: "ownership", from: live.ownership ?? null, to: RECORDING_BUCKET_OWNERSHIP },
      "setting object ownership…",
      created
        ? undefined
        : () =>
            s3.send(
              new s3Sdk.PutBucketOwnershipControlsCommand({
                Bucket,
                OwnershipControls: { Rules: [{ ObjectOwnership: RECORDING_BUCKET_OWNERSHIP }] },
              }),
            ),
    );
  }

  if (!blocksAllPublicAccess(live.publicAccessBlock)) {
    plan(
      { attribute: "publicAccessBlock", from: live.publicAccessBlock ?? null, to: ALL_BLOCKED },
      "blocking public access…",
      () =>
        s3.send(
          new s3Sdk.PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: ALL_BLOCKED }),
        ),
    );
  }

  if (!hasExpectedEncryption(live.encryption)) {
    const from = live.encryption?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null;
    plan(
      { attribute: "encryption", from, to: RECORDING_BUCKET_ENCRYPTION },
      "setting default encryption…",
      () =>
        s3.send(
          new s3Sdk.PutBucketEncryptionCommand({
            Bucket,
            ServerSideEncryptionConfiguration: {
              Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: RECORDING_BUCKET_ENCRYPTION } }],
            },
          }),
        ),
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
    plan({ attribute: "lifecycle", from: liveRule ?? null, to: ourRule ?? null }, "setting lifecycle…", () =>
      rules.length === 0
        ? s3.send(new s3Sdk.DeleteBucketLifecycleCommand({ Bucket }))
        : s3.send(
            new s3Sdk.PutBucketLifecycleConfigurationCommand({
              Bucket,
              LifecycleConfiguration: { Rules: rules },
              ...(live.lifecycleMinimumObjectSize
                ? { TransitionDefaultMinimumObjectSize: live.lifecycleMinimumObjectSize }
                : {}),
            }),
          ),
    );
  }

  const livePolicy: PolicyDocument | undefined = live.policy ? parsePolicyDocument(live.policy) : undefined;
  const owned = recordingBucketStatements({
    bucket: Bucket,
    region: ctx.region,
    mediaConvertRoleArn: mediaConvertReader(ctx, live),
  });
  const merged = mergeStatementsBySid(livePolicy, owned, RECORDING_BUCKET_OWNED_SIDS);
  for (const change of merged.changes)
    changes.push({ attribute: `policy.${change.sid}`, from: change.from, to: change.to });
  if (merged.changes.length > 0) {
    writes.push({
      activity: "writing bucket policy…",
      write: () =>
        putPolicyWithRetry(
          () =>
            s3.send(new s3Sdk.PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(merged.document) })),
          policyRetry,
        ),
    });
  }

  if (!ctx.dryRun) {
    for (const { activity, write } of writes) {
      ctx.activity(activity);
      await write();
    }
  }

  const status = syncStatus(created, changes, ctx.dryRun);
  return {
    status,
    resource: Bucket,
    changes,
    reason,
    outputs: { bucket: Bucket, exists: !created || !ctx.dryRun },
  } as const;
}

async function createBucket(
  s3: S3Client,
  sdk: typeof import("@aws-sdk/client-s3"),
  Bucket: string,
  region: string,
): Promise<void> {
  try {
    await s3.send(
      new sdk.CreateBucketCommand({
        Bucket,
        ObjectOwnership: RECORDING_BUCKET_OWNERSHIP,
        // us-east-1 takes no LocationConstraint: naming it explicitly is an InvalidLocationConstraint.
        ...(region === "us-east-1"
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as any } }),
      }),
    );
  } catch (error) {
    // Another run created it between our read and now: carry on and converge its settings.
    if (isError(error, "BucketAlreadyOwnedByYou")) return;
    if (isError(error, "BucketAlreadyExists")) {
      throw new StepError(
        `recording bucket ${Bucket} belongs to another AWS account (bucket names are global). Name another bucket under aws.ivs.recording.buckets.${region}.`,
      );
    }
    throw error;
  }
}

/**
 * PutBucketPolicy, retried with exponential backoff while S3 answers `MalformedPolicy: Invalid
 * principal` (a role created moments ago is not visible to S3 yet), for at most `budgetMs`.
 */
export async function putPolicyWithRetry<T>(
  put: () => Promise<T>,
  options: PolicyRetryOptions = DEFAULT_POLICY_RETRY,
): Promise<T> {
  const started = Date.now();
  let delay = options.firstDelayMs;
  for (;;) {
    try {
      return await put();
    } catch (error) {
      const invalidPrincipal =
        isError(error, "MalformedPolicy") && /invalid principal/i.test(awsMessage(error));
      if (!invalidPrincipal || Date.now() - started + delay > options.budgetMs) throw error;
      await options.sleep(delay);
      delay = Math.min(delay * 2, options.maxDelayMs);
    }
  }
}
