/**
 * The app's CloudWatch log group in one IVS region (retention, tags), and the environment's
 * shared Logs resource policy that lets EventBridge write into it. One policy per environment
 * per region, never one per app: CloudWatch Logs allows only 10 per region. Destroy deletes the
 * group and, with the last log group of the environment in the region, the policy too.
 */

import type { LogGroup, ResourcePolicy } from "@aws-sdk/client-cloudwatch-logs";
import { isError } from "../aws/errors.js";
import { collectByNextToken } from "../aws/paginate.js";
import { type Action, alreadyDone, failWith, type Message, type StepPlan } from "../engine/plan.js";
import type { Change } from "../engine/result.js";
import type { EarlyReadContext, PlanContext, ResourceStep } from "../engine/step.js";
import { StepError } from "../errors/yolo-error.js";
import type { CallDeclaration } from "../iam/calls.js";
import { ANY_RESOURCE, arns } from "../iam/resources.js";
import { names, ownershipOf, yoloTags } from "../manifest/names.js";
import { policiesEqual } from "../policy/canonical.js";
import { logsResourcePolicyDocument } from "../policy/documents.js";
import { loggingGate } from "./gates.js";
import { claimForDeletion, nothingToDelete, plural } from "./ownership.js";
import { diffTags, foreignOwnerRefusal } from "./tags.js";

export interface LiveLogGroup {
  /** The app's log group, when it exists. */
  group?: LogGroup;
  /** Every log group of the environment in the region (prefix `/aws/ivs/yolo-{env}-`). */
  environmentGroups: LogGroup[];
  tags: Record<string, string>;
  policy?: ResourcePolicy;
  /** How many account-level resource policies the region holds. */
  policyCount: number;
}

/** CloudWatch Logs' account-level resource policies per region: 10, not adjustable (AWS-FACTS §3.3). */
export const MAX_LOGS_RESOURCE_POLICIES = 10;

/** The log group ARN without the trailing `:*` (what tagging APIs and EventBridge targets use). */
export function logGroupArn(region: string, account: string, name: string): string {
  return `arn:aws:logs:${region}:${account}:log-group:${name}`;
}

/**
 * One concurrent round: the environment's log groups, the app group's tags, the region's resource
 * policies. Before the account is known, the tags follow the groups instead, read by the ARN
 * DescribeLogGroups gives (none when the group does not exist).
 */
export async function readLogGroup(ctx: EarlyReadContext): Promise<LiveLogGroup> {
  const { environment: env, app } = ctx.config;
  const name = names.logGroup(env, app);
  const { account } = ctx;
  const [environmentGroups, knownTags, policies] = await ctx.all([
    () => readEnvironmentLogGroups(ctx),
    async () =>
      account === undefined ? undefined : readLogGroupTags(ctx, logGroupArn(ctx.region, account, name)),
    () => readLogsResourcePolicies(ctx),
  ] as const);
  const group = environmentGroups.find((g) => g.logGroupName === name);
  const tags = knownTags ?? (group?.logGroupArn ? await readLogGroupTags(ctx, group.logGroupArn) : {});
  const policyName = names.logsResourcePolicy(env);
  return {
    group,
    environmentGroups,
    tags,
    policy: policies.find((p) => p.policyName === policyName),
    policyCount: policies.length,
  };
}

/** Every log group of the environment in the region (prefix `/aws/ivs/yolo-{env}-`); `yolo verify` finds the app's among them. */
export async function readEnvironmentLogGroups(ctx: EarlyReadContext): Promise<LogGroup[]> {
  const { DescribeLogGroupsCommand } = await import("../aws/sdk/logs.js");
  const logs = await ctx.clients.logs(ctx.region);
  const logGroupNamePrefix = names.logGroupEnvironmentPrefix(ctx.config.environment);
  return collectByNextToken(
    (nextToken) => logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix, nextToken })),
    (page) => page.logGroups,
  );
}

/** A log group's tags by its ARN (the one without `:*`); {} when it does not exist. */
async function readLogGroupTags(ctx: EarlyReadContext, resourceArn: string): Promise<Record<string, string>> {
  const { ListTagsForResourceCommand } = await import("../aws/sdk/logs.js");
  const logs = await ctx.clients.logs(ctx.region);
  try {
    const out = await logs.send(new ListTagsForResourceCommand({ resourceArn }));
    return out.tags ?? {};
  } catch (error) {
    if (isError(error, "ResourceNotFoundException")) return {};
    throw error;
  }
}

/** Every account-level Logs resource policy of the region; `yolo verify` evaluates them all. */
export async function readLogsResourcePolicies(ctx: EarlyReadContext): Promise<ResourcePolicy[]> {
  const { DescribeResourcePoliciesCommand } = await import("../aws/sdk/logs.js");
  const logs = await ctx.clients.logs(ctx.region);
  return collectByNextToken(
    (nextToken) => logs.send(new DescribeResourcePoliciesCommand({ nextToken })),
    (page) => page.resourcePolicies,
  );
}

/** Pure: what sync changes in the log group and the shared policy, and the calls that do it. */
export function planLogGroupSync(ctx: PlanContext, live: LiveLogGroup): StepPlan {
  const { environment: env, app } = ctx.config;
  const name = names.logGroup(env, app);
  const arn = logGroupArn(ctx.region, ctx.account, name);
  const retention = ctx.config.logging.retentionDays;
  const desiredTags = yoloTags(env, app, name);
  const policyName = names.logsResourcePolicy(env);
  const policyDocument = JSON.stringify(
    logsResourcePolicyDocument({ env, region: ctx.region, account: ctx.account }),
  );
  const changes: Change[] = [];
  const actions: Action[] = [];
  let reason: string | undefined;

  if (live.group) {
    const owner = ownershipOf(live.tags, env, app);
    if (owner.kind === "foreign")
      throw new StepError(foreignOwnerRefusal(`log group ${name}`, owner, env, app));
    if (owner.kind === "untagged") reason = "adopted (untagged)";
  }
  // Adding the policy to a full region can only fail (and the SDK retries LimitExceededException
  // as throttling): say so plainly, in a dry run too, before this step writes anything.
  if (!live.policy && live.policyCount >= MAX_LOGS_RESOURCE_POLICIES)
    throw logsPolicyLimitError(ctx.region, policyName);

  const created = !live.group;
  if (created) {
    changes.push({ attribute: "logGroup", from: null, to: name });
    actions.push({
      service: "logs",
      operation: "CreateLogGroup",
      input: { logGroupName: name, tags: desiredTags },
      activity: "creating log group…",
      // Another run of yolo for this app created it since our read: it is there, go on.
      onError: [alreadyDone("ResourceAlreadyExistsException")],
    });
  }
  if (live.group?.retentionInDays !== retention) {
    changes.push({ attribute: "retentionInDays", from: live.group?.retentionInDays ?? null, to: retention });
    actions.push({
      service: "logs",
      operation: "PutRetentionPolicy",
      input: { logGroupName: name, retentionInDays: retention },
    });
  }
  if (created) {
    changes.push({ attribute: "tags", from: null, to: desiredTags });
  } else {
    const tagDiff = diffTags(live.tags, desiredTags);
    changes.push(...tagDiff.changes);
    if (Object.keys(tagDiff.toSet).length > 0)
      actions.push({
        service: "logs",
        operation: "TagResource",
        input: { resourceArn: arn, tags: tagDiff.toSet },
      });
  }
  if (
    !live.policy?.policyDocument ||
    !policiesEqual(live.policy.policyDocument, JSON.parse(policyDocument))
  ) {
    changes.push({
      attribute: `resourcePolicy ${policyName}`,
      from: live.policy?.policyDocument ?? null,
      to: policyDocument,
    });
    actions.push({
      service: "logs",
      operation: "PutResourcePolicy",
      input: { policyName, policyDocument },
      onError: live.policy
        ? []
        : [failWith(logsPolicyLimitError(ctx.region, policyName).message, "LimitExceededException")],
    });
  }
  return {
    status: created ? "CREATED" : "SYNCED",
    resource: name,
    changes,
    ...(reason !== undefined ? { reason } : {}),
    outputs: { logGroupArn: arn, exists: !created },
    actions,
  };
}

/**
 * Pure: what destroy deletes: the app's group, and the shared policy when no other log group of
 * the environment is left in the region (every app of the environment writes through it).
 */
export function planLogGroupDestroy(ctx: PlanContext, live: LiveLogGroup): StepPlan {
  const { environment: env, app } = ctx.config;
  const name = names.logGroup(env, app);
  const policyName = names.logsResourcePolicy(env);
  const others = live.environmentGroups
    .filter((g) => g.logGroupName !== name)
    .map((g) => g.logGroupName ?? "");
  const adopted = live.group ? claimForDeletion(ctx, `log group ${name}`, live.tags) : undefined;
  const deletePolicy = live.policy !== undefined && others.length === 0;
  const ignoreMissing = [alreadyDone("ResourceNotFoundException")];

  const changes: Change[] = [];
  const actions: Action[] = [];
  const notes: Message[] = [];
  if (adopted) notes.push(adopted);
  if (live.group) {
    changes.push({ attribute: "logGroup", from: name, to: null });
    actions.push({
      service: "logs",
      operation: "DeleteLogGroup",
      input: { logGroupName: name },
      activity: "deleting log group…",
      onError: ignoreMissing,
    });
  }
  if (deletePolicy) {
    changes.push({
      attribute: `resourcePolicy ${policyName}`,
      from: live.policy?.policyDocument ?? null,
      to: null,
    });
    actions.push({
      service: "logs",
      operation: "DeleteResourcePolicy",
      input: { policyName },
      activity: "deleting Logs resource policy…",
      onError: ignoreMissing,
    });
    const why = `too: no other log group of ${env} is left in ${ctx.region}`;
    notes.push({
      text: `Logs resource policy ${policyName} deleted ${why}`,
      plannedText: `Logs resource policy ${policyName} would be deleted ${why}`,
    });
  } else if (live.policy && live.group) {
    const shown = others.slice(0, 3).join(", ") + (others.length > 3 ? ", …" : "");
    notes.push(
      `Logs resource policy ${policyName} kept: ${plural(others.length, "other log group")} of ${env} still ${others.length === 1 ? "uses" : "use"} it (${shown})`,
    );
  }
  if (changes.length === 0) return nothingToDelete();
  return {
    status: "DELETED",
    resource: live.group ? name : policyName,
    changes,
    ...(notes.length > 0 ? { reason: joinMessages(notes) } : {}),
    actions,
  };
}

/** Several notes as one reason, joined by "; " (each keeps its dry-run wording). */
function joinMessages(notes: Message[]): Message {
  const wet = notes.map((n) => (typeof n === "string" ? n : n.text)).join("; ");
  const dry = notes.map((n) => (typeof n === "string" ? n : (n.plannedText ?? n.text))).join("; ");
  return wet === dry ? wet : { text: wet, plannedText: dry };
}

export const logGroupStep: ResourceStep<LiveLogGroup> = {
  id: "log-group",
  services: ["logs"],
  resourceName: (ctx) => names.logGroup(ctx.config.environment, ctx.config.app),
  description: "Sync IVS CloudWatch log group",
  scope: "region",
  dependsOn: [],
  gate: loggingGate,
  read: readLogGroup,
  readEarly: readLogGroup,
  plan: planLogGroupSync,
};

export const destroyLogGroupStep: ResourceStep<LiveLogGroup> = {
  id: "log-group",
  services: ["logs"],
  description: "Destroy IVS CloudWatch log group",
  scope: "region",
  // Stop EventBridge writing into the group before it goes.
  dependsOn: ["eventbridge-target"],
  gate: () => ({ enabled: true }),
  read: readLogGroup,
  readEarly: readLogGroup,
  plan: planLogGroupDestroy,
};

/** The region is full: which limit, and what the user can do about it. */
function logsPolicyLimitError(region: string, policyName: string): StepError {
  return new StepError(
    `CloudWatch Logs in ${region} already holds ${MAX_LOGS_RESOURCE_POLICIES} resource policies (the limit, not adjustable), so yolo cannot add ${policyName}. ` +
      `Delete one that is no longer needed (aws logs describe-resource-policies --region ${region}) and run again.`,
  );
}

/** The calls of the log group's read (sync and destroy): its parts below, and the tags. */
export const logGroupReadCalls: CallDeclaration = (scope) => [
  {
    sid: "LogsAccountLevel",
    access: "read",
    calls: ["CloudWatchLogs.DescribeLogGroups", "CloudWatchLogs.DescribeResourcePolicies"],
    resources: [ANY_RESOURCE],
  },
  {
    sid: "EventLogGroups",
    access: "read",
    calls: ["CloudWatchLogs.ListTagsForResource"],
    resources: arns.logGroups(scope),
  },
];

/**
 * The calls of sync. DescribeLogGroups and the account-level resource policy calls have no
 * resource-level permission; tagging APIs name the log group ARN without `:*`, the others with it.
 */
export const logGroupCalls: CallDeclaration = (scope) => [
  ...logGroupReadCalls(scope),
  {
    sid: "EventLogGroups",
    access: "write",
    calls: [
      { operation: "CloudWatchLogs.CreateLogGroup", with: ["Tags"] },
      "CloudWatchLogs.TagResource",
      "CloudWatchLogs.PutRetentionPolicy",
    ],
    resources: arns.logGroups(scope),
  },
  {
    sid: "LogsAccountLevel",
    access: "write",
    calls: ["CloudWatchLogs.PutResourcePolicy"],
    resources: [ANY_RESOURCE],
  },
];

/** The calls of destroy (the account-level Logs calls have no resource-level permission). */
export const destroyLogGroupCalls: CallDeclaration = (scope) => [
  ...logGroupReadCalls(scope),
  {
    sid: "EventLogGroupsTeardown",
    access: "write",
    calls: ["CloudWatchLogs.DeleteLogGroup"],
    resources: arns.logGroups(scope),
  },
  {
    sid: "LogsResourcePolicyTeardown",
    access: "write",
    calls: ["CloudWatchLogs.DeleteResourcePolicy"],
    resources: [ANY_RESOURCE],
  },
];

/** The calls of `yolo verify`'s reads: the environment's log groups and the region's Logs policies. */
export const verifyLogGroupCalls: CallDeclaration = () => [
  {
    sid: "LogsAccountLevel",
    access: "read",
    calls: ["CloudWatchLogs.DescribeLogGroups", "CloudWatchLogs.DescribeResourcePolicies"],
    resources: [ANY_RESOURCE],
  },
];
