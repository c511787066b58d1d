/**
 * The CloudWatch Logs input constraints the emulator checks, as AWS's model
 * (cloudwatch-logs-2014-03-28) states them, keyed by operation, plus the allowed retention
 * values, which the model states only in its documentation. Behaviour the model does not state
 * (the `aws/` name prefix, the 10-policy limit) lives in the service itself.
 */
import type { MemberRule, ServiceRules } from "./validate.js";

/**
 * The `retentionInDays` values PutRetentionPolicy accepts (AWS-FACTS §3). The model's `Days` shape
 * is a plain integer without an enum trait: its documentation lists them ("Possible values are: 1,
 * 3, …, and 3653."), and test/emulator/model-rules.test.ts holds this list against that text.
 * Anything else is an InvalidParameterException.
 */
export const RETENTION_IN_DAYS_VALUES: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const LOG_GROUP_NAME: MemberRule = {
  type: "string",
  length: { min: 1, max: 512 },
  pattern: "^[\\.\\-_/#A-Za-z0-9]+$",
};
const LOG_GROUP_IDENTIFIER: MemberRule = {
  type: "string",
  length: { min: 1, max: 2048 },
  pattern: "^[\\w#+=/:,.@-]*$",
};
const LOG_STREAM_NAME: MemberRule = { type: "string", length: { min: 1, max: 512 }, pattern: "^[^:*]*$" };
const TAG_KEY: MemberRule = {
  type: "string",
  length: { min: 1, max: 128 },
  pattern: "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$",
};
const TAG_VALUE: MemberRule = {
  type: "string",
  length: { min: 0, max: 256 },
  pattern: "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$",
};
const TAGS: MemberRule = { type: "map", length: { min: 1, max: 50 } };
const RESOURCE_ARN: MemberRule = {
  required: true,
  type: "string",
  length: { min: 1, max: 1011 },
  pattern: "^[\\w+=/:,.@-]*$",
};
const NEXT_TOKEN: MemberRule = { type: "string", length: { min: 1 } };
const DESCRIBE_LIMIT: MemberRule = { type: "integer", range: { min: 1, max: 50 } };
const EVENTS_LIMIT: MemberRule = { type: "integer", range: { min: 1, max: 10000 } };
const TIMESTAMP: MemberRule = { type: "long", range: { min: 0 } };
const LOG_GROUP_CLASS: MemberRule = { enum: ["STANDARD", "INFREQUENT_ACCESS"] };

const required = (rule: MemberRule): MemberRule => ({ ...rule, required: true });

export const logsRules: ServiceRules = {
  CreateLogGroup: {
    logGroupName: required(LOG_GROUP_NAME),
    kmsKeyId: { type: "string", length: { min: 0, max: 256 } },
    tags: TAGS,
    "tags{key}": TAG_KEY,
    "tags{}": TAG_VALUE,
    logGroupClass: LOG_GROUP_CLASS,
  },
  DescribeLogGroups: {
    accountIdentifiers: { type: "list", length: { min: 0, max: 20 } },
    "accountIdentifiers[]": { type: "string", length: { min: 12, max: 12 }, pattern: "^\\d{12}$" },
    logGroupNamePrefix: LOG_GROUP_NAME,
    logGroupNamePattern: { type: "string", length: { min: 0, max: 512 }, pattern: "^[\\.\\-_/#A-Za-z0-9]*$" },
    nextToken: NEXT_TOKEN,
    limit: DESCRIBE_LIMIT,
    includeLinkedAccounts: { type: "boolean" },
    logGroupClass: LOG_GROUP_CLASS,
  },
  DeleteLogGroup: {
    logGroupName: required(LOG_GROUP_NAME),
  },
  PutRetentionPolicy: {
    logGroupName: required(LOG_GROUP_NAME),
    retentionInDays: { required: true, type: "integer" },
  },
  DeleteRetentionPolicy: {
    logGroupName: required(LOG_GROUP_NAME),
  },
  PutResourcePolicy: {
    policyName: { type: "string" },
    policyDocument: { type: "string", length: { min: 1, max: 5120 } },
  },
  DescribeResourcePolicies: {
    nextToken: NEXT_TOKEN,
    limit: DESCRIBE_LIMIT,
  },
  DeleteResourcePolicy: {
    policyName: { type: "string" },
  },
  TagResource: {
    resourceArn: RESOURCE_ARN,
    tags: required(TAGS),
    "tags{key}": TAG_KEY,
    "tags{}": TAG_VALUE,
  },
  UntagResource: {
    resourceArn: RESOURCE_ARN,
    tagKeys: { required: true, type: "list", length: { min: 0, max: 50 } },
    "tagKeys[]": TAG_KEY,
  },
  ListTagsForResource: {
    resourceArn: RESOURCE_ARN,
  },
  TagLogGroup: {
    logGroupName: required(LOG_GROUP_NAME),
    tags: required(TAGS),
    "tags{key}": TAG_KEY,
    "tags{}": TAG_VALUE,
  },
  UntagLogGroup: {
    logGroupName: required(LOG_GROUP_NAME),
    tags: { required: true, type: "list", length: { min: 1 } },
    "tags[]": TAG_KEY,
  },
  ListTagsLogGroup: {
    logGroupName: required(LOG_GROUP_NAME),
  },
  CreateLogStream: {
    logGroupName: required(LOG_GROUP_NAME),
    logStreamName: required(LOG_STREAM_NAME),
  },
  PutLogEvents: {
    logGroupName: required(LOG_GROUP_NAME),
    logStreamName: required(LOG_STREAM_NAME),
    logEvents: { required: true, type: "list", length: { min: 1, max: 10000 } },
    "logEvents[].timestamp": required(TIMESTAMP),
    "logEvents[].message": { required: true, type: "string", length: { min: 1 } },
    sequenceToken: { type: "string", length: { min: 1 } },
  },
  DescribeLogStreams: {
    logGroupName: LOG_GROUP_NAME,
    logGroupIdentifier: LOG_GROUP_IDENTIFIER,
    logStreamNamePrefix: LOG_STREAM_NAME,
    orderBy: { enum: ["LogStreamName", "LastEventTime"] },
    descending: { type: "boolean" },
    nextToken: NEXT_TOKEN,
    limit: DESCRIBE_LIMIT,
  },
  GetLogEvents: {
    logGroupName: LOG_GROUP_NAME,
    logGroupIdentifier: LOG_GROUP_IDENTIFIER,
    logStreamName: required(LOG_STREAM_NAME),
    startTime: TIMESTAMP,
    endTime: TIMESTAMP,
    nextToken: NEXT_TOKEN,
    limit: EVENTS_LIMIT,
    startFromHead: { type: "boolean" },
    unmask: { type: "boolean" },
  },
  FilterLogEvents: {
    logGroupName: LOG_GROUP_NAME,
    logGroupIdentifier: LOG_GROUP_IDENTIFIER,
    logStreamNames: { type: "list", length: { min: 1, max: 100 } },
    "logStreamNames[]": LOG_STREAM_NAME,
    logStreamNamePrefix: LOG_STREAM_NAME,
    startTime: TIMESTAMP,
    endTime: TIMESTAMP,
    filterPattern: { type: "string", length: { min: 0, max: 1024 } },
    nextToken: NEXT_TOKEN,
    limit: EVENTS_LIMIT,
    interleaved: { type: "boolean" },
    unmask: { type: "boolean" },
  },
};
