/**
 * Delete the app's EventBridge rule, once its target is removed. EventBridge refuses to delete a
 * rule that still has targets, and targets someone else added are not yolo's to remove: such a
 * rule fails with the ids to deal with.
 */
import type { DescribeRuleCommandOutput, Target } from "@aws-sdk/client-eventbridge";
import { isError } from "../../aws/errors.js";
import { collectByNextToken } from "../../aws/paginate.js";
import { type ResourceStep, StepError } from "../../engine/step.js";
import type { PermissionDeclaration } from "../../iam/permissions.js";
import { arns } from "../../iam/resources.js";
import { names } from "../../manifest/names.js";
import { ruleArn } from "../eventbridge-rule.js";
import { tagsFromList } from "../tags.js";
import { claimForDeletion, deletedStatus, nothingToDelete } from "./common.js";

export interface LiveRuleForDestroy {
  rule?: DescribeRuleCommandOutput;
  tags: Record<string, string>;
  /** Every target on the rule when it was read (yolo's own included). */
  targets: Target[];
}

function foreignTargetsError(rule: string, targets: Target[]): StepError {
  const ids = targets.map((t) => `${t.Id} (${t.Arn})`).join(", ");
  return new StepError(
    `EventBridge rule ${rule} has targets yolo did not add: ${ids}. EventBridge deletes no rule that has targets; remove them (RemoveTargets) and re-run, or keep the rule.`,
  );
}

export const destroyEventBridgeRuleStep: ResourceStep<LiveRuleForDestroy> = {
  id: "eventbridge-rule",
  description: "Destroy IVS EventBridge rule",
  scope: "region",
  dependsOn: ["eventbridge-target"],
  gate: () => ({ enabled: true }),

  async read(ctx) {
    const { DescribeRuleCommand, ListTagsForResourceCommand, ListTargetsByRuleCommand } = await import(
      "@aws-sdk/client-eventbridge"
    );
    const events = await ctx.clients.events(ctx.region);
    const Name = names.eventBridgeRule(ctx.config.environment, ctx.config.app);
    const absentAs =
      <T>(fallback: T, call: () => Promise<T>) =>
      async () => {
        try {
          return await call();
        } catch (error) {
          if (isError(error, "ResourceNotFoundException")) return fallback;
          throw error;
        }
      };
    const [rule, tags, targets] = await ctx.all([
      absentAs(undefined as DescribeRuleCommandOutput | undefined, () =>
        events.send(new DescribeRuleCommand({ Name })),
      ),
      absentAs({} as Record<string, string>, async () =>
        tagsFromList(
          (
            await events.send(
              new ListTagsForResourceCommand({ ResourceARN: ruleArn(ctx.region, ctx.account, Name) }),
            )
          ).Tags,
        ),
      ),
      absentAs([] as Target[], () =>
        collectByNextToken(
          (NextToken) =>
            events
              .send(new ListTargetsByRuleCommand({ Rule: Name, NextToken }))
              .then((p) => ({ ...p, nextToken: p.NextToken })),
          (page) => page.Targets,
        ),
      ),
    ] as const);
    return { rule, tags, targets };
  },

  async apply(ctx, live) {
    const Name = names.eventBridgeRule(ctx.config.environment, ctx.config.app);
    if (!live.rule) return nothingToDelete();
    const reason = claimForDeletion(ctx, `EventBridge rule ${Name}`, live.tags);
    const others = live.targets.filter((t) => t.Id !== names.eventBridgeTargetId);
    if (others.length > 0) throw foreignTargetsError(Name, others);

    if (!ctx.dryRun) {
      const { DeleteRuleCommand, ListTargetsByRuleCommand } = await import("@aws-sdk/client-eventbridge");
      const events = await ctx.clients.events(ctx.region);
      ctx.activity("deleting rule…");
      try {
        await events.send(new DeleteRuleCommand({ Name }));
      } catch (error) {
        // A target was added since the rule was read: name it rather than pass on AWS's terse refusal.
        if (!isError(error, "ValidationException")) throw error;
        const now = await events.send(new ListTargetsByRuleCommand({ Rule: Name }));
        const remaining = (now.Targets ?? []).filter((t) => t.Id !== names.eventBridgeTargetId);
        if (remaining.length > 0) throw foreignTargetsError(Name, remaining);
        throw error;
      }
    }
    return {
      status: deletedStatus(ctx),
      resource: Name,
      changes: [{ attribute: "rule", from: Name, to: null }],
      reason,
    };
  },
};

/** The IAM permissions of this step's calls. */
export const destroyEventBridgeRulePermissions: PermissionDeclaration = (scope) => [
  {
    sid: "EventBridgeRules",
    access: "read",
    actions: ["events:DescribeRule", "events:ListTagsForResource", "events:ListTargetsByRule"],
    resources: arns.rules(scope),
  },
  {
    sid: "EventBridgeRulesTeardown",
    access: "write",
    actions: ["events:DeleteRule"],
    resources: arns.rules(scope),
  },
];
