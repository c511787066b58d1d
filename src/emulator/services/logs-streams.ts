/**
 * CloudWatch Logs streams and events: CreateLogStream, PutLogEvents, DescribeLogStreams,
 * GetLogEvents, FilterLogEvents.
 */
import { AwsError } from "../errors.js";
import type { ServiceContext } from "../types.js";
import { compileFilterPattern, FilterPatternError } from "./logs-filter-pattern.js";
import {
  appendLogEvents,
  createLogStream,
  invalidParameter,
  type LogGroupRecord,
  type LogStreamRecord,
  type LogsOperation,
  type LogsState,
  logStreamArn,
  logsPage,
  parseLogGroupArn,
  requireLogGroup,
  type StoredLogEvent,
  sequenceToken,
} from "./logs-store.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** PutLogEvents: events older than 14 days or more than 2 hours ahead are rejected, not stored. */
const MAX_EVENT_AGE_MS = 14 * DAY_MS;
const MAX_EVENT_LEAD_MS = 2 * 60 * 60 * 1000;
/** PutLogEvents batch limits: 1,048,576 bytes counting 26 bytes of overhead per event, 24 hours span. */
const MAX_BATCH_BYTES = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;
const DEFAULT_STREAMS_LIMIT = 50;
const DEFAULT_EVENTS_LIMIT = 10_000;

/** The group named by `logGroupName` or `logGroupIdentifier` (a name or an ARN), exactly one of them. */
function resolveGroup(input: Record<string, any>, context: ServiceContext, state: LogsState): LogGroupRecord {
  const { logGroupName: name, logGroupIdentifier: identifier } = input;
  if (name !== undefined && identifier !== undefined)
    throw invalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  if (name === undefined && identifier === undefined)
    throw invalidParameter("Should provide either name or ARN of the log group.");
  if (name !== undefined) return requireLogGroup(state, name);
  if (!String(identifier).startsWith("arn:")) return requireLogGroup(state, identifier);
  const arn = parseLogGroupArn(identifier);
  if (!arn) throw invalidParameter(`Invalid log group ARN: ${identifier}`);
  if (arn.account !== context.account || arn.region !== context.region)
    throw new AwsError("ResourceNotFoundException", "The specified log group does not exist.", 400);
  return requireLogGroup(state, arn.name);
}

function requireStream(group: LogGroupRecord, name: string): LogStreamRecord {
  const stream = group.streams[name];
  if (!stream)
    throw new AwsError("ResourceNotFoundException", "The specified log stream does not exist.", 400);
  return stream;
}

/** Events in timestamp order (ingestion order among equal timestamps), as AWS returns them. */
function ordered(events: StoredLogEvent[]): StoredLogEvent[] {
  return [...events].sort((a, b) => a.timestamp - b.timestamp || a.sequence - b.sequence);
}

function inWindow(event: StoredLogEvent, startTime?: number, endTime?: number): boolean {
  return (
    (startTime === undefined || event.timestamp >= startTime) &&
    (endTime === undefined || event.timestamp < endTime)
  );
}

function describeStream(stream: LogStreamRecord, group: LogGroupRecord, context: ServiceContext) {
  const timestamps = stream.events.map((e) => e.timestamp);
  return {
    logStreamName: stream.name,
    creationTime: stream.creationTime,
    ...(timestamps.length > 0 && {
      firstEventTimestamp: Math.min(...timestamps),
      lastEventTimestamp: Math.max(...timestamps),
    }),
    ...(stream.lastIngestionTime !== undefined && { lastIngestionTime: stream.lastIngestionTime }),
    uploadSequenceToken: sequenceToken(stream.uploadSequence + 1),
    arn: logStreamArn(context.region, context.account, group.name, stream.name),
    storedBytes: 0,
  };
}

/** Which of a batch PutLogEvents rejects (indexes as the API reports them) and which it keeps. */
function triage(
  events: { timestamp: number; message: string }[],
  now: number,
  retentionInDays: number | undefined,
) {
  const retentionCutoff = retentionInDays === undefined ? -Infinity : now - retentionInDays * DAY_MS;
  const tooOldEnd = events.findIndex((e) => e.timestamp >= now - MAX_EVENT_AGE_MS);
  const expiredEnd = events.findIndex((e) => e.timestamp >= retentionCutoff);
  const tooNewStart = events.findIndex((e) => e.timestamp > now + MAX_EVENT_LEAD_MS);
  const rejected = {
    ...(tooNewStart !== -1 && { tooNewLogEventStartIndex: tooNewStart }),
    ...(tooOldEnd !== 0 && { tooOldLogEventEndIndex: tooOldEnd === -1 ? events.length : tooOldEnd }),
    ...(expiredEnd !== 0 && { expiredLogEventEndIndex: expiredEnd === -1 ? events.length : expiredEnd }),
  };
  const accepted = events.filter(
    (e) =>
      e.timestamp >= now - MAX_EVENT_AGE_MS &&
      e.timestamp >= retentionCutoff &&
      e.timestamp <= now + MAX_EVENT_LEAD_MS,
  );
  return { accepted, rejected: Object.keys(rejected).length > 0 ? rejected : undefined };
}

function getEventsToken(direction: "f" | "b", position: number): string {
  return `${direction}/${String(position).padStart(56, "0")}`;
}

function parseEventsToken(token: string, size: number): { direction: "f" | "b"; position: number } {
  const match = /^([fb])\/(\d+)$/.exec(token);
  if (!match) throw invalidParameter("The specified nextToken is invalid.");
  return { direction: match[1] as "f" | "b", position: Math.min(Number(match[2]), size) };
}

export const streamOperations: Record<string, LogsOperation> = {
  CreateLogStream(input, context, state) {
    const group = requireLogGroup(state, input.logGroupName);
    if (group.streams[input.logStreamName])
      throw new AwsError("ResourceAlreadyExistsException", "The specified log stream already exists", 400);
    createLogStream(group, input.logStreamName, context.now().getTime());
    return {};
  },

  PutLogEvents(input, context, state) {
    const group = requireLogGroup(state, input.logGroupName);
    const stream = requireStream(group, input.logStreamName);
    const events: { timestamp: number; message: string }[] = input.logEvents;
    for (let i = 1; i < events.length; i++)
      if (events[i].timestamp < events[i - 1].timestamp)
        throw invalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
    if (events[events.length - 1].timestamp - events[0].timestamp > DAY_MS)
      throw invalidParameter(
        "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.",
      );
    const bytes = events.reduce((sum, e) => sum + Buffer.byteLength(e.message) + EVENT_OVERHEAD_BYTES, 0);
    if (bytes > MAX_BATCH_BYTES)
      throw invalidParameter(`The batch of log events is ${bytes} bytes; the maximum is ${MAX_BATCH_BYTES}.`);
    const now = context.now().getTime();
    const { accepted, rejected } = triage(events, now, group.retentionInDays);
    const nextSequenceToken = appendLogEvents(state, stream, accepted, now);
    return { nextSequenceToken, ...(rejected && { rejectedLogEventsInfo: rejected }) };
  },

  DescribeLogStreams(input, context, state) {
    const group = resolveGroup(input, context, state);
    const { logStreamNamePrefix: prefix, orderBy = "LogStreamName", descending = false } = input;
    if (orderBy === "LastEventTime" && prefix !== undefined)
      throw invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
    const lastEvent = (s: LogStreamRecord) => Math.max(0, ...s.events.map((e) => e.timestamp));
    const streams = Object.values(group.streams)
      .filter((s) => prefix === undefined || s.name.startsWith(prefix))
      .sort((a, b) =>
        orderBy === "LastEventTime"
          ? lastEvent(a) - lastEvent(b)
          : a.name < b.name
            ? -1
            : a.name > b.name
              ? 1
              : 0,
      );
    if (descending) streams.reverse();
    const page = logsPage(
      streams,
      `DescribeLogStreams:${group.name}`,
      input.limit ?? DEFAULT_STREAMS_LIMIT,
      input.nextToken,
    );
    return {
      logStreams: page.items.map((s) => describeStream(s, group, context)),
      ...(page.nextToken && { nextToken: page.nextToken }),
    };
  },

  GetLogEvents(input, context, state) {
    const stream = requireStream(resolveGroup(input, context, state), input.logStreamName);
    const events = ordered(stream.events).filter((e) => inWindow(e, input.startTime, input.endTime));
    const limit: number = input.limit ?? DEFAULT_EVENTS_LIMIT;
    const token =
      input.nextToken !== undefined
        ? parseEventsToken(input.nextToken, events.length)
        : input.startFromHead
          ? { direction: "f" as const, position: 0 }
          : { direction: "b" as const, position: events.length };
    const [from, to] =
      token.direction === "f"
        ? [token.position, Math.min(events.length, token.position + limit)]
        : [Math.max(0, token.position - limit), token.position];
    return {
      events: events
        .slice(from, to)
        .map(({ timestamp, message, ingestionTime }) => ({ timestamp, message, ingestionTime })),
      nextForwardToken: getEventsToken("f", to),
      nextBackwardToken: getEventsToken("b", from),
    };
  },

  FilterLogEvents(input, context, state) {
    const group = resolveGroup(input, context, state);
    const { logStreamNames: names, logStreamNamePrefix: prefix } = input;
    if (names !== undefined && prefix !== undefined)
      throw invalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
    let matches: (message: string) => boolean;
    try {
      matches = compileFilterPattern(input.filterPattern);
    } catch (error) {
      if (error instanceof FilterPatternError)
        throw invalidParameter(`Invalid filter pattern: ${error.message}`);
      throw error;
    }
    const streams = Object.values(group.streams).filter(
      (s) =>
        (names === undefined || names.includes(s.name)) &&
        (prefix === undefined || s.name.startsWith(prefix)),
    );
    const events = streams
      .flatMap((stream) => stream.events.map((event) => ({ stream: stream.name, event })))
      .filter(({ event }) => inWindow(event, input.startTime, input.endTime) && matches(event.message))
      .sort((a, b) => a.event.timestamp - b.event.timestamp || a.event.sequence - b.event.sequence);
    const page = logsPage(
      events,
      `FilterLogEvents:${group.name}`,
      input.limit ?? DEFAULT_EVENTS_LIMIT,
      input.nextToken,
    );
    return {
      events: page.items.map(({ stream, event }) => ({
        logStreamName: stream,
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: event.ingestionTime,
        eventId: String(event.sequence).padStart(56, "0"),
      })),
      searchedLogStreams: [],
      ...(page.nextToken && { nextToken: page.nextToken }),
    };
  },
};
