import {
  CreateLogGroupCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutResourcePolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  type EventBridgeClient,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-eventbridge";
import { describe, expect, it } from "vitest";
import { deliverEvent, ruleDeliveries } from "../../src/emulator/services/events.js";
import { ACCOUNT, OTHER_ACCOUNT, TEST_CREDENTIALS, useEmulator } from "../helpers/emulator.js";
import { failure } from "../helpers/failures.js";

const REGION = "eu-central-1";
const RULE = "yolo-ivs-events";
const RULE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:rule/${RULE}`;
const PATTERN =
  '{"source":["aws.ivs"],"detail-type":["IVS Stage Update","IVS Participant Recording State Change"]}';
const GROUP = "/aws/events/yolo-demo";
const GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${GROUP}`;

const handle = useEmulator();
const events = (region = REGION): Promise<EventBridgeClient> => handle.clients.events(region);

function logsPolicy(statement: Record<string, unknown>) {
  return JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
}

const ALLOW_EVENTS = logsPolicy({
  Sid: "TrustEventsToStoreLogEvent",
  Effect: "Allow",
  Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
  Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
  Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/events/*:*`,
});

describe("EventBridge rules", () => {
  it("creates a rule and describes it", async () => {
    const client = await events();
    const put = await client.send(
      new PutRuleCommand({
        Name: RULE,
        EventPattern: PATTERN,
        State: "ENABLED",
        Description: "IVS events",
        Tags: [{ Key: "yolo:app", Value: "demo" }],
      }),
    );
    expect(put.RuleArn).toBe(RULE_ARN);
    const rule = await client.send(new DescribeRuleCommand({ Name: RULE }));
    expect(rule).toMatchObject({
      Name: RULE,
      Arn: RULE_ARN,
      EventPattern: PATTERN,
      State: "ENABLED",
      Description: "IVS events",
      EventBusName: "default",
      CreatedBy: ACCOUNT,
    });
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceARN: RULE_ARN }));
    expect(tags.Tags).toEqual([{ Key: "yolo:app", Value: "demo" }]);
  });

  it("replaces the whole rule on update and ignores Tags then", async () => {
    const client = await events();
    await client.send(
      new PutRuleCommand({
        Name: RULE,
        EventPattern: PATTERN,
        Description: "old",
        Tags: [{ Key: "a", Value: "1" }],
      }),
    );
    await client.send(
      new PutRuleCommand({
        Name: RULE,
        EventPattern: '{"source":["aws.ivs"]}',
        State: "DISABLED",
        Tags: [{ Key: "b", Value: "2" }],
      }),
    );
    const rule = await client.send(new DescribeRuleCommand({ Name: RULE }));
    expect(rule.EventPattern).toBe('{"source":["aws.ivs"]}');
    expect(rule.State).toBe("DISABLED");
    expect(rule.Description).toBeUndefined();
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceARN: RULE_ARN }));
    expect(tags.Tags).toEqual([{ Key: "a", Value: "1" }]);
  });

  it("defaults State to ENABLED", async () => {
    const client = await events();
    await client.send(new PutRuleCommand({ Name: RULE, EventPattern: PATTERN }));
    expect((await client.send(new DescribeRuleCommand({ Name: RULE }))).State).toBe("ENABLED");
  });

  it("refuses invalid patterns with InvalidEventPatternException", async () => {
    const client = await events();
    for (const EventPattern of [
      "{not json",
      '{"source":"aws.ivs"}',
      '["aws.ivs"]',
      '{"source":[{"contains":"x"}]}',
    ]) {
      const error = await failure(client.send(new PutRuleCommand({ Name: RULE, EventPattern })));
      expect(error.name).toBe("InvalidEventPatternException");
      expect(error.message).toMatch(/^Event pattern is not valid\. Reason: /);
    }
    expect((await client.send(new ListRulesCommand({}))).Rules).toEqual([]);
  });

  it("refuses what the model forbids with ValidationException", async () => {
    const client = await events();
    const cases: Record<string, any>[] = [
      { Name: "has space", EventPattern: PATTERN },
      { Name: "x".repeat(65), EventPattern: PATTERN },
      { Name: RULE, EventPattern: PATTERN, Description: "d".repeat(513) },
      { Name: RULE, EventPattern: PATTERN, State: "ON" },
      { Name: RULE, EventPattern: "p".repeat(4097) },
      { Name: RULE },
    ];
    for (const input of cases) {
      const error = await failure(client.send(new PutRuleCommand(input as any)));
      expect(error.name).toBe("ValidationException");
      expect(error.$metadata.httpStatusCode).toBe(400);
    }
    await client.send(
      new PutRuleCommand({ Name: "x".repeat(64), EventPattern: PATTERN, Description: "d".repeat(512) }),
    );
  });

  it("accepts a schedule expression and refuses a malformed one", async () => {
    const client = await events();
    await client.send(new PutRuleCommand({ Name: RULE, ScheduleExpression: "rate(5 minutes)" }));
    expect((await client.send(new DescribeRuleCommand({ Name: RULE }))).ScheduleExpression).toBe(
      "rate(5 minutes)",
    );
    const error = await failure(
      client.send(new PutRuleCommand({ Name: RULE, ScheduleExpression: "every 5 minutes" })),
    );
    expect(error.name).toBe("ValidationException");
  });

  it("knows only the default event bus", async () => {
    const client = await events();
    const error = await failure(
      client.send(new PutRuleCommand({ Name: RULE, EventPattern: PATTERN, EventBusName: "custom" })),
    );
    expect(error.name).toBe("ResourceNotFoundException");
    await client.send(
      new PutRuleCommand({
        Name: RULE,
        EventPattern: PATTERN,
        EventBusName: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`,
      }),
    );
  });

  it("reports a missing rule with the AWS message", async () => {
    const client = await events();
    const error = await failure(client.send(new DescribeRuleCommand({ Name: "nope" })));
    expect(error.name).toBe("ResourceNotFoundException");
    expect(error.message).toBe("Rule nope does not exist on EventBus default.");
  });

  it("keeps rules per account and region", async () => {
    await (await events()).send(new PutRuleCommand({ Name: RULE, EventPattern: PATTERN }));
    expect((await (await events("us-east-1")).send(new ListRulesCommand({}))).Rules).toEqual([]);
    const other = await handle.otherClients.events(REGION);
    expect((await other.send(new ListRulesCommand({}))).Rules).toEqual([]);
    const put = await other.send(new PutRuleCommand({ Name: RULE, EventPattern: PATTERN }));
    expect(put.RuleArn).toBe(`arn:aws:events:${REGION}:${OTHER_ACCOUNT}:rule/${RULE}`);
  });

  it("lists rules by prefix, sorted, with Limit and NextToken", async () => {
    const client = await events();
    for (const Name of ["b-rule", "a-rule-2", "a-rule-1", "c"])
      await client.send(new PutRuleCommand({ Name, EventPattern: PATTERN }));
    const prefixed = await client.send(new ListRulesCommand({ NamePrefix: "a-" }));
    expect(prefixed.Rules!.map((r) => r.Name)).toEqual(["a-rule-1", "a-rule-2"]);
    expect(prefixed.Rules![0]).toMatchObject({
      Arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/a-rule-1`,
      EventPattern: PATTERN,
      State: "ENABLED",
      EventBusName: "default",
    });
    const first = await client.send(new ListRulesCommand({ Limit: 3 }));
    expect(first.Rules!.map((r) => r.Name)).toEqual(["a-rule-1", "a-rule-2", "b-rule"]);
    const second = await client.send(new ListRulesCommand({ Limit: 3, NextToken: first.NextToken }));
    expect(second.Rules!.map((r) => r.Name)).toEqual(["c"]);
    expect(second.NextToken).toBeUndefined();
  });

  it("deletes idempotently, but not while the rule has targets", async () => {
    const client = await events();
    await client.send(new DeleteRuleCommand({ Name: "never-existed" }));
    await client.send(new PutRuleCommand({ Name: RULE, EventPattern: PATTERN }));
    await client.send(new PutTargetsCommand({ Rule: RULE, Targets: [{ Id: "yolo-logs", Arn: GROUP_ARN }] }));
    const error = await failure(client.send(new DeleteRuleCommand({ Name: RULE })));
    expect(error.name).toBe("ValidationException");
    expect(error.message).toBe("Rule can't be deleted since it has targets.");
    const removed = await client.send(new RemoveTargetsCommand({ Rule: RULE, Ids: ["yolo-logs"] }));
    expect(removed).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    await client.send(new DeleteRuleCommand({ Name: RULE }));
    expect((await failure(client.send(new DescribeRuleCommand({ Name: RULE })))).name).toBe(
      "ResourceNotFoundException",
    );
    await client.send(new DeleteRuleCommand({ Name: RULE }));
  });
});

describe("EventBridge targets", () => {
  it("adds, upserts by Id, lists and removes targets", async () => {
    const client = await events();
    await client.send(new PutRuleCommand({ Name: RULE, EventPattern: PATTERN }));
    const put = await client.send(
      new PutTargetsCommand({ Rule: RULE, Targets: [{ Id: "yolo-logs", Arn: GROUP_ARN }] }),
    );
    expect(put).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    await client.send(
      new PutTargetsCommand({
        Rule: RULE,
        Targets: [
          { Id: "yolo-logs", Arn: `${GROUP_ARN}-2` },
          { Id: "second", Arn: GROUP_ARN },
        ],
      }),
    );
    const listed = await client.send(new ListTargetsByRuleCommand({ Rule: RULE }));
    expect(listed.Targets).toEqual([
      { Id: "yolo-logs", Arn: `${GROUP_ARN}-2` },
      { Id: "second", Arn: GROUP_ARN },
    ]);
    await client.send(new RemoveTargetsCommand({ Rule: RULE, Ids: ["yolo-logs", "not-there"] }));
    expect((await client.send(new ListTargetsByRuleCommand({ Rule: RULE }))).Targets).toEqual([
      { Id: "second", Arn: GROUP_ARN },
    ]);
  });

  it("pages ListTargetsByRule", async () => {
    const client = await events();
    await client.send(new PutRuleCommand({ Name: RULE, EventPattern: PATTERN }));
    await client.send(
      new PutTargetsCommand({
        Rule: RULE,
        Targets: ["t1", "t2", "t3"].map((Id) => ({ Id, Arn: `${GROUP_ARN}-${Id}` })),
      }),
    );
    const first = await client.send(new ListTargetsByRuleCommand({ Rule: RULE, Limit: 2 }));
    expect(first.Targets!.map((t) => t.Id)).toEqual(["t1", "t2"]);
    const second = await client.send(
      new ListTargetsByRuleCommand({ Rule: RULE, Limit: 2, NextToken: first.NextToken }),
    );
    expect(second.Targets!.map((t) => t.Id)).toEqual(["t3"]);
  });

  it("refuses a 6th target with LimitExceededException and changes nothing", async () => {
    const client = await events();
    await client.send(new PutRuleCommand({ Name: RULE, EventPattern: PATTERN }));
    const five = Array.from({ length: 5 }, (_, i) => ({ Id: `t${i}`, Arn: `${GROUP_ARN}-${i}` }));
    await client.send(new PutTargetsCommand({ Rule: RULE, Targets: five }));
    const error = await failure(
      client.send(new PutTargetsCommand({ Rule: RULE, Targets: [{ Id: "t5", Arn: GROUP_ARN }] })),
    );
    expect(error.name).toBe("LimitExceededException");
    expect(error.$metadata.attempts).toBe(1);
    expect((await client.send(new ListTargetsByRuleCommand({ Rule: RULE }))).Targets).toHaveLength(5);
    // replacing an existing Id is not a new target
    await client.send(new PutTargetsCommand({ Rule: RULE, Targets: [{ Id: "t0", Arn: GROUP_ARN }] }));
  });

  it("reports malformed and foreign target ARNs in FailedEntries (HTTP 200) and keeps the good ones", async () => {
    const client = await events();
    await client.send(new PutRuleCommand({ Name: RULE, EventPattern: PATTERN }));
    const out = await client.send(
      new PutTargetsCommand({
        Rule: RULE,
        Targets: [
          { Id: "bad", Arn: "not-an-arn" },
          { Id: "other-region", Arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${GROUP}` },
          { Id: "other-account", Arn: `arn:aws:logs:${REGION}:${OTHER_ACCOUNT}:log-group:${GROUP}` },
          { Id: "good", Arn: GROUP_ARN },
        ],
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.FailedEntryCount).toBe(3);
    expect(out.FailedEntries!.map((e) => e.TargetId)).toEqual(["bad", "other-region", "other-account"]);
    for (const entry of out.FailedEntries!) {
      expect(entry.ErrorCode).toBeTruthy();
      expect(entry.ErrorMessage).toBeTruthy();
    }
    expect(
      (await client.send(new ListTargetsByRuleCommand({ Rule: RULE }))).Targets!.map((t) => t.Id),
    ).toEqual(["good"]);
  });

  it("reports a missing rule", async () => {
    const client = await events();
    const put = await failure(
      client.send(new PutTargetsCommand({ Rule: "nope", Targets: [{ Id: "t", Arn: GROUP_ARN }] })),
    );
    expect(put.name).toBe("ResourceNotFoundException");
    expect(put.message).toBe("Rule nope does not exist on EventBus default.");
    const list = await failure(client.send(new ListTargetsByRuleCommand({ Rule: "nope" })));
    expect(list.name).toBe("ResourceNotFoundException");
    const remove = await failure(client.send(new RemoveTargetsCommand({ Rule: "nope", Ids: ["t"] })));
    expect(remove.name).toBe("ResourceNotFoundException");
  });

  it("refuses target Ids outside the model's pattern", async () => {
    const client = await events();
    await client.send(new PutRuleCommand({ Name: RULE, EventPattern: PATTERN }));
    const error = await failure(
      client.send(new PutTargetsCommand({ Rule: RULE, Targets: [{ Id: "has space", Arn: GROUP_ARN }] })),
    );
    expect(error.name).toBe("ValidationException");
  });
});

describe("EventBridge tags", () => {
  it("tags, lists and untags a rule by its ARN", async () => {
    const client = await events();
    await client.send(new PutRuleCommand({ Name: RULE, EventPattern: PATTERN }));
    expect((await client.send(new ListTagsForResourceCommand({ ResourceARN: RULE_ARN }))).Tags).toEqual([]);
    await client.send(
      new TagResourceCommand({
        ResourceARN: RULE_ARN,
        Tags: [
          { Key: "a", Value: "1" },
          { Key: "b", Value: "2" },
        ],
      }),
    );
    await client.send(new TagResourceCommand({ ResourceARN: RULE_ARN, Tags: [{ Key: "a", Value: "one" }] }));
    expect((await client.send(new ListTagsForResourceCommand({ ResourceARN: RULE_ARN }))).Tags).toEqual([
      { Key: "a", Value: "one" },
      { Key: "b", Value: "2" },
    ]);
    await client.send(new UntagResourceCommand({ ResourceARN: RULE_ARN, TagKeys: ["a"] }));
    expect((await client.send(new ListTagsForResourceCommand({ ResourceARN: RULE_ARN }))).Tags).toEqual([
      { Key: "b", Value: "2" },
    ]);
  });

  it("reports a missing rule ARN", async () => {
    const client = await events();
    const error = await failure(
      client.send(
        new ListTagsForResourceCommand({ ResourceARN: `arn:aws:events:${REGION}:${ACCOUNT}:rule/nope` }),
      ),
    );
    expect(error.name).toBe("ResourceNotFoundException");
    const tag = await failure(
      client.send(
        new TagResourceCommand({
          ResourceARN: `arn:aws:events:${REGION}:${ACCOUNT}:rule/nope`,
          Tags: [{ Key: "a", Value: "1" }],
        }),
      ),
    );
    expect(tag.name).toBe("ResourceNotFoundException");
  });
});

describe("PutEvents and delivery to CloudWatch Logs", () => {
  const CUSTOM_PATTERN = '{"source":["yolo.test"]}';

  async function setUp(options: { policy?: string; target?: string; pattern?: string } = {}) {
    const client = await events();
    const logs = await handle.clients.logs(REGION);
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    if (options.policy)
      await logs.send(
        new PutResourcePolicyCommand({ policyName: "events-to-logs", policyDocument: options.policy }),
      );
    await client.send(new PutRuleCommand({ Name: RULE, EventPattern: options.pattern ?? CUSTOM_PATTERN }));
    await client.send(
      new PutTargetsCommand({ Rule: RULE, Targets: [{ Id: "yolo-logs", Arn: options.target ?? GROUP_ARN }] }),
    );
    return { client, logs };
  }

  const entry = (detail: Record<string, unknown> = { event_name: "Recording Start" }) => ({
    Source: "yolo.test",
    DetailType: "Yolo Test",
    Detail: JSON.stringify(detail),
    Resources: ["arn:aws:ivs:eu-central-1:000000000000:stage/AbCdef1G2hij"],
  });

  async function loggedMessages(logs: Awaited<ReturnType<typeof handle.clients.logs>>): Promise<string[]> {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP }));
    return out.events!.map((e) => e.message!);
  }

  it("delivers a matching event when a resource policy allows events.amazonaws.com", async () => {
    const { client, logs } = await setUp({ policy: ALLOW_EVENTS });
    const put = await client.send(new PutEventsCommand({ Entries: [entry()] }));
    expect(put.FailedEntryCount).toBe(0);
    const eventId = put.Entries![0].EventId!;
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);

    const streams = (await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }))).logStreams!;
    expect(streams).toHaveLength(1);
    const got = await logs.send(
      new GetLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: streams[0].logStreamName,
        startFromHead: true,
      }),
    );
    expect(got.events).toHaveLength(1);
    const event = JSON.parse(got.events![0].message!);
    expect(event).toMatchObject({
      version: "0",
      id: eventId,
      "detail-type": "Yolo Test",
      source: "yolo.test",
      account: ACCOUNT,
      region: REGION,
      resources: ["arn:aws:ivs:eu-central-1:000000000000:stage/AbCdef1G2hij"],
      detail: { event_name: "Recording Start" },
    });
    expect(event.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(got.events![0].timestamp).toBe(Date.parse(event.time));
    expect(await loggedMessages(logs)).toHaveLength(1);
    expect(ruleDeliveries(handle.emulator.store, ACCOUNT, REGION, RULE)).toMatchObject({
      delivered: 1,
      failed: 0,
    });
  });

  it("does not deliver without a resource policy, and records the failure on the rule", async () => {
    const { client, logs } = await setUp();
    const put = await client.send(new PutEventsCommand({ Entries: [entry()] }));
    expect(put.FailedEntryCount).toBe(0);
    expect(await loggedMessages(logs)).toEqual([]);
    const deliveries = ruleDeliveries(handle.emulator.store, ACCOUNT, REGION, RULE)!;
    expect(deliveries).toMatchObject({ delivered: 0, failed: 1 });
    expect(deliveries.failures[0]).toMatchObject({
      targetId: "yolo-logs",
      targetArn: GROUP_ARN,
      eventId: put.Entries![0].EventId,
    });
    expect(deliveries.failures[0].reason).toMatch(/events\.amazonaws\.com/);

    // once the policy exists, the next event goes through
    await logs.send(
      new PutResourcePolicyCommand({ policyName: "events-to-logs", policyDocument: ALLOW_EVENTS }),
    );
    await client.send(new PutEventsCommand({ Entries: [entry({ n: 2 })] }));
    expect((await loggedMessages(logs)).map((m) => JSON.parse(m).detail)).toEqual([{ n: 2 }]);
    expect(ruleDeliveries(handle.emulator.store, ACCOUNT, REGION, RULE)).toMatchObject({
      delivered: 1,
      failed: 1,
    });
  });

  it("does not deliver when the policy names another principal, another resource, only one action, or denies", async () => {
    const base = {
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${GROUP}:*`,
    };
    const refusing = [
      logsPolicy({ ...base, Principal: { Service: "delivery.logs.amazonaws.com" } }),
      logsPolicy({ ...base, Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/other/*` }),
      logsPolicy({ ...base, Action: "logs:PutLogEvents" }),
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [base, { ...base, Effect: "Deny", Action: "logs:PutLogEvents" }],
      }),
    ];
    for (const policy of refusing) {
      handle.emulator.reset();
      const { client, logs } = await setUp({ policy });
      await client.send(new PutEventsCommand({ Entries: [entry()] }));
      expect(await loggedMessages(logs)).toEqual([]);
      expect(ruleDeliveries(handle.emulator.store, ACCOUNT, REGION, RULE)).toMatchObject({
        delivered: 0,
        failed: 1,
      });
    }
    // the same statement with the right principal, resource and both actions allows it
    handle.emulator.reset();
    const { client, logs } = await setUp({ policy: logsPolicy(base) });
    await client.send(new PutEventsCommand({ Entries: [entry()] }));
    expect(await loggedMessages(logs)).toHaveLength(1);
  });

  it("honours an aws:SourceArn condition naming the rule", async () => {
    const policy = (ruleArn: string) =>
      logsPolicy({
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${GROUP_ARN}:*`,
        Condition: { ArnEquals: { "aws:SourceArn": ruleArn } },
      });
    const { client, logs } = await setUp({
      policy: policy(`arn:aws:events:${REGION}:${ACCOUNT}:rule/other`),
    });
    await client.send(new PutEventsCommand({ Entries: [entry()] }));
    expect(await loggedMessages(logs)).toEqual([]);
    await logs.send(
      new PutResourcePolicyCommand({ policyName: "events-to-logs", policyDocument: policy(RULE_ARN) }),
    );
    await client.send(new PutEventsCommand({ Entries: [entry()] }));
    expect(await loggedMessages(logs)).toHaveLength(1);
  });

  it("accepts the log-group ARN with :* as a target too", async () => {
    const { client, logs } = await setUp({ policy: ALLOW_EVENTS, target: `${GROUP_ARN}:*` });
    await client.send(new PutEventsCommand({ Entries: [entry()] }));
    expect(await loggedMessages(logs)).toHaveLength(1);
  });

  it("delivers only events the pattern matches, and nothing for a DISABLED rule", async () => {
    const { client, logs } = await setUp({
      policy: ALLOW_EVENTS,
      pattern: '{"source":["yolo.test"],"detail":{"event_name":["Recording Start"]}}',
    });
    await client.send(new PutEventsCommand({ Entries: [entry({ event_name: "Recording End" }), entry()] }));
    expect((await loggedMessages(logs)).map((m) => JSON.parse(m).detail.event_name)).toEqual([
      "Recording Start",
    ]);
    await client.send(
      new PutRuleCommand({ Name: RULE, EventPattern: '{"source":["yolo.test"]}', State: "DISABLED" }),
    );
    await client.send(new PutEventsCommand({ Entries: [entry()] }));
    expect(await loggedMessages(logs)).toHaveLength(1);
  });

  it("records a failure when the target log group does not exist", async () => {
    const { client } = await setUp({ policy: ALLOW_EVENTS, target: `${GROUP_ARN}-missing` });
    await client.send(new PutEventsCommand({ Entries: [entry()] }));
    const deliveries = ruleDeliveries(handle.emulator.store, ACCOUNT, REGION, RULE)!;
    expect(deliveries.failed).toBe(1);
    expect(deliveries.failures[0].reason).toMatch(/does not exist/);
  });

  it("renders an InputTransformer for a logs target and refuses Input", async () => {
    const { client, logs } = await setUp({ policy: ALLOW_EVENTS });
    await client.send(
      new PutTargetsCommand({
        Rule: RULE,
        Targets: [
          {
            Id: "yolo-logs",
            Arn: GROUP_ARN,
            InputTransformer: {
              InputPathsMap: { name: "$.detail.event_name", time: "$.time" },
              InputTemplate: '{"timestamp": "<time>", "message": "event <name>"}',
            },
          },
          { Id: "constant", Arn: GROUP_ARN, Input: '{"a":1}' },
        ],
      }),
    );
    await client.send(new PutEventsCommand({ Entries: [entry()] }));
    expect(await loggedMessages(logs)).toEqual(["event Recording Start"]);
    const deliveries = ruleDeliveries(handle.emulator.store, ACCOUNT, REGION, RULE)!;
    expect(deliveries).toMatchObject({ delivered: 1, failed: 1 });
    expect(deliveries.failures[0]).toMatchObject({ targetId: "constant" });
  });

  it("reports invalid entries per entry and delivers the valid ones", async () => {
    const { client, logs } = await setUp({ policy: ALLOW_EVENTS });
    const put = await client.send(
      new PutEventsCommand({
        Entries: [
          { ...entry(), Source: "aws.ivs" },
          { ...entry(), Detail: "not json" },
          { Source: "yolo.test", Detail: "{}" },
          entry(),
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(3);
    expect(put.Entries!.map((e) => e.ErrorCode)).toEqual([
      "NotAuthorizedForSourceException",
      "MalformedDetail",
      "InvalidArgument",
      undefined,
    ]);
    expect(put.Entries![3].EventId).toBeTruthy();
    expect(await loggedMessages(logs)).toHaveLength(1);
  });

  it("refuses more than 10 entries with ValidationException", async () => {
    const client = await events();
    const error = await failure(
      client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry()) })),
    );
    expect(error.name).toBe("ValidationException");
  });

  it("deliverEvent lets an emulated AWS service (IVS) emit aws.* events", async () => {
    const { logs } = await setUp({ policy: ALLOW_EVENTS, pattern: PATTERN });
    const ivsEvent = {
      version: "0",
      id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
      "detail-type": "IVS Participant Recording State Change",
      source: "aws.ivs",
      account: ACCOUNT,
      time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      region: REGION,
      resources: [`arn:aws:ivs:${REGION}:${ACCOUNT}:stage/AbCdef1G2hij`],
      detail: { session_id: "st-1", event_name: "Recording Start", participant_id: "p1" },
    };
    const report = deliverEvent(handle.emulator.store, ACCOUNT, REGION, ivsEvent);
    expect(report).toEqual({ matchedRules: [RULE], delivered: 1, failed: 0 });
    const streams = (await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }))).logStreams!;
    expect(streams.map((s) => s.logStreamName)).toEqual([ivsEvent.id]);
    expect((await loggedMessages(logs)).map((m) => JSON.parse(m))).toEqual([ivsEvent]);
    // another region's rules do not see it
    expect(deliverEvent(handle.emulator.store, ACCOUNT, "us-east-1", ivsEvent)).toEqual({
      matchedRules: [],
      delivered: 0,
      failed: 0,
    });
  });
});

describe("EventBridge wire", () => {
  it("answers an unknown x-amz-target with 400 UnknownOperationException", async () => {
    const response = await fetch(`${handle.emulator.url}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSEvents.CreateEventBus2",
        authorization: `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20240101/${REGION}/events/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect((await response.json()).__type).toBe("UnknownOperationException");
  });
});
