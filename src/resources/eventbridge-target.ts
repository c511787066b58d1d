/**
 * The rule's target: the app's log group, by ARN without `:*` and without RoleArn
 * (EventBridge writes through the Logs resource policy). Other targets on the rule are kept.
 */
import type { Target } from "@aws-sdk/client-eventbridge";
import { isError } from "../aws/errors.js";
import type { Change } from "../engine/result.js";
import { type ResourceStep, StepError } from "../engine/step.js";
import type { PermissionDeclaration } from "../iam/permissions.js";
import { arns } from "../iam/resources.js";
import { names } from "../manifest/names.js";
import { logGroupArn } from "./log-group.js";
import { loggingGate, syncStatus } from "./outcome.js";

export const eventBridgeTargetStep: ResourceStep<Target | undefined> = {
  id: "eventbridge-target",
  resourceName: (ctx) =>
    `${names.eventBridgeRule(ctx.config.environment, ctx.config.app)}/${names.eventBridgeTargetId}`,
  description: "Sync IVS EventBridge target",
  scope: "region",
  dependsOn: ["log-group", "eventbridge-rule"],
  gate: loggingGate,

  async read(ctx) {
    const { ListTargetsByRuleCommand } = await import("@aws-sdk/client-eventbridge");
    const events = await ctx.clients.events(ctx.region);
    const rule = names.eventBridgeRule(ctx.config.environment, ctx.config.app);
    let nextToken: string | undefined;
    try {
      do {
        const page = await events.send(new ListTargetsByRuleCommand({ Rule: rule, NextToken: nextToken }));
        const found = page.Targets?.find((t) => t.Id === names.eventBridgeTargetId);
        if (found) return found;
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      if (isError(error, "ResourceNotFoundException")) return undefined;
      throw error;
    }
    return undefined;
  },

  async apply(ctx, live) {
    const { PutTargetsCommand } = await import("@aws-sdk/client-eventbridge");
    const { environment: env, app } = ctx.config;
    const rule = names.eventBridgeRule(env, app);
    const arn = logGroupArn(ctx.region, ctx.account, names.logGroup(env, app));
    const resource = `${rule}/${names.eventBridgeTargetId}`;
    const changes: Change[] = [];
    if (!live) changes.push({ attribute: "target", from: null, to: arn });
    else {
      if (live.Arn !== arn) changes.push({ attribute: "arn", from: live.Arn ?? null, to: arn });
      for (const extra of ["RoleArn", "Input", "InputPath", "InputTransformer"] as const)
        if (live[extra] !== undefined) changes.push({ attribute: extra, from: live[extra], to: null });
    }
    if (changes.length > 0 && !ctx.dryRun) {
      const events = await ctx.clients.events(ctx.region);
      const out = await events.send(
        new PutTargetsCommand({ Rule: rule, Targets: [{ Id: names.eventBridgeTargetId, Arn: arn }] }),
      );
      if ((out.FailedEntryCount ?? 0) > 0) {
        const failures = (out.FailedEntries ?? []).map((f) => `${f.ErrorCode}: ${f.ErrorMessage}`).join("; ");
        throw new StepError(
          `PutTargets failed for target ${names.eventBridgeTargetId} on rule ${rule}: ${failures}`,
        );
      }
    }
    const status = syncStatus(!live, changes, ctx.dryRun);
    return { status, resource, changes };
  },
};

/** The IAM permissions of this step's calls (no iam:PassRole: a Logs target takes no RoleArn). */
export const eventBridgeTargetPermissions: PermissionDeclaration = (scope) => [
  {
    sid: "EventBridgeRules",
    access: "read",
    actions: ["events:ListTargetsByRule"],
    resources: arns.rules(scope),
  },
  { sid: "EventBridgeRules", access: "write", actions: ["events:PutTargets"], resources: arns.rules(scope) },
];
