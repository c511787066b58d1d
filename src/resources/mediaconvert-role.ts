/**
 * The MediaConvert role, as yolo makes it: trusted by mediaconvert.amazonaws.com, with the
 * AmazonS3FullAccess and AmazonAPIGatewayInvokeFullAccess managed policies attached. IAM is
 * global, so this step runs once per run (region key `global`). Destroy first takes the
 * `MediaConvertRead` statement out of the recording buckets' policies (a deleted role would stay
 * there as its unique id, which S3 then refuses in every later policy write), then detaches and
 * deletes its policies, then the role.
 */

import type { AttachedPolicy, Role } from "@aws-sdk/client-iam";
import { httpStatus, isError } from "../aws/errors.js";
import { collectByMarker } from "../aws/paginate.js";
import { type Action, alreadyDone, type ErrorAnswer, failWith, type StepPlan } from "../engine/plan.js";
import type { Change } from "../engine/result.js";
import type { EarlyReadContext, PlanContext, ResourceStep } from "../engine/step.js";
import { StepError } from "../errors/yolo-error.js";
import type { CallDeclaration } from "../iam/calls.js";
import { arns } from "../iam/resources.js";
import { names, ownershipOf, yoloTags } from "../manifest/names.js";
import { parsePolicyDocument, policiesEqual, statementsOf } from "../policy/canonical.js";
import { mediaConvertTrustPolicy } from "../policy/documents.js";
import { mergeStatementsBySid } from "../policy/merge.js";
import { mediaConvertGate, recordingGate } from "./gates.js";
import { claimForDeletion, nothingToDelete } from "./ownership.js";
import {
  deniedByCallerPolicy,
  readReplacedBucketTags,
  recordingBucketName,
  replacedBucketName,
} from "./recording-bucket.js";
import { diffTags, foreignOwnerRefusal, tagsFromList, tagsToList } from "./tags.js";

export const MEDIACONVERT_MANAGED_POLICIES = [
  "arn:aws:iam::aws:policy/AmazonS3FullAccess",
  "arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess",
];

export const MEDIACONVERT_ROLE_DESCRIPTION = "MediaConvert role managed by yolo";

export interface LiveRole {
  role?: Role;
  attached: AttachedPolicy[];
  /** The inline policy names (destroy's read only: sync never adds or removes inline policies). */
  inline?: string[];
  /** Destroy's read only: the recording buckets whose policy grants the role `MediaConvertRead`. */
  readers?: BucketReader[];
}

/** A recording bucket's policy that names the role, as read. */
export interface BucketReader {
  region: string;
  bucket: string;
  policy: string;
}

const MEDIACONVERT_READ_SID = "MediaConvertRead";

export function mediaConvertRoleArn(account: string, env: string, app: string): string {
  return `arn:aws:iam::${account}:role/${names.mediaConvertRole(env, app)}`;
}

/**
 * The role with its tags, its managed policies and, for destroy (`inline`), its inline policy names
 * and the recording buckets whose policy names it.
 */
export async function readRole(ctx: EarlyReadContext, { inline = false } = {}): Promise<LiveRole> {
  const { GetRoleCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } = await import(
    "../aws/sdk/iam.js"
  );
  const iam = await ctx.clients.iam(ctx.config.homeRegion);
  const RoleName = names.mediaConvertRole(ctx.config.environment, ctx.config.app);
  const absentAs =
    <T>(fallback: T, call: () => Promise<T>) =>
    async () => {
      try {
        return await call();
      } catch (error) {
        if (isMissingRole(error)) return fallback;
        throw error;
      }
    };
  const [role, attached, inlineNames, readers] = await ctx.all([
    absentAs(
      undefined as Role | undefined,
      async () => (await iam.send(new GetRoleCommand({ RoleName }))).Role,
    ),
    absentAs([] as AttachedPolicy[], () =>
      collectByMarker(
        (Marker) => iam.send(new ListAttachedRolePoliciesCommand({ RoleName, Marker })),
        (page) => page.AttachedPolicies,
      ),
    ),
    absentAs(undefined as string[] | undefined, async () =>
      inline
        ? collectByMarker(
            (Marker) => iam.send(new ListRolePoliciesCommand({ RoleName, Marker })),
            (page) => page.PolicyNames,
          )
        : undefined,
    ),
    async () => (inline && recordingGate(ctx.config).enabled ? readBucketReaders(ctx) : undefined),
  ] as const);
  return {
    role,
    attached,
    ...(inlineNames ? { inline: inlineNames } : {}),
    ...(readers ? { readers } : {}),
  };
}

/**
 * The recording buckets whose policy has a `MediaConvertRead` statement, one GetBucketPolicy per
 * bucket at once: each region's bucket and, in a region whose `recording.buckets` names another,
 * yolo's own bucket of before (sync granted the role there too). A bucket that is missing, has no
 * policy or lives in another region (301, or AuthorizationHeaderMalformed) names no role of ours
 * there; neither does another account's bucket with yolo's old name (a bare 403).
 */
async function readBucketReaders(ctx: EarlyReadContext): Promise<BucketReader[]> {
  const { GetBucketPolicyCommand } = await import("../aws/sdk/s3.js");
  const buckets = ctx.config.regions.flatMap((region) => {
    const replaced = replacedBucketName(ctx.config, region);
    return [
      { region, bucket: recordingBucketName(ctx.config, region), replaced: false },
      ...(replaced !== undefined ? [{ region, bucket: replaced, replaced: true }] : []),
    ];
  });
  const found = await ctx.all(
    buckets.map(({ region, bucket, replaced }) => async (): Promise<BucketReader | undefined> => {
      try {
        // yolo's old bucket is edited only when its tags say it is this app's (SPEC §3).
        if (replaced) {
          const owned = await readReplacedBucketTags({ ...ctx, region }, bucket);
          if (owned === undefined || "denied" in owned) return undefined;
        }
        const s3 = await ctx.clients.s3(region);
        const policy = (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
        if (policy === undefined || !namesMediaConvertRead(policy)) return undefined;
        return { region, bucket, policy };
      } catch (error) {
        if (
          isError(
            error,
            "NoSuchBucket",
            "NoSuchBucketPolicy",
            "PermanentRedirect",
            "AuthorizationHeaderMalformed",
          )
        )
          return undefined;
        if (httpStatus(error) === 301) return undefined;
        if (replaced && httpStatus(error) === 403 && !deniedByCallerPolicy(error)) return undefined;
        throw error;
      }
    }),
  );
  return found.filter((reader): reader is BucketReader => reader !== undefined);
}

function namesMediaConvertRead(policy: string): boolean {
  try {
    return statementsOf(parsePolicyDocument(policy)).some((s) => s.Sid === MEDIACONVERT_READ_SID);
  } catch {
    return false;
  }
}

/** Take `MediaConvertRead` out of a bucket's policy: the rest re-put, or the policy deleted when nothing is left. */
function withoutMediaConvertRead({ region, bucket, policy }: BucketReader): {
  change: Change;
  action: Action;
} {
  const document = parsePolicyDocument(policy);
  const removed = statementsOf(document).find((s) => s.Sid === MEDIACONVERT_READ_SID) ?? null;
  const rest = mergeStatementsBySid(document, [], [MEDIACONVERT_READ_SID]).document;
  // The bucket may be deleted by the same destroy meanwhile, or busy with another change of it.
  const onError: ErrorAnswer[] = [
    alreadyDone("NoSuchBucket", "NoSuchBucketPolicy"),
    { when: { codes: ["OperationAborted"] }, means: "retry", budgetMs: 30_000 },
  ];
  return {
    change: { attribute: `${bucket}.policy.${MEDIACONVERT_READ_SID}`, from: removed, to: null },
    action:
      statementsOf(rest).length === 0
        ? { service: "s3", region, operation: "DeleteBucketPolicy", input: { Bucket: bucket }, onError }
        : {
            service: "s3",
            region,
            operation: "PutBucketPolicy",
            input: { Bucket: bucket, Policy: JSON.stringify(rest) },
            onError,
          },
  };
}

const isMissingRole = (error: unknown) => isError(error, "NoSuchEntityException", "NoSuchEntity");
const ROLE_MISSING = ["NoSuchEntityException", "NoSuchEntity"];

/** Pure: create the role, or repair its trust policy, tags and managed policies. */
export function planRoleSync(ctx: PlanContext, live: LiveRole): StepPlan {
  const { environment: env, app } = ctx.config;
  const RoleName = names.mediaConvertRole(env, app);
  const roleArn = live.role?.Arn ?? mediaConvertRoleArn(ctx.account, env, app);
  const trust = mediaConvertTrustPolicy();
  const desiredTags = yoloTags(env, app, RoleName);
  const changes: Change[] = [];
  const actions: Action[] = [];
  let reason: string | undefined;

  const liveTags = tagsFromList(live.role?.Tags);
  if (live.role) {
    const owner = ownershipOf(liveTags, env, app);
    if (owner.kind === "foreign")
      throw new StepError(foreignOwnerRefusal(`IAM role ${RoleName}`, owner, env, app));
    if (owner.kind === "untagged") reason = "adopted (untagged)";
  }

  const created = !live.role;
  if (created) {
    changes.push({ attribute: "role", from: null, to: RoleName });
    actions.push({
      service: "iam",
      operation: "CreateRole",
      input: {
        RoleName,
        AssumeRolePolicyDocument: JSON.stringify(trust),
        Description: MEDIACONVERT_ROLE_DESCRIPTION,
        Tags: tagsToList(desiredTags),
      },
      activity: "creating role…",
      // Another run of yolo for this app created it since our read: it is there, go on
      // (attaching a managed policy that is already attached changes nothing).
      onError: [alreadyDone("EntityAlreadyExistsException", "EntityAlreadyExists")],
    });
  } else {
    const liveTrust = live.role?.AssumeRolePolicyDocument
      ? parsePolicyDocument(live.role.AssumeRolePolicyDocument)
      : undefined;
    if (!liveTrust || !policiesEqual(liveTrust, trust)) {
      changes.push({ attribute: "trustPolicy", from: liveTrust ?? null, to: trust });
      actions.push({
        service: "iam",
        operation: "UpdateAssumeRolePolicy",
        input: { RoleName, PolicyDocument: JSON.stringify(trust) },
      });
    }
    const tagDiff = diffTags(liveTags, desiredTags);
    changes.push(...tagDiff.changes);
    if (Object.keys(tagDiff.toSet).length > 0)
      actions.push({
        service: "iam",
        operation: "TagRole",
        input: { RoleName, Tags: tagsToList(tagDiff.toSet) },
      });
  }

  const attached = new Set(live.attached.map((p) => p.PolicyArn));
  for (const PolicyArn of MEDIACONVERT_MANAGED_POLICIES) {
    if (attached.has(PolicyArn)) continue;
    changes.push({ attribute: "attachedPolicy", from: null, to: PolicyArn });
    actions.push({ service: "iam", operation: "AttachRolePolicy", input: { RoleName, PolicyArn } });
  }
  return {
    status: created ? "CREATED" : "SYNCED",
    resource: RoleName,
    changes,
    ...(reason !== undefined ? { reason } : {}),
    // Later steps plan with the ARN the role has or, in a dry run, would have.
    outputs: { roleArn, roleExists: true },
    actions,
  };
}

/** Pure: IAM deletes no role that still has policies: detach the managed ones, delete the inline ones, then the role. */
export function planRoleDestroy(ctx: PlanContext, live: LiveRole): StepPlan {
  const RoleName = names.mediaConvertRole(ctx.config.environment, ctx.config.app);
  if (!live.role) return nothingToDelete();
  const reason = claimForDeletion(ctx, `IAM role ${RoleName}`, tagsFromList(live.role.Tags));
  const inline = live.inline ?? [];
  const gone = [alreadyDone(...ROLE_MISSING)];
  const readers = reason === undefined ? (live.readers ?? []).map(withoutMediaConvertRead) : [];
  return {
    status: "DELETED",
    resource: RoleName,
    changes: [
      ...readers.map((r) => r.change),
      ...live.attached.map((p) => ({ attribute: "attachedPolicy", from: p.PolicyArn ?? null, to: null })),
      ...inline.map((name) => ({ attribute: "inlinePolicy", from: name, to: null })),
      { attribute: "role", from: RoleName, to: null },
    ],
    ...(reason !== undefined ? { reason } : {}),
    actions: [
      ...readers.map((r, index) => ({
        ...r.action,
        ...(index === 0 ? { activity: "taking MediaConvertRead out of bucket policies…" } : {}),
      })),
      ...live.attached.map(
        (policy, index): Action => ({
          service: "iam",
          operation: "DetachRolePolicy",
          input: { RoleName, PolicyArn: policy.PolicyArn },
          ...(index === 0 ? { activity: "deleting role…" } : {}),
          onError: gone,
        }),
      ),
      ...inline.map(
        (PolicyName): Action => ({
          service: "iam",
          operation: "DeleteRolePolicy",
          input: { RoleName, PolicyName },
          onError: gone,
        }),
      ),
      {
        service: "iam",
        operation: "DeleteRole",
        input: { RoleName },
        activity: "deleting role…",
        onError: [
          ...gone,
          failWith(
            `IAM role ${RoleName} cannot be deleted yet (IAM answered DeleteConflict): something attached to it since it was read, or an instance profile holds it. Remove that and re-run.`,
            "DeleteConflict",
            "DeleteConflictException",
          ),
        ],
      },
    ],
  };
}

export const mediaConvertRoleStep: ResourceStep<LiveRole> = {
  id: "mediaconvert-role",
  services: ["iam", "s3"],
  resourceName: (ctx) => names.mediaConvertRole(ctx.config.environment, ctx.config.app),
  description: "Sync MediaConvert role",
  scope: "global",
  dependsOn: [],
  gate: mediaConvertGate,
  read: (ctx) => readRole(ctx),
  readEarly: (ctx) => readRole(ctx),
  plan: planRoleSync,
};

export const destroyMediaConvertRoleStep: ResourceStep<LiveRole> = {
  id: "mediaconvert-role",
  services: ["iam", "s3"],
  description: "Destroy MediaConvert role",
  scope: "global",
  dependsOn: [],
  gate: () => ({ enabled: true }),
  read: (ctx) => readRole(ctx, { inline: true }),
  readEarly: (ctx) => readRole(ctx, { inline: true }),
  plan: planRoleDestroy,
};

/**
 * The calls of this step: CreateRole with tags, TagRole on drift, and AttachRolePolicy allowed
 * only for the two managed policies the role gets (so the policy cannot be used to attach others).
 */
export const mediaConvertRoleCalls: CallDeclaration = (scope) => [
  {
    sid: "MediaConvertRole",
    access: "read",
    calls: ["IAM.GetRole", "IAM.ListAttachedRolePolicies"],
    resources: arns.mediaConvertRole(scope),
  },
  {
    sid: "MediaConvertRole",
    access: "write",
    calls: [{ operation: "IAM.CreateRole", with: ["Tags"] }, "IAM.TagRole", "IAM.UpdateAssumeRolePolicy"],
    resources: arns.mediaConvertRole(scope),
  },
  {
    sid: "MediaConvertRoleAttachPolicies",
    access: "write",
    calls: ["IAM.AttachRolePolicy"],
    resources: arns.mediaConvertRole(scope),
    condition: { ArnEquals: { "iam:PolicyARN": MEDIACONVERT_MANAGED_POLICIES } },
  },
];

/** The IAM permissions of destroy's calls. */
export const destroyMediaConvertRoleCalls: CallDeclaration = (scope) => [
  {
    sid: "MediaConvertRole",
    access: "read",
    calls: ["IAM.GetRole", "IAM.ListAttachedRolePolicies"],
    resources: arns.mediaConvertRole(scope),
  },
  {
    sid: "MediaConvertRoleTeardown",
    access: "read",
    calls: ["IAM.ListRolePolicies"],
    resources: arns.mediaConvertRole(scope),
  },
  {
    sid: "MediaConvertRoleTeardown",
    access: "write",
    calls: ["IAM.DetachRolePolicy", "IAM.DeleteRolePolicy", "IAM.DeleteRole"],
    resources: arns.mediaConvertRole(scope),
  },
  // MediaConvertRead comes out of the recording buckets' policies before the role goes.
  ...(scope.recording ? bucketReaderCalls(scope) : []),
];

const bucketReaderCalls: CallDeclaration = (scope) => [
  {
    sid: "RecordingBuckets",
    access: "read",
    // GetBucketTagging: whether yolo's old bucket of an overridden region is this app's.
    calls: ["S3.GetBucketPolicy", "S3.GetBucketTagging"],
    resources: arns.recordingBuckets(scope),
  },
  {
    sid: "RecordingBuckets",
    access: "write",
    calls: ["S3.PutBucketPolicy", "S3.DeleteBucketPolicy"],
    resources: arns.recordingBuckets(scope),
  },
];
