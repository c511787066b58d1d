/**
 * The EventBridge rule on the default bus that catches every IVS event of the region.
 * PutRule replaces the whole rule and ignores Tags on an existing rule, so the rule is
 * compared first and tags are reconciled on their own.
 */
import type { DescribeRuleCommandOutput } from "@aws-sdk/client-eventbridge";
import { isError } from "../aws/errors.js";
import type { Change } from "../engine/result.js";
import { type ResourceStep, StepError } from "../engine/step.js";
import type { PermissionDeclaration } from "../iam/permissions.js";
import { arns } from "../iam/resources.js";
import { names, ownershipOf, yoloTags } from "../manifest/names.js";
import { jsonEqual } from "../policy/canonical.js";
import { loggingGate } from "./outcome.js";
import { diffTags, foreignOwnerPhrase } from "./tags.js";

export const IVS_EVENT_PATTERN = { source: ["aws.ivs"] };
export const RULE_DESCRIPTION = "YOLO managed IVS state change events";

export interface LiveRule {
  rule?: DescribeRuleCommandOutput;
  tags: Record<string, string>;
}

export function ruleArn(region: string, account: string, name: string): string {
  return `arn:aws:events:${region}:${account}:rule/${name}`;
}

export const eventBridgeRuleStep: ResourceStep<LiveRule> = {
  id: "eventbridge-rule",
  resourceName: (ctx) => names.eventBridgeRule(ctx.config.environment, ctx.config.app),
  description: "Sync IVS EventBridge rule",
  scope: "region",
  dependsOn: [],
  gate: loggingGate,

  async read(ctx) {
    const { DescribeRuleCommand, ListTagsForResourceCommand } = await import("@aws-sdk/client-eventbridge");
    const events = await ctx.clients.events(ctx.region);
    const name = names.eventBridgeRule(ctx.config.environment, ctx.config.app);
    const [rule, tags] = await ctx.all([
      async () => {
        try {
          return await events.send(new DescribeRuleCommand({ Name: name }));
        } catch (error) {
          if (isError(error, "ResourceNotFoundException")) return undefined;
          throw error;
        }
      },
      async () => {
        try {
          const out = await events.send(
            new ListTagsForResourceCommand({ ResourceARN: ruleArn(ctx.region, ctx.account, name) }),
          );
          return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
        } catch (error) {
          if (isError(error, "ResourceNotFoundException")) return {};
          throw error;
        }
      },
    ] as const);
    return { rule, tags };
  },

  async apply(ctx, live) {
    const { PutRuleCommand, TagResourceCommand, UntagResourceCommand } = await import(
      "@aws-sdk/client-eventbridge"
    );
    const { environment: env, app } = ctx.config;
    const name = names.eventBridgeRule(env, app);
    const arn = ruleArn(ctx.region, ctx.account, name);
    const desiredTags = yoloTags(env, app, name);
    const events = await ctx.clients.events(ctx.region);
    const changes: Change[] = [];
    let reason: string | undefined;

    if (live.rule) {
      const owner = ownershipOf(live.tags, env, app);
      if (owner.kind === "foreign")
        throw new StepError(
          `EventBridge rule ${name} ${foreignOwnerPhrase(owner, env, app)}. yolo will not modify it.`,
        );
      if (owner.kind === "untagged") reason = "adopted (untagged)";
    }

    const desired = {
      Name: name,
      EventPattern: JSON.stringify(IVS_EVENT_PATTERN),
      State: "ENABLED" as const,
      Description: RULE_DESCRIPTION,
    };
    if (!live.rule) {
      if (!ctx.dryRun) {
        ctx.activity("creating rule…");
        await events.send(
          new PutRuleCommand({
            ...desired,
            Tags: Object.entries(desiredTags).map(([Key, Value]) => ({ Key, Value })),
          }),
        );
      }
      return {
        status: ctx.dryRun ? "WOULD_CREATE" : "CREATED",
        resource: name,
        changes: [{ attribute: "rule", from: null, to: desired }],
        outputs: { ruleArn: arn, exists: false },
      };
    }

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
      changes.push({
        attribute: "description",
        from: live.rule.Description ?? null,
        to: desired.Description,
      });
    if (live.rule.ScheduleExpression)
      changes.push({ attribute: "scheduleExpression", from: live.rule.ScheduleExpression, to: null });
    if (live.rule.RoleArn) changes.push({ attribute: "roleArn", from: live.rule.RoleArn, to: null });
    if (changes.length > 0 && !ctx.dryRun) await events.send(new PutRuleCommand(desired));

    const tagDiff = diffTags(live.tags, desiredTags);
    changes.push(...tagDiff.changes);
    if (!ctx.dryRun && Object.keys(tagDiff.toSet).length > 0)
      await events.send(
        new TagResourceCommand({
          ResourceARN: arn,
          Tags: Object.entries(tagDiff.toSet).map(([Key, Value]) => ({ Key, Value })),
        }),
      );
    if (!ctx.dryRun && tagDiff.toRemove.length > 0)
      await events.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: tagDiff.toRemove }));

    return {
      status: changes.length > 0 && ctx.dryRun ? "WOULD_SYNC" : "SYNCED",
      resource: name,
      changes,
      reason,
      outputs: { ruleArn: arn, exists: true },
    };
  },
};

/** The IAM permissions of this step's calls: PutRule with tags needs events:TagResource too. */
export const eventBridgeRulePermissions: PermissionDeclaration = (scope) => [
  {
    sid: "EventBridgeRules",
    access: "read",
    actions: ["events:DescribeRule", "events:ListTagsForResource"],
    resources: arns.rules(scope),
  },
  {
    sid: "EventBridgeRules",
    access: "write",
    actions: ["events:PutRule", "events:TagResource"],
    resources: arns.rules(scope),
  },
];
