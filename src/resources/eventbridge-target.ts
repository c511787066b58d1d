/**
 * The rule's target: the app's log group, by ARN without `:*` and without RoleArn (EventBridge
 * writes through the Logs resource policy). Other targets on the rule are kept. Destroy removes
 * it first, because EventBridge refuses DeleteRule while a rule has targets; a target has no
 * tags, so the rule's tags say whose it is.
 */
import type { Target } from "@aws-sdk/client-eventbridge";
import { isError } from "../aws/errors.js";
import { alreadyDone, type StepPlan } from "../engine/plan.js";
import type { Change } from "../engine/result.js";
import type { EarlyReadContext, PlanContext, ResourceStep } from "../engine/step.js";
import type { CallDeclaration } from "../iam/calls.js";
import { arns } from "../iam/resources.js";
import { names } from "../manifest/names.js";
import { readRuleTags, ruleArn } from "./eventbridge-rule.js";
import { loggingGate } from "./gates.js";
import { logGroupArn } from "./log-group.js";
import { claimForDeletion, nothingToDelete } from "./ownership.js";

export interface LiveTarget {
  target?: Target;
  /** Set when the rule itself does not exist (so it has no target either). */
  ruleMissing?: true;
  /** The rule's tags (destroy's read only: they say whose the target is). */
  ruleTags?: Record<string, string>;
}

/**
 * yolo's target on the app's rule, or that the rule does not exist: sync plans the same for
 * both, `yolo verify` tells them apart.
 */
export async function readTarget(ctx: EarlyReadContext): Promise<Pick<LiveTarget, "target" | "ruleMissing">> {
  const { ListTargetsByRuleCommand } = await import("../aws/sdk/events.js");
  const events = await ctx.clients.events(ctx.region);
  const Rule = names.eventBridgeRule(ctx.config.environment, ctx.config.app);
  let NextToken: string | undefined;
  try {
    do {
      const page = await events.send(new ListTargetsByRuleCommand({ Rule, NextToken }));
      const found = page.Targets?.find((t) => t.Id === names.eventBridgeTargetId);
      if (found) return { target: found };
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (error) {
    if (isError(error, "ResourceNotFoundException")) return { ruleMissing: true };
    throw error;
  }
  return {};
}

function targetName(ctx: PlanContext): string {
  return `${names.eventBridgeRule(ctx.config.environment, ctx.config.app)}/${names.eventBridgeTargetId}`;
}

/** Pure: put the target when it is missing or points elsewhere (or carries a role or input). */
export function planTargetSync(ctx: PlanContext, live: LiveTarget): StepPlan {
  const { environment: env, app } = ctx.config;
  const Rule = names.eventBridgeRule(env, app);
  const arn = logGroupArn(ctx.region, ctx.account, names.logGroup(env, app));
  const changes: Change[] = [];
  const target = live.target;
  if (!target) changes.push({ attribute: "target", from: null, to: arn });
  else {
    if (target.Arn !== arn) changes.push({ attribute: "arn", from: target.Arn ?? null, to: arn });
    for (const extra of ["RoleArn", "Input", "InputPath", "InputTransformer"] as const)
      if (target[extra] !== undefined) changes.push({ attribute: extra, from: target[extra], to: null });
  }
  return {
    status: target ? "SYNCED" : "CREATED",
    resource: targetName(ctx),
    changes,
    actions:
      changes.length === 0
        ? []
        : [
            {
              service: "events",
              operation: "PutTargets",
              input: { Rule, Targets: [{ Id: names.eventBridgeTargetId, Arn: arn }] },
              failedEntriesOf: `target ${names.eventBridgeTargetId} on rule ${Rule}`,
            },
          ],
  };
}

/** Pure: remove yolo's target from the rule. */
export function planTargetDestroy(ctx: PlanContext, live: LiveTarget): StepPlan {
  const Rule = names.eventBridgeRule(ctx.config.environment, ctx.config.app);
  if (!live.target) return nothingToDelete();
  const reason = claimForDeletion(ctx, `EventBridge rule ${Rule}`, live.ruleTags);
  return {
    status: "DELETED",
    resource: targetName(ctx),
    changes: [{ attribute: "target", from: live.target.Arn ?? null, to: null }],
    ...(reason !== undefined ? { reason } : {}),
    actions: [
      {
        service: "events",
        operation: "RemoveTargets",
        input: { Rule, Ids: [names.eventBridgeTargetId] },
        activity: "removing target…",
        failedEntriesOf: `target ${names.eventBridgeTargetId} on rule ${Rule}`,
        // The rule went away since it was read: so did its targets.
        onError: [alreadyDone("ResourceNotFoundException")],
      },
    ],
  };
}

export const eventBridgeTargetStep: ResourceStep<LiveTarget> = {
  id: "eventbridge-target",
  services: ["events"],
  resourceName: targetName,
  description: "Sync IVS EventBridge target",
  scope: "region",
  dependsOn: ["log-group", "eventbridge-rule"],
  gate: loggingGate,
  read: readTarget,
  readEarly: readTarget,
  plan: planTargetSync,
};

export const destroyEventBridgeTargetStep: ResourceStep<LiveTarget> = {
  id: "eventbridge-target",
  services: ["events"],
  description: "Destroy IVS EventBridge target",
  scope: "region",
  dependsOn: [],
  gate: () => ({ enabled: true }),
  async read(ctx) {
    const rule = ruleArn(
      ctx.region,
      ctx.account,
      names.eventBridgeRule(ctx.config.environment, ctx.config.app),
    );
    const [found, ruleTags] = await ctx.all([() => readTarget(ctx), () => readRuleTags(ctx, rule)] as const);
    return { ...found, ruleTags };
  },
  plan: planTargetDestroy,
};

/** The calls of sync (no iam:PassRole: a Logs target takes no RoleArn). */
export const eventBridgeTargetCalls: CallDeclaration = (scope) => [
  {
    sid: "EventBridgeRules",
    access: "read",
    calls: ["EventBridge.ListTargetsByRule"],
    resources: arns.rules(scope),
  },
  {
    sid: "EventBridgeRules",
    access: "write",
    calls: ["EventBridge.PutTargets"],
    resources: arns.rules(scope),
  },
];

/** The calls of destroy: the target and the rule's tags (whose it is), then RemoveTargets. */
export const destroyEventBridgeTargetCalls: CallDeclaration = (scope) => [
  {
    sid: "EventBridgeRules",
    access: "read",
    calls: ["EventBridge.ListTargetsByRule", "EventBridge.ListTagsForResource"],
    resources: arns.rules(scope),
  },
  {
    sid: "EventBridgeRulesTeardown",
    access: "write",
    calls: ["EventBridge.RemoveTargets"],
    resources: arns.rules(scope),
  },
];

/** The calls of `yolo verify`'s target read. */
export const verifyEventBridgeTargetCalls: CallDeclaration = (scope) => [
  {
    sid: "EventBridgeRules",
    access: "read",
    calls: ["EventBridge.ListTargetsByRule"],
    resources: arns.rules(scope),
  },
];
