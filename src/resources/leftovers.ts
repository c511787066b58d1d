/**
 * Leftovers: resources of this app and environment that the manifest no longer asks for — what
 * a feature switched off with `false` (`logging: false`, `recording: {real_time: false}`) left in
 * the listed regions, and everything of the app in an IVS region the manifest no longer lists.
 * `sync` reports them ORPHANED, naming the destroy command that removes them; `sync --prune`
 * deletes them with destroy's own plans, so destroy's rules hold (a bucket holding recordings is
 * RETAINED unless `--delete-recordings`, an adopted bucket is never deleted, the shared Logs
 * policy goes only with the environment's last log group, another app's resource is left alone).
 *
 * A leftover step is a destroy step whose read starts with a probe: one cheap call per resource
 * kind and region says whether anything of the app can be there, and only then is destroy's
 * read made. A region with nothing of the app costs five calls, made at once.
 */
import type { ListTargetsByRuleCommandOutput } from "@aws-sdk/client-eventbridge";
import { awsMessage, isError } from "../aws/errors.js";
import { type Message, noActions, type StepPlan } from "../engine/plan.js";
import type { StepId } from "../engine/result.js";
import {
  AfterIdentity,
  type EarlyReadContext,
  type PlanContext,
  type ResourceStep,
  type StepContext,
} from "../engine/step.js";
import { StepError } from "../errors/yolo-error.js";
import type { DeclaredCalls } from "../iam/calls.js";
import type { PermissionScope } from "../iam/permissions.js";
import { ANY_RESOURCE, arns } from "../iam/resources.js";
import { names, ownershipOf, type Tags } from "../manifest/names.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import {
  destroyEncoderConfigurationStep,
  encoderConfigurationStep,
  listEncoderConfigurations,
} from "./encoder-configuration.js";
import type { LiveRule } from "./eventbridge-rule.js";
import { destroyEventBridgeRuleStep, eventBridgeRuleStep } from "./eventbridge-rule.js";
import type { LiveTarget } from "./eventbridge-target.js";
import { destroyEventBridgeTargetStep, eventBridgeTargetStep } from "./eventbridge-target.js";
import { loggingGate, recordingGate } from "./gates.js";
import type { ConfigurationsForDestroy } from "./ivs-configurations.js";
import { destroyLogGroupStep, type LiveLogGroup, logGroupStep } from "./log-group.js";
import {
  destroyRecordingBucketStep,
  isAdoptedByConsent,
  type LiveBucketForDestroy,
  readBucketTags,
  readReplacedBucketTags,
  recordingBucketName,
  recordingBucketStep,
  replacedBucketName,
} from "./recording-bucket.js";
import {
  destroyStorageConfigurationStep,
  readStorageConfigurations,
  storageConfigurationStep,
} from "./storage-configuration.js";

/** The regional parts of an app whose leftovers sync looks for (the global role is not searched). */
export type LeftoverPart = "recording" | "logging";

/** The switches sync hands the leftover steps through `RunContext.options`. */
export interface LeftoverOptions {
  /** `sync --prune`: delete the leftovers (destroy's plans), instead of reporting them ORPHANED. */
  prune: boolean;
}

/** The reason a leftover step reports when the credentials may not look (never "nothing left"). */
export const NOT_SEARCHED = "not searched for leftovers: access denied to";

function leftoverOptions(ctx: Pick<PlanContext, "options">): LeftoverOptions {
  return { prune: (ctx.options as Partial<LeftoverOptions>).prune === true };
}

/** What a probe or a read answers when the credentials may not make the call. */
interface Denied {
  denied: string;
}

/** The IAM action an AccessDenied answer names ("… not authorized to perform: events:DescribeRule …"). */
function deniedAction(error: unknown): string {
  return /perform: ([\w-]+:\w+)/.exec(awsMessage(error))?.[1] ?? "the call";
}

function isAccessDenied(error: unknown): boolean {
  return isError(error, "AccessDenied", "AccessDeniedException");
}

/**
 * Whether sync looks for leftovers of a part at all: the part is on (in regions no longer
 * listed), or the manifest switches it off with `false`. A part never mentioned is not searched:
 * no call, and no permission needed for it (`ivs: true` has no recording).
 */
export function searchesPart(config: EnvironmentConfig, part: LeftoverPart): boolean {
  if (!config.ivsEnabled) return false;
  const feature = config[part];
  return feature.enabled || feature.switchedOff === true;
}

/** Whether the part is on in the manifest (then `destroy --region R` removes it from a dropped region). */
function partOn(config: EnvironmentConfig, part: LeftoverPart): boolean {
  return (part === "recording" ? recordingGate : loggingGate)(config).enabled;
}

/** Why the resource is a leftover, and the command that removes it. */
function leftoverReason(ctx: PlanContext, part: LeftoverPart): Message {
  if (!ctx.config.regions.includes(ctx.region)) {
    const command = partOn(ctx.config, part) ? "destroy" : `destroy:${part}`;
    return {
      text: "not in aws.ivs.regions any more; {0} removes it",
      commands: [{ command, extra: ["--region", ctx.region] }],
    };
  }
  return {
    text: `${part} is off in the manifest; {0} removes it`,
    commands: [{ command: `destroy:${part}` }],
  };
}

/** Why the resource is being deleted (prune), before destroy's own notes. */
function pruneReason(ctx: PlanContext, part: LeftoverPart, notes: Message | undefined): Message {
  const why = ctx.config.regions.includes(ctx.region)
    ? `${part} is off in the manifest`
    : "not in aws.ivs.regions any more";
  if (notes === undefined) return why;
  if (typeof notes === "string") return `${why}; ${notes}`;
  return {
    ...notes,
    text: `${why}; ${notes.text}`,
    ...(notes.plannedText !== undefined ? { plannedText: `${why}; ${notes.plannedText}` } : {}),
  };
}

/** A found resource whose yolo tags name another app or environment: not a leftover of this one. */
function foreign(ctx: PlanContext, tags: Tags | undefined): boolean {
  return ownershipOf(tags, ctx.config.environment, ctx.config.app).kind === "foreign";
}

interface LeftoverKind<Live> {
  /** The sync step whose row the leftover shows in (its id, description and gate reason). */
  sync: ResourceStep<any>;
  /** The destroy step that plans (and, with --prune, carries out) the deletion. */
  destroy: ResourceStep<Live>;
  part: LeftoverPart;
  /**
   * One cheap call: a Live to plan from as it is (nothing of the app is there, or enough to report
   * what is), undefined when destroy's full read is needed.
   */
  probe?(ctx: EarlyReadContext, options: LeftoverOptions): Promise<Live | undefined>;
  /** Only what is this app's: undefined when the resource found belongs to another app or environment. */
  ours(ctx: PlanContext, live: Live): Live | undefined;
}

/** Sync's leftover step for one kind of resource. */
function leftoverStep<Live>(kind: LeftoverKind<Live>): ResourceStep<Live | Denied> {
  const { sync, destroy, part } = kind;
  const gate = part === "recording" ? recordingGate : loggingGate;
  const denied = (error: unknown): Denied => {
    if (isAccessDenied(error)) return { denied: deniedAction(error) };
    throw error;
  };
  const probe = (ctx: EarlyReadContext): Promise<Live | Denied | undefined> =>
    kind.probe ? kind.probe(ctx, leftoverOptions(ctx)).catch(denied) : Promise.resolve(undefined);
  const fullRead = (ctx: StepContext): Promise<Live | Denied> => destroy.read(ctx).catch(denied);
  return {
    id: destroy.id,
    description: sync.description,
    scope: "region",
    // Destroy's order (target before rule and log group, storage configuration before bucket).
    dependsOn: destroy.dependsOn,
    ...(sync.resourceName ? { resourceName: sync.resourceName } : {}),
    ...(destroy.services ? { services: destroy.services } : {}),
    gate: (config) =>
      config.ivsEnabled ? { enabled: true } : { enabled: false, reason: "aws.ivs is off in the manifest" },
    async read(ctx) {
      const probed = await probe(ctx);
      return probed !== undefined ? probed : fullRead(ctx);
    },
    // The probes need no account; destroy's read of what one found may (its ARNs), so it follows STS.
    async readEarly(ctx) {
      const probed = await probe(ctx);
      return probed !== undefined ? probed : new AfterIdentity(fullRead);
    },
    plan(ctx, live): StepPlan {
      // Nothing (of ours) here: in a listed region, the same SKIPPED the sync step reports.
      const skipped = (reason?: string) => {
        const closed = gate(ctx.config);
        const why = reason ?? (closed.enabled ? undefined : closed.reason);
        return noActions({ status: "SKIPPED", changes: [], ...(why !== undefined ? { reason: why } : {}) });
      };
      if (live !== null && typeof live === "object" && "denied" in live)
        return skipped(`${NOT_SEARCHED} ${(live as Denied).denied}`);
      const mine = kind.ours(ctx, live as Live);
      if (mine === undefined) return skipped();
      const { prune } = leftoverOptions(ctx);
      if (prune) {
        const plan = destroy.plan(ctx, mine);
        if (plan.status === "DELETED" || (plan.status === "RETAINED" && plan.reason !== "adopted"))
          return { ...plan, outputs: {}, reason: pruneReason(ctx, part, plan.reason) };
        return skipped();
      }
      let plan: StepPlan;
      let refusal: string | undefined;
      try {
        plan = destroy.plan(ctx, mine);
      } catch (error) {
        // Ours, but destroy would refuse it (a rule carrying someone else's targets): still left over.
        if (!(error instanceof StepError)) throw error;
        refusal = error.message;
        plan = noActions({ status: "DELETED", changes: [] });
      }
      if (plan.status !== "DELETED") return skipped();
      const reason = leftoverReason(ctx, part);
      return noActions({
        status: "ORPHANED",
        ...(plan.resource !== undefined ? { resource: plan.resource } : {}),
        changes: [],
        reason:
          refusal === undefined || typeof reason === "string"
            ? reason
            : { ...reason, text: `${reason.text} (${refusal})` },
      });
    },
  };
}

/** The bucket's tags, one call: absent, elsewhere, another account's, or there (counted only to prune). */
async function probeBucket(
  ctx: EarlyReadContext,
  { prune }: LeftoverOptions,
): Promise<LiveBucketForDestroy | undefined> {
  const bucket = recordingBucketName(ctx.config, ctx.region);
  if (isAdoptedByConsent(ctx.config, ctx.region)) {
    // yolo's own bucket of before the override is the app's leftover too (the adopted one never is).
    const derived = replacedBucketName(ctx.config, ctx.region);
    if (derived === undefined) return { state: "adopted", bucket };
    const found = await readReplacedBucketTags(ctx, derived);
    if (found === undefined) return { state: "adopted", bucket };
    // Pruning counts its objects, and a refusal is destroy's to report: destroy's read.
    if (prune || "denied" in found) return undefined;
    const replaced = {
      state: "present",
      bucket: derived,
      tags: found.tags,
      objects: 0,
      moreObjects: false,
    } as const;
    return { state: "adopted", bucket, replaced };
  }
  const found = await readBucketTags(ctx, bucket);
  if (found.kind === "absent") return { state: "absent", bucket };
  if (found.kind === "elsewhere")
    return {
      state: "elsewhere",
      bucket,
      why: found.why === "region" ? `bucket ${bucket} is not in ${ctx.region}` : "another account's bucket",
    };
  // The caller's policies refuse the read: the leftover step tells it as a search not made.
  if (found.kind === "denied") throw found.error;
  const { tags } = found;
  // Pruning counts the objects first (a bucket holding recordings is kept): destroy's read.
  if (prune) return undefined;
  return { state: "present", bucket, tags, objects: 0, moreObjects: false };
}

/** The app's log group by exact name (its prefix page lists it first): none, or destroy's read. */
async function probeLogGroup(ctx: EarlyReadContext): Promise<LiveLogGroup | undefined> {
  const { DescribeLogGroupsCommand } = await import("../aws/sdk/logs.js");
  const logs = await ctx.clients.logs(ctx.region);
  const name = names.logGroup(ctx.config.environment, ctx.config.app);
  const page = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  if (page.logGroups?.some((group) => group.logGroupName === name)) return undefined;
  return { group: undefined, environmentGroups: [], tags: {}, policy: undefined, policyCount: 0 };
}

/**
 * One ListTargetsByRule per region answers both the rule's probe and its target's: a missing rule
 * is ResourceNotFound, and an existing one lists its targets (DescribeRule only when there is a
 * rule, in destroy's read).
 */
function listRuleTargets(ctx: EarlyReadContext): Promise<ListTargetsByRuleCommandOutput | "no rule"> {
  return ctx.once(`ListTargetsByRule@${ctx.region}`, async () => {
    const { ListTargetsByRuleCommand } = await import("../aws/sdk/events.js");
    const events = await ctx.clients.events(ctx.region);
    const Rule = names.eventBridgeRule(ctx.config.environment, ctx.config.app);
    try {
      return await events.send(new ListTargetsByRuleCommand({ Rule }));
    } catch (error) {
      if (isError(error, "ResourceNotFoundException")) return "no rule" as const;
      throw error;
    }
  });
}

/** The app's rule: none, or destroy's read (its tags and every target). */
async function probeRule(ctx: EarlyReadContext): Promise<LiveRule | undefined> {
  return (await listRuleTargets(ctx)) === "no rule" ? { rule: undefined, tags: {} } : undefined;
}

/** The rule's targets: no rule means no target; else destroy's read. */
async function probeTarget(ctx: EarlyReadContext): Promise<LiveTarget | undefined> {
  const page = await listRuleTargets(ctx);
  if (page === "no rule") return { target: undefined };
  if (!page.NextToken && !page.Targets?.some((t) => t.Id === names.eventBridgeTargetId))
    return { target: undefined };
  return undefined;
}

/** IVS configurations of another app or environment under the same name are not this app's. */
function ourConfigurations(ctx: PlanContext, live: ConfigurationsForDestroy): ConfigurationsForDestroy {
  return { ...live, configurations: live.configurations.filter((c) => !foreign(ctx, c.tags)) };
}

/**
 * Reporting a leftover configuration needs the list only; the compositions that use it matter
 * only to a delete (`--prune`), which makes destroy's full read.
 */
function listOnlyUnlessPruning(
  list: (ctx: EarlyReadContext) => Promise<ConfigurationsForDestroy["configurations"]>,
): LeftoverKind<ConfigurationsForDestroy>["probe"] {
  return async (ctx, { prune }) => (prune ? undefined : { configurations: await list(ctx), uses: {} });
}

const RECORDING: ResourceStep<any>[] = [
  leftoverStep<ConfigurationsForDestroy>({
    sync: storageConfigurationStep,
    destroy: destroyStorageConfigurationStep,
    part: "recording",
    probe: listOnlyUnlessPruning(readStorageConfigurations),
    ours: ourConfigurations,
  }),
  leftoverStep<ConfigurationsForDestroy>({
    sync: encoderConfigurationStep,
    destroy: destroyEncoderConfigurationStep,
    part: "recording",
    probe: listOnlyUnlessPruning(listEncoderConfigurations),
    ours: ourConfigurations,
  }),
  leftoverStep<LiveBucketForDestroy>({
    sync: recordingBucketStep,
    destroy: destroyRecordingBucketStep,
    part: "recording",
    probe: probeBucket,
    ours: (ctx, live) => (live.state === "present" && foreign(ctx, live.tags) ? undefined : live),
  }),
];

const LOGGING: ResourceStep<any>[] = [
  leftoverStep<LiveTarget>({
    sync: eventBridgeTargetStep,
    destroy: destroyEventBridgeTargetStep,
    part: "logging",
    probe: probeTarget,
    ours: (ctx, live) => (live.target && foreign(ctx, live.ruleTags) ? undefined : live),
  }),
  leftoverStep<LiveRule>({
    sync: eventBridgeRuleStep,
    destroy: destroyEventBridgeRuleStep,
    part: "logging",
    probe: probeRule,
    ours: (ctx, live) => (live.rule && foreign(ctx, live.tags) ? undefined : live),
  }),
  leftoverStep<LiveLogGroup>({
    sync: logGroupStep,
    destroy: destroyLogGroupStep,
    part: "logging",
    probe: probeLogGroup,
    ours: (ctx, live) => (live.group && foreign(ctx, live.tags) ? undefined : live),
  }),
];

/** The leftover steps of a part, in the order their deletions must run (dependants first). */
export function leftoverSteps(part: LeftoverPart): ResourceStep<any>[] {
  return part === "recording" ? RECORDING : LOGGING;
}

/** The step ids of each part, in the order sync's table lists them. */
export const PART_STEPS: Record<LeftoverPart, StepId[]> = {
  recording: ["recording-bucket", "storage-configuration", "encoder-configuration"],
  logging: ["log-group", "eventbridge-rule", "eventbridge-target"],
};

/**
 * The calls of sync's leftover search in the IVS regions the manifest does not list: the probes
 * above (the bucket's tags, the log group by name, the rule and its targets), then destroy's
 * reads of what they found (the rule's and the log group's tags there). The recording buckets'
 * pattern covers every region; the IVS lists and DescribeLogGroups are on `*`.
 */
export function leftoverSearchCalls(config: EnvironmentConfig, scope: PermissionScope): DeclaredCalls[] {
  const recording: DeclaredCalls[] = [
    {
      sid: "RecordingBuckets",
      access: "read",
      calls: ["S3.GetBucketTagging"],
      resources: arns.derivedRecordingBuckets(scope),
    },
  ];
  const logging: DeclaredCalls[] = [
    {
      sid: "LogsAccountLevel",
      access: "read",
      calls: ["CloudWatchLogs.DescribeLogGroups"],
      resources: [ANY_RESOURCE],
    },
    {
      sid: "LeftoverSearch",
      access: "read",
      calls: ["EventBridge.DescribeRule", "EventBridge.ListTargetsByRule", "EventBridge.ListTagsForResource"],
      resources: arns.rulesAnyRegion(scope),
    },
    {
      sid: "LeftoverSearch",
      access: "read",
      calls: ["CloudWatchLogs.ListTagsForResource"],
      resources: arns.logGroupsAnyRegion(scope),
    },
  ];
  return [
    ...(searchesPart(config, "recording") ? recording : []),
    ...(searchesPart(config, "logging") ? logging : []),
  ];
}
