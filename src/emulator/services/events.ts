/**
 * The emulated EventBridge (awsJson1_1, `x-amz-target: AWSEvents.{Op}`): rules and targets of the
 * default event bus, their tags, and PutEvents with delivery to CloudWatch Logs
 * (events-delivery.ts). State is per account+region (events-store.ts).
 */
import { randomUUID } from "node:crypto";
import { EventPatternError, parseEventPattern } from "../../aws-semantics/event-pattern.js";
import { AwsError } from "../errors.js";
import { type JsonRpcOperation, jsonRpcService } from "../protocols/json-rpc.js";
import { pageOf } from "../protocols/json-rpc-paging.js";
import { eventsRules } from "../rules/events.js";
import type { EmulatedService, ServiceContext } from "../types.js";
import { deliverEvent, type EventEnvelope } from "./events-delivery.js";
import {
  DEFAULT_BUS,
  type EventsState,
  type EventTag,
  eventsState,
  type RuleRecord,
  requireRule,
  ruleArn,
  type TargetRecord,
} from "./events-store.js";
import { parseLogGroupArn } from "./logs-store.js";

export { deliverEvent } from "./events-delivery.js";
export { ruleDeliveries } from "./events-store.js";

const TARGET_PREFIX = "AWSEvents";
/** Targets per rule (EventBridge quota; PutTargets beyond it → LimitExceededException). */
export const MAX_TARGETS_PER_RULE = 5;
const DEFAULT_LIST_LIMIT = 100;
const SCHEDULE_EXPRESSION =
  /^(rate\(\s*\d+\s+(minute|minutes|hour|hours|day|days)\s*\)|cron\(\s*\S+(\s+\S+){5}\s*\))$/;
const ARN = /^arn:aws[\w-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)$/;

const validation = (message: string) => new AwsError("ValidationException", message, 400);

/** Only the default bus exists: by name, or by its ARN in the caller's account+region. */
function requireDefaultBus(name: string | undefined, context: ServiceContext): void {
  if (name === undefined || name === DEFAULT_BUS) return;
  if (name === `arn:aws:events:${context.region}:${context.account}:event-bus/${DEFAULT_BUS}`) return;
  throw new AwsError("ResourceNotFoundException", `Event bus ${name} does not exist.`, 400);
}

function ruleOutput(rule: RuleRecord) {
  return {
    Name: rule.Name,
    Arn: rule.Arn,
    ...(rule.EventPattern !== undefined && { EventPattern: rule.EventPattern }),
    ...(rule.ScheduleExpression !== undefined && { ScheduleExpression: rule.ScheduleExpression }),
    State: rule.State,
    ...(rule.Description !== undefined && { Description: rule.Description }),
    ...(rule.RoleArn !== undefined && { RoleArn: rule.RoleArn }),
    EventBusName: DEFAULT_BUS,
  };
}

function paged<T>(items: T[], scope: string, limit: number | undefined, nextToken: string | undefined) {
  return pageOf(items, { scope, limit: limit ?? DEFAULT_LIST_LIMIT, nextToken }, () =>
    validation("The nextToken provided is invalid."),
  );
}

/** The rule a tagging ARN names (`arn:aws:events:{region}:{account}:rule/{name}`) in the caller's account+region. */
function ruleForArn(state: EventsState, arn: string, context: ServiceContext): RuleRecord {
  const match = /^arn:aws[\w-]*:events:([a-z0-9-]+):(\d{12}):rule\/([.\-_A-Za-z0-9]+)$/.exec(arn);
  if (!match || match[1] !== context.region || match[2] !== context.account)
    throw new AwsError("ResourceNotFoundException", `Resource ${arn} does not exist.`, 400);
  return requireRule(state, match[3]);
}

/** Why PutTargets refuses one target (a FailedEntries item), or undefined when it is accepted. */
function targetProblem(target: TargetRecord, context: ServiceContext): string | undefined {
  const arn = ARN.exec(target.Arn);
  if (!arn) return `Parameter ${target.Arn} is not valid. Reason: Provided Arn is not in correct format.`;
  if (arn[1] === "logs") {
    const group = parseLogGroupArn(target.Arn);
    if (!group)
      return `Parameter ${target.Arn} is not valid. Reason: Provided Arn is not a CloudWatch Logs log group ARN.`;
    if (group.region !== context.region || group.account !== context.account)
      return `Parameter ${target.Arn} is not valid. Reason: A CloudWatch Logs log group target must be in the rule's account and region.`;
  }
  return undefined;
}

function mergeTags(existing: EventTag[], added: EventTag[]): EventTag[] {
  const byKey = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const tag of added) byKey.set(tag.Key, tag.Value);
  return [...byKey].map(([Key, Value]) => ({ Key, Value }));
}

/** A PutEvents entry → the event EventBridge routes, or the entry's error. */
function eventFromEntry(
  entry: Record<string, any>,
  context: ServiceContext,
): EventEnvelope | { ErrorCode: string; ErrorMessage: string } {
  const argument = (name: string) => ({
    ErrorCode: "InvalidArgument",
    ErrorMessage: `Parameter ${name} is not valid. Reason: ${name} is a required argument.`,
  });
  if (entry.EventBusName !== undefined) {
    try {
      requireDefaultBus(entry.EventBusName, context);
    } catch (error) {
      return { ErrorCode: "InvalidArgument", ErrorMessage: (error as Error).message };
    }
  }
  if (!entry.Source) return argument("Source");
  if (!entry.DetailType) return argument("DetailType");
  if (!entry.Detail) return argument("Detail");
  // Only AWS services may emit events with an `aws.` source.
  if (String(entry.Source).startsWith("aws."))
    return { ErrorCode: "NotAuthorizedForSourceException", ErrorMessage: "Not authorized for the source." };
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    detail = undefined;
  }
  if (detail === null || typeof detail !== "object" || Array.isArray(detail))
    return { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." };
  const time = entry.Time !== undefined ? new Date(Number(entry.Time) * 1000) : context.now();
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": entry.DetailType,
    source: entry.Source,
    account: context.account,
    time: time.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: context.region,
    resources: entry.Resources ?? [],
    detail,
  };
}

const operations: Record<string, JsonRpcOperation<EventsState>> = {
  PutRule(input, context, state) {
    requireDefaultBus(input.EventBusName, context);
    const { Name: name, EventPattern: pattern, ScheduleExpression: schedule } = input;
    if (pattern === undefined && schedule === undefined)
      throw validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
    if (schedule !== undefined && !SCHEDULE_EXPRESSION.test(schedule))
      throw validation("Parameter ScheduleExpression is not valid.");
    if (pattern !== undefined) {
      try {
        parseEventPattern(pattern);
      } catch (error) {
        if (error instanceof EventPatternError)
          throw new AwsError("InvalidEventPatternException", error.message, 400);
        throw error;
      }
    }
    const existing = state.rules[name];
    const arn = ruleArn(context.region, context.account, name);
    // PutRule replaces the whole rule: omitted members become unset. Tags apply only on create.
    state.rules[name] = {
      Name: name,
      Arn: arn,
      ...(pattern !== undefined && { EventPattern: pattern }),
      ...(schedule !== undefined && { ScheduleExpression: schedule }),
      State: input.State ?? "ENABLED",
      ...(input.Description !== undefined && { Description: input.Description }),
      ...(input.RoleArn !== undefined && { RoleArn: input.RoleArn }),
      CreatedBy: existing?.CreatedBy ?? context.account,
      tags: existing ? existing.tags : mergeTags([], input.Tags ?? []),
      targets: existing?.targets ?? [],
      deliveries: existing?.deliveries ?? { delivered: 0, failed: 0, failures: [] },
    };
    return { RuleArn: arn };
  },

  DescribeRule(input, context, state) {
    requireDefaultBus(input.EventBusName, context);
    const rule = requireRule(state, input.Name);
    return { ...ruleOutput(rule), CreatedBy: rule.CreatedBy };
  },

  ListRules(input, context, state) {
    requireDefaultBus(input.EventBusName, context);
    const prefix: string | undefined = input.NamePrefix;
    const rules = Object.values(state.rules)
      .filter((r) => prefix === undefined || r.Name.startsWith(prefix))
      .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
    const page = paged(rules, "ListRules", input.Limit, input.NextToken);
    return { Rules: page.items.map(ruleOutput), ...(page.nextToken && { NextToken: page.nextToken }) };
  },

  DeleteRule(input, context, state) {
    requireDefaultBus(input.EventBusName, context);
    const rule = state.rules[input.Name];
    // Deleting a rule that does not exist succeeds (model doc of DeleteRule).
    if (!rule) return {};
    if (rule.targets.length > 0) throw validation("Rule can't be deleted since it has targets.");
    delete state.rules[rule.Name];
    return {};
  },

  PutTargets(input, context, state) {
    requireDefaultBus(input.EventBusName, context);
    const rule = requireRule(state, input.Rule);
    const failed: { TargetId: string; ErrorCode: string; ErrorMessage: string }[] = [];
    const targets = [...rule.targets];
    for (const target of input.Targets as TargetRecord[]) {
      const problem = targetProblem(target, context);
      if (problem) {
        failed.push({ TargetId: target.Id, ErrorCode: "ValidationException", ErrorMessage: problem });
        continue;
      }
      const index = targets.findIndex((t) => t.Id === target.Id);
      if (index === -1) targets.push({ ...target });
      else targets[index] = { ...target };
    }
    if (targets.length > MAX_TARGETS_PER_RULE)
      throw new AwsError(
        "LimitExceededException",
        "The requested resource exceeds the maximum number allowed.",
        400,
      );
    rule.targets = targets;
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  },

  ListTargetsByRule(input, context, state) {
    requireDefaultBus(input.EventBusName, context);
    const rule = requireRule(state, input.Rule);
    const page = paged(rule.targets, `ListTargetsByRule:${rule.Name}`, input.Limit, input.NextToken);
    return { Targets: page.items, ...(page.nextToken && { NextToken: page.nextToken }) };
  },

  RemoveTargets(input, context, state) {
    requireDefaultBus(input.EventBusName, context);
    const rule = requireRule(state, input.Rule);
    const ids = new Set<string>(input.Ids);
    rule.targets = rule.targets.filter((t) => !ids.has(t.Id));
    return { FailedEntryCount: 0, FailedEntries: [] };
  },

  TagResource(input, context, state) {
    const rule = ruleForArn(state, input.ResourceARN, context);
    rule.tags = mergeTags(rule.tags, input.Tags);
    return {};
  },

  UntagResource(input, context, state) {
    const rule = ruleForArn(state, input.ResourceARN, context);
    const keys = new Set<string>(input.TagKeys);
    rule.tags = rule.tags.filter((t) => !keys.has(t.Key));
    return {};
  },

  ListTagsForResource(input, context, state) {
    return { Tags: ruleForArn(state, input.ResourceARN, context).tags.map((t) => ({ ...t })) };
  },

  PutEvents(input, context) {
    const entries = (input.Entries as Record<string, any>[]).map((entry) => {
      const event = eventFromEntry(entry, context);
      if ("ErrorCode" in event) return event;
      deliverEvent(context.store, context.account, context.region, event);
      return { EventId: event.id };
    });
    return { FailedEntryCount: entries.filter((e) => "ErrorCode" in e).length, Entries: entries };
  },
};

const READ_ONLY = /^(Describe|List)/;

/** The emulated EventBridge service (signing name `events`). */
export const eventBridgeService: EmulatedService = jsonRpcService({
  name: "events",
  targetPrefix: TARGET_PREFIX,
  operations,
  rules: eventsRules,
  validationErrorCode: "ValidationException",
  readOnly: READ_ONLY,
  stateOf: (context) => eventsState(context.store, context.account, context.region),
});
