/**
 * The EventBridge input constraints the emulator checks, as AWS's model (eventbridge-2015-10-07)
 * states them, keyed by operation. Behaviour the model does not state (5 targets per rule,
 * pattern grammar, DeleteRule with targets) lives in the service itself.
 */
import type { MemberRule, ServiceRules } from "./validate.js";

const RULE_NAME: MemberRule = {
  type: "string",
  length: { min: 1, max: 64 },
  pattern: "^[\\.\\-_A-Za-z0-9]+$",
};
const EVENT_BUS_NAME: MemberRule = {
  type: "string",
  length: { min: 1, max: 1600 },
  pattern: "^(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+$",
};
const TARGET_ID: MemberRule = {
  type: "string",
  length: { min: 1, max: 64 },
  pattern: "^[\\.\\-_A-Za-z0-9]+$",
};
const NEXT_TOKEN: MemberRule = { type: "string", length: { min: 1, max: 2048 } };
const LIMIT: MemberRule = { type: "integer", range: { min: 1, max: 100 } };
const ROLE_ARN: MemberRule = { type: "string", length: { min: 1, max: 1600 } };
const RESOURCE_ARN: MemberRule = { required: true, type: "string", length: { min: 1, max: 1600 } };
const TAG_KEY: MemberRule = { required: true, type: "string", length: { min: 1, max: 128 } };
const TAG_VALUE: MemberRule = { required: true, type: "string", length: { min: 0, max: 256 } };

const required = (rule: MemberRule): MemberRule => ({ ...rule, required: true });

export const eventsRules: ServiceRules = {
  PutRule: {
    Name: required(RULE_NAME),
    ScheduleExpression: { type: "string", length: { min: 0, max: 256 } },
    EventPattern: { type: "string", length: { min: 0, max: 4096 } },
    State: { enum: ["ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"] },
    Description: { type: "string", length: { min: 0, max: 512 } },
    RoleArn: ROLE_ARN,
    Tags: { type: "list" },
    "Tags[].Key": TAG_KEY,
    "Tags[].Value": TAG_VALUE,
    EventBusName: EVENT_BUS_NAME,
  },
  DescribeRule: {
    Name: required(RULE_NAME),
    EventBusName: EVENT_BUS_NAME,
  },
  ListRules: {
    NamePrefix: RULE_NAME,
    EventBusName: EVENT_BUS_NAME,
    NextToken: NEXT_TOKEN,
    Limit: LIMIT,
  },
  DeleteRule: {
    Name: required(RULE_NAME),
    EventBusName: EVENT_BUS_NAME,
    Force: { type: "boolean" },
  },
  PutTargets: {
    Rule: required(RULE_NAME),
    EventBusName: EVENT_BUS_NAME,
    Targets: { required: true, type: "list", length: { min: 1, max: 100 } },
    "Targets[].Id": required(TARGET_ID),
    "Targets[].Arn": { required: true, type: "string", length: { min: 1, max: 1600 } },
    "Targets[].RoleArn": ROLE_ARN,
    "Targets[].Input": { type: "string", length: { min: 0, max: 8192 } },
    "Targets[].InputPath": { type: "string", length: { min: 0, max: 256 } },
  },
  ListTargetsByRule: {
    Rule: required(RULE_NAME),
    EventBusName: EVENT_BUS_NAME,
    NextToken: NEXT_TOKEN,
    Limit: LIMIT,
  },
  RemoveTargets: {
    Rule: required(RULE_NAME),
    EventBusName: EVENT_BUS_NAME,
    Ids: { required: true, type: "list", length: { min: 1, max: 100 } },
    "Ids[]": TARGET_ID,
    Force: { type: "boolean" },
  },
  TagResource: {
    ResourceARN: RESOURCE_ARN,
    Tags: { required: true, type: "list" },
    "Tags[].Key": TAG_KEY,
    "Tags[].Value": TAG_VALUE,
  },
  UntagResource: {
    ResourceARN: RESOURCE_ARN,
    TagKeys: { required: true, type: "list" },
    "TagKeys[]": { type: "string", length: { min: 1, max: 128 } },
  },
  ListTagsForResource: {
    ResourceARN: RESOURCE_ARN,
  },
  PutEvents: {
    Entries: { required: true, type: "list", length: { min: 1, max: 10 } },
    "Entries[].Source": { type: "string" },
    "Entries[].Resources": { type: "list" },
    "Entries[].Resources[]": { type: "string", length: { min: 0, max: 2048 } },
    "Entries[].DetailType": { type: "string" },
    "Entries[].Detail": { type: "string" },
    "Entries[].EventBusName": {
      type: "string",
      length: { min: 1, max: 1600 },
      pattern: "^(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[\\.\\-_A-Za-z0-9]+$",
    },
    "Entries[].TraceHeader": { type: "string", length: { min: 1, max: 500 } },
    EndpointId: {
      type: "string",
      length: { min: 1, max: 50 },
      pattern: "^[A-Za-z0-9\\-]+[\\.][A-Za-z0-9\\-]+$",
    },
  },
};
