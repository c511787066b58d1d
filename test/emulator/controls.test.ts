/**
 * The emulator's test controls, in-process: the request log, injected faults and latency, reset,
 * the admin HTTP routes, and the requests it refuses before any service sees them (no SigV4
 * credential scope, a signing name it does not serve).
 */
import {
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { ListRulesCommand, PutRuleCommand } from "@aws-sdk/client-eventbridge";
import { CreateRoleCommand, GetRoleCommand, ListRolesCommand } from "@aws-sdk/client-iam";
import {
  CreateEncoderConfigurationCommand,
  ListEncoderConfigurationsCommand,
  ListStagesCommand,
} from "@aws-sdk/client-ivs-realtime";
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { createAwsClients } from "../../src/aws/clients.js";
import { startEmulator } from "../../src/emulator/index.js";
import { ACCOUNT, OTHER_ACCOUNT, TEST_CREDENTIALS, useEmulator } from "../helpers/emulator.js";
import { failureOf } from "../helpers/failures.js";

const handle = useEmulator();
const REGION = "eu-west-1";

const TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "mediaconvert.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});

async function createLogGroup(name: string, region = REGION) {
  return (await handle.clients.logs(region)).send(new CreateLogGroupCommand({ logGroupName: name }));
}

async function logGroupNames(region = REGION): Promise<string[]> {
  const out = await (await handle.clients.logs(region)).send(new DescribeLogGroupsCommand({}));
  return (out.logGroups ?? []).map((group) => group.logGroupName ?? "");
}

async function callerIdentity() {
  return (await handle.clients.sts(REGION)).send(new GetCallerIdentityCommand({}));
}

/** A signed-looking request (the emulator reads the credential scope, it does not check signatures). */
function authorization(signingName: string, region = REGION): string {
  return `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20240101/${region}/${signingName}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`;
}

async function admin(method: string, path: string, body?: string) {
  const response = await fetch(`${handle.emulator.url}/_emulator${path}`, { method, body });
  return { status: response.status, body: await response.json() };
}

describe("the request log", () => {
  it("records every AWS call in arrival order: service, region, account, operation, and whether it writes", async () => {
    const { clients, otherClients } = handle;
    const s3 = await clients.s3(REGION);
    await s3.send(new CreateBucketCommand({ Bucket: "log-bucket" }));
    await s3.send(new HeadBucketCommand({ Bucket: "log-bucket" }));
    const ivs = await clients.ivs(REGION);
    await ivs.send(new CreateEncoderConfigurationCommand({ name: "log-encoder" }));
    await ivs.send(new ListEncoderConfigurationsCommand({}));
    await createLogGroup("/log/group");
    await logGroupNames();
    const events = await clients.events(REGION);
    await events.send(new PutRuleCommand({ Name: "log-rule", EventPattern: '{"source":["aws.ivs"]}' }));
    await events.send(new ListRulesCommand({}));
    await callerIdentity();
    const iam = await clients.iam("us-east-1");
    await iam.send(new CreateRoleCommand({ RoleName: "log-role", AssumeRolePolicyDocument: TRUST_POLICY }));
    await iam.send(new GetRoleCommand({ RoleName: "log-role" }));
    await (await otherClients.sts("ap-south-1")).send(new GetCallerIdentityCommand({}));

    const log = handle.emulator.log;
    expect(log.map((e) => [e.service, e.region, e.account, e.operation, e.mutating, e.status])).toEqual([
      ["s3", REGION, ACCOUNT, "CreateBucket", true, 200],
      ["s3", REGION, ACCOUNT, "HeadBucket", false, 200],
      ["ivs", REGION, ACCOUNT, "CreateEncoderConfiguration", true, 200],
      ["ivs", REGION, ACCOUNT, "ListEncoderConfigurations", false, 200],
      ["logs", REGION, ACCOUNT, "CreateLogGroup", true, 200],
      ["logs", REGION, ACCOUNT, "DescribeLogGroups", false, 200],
      ["events", REGION, ACCOUNT, "PutRule", true, 200],
      ["events", REGION, ACCOUNT, "ListRules", false, 200],
      ["sts", REGION, ACCOUNT, "GetCallerIdentity", false, 200],
      ["iam", "us-east-1", ACCOUNT, "CreateRole", true, 200],
      ["iam", "us-east-1", ACCOUNT, "GetRole", false, 200],
      ["sts", "ap-south-1", OTHER_ACCOUNT, "GetCallerIdentity", false, 200],
    ]);
    for (const [i, entry] of log.entries()) {
      if (i > 0) expect(entry.seq).toBe(log[i - 1].seq + 1);
      expect(entry.endedAt).toBeGreaterThanOrEqual(entry.startedAt);
      expect(entry.errorCode).toBeUndefined();
      expect(entry.injected).toBeUndefined();
    }
  });

  it("records AWS's error code for a refused call, and marks an injected one", async () => {
    const iam = await handle.clients.iam("us-east-1");
    const missing = await failureOf(iam.send(new GetRoleCommand({ RoleName: "nobody" })));
    expect(missing.name).toBe("NoSuchEntityException");
    const s3 = await handle.clients.s3(REGION);
    await s3.send(new CreateBucketCommand({ Bucket: "no-policy-bucket" }));
    await failureOf(s3.send(new GetBucketPolicyCommand({ Bucket: "no-policy-bucket" })));
    handle.emulator.addFault({ service: "iam", code: "ServiceFailure", status: 500 });
    await failureOf(iam.send(new ListRolesCommand({})));

    expect(
      handle.emulator.log.map((e) => [e.operation, e.mutating, e.status, e.errorCode, e.injected]),
    ).toEqual([
      ["GetRole", false, 404, "NoSuchEntity", undefined],
      ["CreateBucket", true, 200, undefined, undefined],
      ["GetBucketPolicy", false, 404, "NoSuchBucketPolicy", undefined],
      ["ListRoles", false, 500, "ServiceFailure", true],
    ]);
  });

  it("is emptied by clearLog, which leaves the state alone", async () => {
    await createLogGroup("/kept");
    const last = handle.emulator.log.at(-1)?.seq ?? 0;
    handle.emulator.clearLog();
    expect(handle.emulator.log).toEqual([]);
    expect(await logGroupNames()).toEqual(["/kept"]);
    expect(handle.emulator.log.map((e) => e.operation)).toEqual(["DescribeLogGroups"]);
    expect(handle.emulator.log[0].seq).toBeGreaterThan(last);
  });
});

describe("injected faults", () => {
  it("fail the nth matching call only, with the code and status the SDK then reports", async () => {
    handle.emulator.addFault({
      service: "logs",
      operation: "CreateLogGroup",
      nth: 2,
      status: 400,
      code: "OperationAbortedException",
      message: "Multiple requests to modify the same resource were in conflict.",
    });
    await createLogGroup("/one");
    await logGroupNames(); // another operation: not a matching call
    const second = await failureOf(createLogGroup("/two"));
    await createLogGroup("/three");

    expect(second.name).toBe("OperationAbortedException");
    expect(second.message).toBe("Multiple requests to modify the same resource were in conflict.");
    expect(second.$metadata.httpStatusCode).toBe(400);
    // The failed call did nothing: the fault answers before the service runs.
    expect(await logGroupNames()).toEqual(["/one", "/three"]);
  });

  it("are rendered in each service's own wire protocol", async () => {
    const cases: {
      service: string;
      code: string;
      status: number;
      name: string;
      call: () => Promise<unknown>;
    }[] = [
      {
        service: "s3",
        code: "SlowDown",
        status: 503,
        name: "SlowDown",
        call: async () => (await handle.clients.s3(REGION)).send(new ListBucketsCommand({})),
      },
      {
        service: "ivs",
        code: "ConflictException",
        status: 409,
        name: "ConflictException",
        call: async () => (await handle.clients.ivs(REGION)).send(new ListStagesCommand({})),
      },
      {
        service: "logs",
        code: "ServiceUnavailableException",
        status: 503,
        name: "ServiceUnavailableException",
        call: () => logGroupNames(),
      },
      {
        service: "events",
        code: "ConcurrentModificationException",
        status: 400,
        name: "ConcurrentModificationException",
        call: async () => (await handle.clients.events(REGION)).send(new ListRulesCommand({})),
      },
      { service: "sts", code: "Throttling", status: 400, name: "Throttling", call: () => callerIdentity() },
      // Query errors carry the short code; the SDK names the modeled exception.
      {
        service: "iam",
        code: "ConcurrentModification",
        status: 409,
        name: "ConcurrentModificationException",
        call: async () => (await handle.clients.iam(REGION)).send(new ListRolesCommand({})),
      },
    ];
    for (const { service, code, status, name, call } of cases) {
      handle.emulator.addFault({ service, code, status, message: `injected into ${service}` });
      const error = await failureOf(call());
      handle.emulator.clearFaults();
      expect([service, error?.name, error?.$metadata?.httpStatusCode, error?.message]).toEqual([
        service,
        name,
        status,
        `injected into ${service}`,
      ]);
    }
  });

  it("default to 500 InternalFailure, which the SDK retries", async () => {
    handle.emulator.addFault({ service: "sts", nth: 1 });
    const retrying = createAwsClients({
      endpoint: handle.emulator.url,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 2,
    });
    try {
      const identity = await (await retrying.sts(REGION)).send(new GetCallerIdentityCommand({}));
      expect(identity.Account).toBe(ACCOUNT);
      expect(identity.$metadata.attempts).toBe(2);
    } finally {
      retrying.destroy();
    }
    expect(handle.emulator.log.map((e) => [e.status, e.errorCode, e.injected])).toEqual([
      [500, "InternalFailure", true],
      [200, undefined, undefined],
    ]);
  });

  it("with a seeded probability fail the same calls for the same seed", async () => {
    const pattern = async (seed: number): Promise<boolean[]> => {
      handle.emulator.reset();
      handle.emulator.addFault({ service: "sts", probability: 0.5, seed, code: "Throttling", status: 400 });
      const failed: boolean[] = [];
      for (let i = 0; i < 24; i++) failed.push((await failureOf(callerIdentity())) !== undefined);
      expect(handle.emulator.log.map((e) => e.injected === true)).toEqual(failed);
      return failed;
    };
    const first = await pattern(42);
    expect(first).toContain(true);
    expect(first).toContain(false);
    expect(await pattern(42)).toEqual(first);
    expect(await pattern(7)).not.toEqual(first);
  });

  it("with `mutating: true` fail only writes, in every service", async () => {
    handle.emulator.addFault({ mutating: true, code: "ServiceUnavailable", status: 503 });
    const s3 = await handle.clients.s3(REGION);
    const iam = await handle.clients.iam(REGION);
    const outcomes = {
      createBucket: await failureOf(s3.send(new CreateBucketCommand({ Bucket: "never-made" }))),
      listBuckets: await failureOf(s3.send(new ListBucketsCommand({}))),
      createLogGroup: await failureOf(createLogGroup("/never")),
      describeLogGroups: await failureOf(logGroupNames()),
      createRole: await failureOf(
        iam.send(new CreateRoleCommand({ RoleName: "never", AssumeRolePolicyDocument: TRUST_POLICY })),
      ),
      listRoles: await failureOf(iam.send(new ListRolesCommand({}))),
      callerIdentity: await failureOf(callerIdentity()),
    };
    expect(Object.fromEntries(Object.entries(outcomes).map(([call, error]) => [call, error?.name]))).toEqual({
      createBucket: "ServiceUnavailable",
      listBuckets: undefined,
      createLogGroup: "ServiceUnavailable",
      describeLogGroups: undefined,
      createRole: "ServiceUnavailable",
      listRoles: undefined,
      callerIdentity: undefined,
    });
  });

  it("match by region as well as service and operation", async () => {
    handle.emulator.addFault({
      service: "logs",
      region: "us-west-2",
      code: "ServiceUnavailableException",
      status: 503,
    });
    await createLogGroup("/fine", "eu-central-1");
    const refused = await failureOf(createLogGroup("/refused", "us-west-2"));
    expect(refused.name).toBe("ServiceUnavailableException");
    expect(await logGroupNames("eu-central-1")).toEqual(["/fine"]);
  });

  it("stop after `times` injections", async () => {
    const iam = await handle.clients.iam(REGION);
    await iam.send(new CreateRoleCommand({ RoleName: "flaky", AssumeRolePolicyDocument: TRUST_POLICY }));
    handle.emulator.addFault({
      service: "iam",
      operation: "GetRole",
      times: 2,
      code: "ServiceFailure",
      status: 500,
    });
    const results: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++)
      results.push((await failureOf(iam.send(new GetRoleCommand({ RoleName: "flaky" }))))?.name);
    // IAM's query code ServiceFailure is the SDK's modeled ServiceFailureException.
    expect(results).toEqual(["ServiceFailureException", "ServiceFailureException", undefined, undefined]);
  });

  it("are all removed by clearFaults", async () => {
    handle.emulator.addFault({ service: "logs", code: "ServiceUnavailableException", status: 503 });
    handle.emulator.addFault({ mutating: true, code: "ServiceUnavailable", status: 503 });
    expect((await failureOf(createLogGroup("/blocked")))?.name).toBe("ServiceUnavailableException");
    handle.emulator.clearFaults();
    await createLogGroup("/through");
    expect(await logGroupNames()).toEqual(["/through"]);
  });

  it("of kind `hang` leave the call unanswered until the faults are cleared, then drop it", async () => {
    handle.emulator.addFault({ service: "logs", operation: "CreateLogGroup", kind: "hang" });
    let settled = false;
    const hanging = failureOf(createLogGroup("/hung")).then((error) => {
      settled = true;
      return error;
    });
    while (!handle.emulator.log.some((e) => e.operation === "CreateLogGroup"))
      await new Promise((resolve) => setImmediate(resolve));

    // The emulator still answers other calls meanwhile; the hung one stays open.
    expect((await callerIdentity()).Account).toBe(ACCOUNT);
    expect(settled).toBe(false);
    expect(handle.emulator.log.find((e) => e.operation === "CreateLogGroup")?.status).toBe(0);

    handle.emulator.clearFaults();
    const error = await hanging;
    expect(error).toBeInstanceOf(Error);
    expect(error.$metadata?.httpStatusCode).toBeUndefined();
    // The hung call never ran.
    expect(await logGroupNames()).toEqual([]);
  });
});

describe("latency", () => {
  it("delays every response by the injected milliseconds, as the log's times show", async () => {
    handle.emulator.setLatency(80);
    await callerIdentity();
    await createLogGroup("/slow");
    handle.emulator.setLatency(0);
    for (const entry of handle.emulator.log)
      expect(entry.endedAt - entry.startedAt).toBeGreaterThanOrEqual(80);
  });

  it("starts from the latencyMs option, which reset restores", async () => {
    const slow = await startEmulator({ latencyMs: 60 });
    const clients = createAwsClients({ endpoint: slow.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    try {
      const sts = await clients.sts(REGION);
      await sts.send(new GetCallerIdentityCommand({}));
      slow.setLatency(0);
      slow.reset();
      await sts.send(new GetCallerIdentityCommand({}));
      expect(slow.log).toHaveLength(1);
      expect(slow.log[0].endedAt - slow.log[0].startedAt).toBeGreaterThanOrEqual(60);
    } finally {
      clients.destroy();
      await slow.close();
    }
  });
});

describe("reset", () => {
  it("empties the state and the log and removes the faults", async () => {
    const s3 = await handle.clients.s3(REGION);
    await s3.send(new CreateBucketCommand({ Bucket: "reset-bucket" }));
    await createLogGroup("/reset");
    handle.emulator.addFault({
      service: "logs",
      operation: "PutRetentionPolicy",
      code: "ServiceUnavailableException",
      status: 503,
    });

    handle.emulator.reset();
    expect(handle.emulator.log).toEqual([]);
    expect(handle.emulator.store).toEqual({ global: {}, regional: {} });
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    expect(await logGroupNames()).toEqual([]);
    await createLogGroup("/reset");
    const logs = await handle.clients.logs(REGION);
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: "/reset", retentionInDays: 7 }));
  });
});

describe("the admin HTTP API", () => {
  it("answers health, shows the log and the state, and clears the log", async () => {
    await createLogGroup("/admin");
    expect(await admin("GET", "/health")).toEqual({ status: 200, body: { ok: true } });
    const log = await admin("GET", "/log");
    expect(log.body).toEqual(handle.emulator.log);
    expect(log.body.map((e: any) => e.operation)).toEqual(["CreateLogGroup"]);
    const state = await admin("GET", "/state");
    expect(state.body.regional[`${ACCOUNT}/${REGION}`].logs.logGroups["/admin"].name).toBe("/admin");
    expect(await admin("DELETE", "/log")).toEqual({ status: 200, body: { ok: true } });
    expect(handle.emulator.log).toEqual([]);
  });

  it("sets latency, adds and clears faults, and resets", async () => {
    await admin(
      "POST",
      "/faults",
      JSON.stringify({ service: "logs", code: "ServiceUnavailableException", status: 503 }),
    );
    expect((await failureOf(createLogGroup("/x")))?.name).toBe("ServiceUnavailableException");
    await admin("DELETE", "/faults");
    await createLogGroup("/x");

    await admin("POST", "/latency", JSON.stringify({ ms: 50 }));
    await callerIdentity();
    await admin("POST", "/latency", JSON.stringify({ ms: 0 }));
    const slow = handle.emulator.log.at(-1)!;
    expect(slow.endedAt - slow.startedAt).toBeGreaterThanOrEqual(50);

    expect(await admin("POST", "/reset")).toEqual({ status: 200, body: { ok: true } });
    expect(await logGroupNames()).toEqual([]);
  });

  it("refuses a body that is not a JSON object and an unknown route, and keeps serving", async () => {
    for (const body of ["{not json", "null", "[1]", "3"]) {
      const response = await admin("POST", "/faults", body);
      expect([body, response.status]).toEqual([body, 400]);
    }
    expect(await admin("GET", "/nothing-here")).toEqual({
      status: 404,
      body: { error: "Unknown admin route GET /nothing-here" },
    });
    expect((await callerIdentity()).Account).toBe(ACCOUNT);
  });
});

describe("requests the emulator refuses before any service", () => {
  it("refuses a request without SigV4 credentials: 403 MissingAuthenticationToken, not logged, nothing done", async () => {
    const response = await fetch(`${handle.emulator.url}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "Logs_20140328.CreateLogGroup",
      },
      body: JSON.stringify({ logGroupName: "/anonymous" }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      __type: "MissingAuthenticationToken",
      message: "Request is missing Authentication Token",
    });
    expect(handle.emulator.log).toEqual([]);
    expect(await logGroupNames()).toEqual([]);
  });

  it("refuses a signing name it does not serve: 400 UnknownService", async () => {
    const response = await fetch(`${handle.emulator.url}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "DynamoDB_20120810.ListTables",
        authorization: authorization("dynamodb"),
      },
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      __type: "UnknownService",
      message: "The emulator does not serve signing name 'dynamodb'",
    });
    expect(handle.emulator.log).toEqual([]);
  });

  it("routes a presigned request by the credential scope in its query string", async () => {
    const s3 = await handle.clients.s3(REGION);
    await s3.send(new CreateBucketCommand({ Bucket: "presigned-bucket" }));
    await s3.send(new PutObjectCommand({ Bucket: "presigned-bucket", Key: "hello.txt", Body: "hello" }));
    const credential = encodeURIComponent(
      `${TEST_CREDENTIALS.accessKeyId}/20240101/${REGION}/s3/aws4_request`,
    );
    const response = await fetch(
      `${handle.emulator.url}/presigned-bucket/hello.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential}&X-Amz-Signature=00`,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("hello");
    expect(handle.emulator.log.at(-1)).toMatchObject({
      service: "s3",
      region: REGION,
      operation: "GetObject",
    });
  });
});
