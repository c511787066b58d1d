/**
 * The app's IVS storage configuration in one region: its `s3.bucketName` is that region's
 * recording bucket (a storage configuration can only use a bucket in its own region). Immutable in
 * AWS, so a wrong bucket means replace; the low quota (5 per region) means find, never re-create.
 * Destroy deletes every one of the app's, before its bucket.
 */
import type { StorageConfigurationSummary } from "@aws-sdk/client-ivs-realtime";
import { collectByNextToken } from "../aws/paginate.js";
import type { ErrorAnswer, StepPlan } from "../engine/plan.js";
import type { EarlyReadContext, PlanContext, ResourceStep } from "../engine/step.js";
import type { CallDeclaration, DeclaredCalls } from "../iam/calls.js";
import type { PermissionScope } from "../iam/permissions.js";
import { ANY_RESOURCE, arns } from "../iam/resources.js";
import { names } from "../manifest/names.js";
import { configurationUsesCalls, withConfigurationUses } from "./composition-usage.js";
import { recordingGate } from "./gates.js";
import {
  type ConfigurationsForDestroy,
  type IvsConfiguration,
  planConfigurationSync,
  planConfigurationsDestroy,
} from "./ivs-configurations.js";
import { NEW_BUCKET_BUDGET_MS, recordingBucketName } from "./recording-bucket.js";

export interface LiveStorageConfiguration extends IvsConfiguration {
  bucketName?: string;
}

/** Every storage configuration of the region (List answers carry name, bucket and tags). */
export function readStorageConfigurations(ctx: EarlyReadContext): Promise<LiveStorageConfiguration[]> {
  // Once per region and run: `sync --prune` also asks which of them record into yolo's old bucket.
  return ctx.once(`ListStorageConfigurations@${ctx.region}`, async () => {
    const { ListStorageConfigurationsCommand } = await import("../aws/sdk/ivs.js");
    const ivs = await ctx.clients.ivs(ctx.region);
    const summaries = await collectByNextToken(
      (nextToken) => ivs.send(new ListStorageConfigurationsCommand({ nextToken })),
      (page) => page.storageConfigurations,
    );
    return summaries
      .filter((s): s is StorageConfigurationSummary & { arn: string } => s.arn !== undefined)
      .map(toLive);
  });
}

/** Pure: the one storage configuration recording into the region's bucket. */
export function planStorageConfigurationSync(ctx: PlanContext, live: LiveStorageConfiguration[]): StepPlan {
  const name = names.storageConfiguration(ctx.config.environment, ctx.config.app);
  const bucketOutputs = ctx.outputsOf("recording-bucket");
  const bucket = (bucketOutputs?.bucket as string | undefined) ?? recordingBucketName(ctx.config, ctx.region);
  // IVS reads the bucket's location while it creates; a bucket this run made may not be visible to
  // it yet. Only then is "does not exist" worth waiting out: an older bucket that is missing stays so.
  const createdThisRun = bucketOutputs?.createdThisRun === true;
  return planConfigurationSync(ctx, {
    kind: "storage configuration",
    name,
    live,
    attribute: "bucket",
    desired: bucket,
    valueOf: (c) => c.bucketName ?? null,
    fits: (c) => c.bucketName === bucket,
    create: {
      operation: "CreateStorageConfiguration",
      input: { name, s3: { bucketName: bucket } },
      arnAt: "storageConfiguration.arn",
      ...(createdThisRun ? { onError: [bucketNotVisibleYet] } : {}),
    },
    deleteOperation: "DeleteStorageConfiguration",
    output: "storageConfigurationArn",
    currentOutput: "currentStorageConfigurationArn",
  });
}

/** IVS's answer for a bucket it cannot see (yet), retried as long as S3 writes on a new bucket are. */
const bucketNotVisibleYet: ErrorAnswer = {
  when: { codes: ["ValidationException"], message: "does not exist" },
  means: "retry",
  budgetMs: NEW_BUCKET_BUDGET_MS,
};

export const storageConfigurationStep: ResourceStep<LiveStorageConfiguration[]> = {
  id: "storage-configuration",
  services: ["ivs"],
  resourceName: (ctx) => names.storageConfiguration(ctx.config.environment, ctx.config.app),
  description: "Sync IVS storage configuration",
  scope: "region",
  dependsOn: ["recording-bucket"],
  gate: recordingGate,
  read: readStorageConfigurations,
  readEarly: readStorageConfigurations,
  plan: planStorageConfigurationSync,
};

/** Destroy's read: every storage configuration of the region, and the compositions that use the app's. */
function readStorageConfigurationsForDestroy(ctx: EarlyReadContext): Promise<ConfigurationsForDestroy> {
  return withConfigurationUses(
    ctx,
    readStorageConfigurations,
    names.storageConfiguration(ctx.config.environment, ctx.config.app),
  );
}

/** Delete the app's storage configurations in the region (before its bucket). */
export const destroyStorageConfigurationStep: ResourceStep<ConfigurationsForDestroy> = {
  id: "storage-configuration",
  services: ["ivs"],
  description: "Destroy IVS storage configuration",
  scope: "region",
  dependsOn: [],
  gate: () => ({ enabled: true }),
  read: readStorageConfigurationsForDestroy,
  readEarly: readStorageConfigurationsForDestroy,
  plan: (ctx, live) =>
    planConfigurationsDestroy(ctx, {
      kind: "storage configuration",
      name: names.storageConfiguration(ctx.config.environment, ctx.config.app),
      ...live,
      deleteOperation: "DeleteStorageConfiguration",
    }),
};

/**
 * What IVS does with the caller's permissions to a storage configuration's bucket (AWS-FACTS
 * §1.6, CloudFormation's handler permissions): on create it reads the bucket's region and merges
 * its `CompositeWrite-*` statement into the policy; on delete it takes the statement out again,
 * re-putting the policy or deleting it when nothing is left.
 */
export function ivsBucketPolicyCalls(
  scope: PermissionScope,
  on: { create: boolean; remove: boolean },
): DeclaredCalls {
  const onCreate = ["S3.GetBucketLocation", "S3.GetBucketPolicy", "S3.PutBucketPolicy"] as const;
  const onDelete = ["S3.GetBucketPolicy", "S3.PutBucketPolicy", "S3.DeleteBucketPolicy"] as const;
  return {
    sid: "RecordingBucketPolicyByIvs",
    access: "write",
    calls: [...new Set([...(on.create ? onCreate : []), ...(on.remove ? onDelete : [])])],
    resources: arns.recordingBuckets(scope),
    onBehalfOf: "ivs",
  };
}

/**
 * The calls of this step: List (no resource-level permission exists), Create with tags,
 * TagResource on drift, and Delete when a configuration is replaced or a duplicate removed —
 * plus what IVS does on the caller's behalf.
 */
export const storageConfigurationCalls: CallDeclaration = (scope) => [
  {
    sid: "IvsListConfigurations",
    access: "read",
    calls: ["IVSRealTime.ListStorageConfigurations"],
    resources: [ANY_RESOURCE],
  },
  {
    sid: "IvsStorageConfigurations",
    access: "write",
    calls: [
      { operation: "IVSRealTime.CreateStorageConfiguration", with: ["Tags"] },
      "IVSRealTime.TagResource",
      "IVSRealTime.DeleteStorageConfiguration",
    ],
    resources: arns.storageConfigurations(scope),
  },
  ivsBucketPolicyCalls(scope, { create: true, remove: true }),
];

function toLive(summary: StorageConfigurationSummary & { arn: string }): LiveStorageConfiguration {
  return { arn: summary.arn, name: summary.name, tags: summary.tags, bucketName: summary.s3?.bucketName };
}

/** The calls of destroy (its read of the compositions too), and what IVS does to the bucket policy on delete. */
export const destroyStorageConfigurationCalls: CallDeclaration = (scope) => [
  {
    sid: "IvsListConfigurations",
    access: "read",
    calls: ["IVSRealTime.ListStorageConfigurations"],
    resources: [ANY_RESOURCE],
  },
  ...configurationUsesCalls(scope),
  {
    sid: "IvsStorageConfigurations",
    access: "write",
    calls: ["IVSRealTime.DeleteStorageConfiguration"],
    resources: arns.storageConfigurations(scope),
  },
  ivsBucketPolicyCalls(scope, { create: false, remove: true }),
];

/** The calls of `yolo verify`'s storage configuration read. */
export const verifyStorageConfigurationCalls: CallDeclaration = () => [
  {
    sid: "IvsListConfigurations",
    access: "read",
    calls: ["IVSRealTime.ListStorageConfigurations"],
    resources: [ANY_RESOURCE],
  },
];
