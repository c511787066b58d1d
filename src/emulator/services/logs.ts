/**
 * The emulated CloudWatch Logs (awsJson1_1, `x-amz-target: Logs_20140328.{Op}`): log groups,
 * retention, account-scoped resource policies, tags, and streams/events (logs-streams.ts).
 * State is per account+region (logs-store.ts).
 */
import { AwsError } from "../errors.js";
import { jsonRpcService } from "../protocols/json-rpc.js";
import { logsRules, RETENTION_IN_DAYS_VALUES } from "../rules/logs.js";
import type { EmulatedService, ServiceContext } from "../types.js";
import {
  invalidParameter,
  type LogGroupRecord,
  type LogsOperation,
  type LogsState,
  logGroupArn,
  logsPage,
  logsState,
  parseLogGroupArn,
  type ResourcePolicyRecord,
  requireLogGroup,
  storedBytes,
} from "./logs-store.js";
import { streamOperations } from "./logs-streams.js";

export { deliverToLogGroup } from "./logs-store.js";

const TARGET_PREFIX = "Logs_20140328";
/** Account-level resource policies per account and region; not adjustable (AWS-FACTS §3.3). */
export const MAX_RESOURCE_POLICIES = 10;
const MAX_TAGS = 50;
const DEFAULT_DESCRIBE_LIMIT = 50;

function describeLogGroup(group: LogGroupRecord, context: ServiceContext, brief: boolean) {
  const arn = logGroupArn(context.region, context.account, group.name);
  // With logGroupNamePattern AWS returns only these three members (model doc of DescribeLogGroups).
  if (brief) return { logGroupName: group.name, creationTime: group.creationTime, arn: `${arn}:*` };
  return {
    logGroupName: group.name,
    creationTime: group.creationTime,
    ...(group.retentionInDays !== undefined && { retentionInDays: group.retentionInDays }),
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes: storedBytes(group),
    ...(group.kmsKeyId !== undefined && { kmsKeyId: group.kmsKeyId }),
    logGroupClass: group.logGroupClass,
    logGroupArn: arn,
    ...(group.deletionProtectionEnabled !== undefined && {
      deletionProtectionEnabled: group.deletionProtectionEnabled,
    }),
  };
}

/** ASCII (code unit) order, as DescribeLogGroups sorts. */
const ascii = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The log group a tagging `resourceArn` names (without `:*`) in the caller's account+region. */
function groupForArn(state: LogsState, arn: string, context: ServiceContext): LogGroupRecord {
  const parsed = arn.endsWith(":*") ? undefined : parseLogGroupArn(arn);
  if (!parsed) throw invalidParameter(`Invalid resource ARN: ${arn}`);
  const group =
    parsed.account === context.account && parsed.region === context.region
      ? state.logGroups[parsed.name]
      : undefined;
  if (!group) throw new AwsError("ResourceNotFoundException", "The specified resource does not exist.", 400);
  return group;
}

function addTags(group: LogGroupRecord, tags: Record<string, string>, resourceName: string): void {
  const merged = { ...group.tags, ...tags };
  if (Object.keys(merged).length > MAX_TAGS)
    throw new AwsError("TooManyTagsException", `A resource can have no more than ${MAX_TAGS} tags.`, 400, {
      resourceName,
    });
  group.tags = merged;
}

function removeTags(group: LogGroupRecord, keys: string[]): void {
  for (const key of keys) delete group.tags[key];
}

function resourcePolicyOutput(policy: ResourcePolicyRecord) {
  return { ...policy, policyScope: "ACCOUNT" };
}

const groupOperations: Record<string, LogsOperation> = {
  CreateLogGroup(input, context, state) {
    const name: string = input.logGroupName;
    if (name.startsWith("aws/")) throw invalidParameter("Log group names can't start with the string aws/");
    if (state.logGroups[name])
      throw new AwsError("ResourceAlreadyExistsException", "The specified log group already exists", 400);
    state.logGroups[name] = {
      name,
      creationTime: context.now().getTime(),
      logGroupClass: input.logGroupClass ?? "STANDARD",
      ...(input.kmsKeyId !== undefined && { kmsKeyId: input.kmsKeyId }),
      ...(input.deletionProtectionEnabled !== undefined && {
        deletionProtectionEnabled: Boolean(input.deletionProtectionEnabled),
      }),
      tags: { ...(input.tags ?? {}) },
      streams: {},
    };
    return {};
  },

  DescribeLogGroups(input, context, state) {
    const { logGroupNamePrefix: prefix, logGroupNamePattern: pattern } = input;
    if (prefix !== undefined && pattern !== undefined)
      throw invalidParameter(
        "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
      );
    const groups = Object.values(state.logGroups)
      .filter((g) => prefix === undefined || g.name.startsWith(prefix))
      .filter((g) => pattern === undefined || g.name.includes(pattern))
      .filter((g) => input.logGroupClass === undefined || g.logGroupClass === input.logGroupClass)
      .sort((a, b) => ascii(a.name, b.name));
    const page = logsPage(
      groups,
      "DescribeLogGroups",
      input.limit ?? DEFAULT_DESCRIBE_LIMIT,
      input.nextToken,
    );
    return {
      logGroups: page.items.map((g) => describeLogGroup(g, context, pattern !== undefined)),
      ...(page.nextToken && { nextToken: page.nextToken }),
    };
  },

  DeleteLogGroup(input, _context, state) {
    const group = requireLogGroup(state, input.logGroupName);
    if (group.deletionProtectionEnabled)
      throw new AwsError(
        "ValidationException",
        `Log group ${group.name} has deletion protection enabled.`,
        400,
      );
    delete state.logGroups[group.name];
    return {};
  },

  PutRetentionPolicy(input, _context, state) {
    const days = input.retentionInDays;
    if (!RETENTION_IN_DAYS_VALUES.includes(days))
      throw invalidParameter(
        `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_IN_DAYS_VALUES.join(", ")}]`,
      );
    requireLogGroup(state, input.logGroupName).retentionInDays = days;
    return {};
  },

  DeleteRetentionPolicy(input, _context, state) {
    delete requireLogGroup(state, input.logGroupName).retentionInDays;
    return {};
  },

  PutResourcePolicy(input, context, state) {
    const { policyName, policyDocument } = input;
    if (policyName === undefined)
      throw invalidParameter("policyName is required for an account-level resource policy.");
    if (policyDocument === undefined) throw invalidParameter("policyDocument is required.");
    try {
      const parsed = JSON.parse(policyDocument);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
        throw new Error("not an object");
    } catch {
      throw invalidParameter("Policy document is not valid JSON.");
    }
    if (
      !state.resourcePolicies[policyName] &&
      Object.keys(state.resourcePolicies).length >= MAX_RESOURCE_POLICIES
    )
      throw new AwsError("LimitExceededException", "Resource limit exceeded.", 400);
    const policy: ResourcePolicyRecord = {
      policyName,
      policyDocument,
      lastUpdatedTime: context.now().getTime(),
    };
    state.resourcePolicies[policyName] = policy;
    return { resourcePolicy: resourcePolicyOutput(policy) };
  },

  DescribeResourcePolicies(input, _context, state) {
    const page = logsPage(
      Object.values(state.resourcePolicies),
      "DescribeResourcePolicies",
      input.limit ?? DEFAULT_DESCRIBE_LIMIT,
      input.nextToken,
    );
    return {
      resourcePolicies: page.items.map(resourcePolicyOutput),
      ...(page.nextToken && { nextToken: page.nextToken }),
    };
  },

  DeleteResourcePolicy(input, _context, state) {
    const name = input.policyName;
    if (name === undefined || !state.resourcePolicies[name])
      throw new AwsError("ResourceNotFoundException", `Policy with name [${name ?? ""}] does not exist`, 400);
    delete state.resourcePolicies[name];
    return {};
  },

  TagResource(input, context, state) {
    addTags(groupForArn(state, input.resourceArn, context), input.tags, input.resourceArn);
    return {};
  },

  UntagResource(input, context, state) {
    removeTags(groupForArn(state, input.resourceArn, context), input.tagKeys);
    return {};
  },

  ListTagsForResource(input, context, state) {
    return { tags: { ...groupForArn(state, input.resourceArn, context).tags } };
  },

  TagLogGroup(input, _context, state) {
    addTags(requireLogGroup(state, input.logGroupName), input.tags, input.logGroupName);
    return {};
  },

  UntagLogGroup(input, _context, state) {
    removeTags(requireLogGroup(state, input.logGroupName), input.tags);
    return {};
  },

  ListTagsLogGroup(input, _context, state) {
    return { tags: { ...requireLogGroup(state, input.logGroupName).tags } };
  },
};

const operations: Record<string, LogsOperation> = { ...groupOperations, ...streamOperations };

const READ_ONLY = /^(Describe|List|Get|Filter)/;

/** The emulated CloudWatch Logs service (signing name `logs`). */
export const logsService: EmulatedService = jsonRpcService({
  name: "logs",
  targetPrefix: TARGET_PREFIX,
  operations,
  rules: logsRules,
  validationErrorCode: "InvalidParameterException",
  readOnly: READ_ONLY,
  stateOf: (context) => logsState(context.store, context.account, context.region),
});
