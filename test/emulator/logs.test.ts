import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteResourcePolicyCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  DescribeResourcePoliciesCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutResourcePolicyCommand,
  PutRetentionPolicyCommand,
  paginateDescribeLogGroups,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it } from "vitest";
import { deliverToLogGroup } from "../../src/emulator/services/logs.js";
import { ACCOUNT, OTHER_ACCOUNT, TEST_CREDENTIALS, useEmulator } from "../helpers/emulator.js";
import { failure } from "../helpers/failures.js";

const REGION = "eu-central-1";
const GROUP = "/aws/ivs/yolo-demo";
const GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${GROUP}`;

const handle = useEmulator();
const logs = (region = REGION): Promise<CloudWatchLogsClient> => handle.clients.logs(region);

/** A raw JSON 1.1 call (the emulator routes by the credential scope; the signature is not checked). */
async function rawCall(target: string, body: string) {
  const response = await fetch(`${handle.emulator.url}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": target,
      authorization: `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20240101/${REGION}/logs/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body,
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    body: await response.json(),
  };
}

function eventsPolicy(resource: string) {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "TrustEventsToStoreLogEvent",
        Effect: "Allow",
        Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: resource,
      },
    ],
  });
}

describe("CloudWatch Logs log groups", () => {
  it("creates a log group with tags and describes it with both ARNs", async () => {
    const client = await logs();
    const before = Date.now();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP, tags: { "yolo:app": "demo" } }));
    const out = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/aws/ivs/" }));
    expect(out.logGroups).toHaveLength(1);
    const group = out.logGroups![0];
    expect(group).toMatchObject({
      logGroupName: GROUP,
      arn: `${GROUP_ARN}:*`,
      logGroupArn: GROUP_ARN,
      metricFilterCount: 0,
      storedBytes: 0,
      logGroupClass: "STANDARD",
    });
    expect(group.retentionInDays).toBeUndefined();
    expect(group.creationTime).toBeGreaterThanOrEqual(before - 1000);
    expect(group.creationTime).toBeLessThanOrEqual(Date.now() + 1000);
    const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: GROUP_ARN }));
    expect(tags.tags).toEqual({ "yolo:app": "demo" });
  });

  it("refuses a duplicate name with ResourceAlreadyExistsException", async () => {
    const client = await logs();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    const error = await failure(client.send(new CreateLogGroupCommand({ logGroupName: GROUP })));
    expect(error.name).toBe("ResourceAlreadyExistsException");
    expect(error.message).toBe("The specified log group already exists");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("refuses names outside the model's pattern and names starting with aws/", async () => {
    const client = await logs();
    const bad = await failure(client.send(new CreateLogGroupCommand({ logGroupName: "has space" })));
    expect(bad.name).toBe("InvalidParameterException");
    expect(bad.message).toMatch(/logGroupName.*regular expression pattern/);
    const long = await failure(client.send(new CreateLogGroupCommand({ logGroupName: "a".repeat(513) })));
    expect(long.name).toBe("InvalidParameterException");
    const reserved = await failure(client.send(new CreateLogGroupCommand({ logGroupName: "aws/mine" })));
    expect(reserved.name).toBe("InvalidParameterException");
    await client.send(new CreateLogGroupCommand({ logGroupName: "a".repeat(512) }));
  });

  it("keeps log groups per account and region", async () => {
    await (await logs()).send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    const otherRegion = await (await logs("us-east-1")).send(new DescribeLogGroupsCommand({}));
    expect(otherRegion.logGroups).toEqual([]);
    const otherAccount = await (await handle.otherClients.logs(REGION)).send(
      new DescribeLogGroupsCommand({}),
    );
    expect(otherAccount.logGroups).toEqual([]);
    // the same name is free in another account
    await (await handle.otherClients.logs(REGION)).send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    const mine = await (await handle.otherClients.logs(REGION)).send(new DescribeLogGroupsCommand({}));
    expect(mine.logGroups![0].logGroupArn).toBe(`arn:aws:logs:${REGION}:${OTHER_ACCOUNT}:log-group:${GROUP}`);
  });

  it("lists ASCII-sorted, pages with limit/nextToken and the SDK paginator", async () => {
    const client = await logs();
    const names = ["/b", "/a/2", "/A", "/a/1", "/a/10", "_z"];
    for (const logGroupName of names) await client.send(new CreateLogGroupCommand({ logGroupName }));
    const first = await client.send(new DescribeLogGroupsCommand({ limit: 4 }));
    expect(first.logGroups!.map((g) => g.logGroupName)).toEqual(["/A", "/a/1", "/a/10", "/a/2"]);
    expect(first.nextToken).toBeTruthy();
    const second = await client.send(new DescribeLogGroupsCommand({ limit: 4, nextToken: first.nextToken }));
    expect(second.logGroups!.map((g) => g.logGroupName)).toEqual(["/b", "_z"]);
    expect(second.nextToken).toBeUndefined();
    const all: string[] = [];
    for await (const page of paginateDescribeLogGroups({ client, pageSize: 2 }, {}))
      all.push(...page.logGroups!.map((g) => g.logGroupName!));
    expect(all).toEqual(["/A", "/a/1", "/a/10", "/a/2", "/b", "_z"]);
    const prefixed = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/a/1" }));
    expect(prefixed.logGroups!.map((g) => g.logGroupName)).toEqual(["/a/1", "/a/10"]);
  });

  it("matches logGroupNamePattern as a case-sensitive substring with only arn, creationTime and name", async () => {
    const client = await logs();
    for (const logGroupName of ["FooBar", "aws-x/Foo", "GroupFoo", "foo", "F/o/o"])
      await client.send(new CreateLogGroupCommand({ logGroupName }));
    const out = await client.send(new DescribeLogGroupsCommand({ logGroupNamePattern: "Foo" }));
    expect(out.logGroups!.map((g) => g.logGroupName)).toEqual(["FooBar", "GroupFoo", "aws-x/Foo"]);
    expect(Object.keys(out.logGroups![0]).sort()).toEqual(["arn", "creationTime", "logGroupName"]);
  });

  it("refuses prefix and pattern together, and limits outside 1–50", async () => {
    const client = await logs();
    const both = await failure(
      client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/a", logGroupNamePattern: "a" })),
    );
    expect(both.name).toBe("InvalidParameterException");
    const tooMany = await failure(client.send(new DescribeLogGroupsCommand({ limit: 51 })));
    expect(tooMany.name).toBe("InvalidParameterException");
    const zero = await failure(client.send(new DescribeLogGroupsCommand({ limit: 0 })));
    expect(zero.name).toBe("InvalidParameterException");
    const token = await failure(client.send(new DescribeLogGroupsCommand({ nextToken: "garbage" })));
    expect(token.name).toBe("InvalidParameterException");
  });

  it("deletes a log group, then reports it missing", async () => {
    const client = await logs();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await client.send(new DeleteLogGroupCommand({ logGroupName: GROUP }));
    expect((await client.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
    const error = await failure(client.send(new DeleteLogGroupCommand({ logGroupName: GROUP })));
    expect(error.name).toBe("ResourceNotFoundException");
    expect(error.message).toBe("The specified log group does not exist.");
  });
});

describe("CloudWatch Logs retention", () => {
  it("sets, shows and removes retention", async () => {
    const client = await logs();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await client.send(new PutRetentionPolicyCommand({ logGroupName: GROUP, retentionInDays: 30 }));
    let group = (await client.send(new DescribeLogGroupsCommand({}))).logGroups![0];
    expect(group.retentionInDays).toBe(30);
    await client.send(new DeleteRetentionPolicyCommand({ logGroupName: GROUP }));
    group = (await client.send(new DescribeLogGroupsCommand({}))).logGroups![0];
    expect(group.retentionInDays).toBeUndefined();
  });

  it("accepts every allowed value and refuses 15 with InvalidParameterException", async () => {
    const client = await logs();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    for (const days of [
      1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    ])
      await client.send(new PutRetentionPolicyCommand({ logGroupName: GROUP, retentionInDays: days }));
    const error = await failure(
      client.send(new PutRetentionPolicyCommand({ logGroupName: GROUP, retentionInDays: 15 })),
    );
    expect(error.name).toBe("InvalidParameterException");
    expect(error.message).toMatch(/retentionInDays/);
    const group = (await client.send(new DescribeLogGroupsCommand({}))).logGroups![0];
    expect(group.retentionInDays).toBe(3653);
  });

  it("reports a missing log group", async () => {
    const client = await logs();
    const put = await failure(
      client.send(new PutRetentionPolicyCommand({ logGroupName: "/nope", retentionInDays: 30 })),
    );
    expect(put.name).toBe("ResourceNotFoundException");
    expect(put.message).toBe("The specified log group does not exist.");
    const del = await failure(client.send(new DeleteRetentionPolicyCommand({ logGroupName: "/nope" })));
    expect(del.name).toBe("ResourceNotFoundException");
  });
});

describe("CloudWatch Logs resource policies", () => {
  const document = eventsPolicy(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/ivs/*`);

  it("puts (upserts), describes and deletes an account-level policy", async () => {
    const client = await logs();
    const before = Date.now();
    const put = await client.send(
      new PutResourcePolicyCommand({ policyName: "yolo-events-to-logs", policyDocument: document }),
    );
    expect(put.resourcePolicy).toMatchObject({
      policyName: "yolo-events-to-logs",
      policyDocument: document,
      policyScope: "ACCOUNT",
    });
    expect(put.resourcePolicy!.lastUpdatedTime).toBeGreaterThanOrEqual(before - 1000);
    const replaced = eventsPolicy(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/other/*`);
    await client.send(
      new PutResourcePolicyCommand({ policyName: "yolo-events-to-logs", policyDocument: replaced }),
    );
    const described = await client.send(new DescribeResourcePoliciesCommand({}));
    expect(described.resourcePolicies).toHaveLength(1);
    expect(described.resourcePolicies![0]).toMatchObject({
      policyName: "yolo-events-to-logs",
      policyDocument: replaced,
    });
    await client.send(new DeleteResourcePolicyCommand({ policyName: "yolo-events-to-logs" }));
    expect((await client.send(new DescribeResourcePoliciesCommand({}))).resourcePolicies).toEqual([]);
    const missing = await failure(
      client.send(new DeleteResourcePolicyCommand({ policyName: "yolo-events-to-logs" })),
    );
    expect(missing.name).toBe("ResourceNotFoundException");
  });

  it("refuses the 11th policy with LimitExceededException, but still replaces an existing one", async () => {
    const client = await logs();
    for (let i = 1; i <= 10; i++)
      await client.send(
        new PutResourcePolicyCommand({ policyName: `policy-${i}`, policyDocument: document }),
      );
    const error = await failure(
      client.send(new PutResourcePolicyCommand({ policyName: "policy-11", policyDocument: document })),
    );
    expect(error.name).toBe("LimitExceededException");
    expect(error.$metadata.attempts).toBe(1);
    await client.send(new PutResourcePolicyCommand({ policyName: "policy-3", policyDocument: document }));
    expect((await client.send(new DescribeResourcePoliciesCommand({}))).resourcePolicies).toHaveLength(10);
    // the limit is per account and region
    await (await logs("us-west-2")).send(
      new PutResourcePolicyCommand({ policyName: "policy-11", policyDocument: document }),
    );
  });

  it("pages DescribeResourcePolicies", async () => {
    const client = await logs();
    for (let i = 1; i <= 3; i++)
      await client.send(
        new PutResourcePolicyCommand({ policyName: `policy-${i}`, policyDocument: document }),
      );
    const first = await client.send(new DescribeResourcePoliciesCommand({ limit: 2 }));
    expect(first.resourcePolicies!.map((p) => p.policyName)).toEqual(["policy-1", "policy-2"]);
    const second = await client.send(
      new DescribeResourcePoliciesCommand({ limit: 2, nextToken: first.nextToken }),
    );
    expect(second.resourcePolicies!.map((p) => p.policyName)).toEqual(["policy-3"]);
    expect(second.nextToken).toBeUndefined();
  });

  it("refuses a document over 5,120 characters and one that is not JSON", async () => {
    const client = await logs();
    const padded = JSON.stringify({ Version: "2012-10-17", Id: "x".repeat(5120), Statement: [] });
    const oversize = await failure(
      client.send(new PutResourcePolicyCommand({ policyName: "big", policyDocument: padded })),
    );
    expect(oversize.name).toBe("InvalidParameterException");
    const notJson = await failure(
      client.send(new PutResourcePolicyCommand({ policyName: "bad", policyDocument: "{not json" })),
    );
    expect(notJson.name).toBe("InvalidParameterException");
    expect((await client.send(new DescribeResourcePoliciesCommand({}))).resourcePolicies).toEqual([]);
  });
});

describe("CloudWatch Logs tags", () => {
  it("tags, lists and untags by the ARN without :*", async () => {
    const client = await logs();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP, tags: { a: "1" } }));
    await client.send(new TagResourceCommand({ resourceArn: GROUP_ARN, tags: { b: "2", a: "one" } }));
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: GROUP_ARN }))).tags).toEqual({
      a: "one",
      b: "2",
    });
    await client.send(new UntagResourceCommand({ resourceArn: GROUP_ARN, tagKeys: ["a"] }));
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: GROUP_ARN }))).tags).toEqual({
      b: "2",
    });
  });

  it("does not find a log group by its :* ARN, another region's ARN or a missing group", async () => {
    const client = await logs();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    const star = await failure(
      client.send(new ListTagsForResourceCommand({ resourceArn: `${GROUP_ARN}:*` })),
    );
    expect(star.name).toBe("InvalidParameterException");
    const elsewhere = await failure(
      client.send(
        new ListTagsForResourceCommand({
          resourceArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${GROUP}`,
        }),
      ),
    );
    expect(elsewhere.name).toBe("ResourceNotFoundException");
    const missing = await failure(
      client.send(new TagResourceCommand({ resourceArn: `${GROUP_ARN}-x`, tags: { a: "1" } })),
    );
    expect(missing.name).toBe("ResourceNotFoundException");
  });

  it("refuses more than 50 tags with TooManyTagsException", async () => {
    const client = await logs();
    const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP, tags }));
    const error = await failure(
      client.send(new TagResourceCommand({ resourceArn: GROUP_ARN, tags: { extra: "v" } })),
    );
    expect(error.name).toBe("TooManyTagsException");
    expect(error.resourceName).toBe(GROUP_ARN);
    // replacing an existing key is not an extra tag
    await client.send(new TagResourceCommand({ resourceArn: GROUP_ARN, tags: { k0: "w" } }));
    const tooManyAtCreate = await failure(
      client.send(new CreateLogGroupCommand({ logGroupName: "/x", tags: { ...tags, extra: "v" } })),
    );
    expect(tooManyAtCreate.name).toBe("InvalidParameterException");
  });

  it("supports the legacy TagLogGroup / ListTagsLogGroup / UntagLogGroup", async () => {
    const client = await logs();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await client.send(new TagLogGroupCommand({ logGroupName: GROUP, tags: { a: "1", b: "2" } }));
    expect((await client.send(new ListTagsLogGroupCommand({ logGroupName: GROUP }))).tags).toEqual({
      a: "1",
      b: "2",
    });
    await client.send(new UntagLogGroupCommand({ logGroupName: GROUP, tags: ["b"] }));
    expect((await client.send(new ListTagsLogGroupCommand({ logGroupName: GROUP }))).tags).toEqual({
      a: "1",
    });
    const missing = await failure(client.send(new ListTagsLogGroupCommand({ logGroupName: "/nope" })));
    expect(missing.name).toBe("ResourceNotFoundException");
  });
});

describe("CloudWatch Logs streams and events", () => {
  it("creates a stream, puts events and reads them back", async () => {
    const client = await logs();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: "s1" }));
    const dup = await failure(
      client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: "s1" })),
    );
    expect(dup.name).toBe("ResourceAlreadyExistsException");
    const now = Date.now();
    const put = await client.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: "s1",
        logEvents: [
          { timestamp: now - 2000, message: "first ERROR" },
          { timestamp: now - 1000, message: "second" },
          { timestamp: now, message: '{"detail":{"event_name":"Recording Start"}}' },
        ],
      }),
    );
    expect(put.nextSequenceToken).toBeTruthy();
    expect(put.rejectedLogEventsInfo).toBeUndefined();

    const got = await client.send(
      new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: "s1", startFromHead: true }),
    );
    expect(got.events!.map((e) => e.message)).toEqual([
      "first ERROR",
      "second",
      '{"detail":{"event_name":"Recording Start"}}',
    ]);
    expect(got.events![0].timestamp).toBe(now - 2000);
    expect(got.events![0].ingestionTime).toBeGreaterThanOrEqual(now - 1000);

    const streams = await client.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }));
    expect(streams.logStreams).toHaveLength(1);
    expect(streams.logStreams![0]).toMatchObject({
      logStreamName: "s1",
      firstEventTimestamp: now - 2000,
      lastEventTimestamp: now,
      arn: `${GROUP_ARN}:log-stream:s1`,
    });

    const group = (await client.send(new DescribeLogGroupsCommand({}))).logGroups![0];
    expect(group.storedBytes).toBeGreaterThan(0);
  });

  it("pages GetLogEvents forwards and backwards with the stream tokens", async () => {
    const client = await logs();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: "s" }));
    const now = Date.now();
    const logEvents = Array.from({ length: 5 }, (_, i) => ({ timestamp: now - 5000 + i, message: `m${i}` }));
    await client.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: "s", logEvents }));
    const head = await client.send(
      new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: "s", startFromHead: true, limit: 2 }),
    );
    expect(head.events!.map((e) => e.message)).toEqual(["m0", "m1"]);
    const next = await client.send(
      new GetLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: "s",
        limit: 2,
        nextToken: head.nextForwardToken,
      }),
    );
    expect(next.events!.map((e) => e.message)).toEqual(["m2", "m3"]);
    const tail = await client.send(
      new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: "s", limit: 2 }),
    );
    expect(tail.events!.map((e) => e.message)).toEqual(["m3", "m4"]);
    const before = await client.send(
      new GetLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: "s",
        limit: 2,
        nextToken: tail.nextBackwardToken,
      }),
    );
    expect(before.events!.map((e) => e.message)).toEqual(["m1", "m2"]);
    // at the end of the stream the forward token stays the same
    const end = await client.send(
      new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: "s", nextToken: tail.nextForwardToken }),
    );
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(tail.nextForwardToken);
  });

  it("refuses out-of-order batches, rejects too old/new events, and reports missing streams", async () => {
    const client = await logs();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: "s" }));
    const now = Date.now();
    const unordered = await failure(
      client.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: "s",
          logEvents: [
            { timestamp: now, message: "b" },
            { timestamp: now - 10, message: "a" },
          ],
        }),
      ),
    );
    expect(unordered.name).toBe("InvalidParameterException");
    const old = await client.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: "s",
        logEvents: [
          { timestamp: now - 15 * 24 * 3600 * 1000, message: "ancient" },
          { timestamp: now - 15 * 24 * 3600 * 1000 + 1, message: "ancient too" },
        ],
      }),
    );
    expect(old.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 2 });
    const future = await client.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: "s",
        logEvents: [
          { timestamp: now, message: "ok" },
          { timestamp: now + 3 * 3600 * 1000, message: "future" },
        ],
      }),
    );
    expect(future.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 1 });
    const got = await client.send(
      new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: "s", startFromHead: true }),
    );
    expect(got.events!.map((e) => e.message)).toEqual(["ok"]);
    const noStream = await failure(
      client.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: "nope",
          logEvents: [{ timestamp: now, message: "x" }],
        }),
      ),
    );
    expect(noStream.name).toBe("ResourceNotFoundException");
    expect(noStream.message).toBe("The specified log stream does not exist.");
    const noGroup = await failure(
      client.send(new CreateLogStreamCommand({ logGroupName: "/nope", logStreamName: "s" })),
    );
    expect(noGroup.name).toBe("ResourceNotFoundException");
  });

  it("filters events across streams by time, stream and pattern", async () => {
    const client = await logs();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    const now = Date.now();
    for (const [stream, offset] of [
      ["a", 0],
      ["b", 1],
    ] as const) {
      await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }));
      await client.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: stream,
          logEvents: [
            { timestamp: now - 3000 + offset, message: `ERROR in ${stream}` },
            {
              timestamp: now - 2000 + offset,
              message: JSON.stringify({ detail: { event_name: "Recording Start", n: 3 } }),
            },
            { timestamp: now - 1000 + offset, message: `INFO in ${stream}` },
          ],
        }),
      );
    }
    const all = await client.send(new FilterLogEventsCommand({ logGroupName: GROUP }));
    expect(all.events!.map((e) => `${e.logStreamName}:${e.message!.slice(0, 5)}`)).toEqual([
      "a:ERROR",
      "b:ERROR",
      'a:{"det',
      'b:{"det',
      "a:INFO ",
      "b:INFO ",
    ]);
    expect(new Set(all.events!.map((e) => e.eventId)).size).toBe(6);
    const errors = await client.send(
      new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: "ERROR" }),
    );
    expect(errors.events!.map((e) => e.message)).toEqual(["ERROR in a", "ERROR in b"]);
    const quoted = await client.send(
      new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '"INFO in b"' }),
    );
    expect(quoted.events!.map((e) => e.message)).toEqual(["INFO in b"]);
    const either = await client.send(
      new FilterLogEventsCommand({
        logGroupName: GROUP,
        filterPattern: "?ERROR ?INFO",
        logStreamNames: ["b"],
      }),
    );
    expect(either.events!.map((e) => e.message)).toEqual(["ERROR in b", "INFO in b"]);
    const json = await client.send(
      new FilterLogEventsCommand({
        logGroupName: GROUP,
        filterPattern: '{ $.detail.event_name = "Recording Start" && $.detail.n > 2 }',
      }),
    );
    expect(json.events).toHaveLength(2);
    const window = await client.send(
      new FilterLogEventsCommand({
        logGroupName: GROUP,
        startTime: now - 2000,
        endTime: now - 1000,
        logStreamNamePrefix: "a",
      }),
    );
    expect(window.events!.map((e) => e.timestamp)).toEqual([now - 2000]);
    const paged = await client.send(new FilterLogEventsCommand({ logGroupName: GROUP, limit: 4 }));
    expect(paged.events).toHaveLength(4);
    const rest = await client.send(
      new FilterLogEventsCommand({ logGroupName: GROUP, limit: 4, nextToken: paged.nextToken }),
    );
    expect(rest.events!.map((e) => e.message)).toEqual(["INFO in a", "INFO in b"]);
    expect(rest.nextToken).toBeUndefined();
  });

  it("finds the group by logGroupIdentifier (name or ARN) and refuses both name and identifier", async () => {
    const client = await logs();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: "s" }));
    const byArn = await client.send(new DescribeLogStreamsCommand({ logGroupIdentifier: GROUP_ARN }));
    expect(byArn.logStreams!.map((s) => s.logStreamName)).toEqual(["s"]);
    const both = await failure(
      client.send(new DescribeLogStreamsCommand({ logGroupName: GROUP, logGroupIdentifier: GROUP_ARN })),
    );
    expect(both.name).toBe("InvalidParameterException");
  });
});

describe("deliverToLogGroup (for other emulated services)", () => {
  it("writes into an existing group, creating the stream, and is readable with the SDK", async () => {
    const client = await logs();
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    const at = Date.now();
    expect(deliverToLogGroup(handle.emulator.store, ACCOUNT, REGION, GROUP, "hello", at)).toBe(true);
    expect(deliverToLogGroup(handle.emulator.store, ACCOUNT, REGION, GROUP, "again", at + 1)).toBe(true);
    const streams = (await client.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }))).logStreams!;
    expect(streams).toHaveLength(1);
    expect(streams[0].logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\]/);
    const events = await client.send(new FilterLogEventsCommand({ logGroupName: GROUP }));
    expect(events.events!.map((e) => e.message)).toEqual(["hello", "again"]);
  });

  it("writes nothing when the group does not exist", async () => {
    expect(deliverToLogGroup(handle.emulator.store, ACCOUNT, REGION, "/nope", "hello", Date.now())).toBe(
      false,
    );
  });
});

describe("CloudWatch Logs wire", () => {
  it("answers an unknown x-amz-target with 400 UnknownOperationException", async () => {
    const response = await rawCall("Logs_20140328.DoSomethingElse", "{}");
    expect(response.status).toBe(400);
    expect(response.contentType).toBe("application/x-amz-json-1.1");
    expect(response.body.__type).toBe("UnknownOperationException");
  });

  it("answers a body that is not JSON with SerializationException", async () => {
    const response = await rawCall("Logs_20140328.DescribeLogGroups", "{not json");
    expect(response.status).toBe(400);
    expect(response.body.__type).toBe("SerializationException");
  });
});
