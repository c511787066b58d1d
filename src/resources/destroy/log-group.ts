/**
 * Delete the app's log group and, when no other log group of the environment is left in the
 * region, the environment's shared Logs resource policy too (every app of the environment writes
 * through that one policy, so it goes with the last of them).
 */
import type { LogGroup, ResourcePolicy } from "@aws-sdk/client-cloudwatch-logs";
import { isError } from "../../aws/errors.js";
import { collectByNextToken } from "../../aws/paginate.js";
import type { Change } from "../../engine/result.js";
import type { ResourceStep } from "../../engine/step.js";
import type { PermissionDeclaration } from "../../iam/permissions.js";
import { ANY_RESOURCE, arns } from "../../iam/resources.js";
import { names } from "../../manifest/names.js";
import { logGroupArn, logGroupReadPermissions } from "../log-group.js";
import { claimForDeletion, deletedStatus, nothingToDelete, plural } from "./common.js";

export interface LiveLogGroupForDestroy {
  /** Every log group of the environment in the region (prefix `/aws/ivs/yolo-{env}-`). */
  environmentGroups: LogGroup[];
  tags: Record<string, string>;
  policy?: ResourcePolicy;
}

export const destroyLogGroupStep: ResourceStep<LiveLogGroupForDestroy> = {
  id: "log-group",
  description: "Destroy IVS CloudWatch log group",
  scope: "region",
  // Stop EventBridge writing into the group before it goes.
  dependsOn: ["eventbridge-target"],
  gate: () => ({ enabled: true }),

  async read(ctx) {
    const { DescribeLogGroupsCommand, ListTagsForResourceCommand, DescribeResourcePoliciesCommand } =
      await import("@aws-sdk/client-cloudwatch-logs");
    const logs = await ctx.clients.logs(ctx.region);
    const { environment: env, app } = ctx.config;
    const policyName = names.logsResourcePolicy(env);
    const [environmentGroups, tags, policy] = await ctx.all([
      () =>
        collectByNextToken(
          (nextToken) =>
            logs.send(
              new DescribeLogGroupsCommand({
                logGroupNamePrefix: names.logGroupEnvironmentPrefix(env),
                nextToken,
              }),
            ),
          (page) => page.logGroups,
        ),
      async () => {
        try {
          const out = await logs.send(
            new ListTagsForResourceCommand({
              resourceArn: logGroupArn(ctx.region, ctx.account, names.logGroup(env, app)),
            }),
          );
          return out.tags ?? {};
        } catch (error) {
          if (isError(error, "ResourceNotFoundException")) return {};
          throw error;
        }
      },
      async () => {
        const policies = await collectByNextToken(
          (nextToken) => logs.send(new DescribeResourcePoliciesCommand({ nextToken })),
          (page) => page.resourcePolicies,
        );
        return policies.find((p) => p.policyName === policyName);
      },
    ] as const);
    return { environmentGroups, tags, policy };
  },

  async apply(ctx, live) {
    const { environment: env, app } = ctx.config;
    const name = names.logGroup(env, app);
    const policyName = names.logsResourcePolicy(env);
    const group = live.environmentGroups.find((g) => g.logGroupName === name);
    const others = live.environmentGroups
      .filter((g) => g.logGroupName !== name)
      .map((g) => g.logGroupName ?? "");
    const adopted = group ? claimForDeletion(ctx, `log group ${name}`, live.tags) : undefined;
    const deletePolicy = live.policy !== undefined && others.length === 0;

    const changes: Change[] = [];
    const notes: string[] = [];
    if (adopted) notes.push(adopted);
    if (group) changes.push({ attribute: "logGroup", from: name, to: null });
    if (deletePolicy) {
      changes.push({
        attribute: `resourcePolicy ${policyName}`,
        from: live.policy?.policyDocument ?? null,
        to: null,
      });
      notes.push(
        `Logs resource policy ${policyName} ${ctx.dryRun ? "would be deleted" : "deleted"} too: no other log group of ${env} is left in ${ctx.region}`,
      );
    } else if (live.policy && group) {
      const shown = others.slice(0, 3).join(", ") + (others.length > 3 ? ", …" : "");
      notes.push(
        `Logs resource policy ${policyName} kept: ${plural(others.length, "other log group")} of ${env} still ${others.length === 1 ? "uses" : "use"} it (${shown})`,
      );
    }
    if (changes.length === 0) return nothingToDelete();

    if (!ctx.dryRun) {
      const { DeleteLogGroupCommand, DeleteResourcePolicyCommand } = await import(
        "@aws-sdk/client-cloudwatch-logs"
      );
      const logs = await ctx.clients.logs(ctx.region);
      const ignoreMissing = (error: unknown) => {
        if (!isError(error, "ResourceNotFoundException")) throw error;
      };
      if (group) {
        ctx.activity("deleting log group…");
        await logs.send(new DeleteLogGroupCommand({ logGroupName: name })).catch(ignoreMissing);
      }
      if (deletePolicy) {
        ctx.activity("deleting Logs resource policy…");
        await logs.send(new DeleteResourcePolicyCommand({ policyName })).catch(ignoreMissing);
      }
    }
    return {
      status: deletedStatus(ctx),
      resource: group ? name : policyName,
      changes,
      ...(notes.length > 0 ? { reason: notes.join("; ") } : {}),
    };
  },
};

/** The IAM permissions of this step's calls (the account-level Logs calls have no resource-level permission). */
export const destroyLogGroupPermissions: PermissionDeclaration = (scope) => [
  ...logGroupReadPermissions(scope),
  {
    sid: "EventLogGroupsTeardown",
    access: "write",
    actions: ["logs:DeleteLogGroup"],
    resources: arns.logGroups(scope),
  },
  {
    sid: "LogsResourcePolicyTeardown",
    access: "write",
    actions: ["logs:DeleteResourcePolicy"],
    resources: [ANY_RESOURCE],
  },
];
