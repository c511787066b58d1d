/**
 * The app's CloudWatch log group in one IVS region (retention, tags), and the environment's
 * shared Logs resource policy that lets EventBridge write into it. One policy per environment
 * per region, never one per app: CloudWatch Logs allows only 10 per region.
 */
import type { LogGroup, ResourcePolicy } from "@aws-sdk/client-cloudwatch-logs";
import { isError } from "../aws/errors.js";
import type { Change } from "../engine/result.js";
import { type ResourceStep, StepError } from "../engine/step.js";
import type { PermissionDeclaration } from "../iam/permissions.js";
import { ANY_RESOURCE, arns } from "../iam/resources.js";
import { names, ownershipOf, yoloTags } from "../manifest/names.js";
import { policiesEqual } from "../policy/canonical.js";
import { logsResourcePolicyDocument } from "../policy/documents.js";
import { loggingGate, syncStatus } from "./outcome.js";
import { diffTags, foreignOwnerPhrase } from "./tags.js";

export interface LiveLogGroup {
  group?: LogGroup;
  tags: Record<string, string>;
  policy?: ResourcePolicy;
  /** How many account-level resource policies the region holds (all of them read only when ours is absent). */
  policyCount: number;
}

/** CloudWatch Logs' account-level resource policies per region: 10, not adjustable (AWS-FACTS §3.3). */
export const MAX_LOGS_RESOURCE_POLICIES = 10;

/** The log group ARN without the trailing `:*` (what tagging APIs and EventBridge targets use). */
export function logGroupArn(region: string, account: string, name: string): string {
  return `arn:aws:logs:${region}:${account}:log-group:${name}`;
}

export const logGroupStep: ResourceStep<LiveLogGroup> = {
  id: "log-group",
  resourceName: (ctx) => names.logGroup(ctx.config.environment, ctx.config.app),
  description: "Sync IVS CloudWatch log group",
  scope: "region",
  dependsOn: [],
  gate: loggingGate,

  async read(ctx) {
    const { DescribeLogGroupsCommand, ListTagsForResourceCommand, DescribeResourcePoliciesCommand } =
      await import("@aws-sdk/client-cloudwatch-logs");
    const logs = await ctx.clients.logs(ctx.region);
    const name = names.logGroup(ctx.config.environment, ctx.config.app);
    const policyName = names.logsResourcePolicy(ctx.config.environment);
    const [group, tags, policies] = await ctx.all([
      async () => {
        let nextToken: string | undefined;
        do {
          const page = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, nextToken }));
          const found = page.logGroups?.find((g) => g.logGroupName === name);
          if (found) return found;
          nextToken = page.nextToken;
        } while (nextToken);
        return undefined;
      },
      async () => {
        try {
          const out = await logs.send(
            new ListTagsForResourceCommand({ resourceArn: logGroupArn(ctx.region, ctx.account, name) }),
          );
          return out.tags ?? {};
        } catch (error) {
          if (isError(error, "ResourceNotFoundException")) return {};
          throw error;
        }
      },
      async () => {
        let nextToken: string | undefined;
        let count = 0;
        do {
          const page = await logs.send(new DescribeResourcePoliciesCommand({ nextToken }));
          const found = page.resourcePolicies?.find((p) => p.policyName === policyName);
          if (found) return { found, count: count + (page.resourcePolicies?.length ?? 0) };
          count += page.resourcePolicies?.length ?? 0;
          nextToken = page.nextToken;
        } while (nextToken);
        return { found: undefined, count };
      },
    ] as const);
    return { group, tags, policy: policies.found, policyCount: policies.count };
  },

  async apply(ctx, live) {
    const {
      CreateLogGroupCommand,
      PutRetentionPolicyCommand,
      TagResourceCommand,
      UntagResourceCommand,
      PutResourcePolicyCommand,
    } = await import("@aws-sdk/client-cloudwatch-logs");
    const { environment: env, app } = ctx.config;
    const name = names.logGroup(env, app);
    const arn = logGroupArn(ctx.region, ctx.account, name);
    const retention = ctx.config.logging.retentionDays;
    const desiredTags = yoloTags(env, app, name);
    const policyName = names.logsResourcePolicy(env);
    const policyDocument = logsResourcePolicyDocument({ env, region: ctx.region, account: ctx.account });
    const logs = await ctx.clients.logs(ctx.region);
    const changes: Change[] = [];
    let reason: string | undefined;

    if (live.group) {
      const owner = ownershipOf(live.tags, env, app);
      if (owner.kind === "foreign") {
        throw new StepError(
          `log group ${name} ${foreignOwnerPhrase(owner, env, app)}. yolo will not modify it.`,
        );
      }
      if (owner.kind === "untagged") reason = "adopted (untagged)";
    }

    // Adding the policy to a full region can only fail (and the SDK retries LimitExceededException
    // as throttling): say so plainly, in a dry-run too, before this step writes anything.
    if (!live.policy && live.policyCount >= MAX_LOGS_RESOURCE_POLICIES)
      throw logsPolicyLimitError(ctx.region, policyName);

    const created = !live.group;
    if (created) {
      changes.push({ attribute: "logGroup", from: null, to: name });
      if (!ctx.dryRun) {
        ctx.activity("creating log group…");
        try {
          await logs.send(new CreateLogGroupCommand({ logGroupName: name, tags: desiredTags }));
        } catch (error) {
          // Another run of yolo for this app created it since our read: it is there, go on.
          if (!isError(error, "ResourceAlreadyExistsException")) throw error;
        }
      }
    }
    if (live.group?.retentionInDays !== retention) {
      changes.push({
        attribute: "retentionInDays",
        from: live.group?.retentionInDays ?? null,
        to: retention,
      });
      if (!ctx.dryRun)
        await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: retention }));
    }
    if (!created) {
      const tagDiff = diffTags(live.tags, desiredTags);
      changes.push(...tagDiff.changes);
      if (!ctx.dryRun && Object.keys(tagDiff.toSet).length > 0)
        await logs.send(new TagResourceCommand({ resourceArn: arn, tags: tagDiff.toSet }));
      if (!ctx.dryRun && tagDiff.toRemove.length > 0)
        await logs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: tagDiff.toRemove }));
    } else {
      changes.push({ attribute: "tags", from: null, to: desiredTags });
    }
    if (!live.policy?.policyDocument || !policiesEqual(live.policy.policyDocument, policyDocument)) {
      changes.push({
        attribute: `resourcePolicy ${policyName}`,
        from: live.policy?.policyDocument ?? null,
        to: JSON.stringify(policyDocument),
      });
      if (!ctx.dryRun) {
        try {
          await logs.send(
            new PutResourcePolicyCommand({ policyName, policyDocument: JSON.stringify(policyDocument) }),
          );
        } catch (error) {
          if (!live.policy && isError(error, "LimitExceededException"))
            throw logsPolicyLimitError(ctx.region, policyName);
          throw error;
        }
      }
    }

    const status = syncStatus(created, changes, ctx.dryRun);
    return { status, resource: name, changes, reason, outputs: { logGroupArn: arn, exists: !created } };
  },
};

/** The region is full: which limit, and what the user can do about it. */
function logsPolicyLimitError(region: string, policyName: string): StepError {
  return new StepError(
    `CloudWatch Logs in ${region} already holds ${MAX_LOGS_RESOURCE_POLICIES} resource policies (the limit, not adjustable), so yolo cannot add ${policyName}. ` +
      `Delete one that is no longer needed (aws logs describe-resource-policies --region ${region}) and run again.`,
  );
}

/** What reading the log group, its tags and the account's resource policies needs (sync and destroy). */
export const logGroupReadPermissions: PermissionDeclaration = (scope) => [
  {
    sid: "LogsAccountLevel",
    access: "read",
    actions: ["logs:DescribeLogGroups", "logs:DescribeResourcePolicies"],
    resources: [ANY_RESOURCE],
  },
  {
    sid: "EventLogGroups",
    access: "read",
    actions: ["logs:ListTagsForResource"],
    resources: arns.logGroups(scope),
  },
];

/**
 * The IAM permissions of this step's calls. DescribeLogGroups and the account-level resource
 * policy calls have no resource-level permission; CreateLogGroup with tags needs
 * logs:TagResource too; tagging APIs name the log group ARN without `:*`, the others with it.
 */
export const logGroupPermissions: PermissionDeclaration = (scope) => [
  ...logGroupReadPermissions(scope),
  {
    sid: "EventLogGroups",
    access: "write",
    actions: ["logs:CreateLogGroup", "logs:TagResource", "logs:PutRetentionPolicy"],
    resources: arns.logGroups(scope),
  },
  {
    sid: "LogsAccountLevel",
    access: "write",
    actions: ["logs:PutResourcePolicy"],
    resources: [ANY_RESOURCE],
  },
];
