/**
 * The EventBridge rule on the default bus that catches the region's IVS events. PutRule replaces
 * the whole rule and ignores Tags on an existing rule, so the rule is compared first and tags are
 * reconciled on their own. Destroy deletes it once its target is gone; EventBridge refuses to
 * delete a rule that still has targets, and targets someone else added are not yolo's to remove.
 */

import type { DescribeRuleCommandOutput, Target } from "@aws-sdk/client-eventbridge";
import { isError } from "../aws/errors.js";
import { collectByNextToken } from "../aws/paginate.js";
import { type Action, failWith, type StepPlan } from "../engine/plan.js";
import type { Change } from "../engine/result.js";
import type { EarlyReadContext, PlanContext, ResourceStep } from "../engine/step.js";
import { StepError } from "../errors/yolo-error.js";
import type { CallDeclaration } from "../iam/calls.js";
import { arns } from "../iam/resources.js";
import { names, ownershipOf, yoloTags } from "../manifest/names.js";
import { jsonEqual } from "../policy/canonical.js";
import { loggingGate } from "./gates.js";
import { claimForDeletion, nothingToDelete } from "./ownership.js";
import { diffTags, foreignOwnerRefusal, tagsFromList, tagsToList } from "./tags.js";

/**
 * IVS's own events (stage, composition, recording, stream state changes), not the "AWS API Call
 * via CloudTrail" events that also carry source `aws.ivs`, one per API call (docs/decisions.md).
 * `anything-but` keeps event types IVS adds later.
 */
export const IVS_EVENT_PATTERN = {
  source: ["aws.ivs"],
  "detail-type": [{ "anything-but": ["AWS API Call via CloudTrail"] }],
};
export const RULE_DESCRIPTION = "YOLO managed IVS state change events";

export interface LiveRule {
  rule?: DescribeRuleCommandOutput;
  tags: Record<string, string>;
  /** Every target on the rule (destroy's read only: sync leaves targets to the target step). */
  targets?: Target[];
}

export function ruleArn(region: string, account: string, name: string): string {
  return `arn:aws:events:${region}:${account}:rule/${name}`;
}

/** `fallback` when the rule does not exist. */
function absentAs<T>(fallback: T, call: () => Promise<T>): () => Promise<T> {
  return async () => {
    try {
      return await call();
    } catch (error) {
      if (isError(error, "ResourceNotFoundException")) return fallback;
      throw error;
    }
  };
}

/**
 * The rule and its tags in one concurrent round; with `targets`, every target on it too (destroy).
 * Before the account is known, the tags follow DescribeRule instead, read by the ARN it gives
 * (none when the rule does not exist).
 */
export async function readRule(ctx: EarlyReadContext, { targets = false } = {}): Promise<LiveRule> {
  const { ListTargetsByRuleCommand } = await import("../aws/sdk/events.js");
  const events = await ctx.clients.events(ctx.region);
  const Name = names.eventBridgeRule(ctx.config.environment, ctx.config.app);
  const { account } = ctx;
  const [rule, knownTags, listed] = await ctx.all([
    () => readRuleDefinition(ctx),
    async () => (account === undefined ? undefined : readRuleTags(ctx, ruleArn(ctx.region, account, Name))),
    absentAs(undefined as Target[] | undefined, async () =>
      targets
        ? collectByNextToken(
            (NextToken) =>
              events
                .send(new ListTargetsByRuleCommand({ Rule: Name, NextToken }))
                .then((p) => ({ ...p, nextToken: p.NextToken })),
            (page) => page.Targets,
          )
        : undefined,
    ),
  ] as const);
  const tags = knownTags ?? (rule?.Arn ? await readRuleTags(ctx, rule.Arn) : {});
  return { rule, tags, ...(listed ? { targets: listed } : {}) };
}

/** The rule as DescribeRule answers (undefined when it does not exist); `yolo verify` checks it alone. */
export async function readRuleDefinition(
  ctx: EarlyReadContext,
): Promise<DescribeRuleCommandOutput | undefined> {
  const { DescribeRuleCommand } = await import("../aws/sdk/events.js");
  const events = await ctx.clients.events(ctx.region);
  const Name = names.eventBridgeRule(ctx.config.environment, ctx.config.app);
  return absentAs(undefined as DescribeRuleCommandOutput | undefined, () =>
    events.send(new DescribeRuleCommand({ Name })),
  )();
}

/** A rule's tags by its ARN ({} when it does not exist). */
export async function readRuleTags(
  ctx: EarlyReadContext,
  ResourceARN: string,
): Promise<Record<string, string>> {
  const { ListTagsForResourceCommand } = await import("../aws/sdk/events.js");
  const events = await ctx.clients.events(ctx.region);
  return absentAs({} as Record<string, string>, async () =>
    tagsFromList((await events.send(new ListTagsForResourceCommand({ ResourceARN }))).Tags),
  )();
}

/** Pure: create the rule, or put it again when its pattern, state or description drifted; reconcile tags. */
export function planRuleSync(ctx: PlanContext, live: LiveRule): StepPlan {
  const { environment: env, app } = ctx.config;
  const name = names.eventBridgeRule(env, app);
  const arn = ruleArn(ctx.region, ctx.account, name);
  const desiredTags = yoloTags(env, app, name);
  const desired = {
    Name: name,
    EventPattern: JSON.stringify(IVS_EVENT_PATTERN),
    State: "ENABLED" as const,
    Description: RULE_DESCRIPTION,
  };
  if (!live.rule) {
    return {
      status: "CREATED",
      resource: name,
      changes: [{ attribute: "rule", from: null, to: desired }],
      outputs: { ruleArn: arn, exists: false },
      actions: [
        {
          service: "events",
          operation: "PutRule",
          input: { ...desired, Tags: tagsToList(desiredTags) },
          activity: "creating rule…",
          outputs: { exists: true },
        },
      ],
    };
  }

  let reason: string | undefined;
  const owner = ownershipOf(live.tags, env, app);
  if (owner.kind === "foreign")
    throw new StepError(foreignOwnerRefusal(`EventBridge rule ${name}`, owner, env, app));
  if (owner.kind === "untagged") reason = "adopted (untagged)";

  const changes: Change[] = [];
  const actions: Action[] = [];
  let livePattern: unknown = live.rule.EventPattern;
  try {
    livePattern = live.rule.EventPattern ? JSON.parse(live.rule.EventPattern) : undefined;
  } catch {
    // keep the raw text: it differs from ours either way
  }
  if (!jsonEqual(livePattern, IVS_EVENT_PATTERN))
    changes.push({
      attribute: "eventPattern",
      from: live.rule.EventPattern ?? null,
      to: desired.EventPattern,
    });
  if (live.rule.State !== desired.State)
    changes.push({ attribute: "state", from: live.rule.State ?? null, to: desired.State });
  if ((live.rule.Description ?? "") !== desired.Description)
    changes.push({ attribute: "description", from: live.rule.Description ?? null, to: desired.Description });
  if (live.rule.ScheduleExpression)
    changes.push({ attribute: "scheduleExpression", from: live.rule.ScheduleExpression, to: null });
  if (live.rule.RoleArn) changes.push({ attribute: "roleArn", from: live.rule.RoleArn, to: null });
  if (changes.length > 0) actions.push({ service: "events", operation: "PutRule", input: desired });

  const tagDiff = diffTags(live.tags, desiredTags);
  changes.push(...tagDiff.changes);
  if (Object.keys(tagDiff.toSet).length > 0)
    actions.push({
      service: "events",
      operation: "TagResource",
      input: { ResourceARN: arn, Tags: tagsToList(tagDiff.toSet) },
    });

  return {
    status: "SYNCED",
    resource: name,
    changes,
    ...(reason !== undefined ? { reason } : {}),
    outputs: { ruleArn: arn, exists: true },
    actions,
  };
}

function foreignTargetsMessage(rule: string, ids: string): string {
  return `EventBridge rule ${rule} has targets yolo did not add: ${ids}. EventBridge deletes no rule that has targets; remove them (RemoveTargets) and re-run, or keep the rule.`;
}

/** Pure: delete the rule (its own target is removed first by the target step). */
export function planRuleDestroy(ctx: PlanContext, live: LiveRule): StepPlan {
  const Name = names.eventBridgeRule(ctx.config.environment, ctx.config.app);
  if (!live.rule) return nothingToDelete();
  const reason = claimForDeletion(ctx, `EventBridge rule ${Name}`, live.tags);
  const others = (live.targets ?? []).filter((t) => t.Id !== names.eventBridgeTargetId);
  if (others.length > 0)
    throw new StepError(foreignTargetsMessage(Name, others.map((t) => `${t.Id} (${t.Arn})`).join(", ")));
  return {
    status: "DELETED",
    resource: Name,
    changes: [{ attribute: "rule", from: Name, to: null }],
    ...(reason !== undefined ? { reason } : {}),
    actions: [
      {
        service: "events",
        operation: "DeleteRule",
        input: { Name },
        activity: "deleting rule…",
        // A target was added since the rule was read: say so rather than pass on AWS's terse refusal.
        onError: [
          failWith(foreignTargetsMessage(Name, "added since the rule was read"), "ValidationException"),
        ],
      },
    ],
  };
}

export const eventBridgeRuleStep: ResourceStep<LiveRule> = {
  id: "eventbridge-rule",
  services: ["events"],
  resourceName: (ctx) => names.eventBridgeRule(ctx.config.environment, ctx.config.app),
  description: "Sync IVS EventBridge rule",
  scope: "region",
  dependsOn: [],
  gate: loggingGate,
  read: (ctx) => readRule(ctx),
  readEarly: (ctx) => readRule(ctx),
  plan: planRuleSync,
};

export const destroyEventBridgeRuleStep: ResourceStep<LiveRule> = {
  id: "eventbridge-rule",
  services: ["events"],
  description: "Destroy IVS EventBridge rule",
  scope: "region",
  dependsOn: ["eventbridge-target"],
  gate: () => ({ enabled: true }),
  read: (ctx) => readRule(ctx, { targets: true }),
  readEarly: (ctx) => readRule(ctx, { targets: true }),
  plan: planRuleDestroy,
};

/** The calls of sync: the rule and its tags, PutRule (with tags when it creates the rule), TagResource on drift. */
export const eventBridgeRuleCalls: CallDeclaration = (scope) => [
  {
    sid: "EventBridgeRules",
    access: "read",
    calls: ["EventBridge.DescribeRule", "EventBridge.ListTagsForResource"],
    resources: arns.rules(scope),
  },
  {
    sid: "EventBridgeRules",
    access: "write",
    calls: [{ operation: "EventBridge.PutRule", with: ["Tags"] }, "EventBridge.TagResource"],
    resources: arns.rules(scope),
  },
];

/** The calls of destroy. */
export const destroyEventBridgeRuleCalls: CallDeclaration = (scope) => [
  {
    sid: "EventBridgeRules",
    access: "read",
    calls: ["EventBridge.DescribeRule", "EventBridge.ListTagsForResource", "EventBridge.ListTargetsByRule"],
    resources: arns.rules(scope),
  },
  {
    sid: "EventBridgeRulesTeardown",
    access: "write",
    calls: ["EventBridge.DeleteRule"],
    resources: arns.rules(scope),
  },
];

/** The calls of `yolo verify`'s rule read. */
export const verifyEventBridgeRuleCalls: CallDeclaration = (scope) => [
  {
    sid: "EventBridgeRules",
    access: "read",
    calls: ["EventBridge.DescribeRule"],
    resources: arns.rules(scope),
  },
];
