/**
 * Remove the app's EventBridge target (Id `ivs-cloudwatch-logs`) from its rule — first, because
 * EventBridge refuses DeleteRule while a rule has targets. A target has no tags: the rule's tags
 * say whose it is.
 */
import type { Target } from "@aws-sdk/client-eventbridge";
import { isError } from "../../aws/errors.js";
import { type ResourceStep, StepError } from "../../engine/step.js";
import type { PermissionDeclaration } from "../../iam/permissions.js";
import { arns } from "../../iam/resources.js";
import { names } from "../../manifest/names.js";
import { ruleArn } from "../eventbridge-rule.js";
import { tagsFromList } from "../tags.js";
import { claimForDeletion, deletedStatus, nothingToDelete } from "./common.js";

export interface LiveTargetForDestroy {
  target?: Target;
  ruleTags: Record<string, string>;
}

export const destroyEventBridgeTargetStep: ResourceStep<LiveTargetForDestroy> = {
  id: "eventbridge-target",
  description: "Destroy IVS EventBridge target",
  scope: "region",
  dependsOn: [],
  gate: () => ({ enabled: true }),

  async read(ctx) {
    const { ListTargetsByRuleCommand, ListTagsForResourceCommand } = await import(
      "@aws-sdk/client-eventbridge"
    );
    const events = await ctx.clients.events(ctx.region);
    const rule = names.eventBridgeRule(ctx.config.environment, ctx.config.app);
    const [target, ruleTags] = await ctx.all([
      async () => {
        let NextToken: string | undefined;
        try {
          do {
            const page = await events.send(new ListTargetsByRuleCommand({ Rule: rule, NextToken }));
            const found = page.Targets?.find((t) => t.Id === names.eventBridgeTargetId);
            if (found) return found;
            NextToken = page.NextToken;
          } while (NextToken);
        } catch (error) {
          if (isError(error, "ResourceNotFoundException")) return undefined;
          throw error;
        }
        return undefined;
      },
      async () => {
        try {
          const out = await events.send(
            new ListTagsForResourceCommand({ ResourceARN: ruleArn(ctx.region, ctx.account, rule) }),
          );
          return tagsFromList(out.Tags);
        } catch (error) {
          if (isError(error, "ResourceNotFoundException")) return {};
          throw error;
        }
      },
    ] as const);
    return { target, ruleTags };
  },

  async apply(ctx, live) {
    const rule = names.eventBridgeRule(ctx.config.environment, ctx.config.app);
    const resource = `${rule}/${names.eventBridgeTargetId}`;
    if (!live.target) return nothingToDelete();
    const reason = claimForDeletion(ctx, `EventBridge rule ${rule}`, live.ruleTags);
    const changes = [{ attribute: "target", from: live.target.Arn ?? null, to: null }];
    if (!ctx.dryRun) {
      const { RemoveTargetsCommand } = await import("@aws-sdk/client-eventbridge");
      const events = await ctx.clients.events(ctx.region);
      ctx.activity("removing target…");
      try {
        const out = await events.send(
          new RemoveTargetsCommand({ Rule: rule, Ids: [names.eventBridgeTargetId] }),
        );
        if ((out.FailedEntryCount ?? 0) > 0) {
          const failures = (out.FailedEntries ?? [])
            .map((f) => `${f.ErrorCode}: ${f.ErrorMessage}`)
            .join("; ");
          throw new StepError(
            `RemoveTargets failed for target ${names.eventBridgeTargetId} on rule ${rule}: ${failures}`,
          );
        }
      } catch (error) {
        // The rule went away since it was read: so did its targets.
        if (!isError(error, "ResourceNotFoundException")) throw error;
      }
    }
    return { status: deletedStatus(ctx), resource, changes, reason };
  },
};

/** The IAM permissions of this step's calls. */
export const destroyEventBridgeTargetPermissions: PermissionDeclaration = (scope) => [
  {
    sid: "EventBridgeRules",
    access: "read",
    actions: ["events:ListTargetsByRule", "events:ListTagsForResource"],
    resources: arns.rules(scope),
  },
  {
    sid: "EventBridgeRulesTeardown",
    access: "write",
    actions: ["events:RemoveTargets"],
    resources: arns.rules(scope),
  },
];
