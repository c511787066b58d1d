/**
 * The emulated CloudWatch Logs state of one account and region, and the direct entry points other
 * emulated services use (EventBridge delivering events, IVS writing logs).
 */
import { AwsError } from "../errors.js";
import { type Page, pageOf } from "../protocols/json-rpc-paging.js";
import { type EmulatorStore, regionalState, regionalStates } from "../state.js";
import type { ServiceContext } from "../types.js";

export interface StoredLogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  /** Order of ingestion across the whole account+region, so equal timestamps keep a stable order. */
  sequence: number;
}

export interface LogStreamRecord {
  name: string;
  creationTime: number;
  events: StoredLogEvent[];
  lastIngestionTime?: number;
  uploadSequence: number;
}

export interface LogGroupRecord {
  name: string;
  creationTime: number;
  retentionInDays?: number;
  logGroupClass: string;
  kmsKeyId?: string;
  deletionProtectionEnabled?: boolean;
  tags: Record<string, string>;
  streams: Record<string, LogStreamRecord>;
}

export interface ResourcePolicyRecord {
  policyName: string;
  policyDocument: string;
  lastUpdatedTime: number;
}

export interface LogsState {
  logGroups: Record<string, LogGroupRecord>;
  /** Account-scoped resource policies by name, in creation order. */
  resourcePolicies: Record<string, ResourcePolicyRecord>;
  /** Counter behind StoredLogEvent.sequence. */
  sequence: number;
}

/** One Logs operation: the parsed, validated input → the output body. */
export type LogsOperation = (
  input: Record<string, any>,
  context: ServiceContext,
  state: LogsState,
) => unknown;

/** Logs' answer to a parameter it refuses: 400 InvalidParameterException. */
export const invalidParameter = (message: string) => new AwsError("InvalidParameterException", message, 400);

/** One page of a Logs listing (`scope` names the listing); a bad token is InvalidParameterException. */
export function logsPage<T>(
  items: T[],
  scope: string,
  limit: number,
  nextToken: string | undefined,
): Page<T> {
  return pageOf(items, { scope, limit, nextToken }, invalidParameter);
}

/** The log group, or ResourceNotFoundException. */
export function requireLogGroup(state: LogsState, name: string): LogGroupRecord {
  const group = state.logGroups[name];
  if (!group) throw new AwsError("ResourceNotFoundException", "The specified log group does not exist.", 400);
  return group;
}

/** The Logs state of an account+region (created on first use). */
export function logsState(store: EmulatorStore, account: string, region: string): LogsState {
  return regionalState<LogsState>(store, "logs", account, region, () => ({
    logGroups: {},
    resourcePolicies: {},
    sequence: 0,
  }));
}

/** Every account+region that has Logs state. */
export function allLogsStates(store: EmulatorStore) {
  return regionalStates<LogsState>(store, "logs");
}

/** `arn:aws:logs:{region}:{account}:log-group:{name}` — the ARN used for tagging (no `:*`). */
export function logGroupArn(region: string, account: string, name: string): string {
  return `arn:aws:logs:${region}:${account}:log-group:${name}`;
}

/** `arn:aws:logs:{region}:{account}:log-group:{name}:log-stream:{stream}` — what resource policies are checked against. */
export function logStreamArn(region: string, account: string, group: string, stream: string): string {
  return `${logGroupArn(region, account, group)}:log-stream:${stream}`;
}

/**
 * The log group a `arn:aws:logs:{region}:{account}:log-group:{name}` ARN names (with or without the
 * trailing `:*`), or undefined when the ARN is not a log-group ARN.
 */
export function parseLogGroupArn(arn: string): { region: string; account: string; name: string } | undefined {
  const match = /^arn:aws[\w-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([.\-_/#A-Za-z0-9]+)(:\*)?$/.exec(arn);
  if (!match) return undefined;
  return { region: match[1], account: match[2], name: match[3] };
}

export function createLogStream(group: LogGroupRecord, name: string, now: number): LogStreamRecord {
  const stream: LogStreamRecord = { name, creationTime: now, events: [], uploadSequence: 0 };
  group.streams[name] = stream;
  return stream;
}

/** Append events (already validated) to a stream; returns the next upload sequence token. */
export function appendLogEvents(
  state: LogsState,
  stream: LogStreamRecord,
  events: { timestamp: number; message: string }[],
  now: number,
): string {
  for (const event of events) {
    stream.events.push({
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: now,
      sequence: ++state.sequence,
    });
  }
  if (events.length > 0) stream.lastIngestionTime = now;
  stream.uploadSequence += 1;
  return sequenceToken(stream.uploadSequence);
}

export function sequenceToken(sequence: number): string {
  return String(sequence).padStart(56, "0");
}

/** The stream a delivery without an explicit stream name goes to: `{yyyy}/{mm}/{dd}/[$LATEST]emulator`. */
export function defaultStreamName(timestamp: number): string {
  const day = new Date(timestamp).toISOString().slice(0, 10).replaceAll("-", "/");
  return `${day}/[$LATEST]emulator`;
}

/**
 * Write one message into a log group, as another AWS service would (no resource-policy check here:
 * the caller decides whether it may write). Creates the stream when missing.
 * Returns false (and writes nothing) when the log group does not exist.
 */
export function deliverToLogGroup(
  store: EmulatorStore,
  account: string,
  region: string,
  logGroupName: string,
  message: string,
  timestamp: number,
  logStreamName: string = defaultStreamName(timestamp),
): boolean {
  const state = logsState(store, account, region);
  const group = state.logGroups[logGroupName];
  if (!group) return false;
  const now = Date.now();
  const stream = group.streams[logStreamName] ?? createLogStream(group, logStreamName, now);
  appendLogEvents(state, stream, [{ timestamp, message }], now);
  return true;
}

/** Bytes of the messages stored in a log group (the emulator's `storedBytes`). */
export function storedBytes(group: LogGroupRecord): number {
  let total = 0;
  for (const stream of Object.values(group.streams))
    for (const event of stream.events) total += Buffer.byteLength(event.message);
  return total;
}
