/** The emulated EventBridge state of one account and region (default event bus only). */
import { AwsError } from "../errors.js";
import { type EmulatorStore, regionalState } from "../state.js";

export const DEFAULT_BUS = "default";

export interface EventTag {
  Key: string;
  Value: string;
}

/** A target as PutTargets stored it (the SDK's Target shape, members kept verbatim). */
export interface TargetRecord {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  [member: string]: unknown;
}

export interface DeliveryFailure {
  eventId: string;
  targetId: string;
  targetArn: string;
  reason: string;
  /** ISO-8601 time of the attempt. */
  time: string;
}

/** What happened to the events a rule matched: counts per outcome and the latest failures. */
export interface RuleDeliveries {
  delivered: number;
  failed: number;
  /** The last few failures, newest last. */
  failures: DeliveryFailure[];
}

export interface RuleRecord {
  Name: string;
  Arn: string;
  EventPattern?: string;
  ScheduleExpression?: string;
  State: string;
  Description?: string;
  RoleArn?: string;
  CreatedBy: string;
  tags: EventTag[];
  targets: TargetRecord[];
  deliveries: RuleDeliveries;
}

export interface EventsState {
  /** Rules of the default bus by name. */
  rules: Record<string, RuleRecord>;
}

export function eventsState(store: EmulatorStore, account: string, region: string): EventsState {
  return regionalState<EventsState>(store, "events", account, region, () => ({ rules: {} }));
}

export function ruleArn(region: string, account: string, name: string): string {
  return `arn:aws:events:${region}:${account}:rule/${name}`;
}

export function ruleNotFound(name: string): AwsError {
  return new AwsError(
    "ResourceNotFoundException",
    `Rule ${name} does not exist on EventBus ${DEFAULT_BUS}.`,
    400,
  );
}

export function requireRule(state: EventsState, name: string): RuleRecord {
  const rule = state.rules[name];
  if (!rule) throw ruleNotFound(name);
  return rule;
}

/**
 * The delivery record of a rule (delivered/failed counts and recent failures), for tests and
 * `yolo verify` against the emulator; undefined when the rule does not exist.
 */
export function ruleDeliveries(
  store: EmulatorStore,
  account: string,
  region: string,
  ruleName: string,
): RuleDeliveries | undefined {
  return eventsState(store, account, region).rules[ruleName]?.deliveries;
}
