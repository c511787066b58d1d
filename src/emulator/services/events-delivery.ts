/**
 * EventBridge delivery: match an event against the ENABLED rules of the default bus and hand it
 * to each target. Only CloudWatch Logs log-group targets in the rule's account and region are
 * emulated; EventBridge may write to them only when the account's Logs resource policies allow the
 * service principal `events.amazonaws.com` to `logs:CreateLogStream` and `logs:PutLogEvents` on
 * the log stream (AWS-FACTS §3.3, §4.3). Every outcome is counted on the rule (RuleDeliveries).
 */

import { matchesEventPattern, parseEventPattern } from "../../aws-semantics/event-pattern.js";
import { evaluatePolicy } from "../../aws-semantics/policy-evaluation.js";
import type { AccessRequest } from "../../aws-semantics/policy-types.js";
import type { EmulatorStore } from "../state.js";
import { type EventsState, eventsState, type RuleRecord, type TargetRecord } from "./events-store.js";
import { deliverToLogGroup, logStreamArn, logsState, parseLogGroupArn } from "./logs-store.js";

/** An event as EventBridge hands it to targets (`version`, `id`, `detail-type`, `source`, …). */
export type EventEnvelope = Record<string, unknown>;

export interface DeliveryReport {
  /** Names of the rules whose pattern matched. */
  matchedRules: string[];
  delivered: number;
  failed: number;
}

const EVENTS_PRINCIPAL = "events.amazonaws.com";
const LOG_WRITE_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"];
/** How many failures a rule keeps (newest last). */
const KEPT_FAILURES = 20;
const ENABLED_STATES = new Set(["ENABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"]);

class DeliveryError extends Error {}

/**
 * Deliver an event to the matching rules' targets in an account+region (used by PutEvents and by
 * emulated services that emit events, such as IVS).
 */
export function deliverEvent(
  store: EmulatorStore,
  account: string,
  region: string,
  event: EventEnvelope,
): DeliveryReport {
  const state: EventsState = eventsState(store, account, region);
  const report: DeliveryReport = { matchedRules: [], delivered: 0, failed: 0 };
  for (const rule of Object.values(state.rules)) {
    if (!ENABLED_STATES.has(rule.State) || rule.EventPattern === undefined) continue;
    if (!matchesEventPattern(parseEventPattern(rule.EventPattern), event)) continue;
    report.matchedRules.push(rule.Name);
    for (const target of rule.targets) {
      try {
        deliverToTarget(store, account, region, rule, target, event);
        rule.deliveries.delivered += 1;
        report.delivered += 1;
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        recordFailure(rule, target, event, error.message);
        report.failed += 1;
      }
    }
  }
  return report;
}

function recordFailure(rule: RuleRecord, target: TargetRecord, event: EventEnvelope, reason: string): void {
  rule.deliveries.failed += 1;
  rule.deliveries.failures.push({
    eventId: String(event.id ?? ""),
    targetId: target.Id,
    targetArn: target.Arn,
    reason,
    time: new Date().toISOString(),
  });
  if (rule.deliveries.failures.length > KEPT_FAILURES) rule.deliveries.failures.shift();
}

function deliverToTarget(
  store: EmulatorStore,
  account: string,
  region: string,
  rule: RuleRecord,
  target: TargetRecord,
  event: EventEnvelope,
): void {
  const group = parseLogGroupArn(target.Arn);
  if (!group)
    throw new DeliveryError(`The emulator delivers only to CloudWatch Logs log groups, not to ${target.Arn}`);
  if (group.account !== account || group.region !== region)
    throw new DeliveryError(`Log group ${target.Arn} is not in the rule's account and region`);
  if (!logsState(store, account, region).logGroups[group.name])
    throw new DeliveryError(`Log group ${group.name} does not exist`);
  const { message, timestamp } = logEntryFor(rule, target, event);
  const stream = String(event.id ?? "events");
  const denial = logsPolicyDenial(store, account, region, group.name, stream, rule.Arn);
  if (denial) throw new DeliveryError(denial);
  deliverToLogGroup(store, account, region, group.name, message, timestamp, stream);
}

/**
 * Why the account's Logs resource policies do not let EventBridge write this stream, or undefined
 * when they do (every action allowed by some policy, none denied by any).
 */
export function logsPolicyDenial(
  store: EmulatorStore,
  account: string,
  region: string,
  logGroupName: string,
  logStreamName: string,
  sourceRuleArn: string,
): string | undefined {
  const policies = Object.values(logsState(store, account, region).resourcePolicies);
  const resource = logStreamArn(region, account, logGroupName, logStreamName);
  for (const action of LOG_WRITE_ACTIONS) {
    const request: AccessRequest = {
      principal: { type: "Service", id: EVENTS_PRINCIPAL },
      action,
      resource,
      context: { "aws:SourceArn": sourceRuleArn, "aws:SourceAccount": account },
    };
    let allowed = false;
    for (const policy of policies) {
      let decision: string;
      try {
        decision = evaluatePolicy(policy.policyDocument, request).decision;
      } catch (error) {
        return `Resource policy ${policy.policyName} cannot be evaluated: ${(error as Error).message}`;
      }
      if (decision === "deny")
        return `Resource policy ${policy.policyName} denies ${EVENTS_PRINCIPAL} ${action} on ${resource}`;
      if (decision === "allow") allowed = true;
    }
    if (!allowed)
      return `No CloudWatch Logs resource policy allows ${EVENTS_PRINCIPAL} ${action} on ${resource}`;
  }
  return undefined;
}

/**
 * The log entry for an event. Without Input/InputPath/InputTransformer the whole event JSON is
 * logged at the event's time. Logs targets refuse Input and InputPath; an InputTransformer must
 * render `{"timestamp": …, "message": …}` (AWS-FACTS §4.3).
 */
function logEntryFor(
  rule: RuleRecord,
  target: TargetRecord,
  event: EventEnvelope,
): { message: string; timestamp: number } {
  const eventTime = Date.parse(String(event.time ?? ""));
  const timestamp = Number.isNaN(eventTime) ? Date.now() : eventTime;
  if (target.Input !== undefined || target.InputPath !== undefined)
    throw new DeliveryError("Input and InputPath are not supported for CloudWatch Logs targets");
  if (!target.InputTransformer) return { message: JSON.stringify(event), timestamp };
  const rendered = renderInputTransformer(target.InputTransformer, rule, event);
  let parsed: any;
  try {
    parsed = JSON.parse(rendered);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== "object" || !("message" in parsed) || !("timestamp" in parsed))
    throw new DeliveryError(
      'An InputTransformer for a CloudWatch Logs target must render {"timestamp": …, "message": …}',
    );
  const renderedTime =
    typeof parsed.timestamp === "number" ? parsed.timestamp : Date.parse(String(parsed.timestamp));
  return {
    message: typeof parsed.message === "string" ? parsed.message : JSON.stringify(parsed.message),
    timestamp: Number.isNaN(renderedTime) ? timestamp : renderedTime,
  };
}

/** The value at a JSONPath such as `$.detail.event_name` (dotted members only). */
function valueAtPath(event: EventEnvelope, path: string): unknown {
  if (path === "$") return event;
  let current: unknown = event;
  for (const part of path.replace(/^\$\.?/, "").split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Fill an InputTemplate: strings go in without quotes (the template quotes them), others as JSON. */
export function renderInputTransformer(
  transformer: { InputPathsMap?: Record<string, string>; InputTemplate: string },
  rule: Pick<RuleRecord, "Name" | "Arn">,
  event: EventEnvelope,
): string {
  const values: Record<string, unknown> = {
    "aws.events.rule-arn": rule.Arn,
    "aws.events.rule-name": rule.Name,
    "aws.events.event.ingestion-time": new Date().toISOString(),
    "aws.events.event": event,
    "aws.events.event.json": event,
  };
  for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {}))
    values[name] = valueAtPath(event, path);
  return transformer.InputTemplate.replace(/<([A-Za-z0-9_.-]+)>/g, (placeholder, name: string) => {
    if (!(name in values)) return placeholder;
    const value = values[name];
    if (value === undefined) return "null";
    return typeof value === "string" ? JSON.stringify(value).slice(1, -1) : JSON.stringify(value);
  });
}
