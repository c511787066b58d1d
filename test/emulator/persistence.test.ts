/**
 * `startEmulator({ stateFile })`: the state is written after every successful change, atomically
 * (a reader never sees half a file, no temporary files stay behind), loaded again on start, and a
 * state file that cannot be read stops the start with an error that names it.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import {
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  PutResourcePolicyCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { ListTargetsByRuleCommand, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { CreateRoleCommand, GetRoleCommand } from "@aws-sdk/client-iam";
import {
  CreateStorageConfigurationCommand,
  GetStorageConfigurationCommand,
} from "@aws-sdk/client-ivs-realtime";
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type AwsClients, createAwsClients } from "../../src/aws/clients.js";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/emulator/index.js";
import { ACCOUNT, TEST_CREDENTIALS } from "../helpers/emulator.js";
import { failureOf } from "../helpers/failures.js";
import { eventsToLogGroupPolicy } from "../helpers/policies.js";

const REGION = "eu-west-1";
const TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "mediaconvert.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});

const running: { emulator: Emulator; clients: AwsClients }[] = [];

/** An emulator on this state file and real SDK clients pointed at it (closed after each test). */
async function open(stateFile: string, options: Partial<EmulatorOptions> = {}) {
  const emulator = await startEmulator({ stateFile, ...options });
  const clients = createAwsClients({ endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  const handle = { emulator, clients };
  running.push(handle);
  return handle;
}

async function close(handle: { emulator: Emulator; clients: AwsClients }) {
  running.splice(running.indexOf(handle), 1);
  handle.clients.destroy();
  await handle.emulator.close();
}

afterEach(async () => {
  for (const handle of [...running]) await close(handle);
});

function stateDir(): string {
  return mkdtempSync(join(tmpdir(), "yolo-emulator-state-"));
}

describe("writing the state file", () => {
  it("writes after every successful change, holding exactly the emulator's state", async () => {
    const dir = stateDir();
    const file = join(dir, "state.json");
    const { emulator, clients } = await open(file);
    const logs = await clients.logs(REGION);
    const s3 = await clients.s3(REGION);

    // Reads and refused writes change nothing, so nothing is written.
    await s3.send(new ListBucketsCommand({}));
    await logs.send(new DescribeLogGroupsCommand({}));
    const refused = await failureOf(logs.send(new CreateLogGroupCommand({ logGroupName: "no spaces" })));
    expect(refused.name).toBe("InvalidParameterException");
    expect(existsSync(file)).toBe(false);

    await s3.send(new CreateBucketCommand({ Bucket: "persisted-bucket" }));
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(emulator.store);
    expect(Object.keys(emulator.store.global.s3.buckets)).toEqual(["persisted-bucket"]);

    await logs.send(new CreateLogGroupCommand({ logGroupName: "/persisted" }));
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(emulator.store);
    expect(readdirSync(dir)).toEqual(["state.json"]);
  });

  it("replaces the file atomically: a reader running alongside never sees a partial file", async () => {
    const dir = stateDir();
    const file = join(dir, "state.json");
    // A reader in another thread, so it runs while the emulator writes.
    const reader = new Worker(
      `
      const { parentPort, workerData } = require("node:worker_threads");
      const { readFileSync } = require("node:fs");
      let stop = false;
      let reads = 0;
      const torn = [];
      parentPort.on("message", () => { stop = true; });
      function readSome() {
        for (let i = 0; i < 20; i++) {
          let text;
          try { text = readFileSync(workerData.file, "utf8"); } catch { continue; }
          reads++;
          try { JSON.parse(text); } catch { torn.push(text.length); }
        }
        if (stop) parentPort.postMessage({ reads, torn });
        else setImmediate(readSome);
      }
      readSome();
      `,
      { eval: true, workerData: { file } },
    );
    const { clients } = await open(file);
    const s3 = await clients.s3(REGION);
    const logs = await clients.logs(REGION);
    await s3.send(new CreateBucketCommand({ Bucket: "big-state" }));
    // A large object makes every later write of the state file large (megabytes), so a
    // non-atomic write would be caught half done.
    await s3.send(
      new PutObjectCommand({ Bucket: "big-state", Key: "large.bin", Body: Buffer.alloc(1_500_000, 7) }),
    );
    for (let i = 0; i < 25; i++) await logs.send(new CreateLogGroupCommand({ logGroupName: `/group/${i}` }));

    const result = await new Promise<{ reads: number; torn: number[] }>((resolve, reject) => {
      reader.once("message", resolve);
      reader.once("error", reject);
      reader.postMessage("stop");
    });
    await reader.terminate();
    expect(result.torn).toEqual([]);
    expect(result.reads).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(["state.json"]);
  });

  it("writes the empty state on reset", async () => {
    const file = join(stateDir(), "state.json");
    const { emulator, clients } = await open(file);
    await (await clients.s3(REGION)).send(new CreateBucketCommand({ Bucket: "reset-me" }));
    emulator.reset();
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ global: {}, regional: {} });
  });
});

describe("loading the state file", () => {
  it("serves what an earlier emulator on the same file stored, in every service", async () => {
    const file = join(stateDir(), "state.json");
    const first = await open(file);
    const s3 = await first.clients.s3(REGION);
    await s3.send(new CreateBucketCommand({ Bucket: "kept-bucket" }));
    await s3.send(new PutObjectCommand({ Bucket: "kept-bucket", Key: "note.txt", Body: "still here" }));
    const { storageConfiguration } = await (await first.clients.ivs(REGION)).send(
      new CreateStorageConfigurationCommand({ name: "kept", s3: { bucketName: "kept-bucket" } }),
    );
    const logs = await first.clients.logs(REGION);
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/kept" }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: "/kept", retentionInDays: 30 }));
    await logs.send(
      new PutResourcePolicyCommand({
        policyName: "events-to-logs",
        policyDocument: eventsToLogGroupPolicy(REGION, "/kept"),
      }),
    );
    const events = await first.clients.events(REGION);
    await events.send(new PutRuleCommand({ Name: "kept-rule", EventPattern: '{"source":["aws.ivs"]}' }));
    await events.send(
      new PutTargetsCommand({
        Rule: "kept-rule",
        Targets: [{ Id: "logs", Arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/kept` }],
      }),
    );
    await (await first.clients.iam(REGION)).send(
      new CreateRoleCommand({ RoleName: "kept-role", AssumeRolePolicyDocument: TRUST_POLICY }),
    );
    await close(first);

    const second = await open(file);
    const s3Again = await second.clients.s3(REGION);
    expect((await s3Again.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual([
      "kept-bucket",
    ]);
    const object = await s3Again.send(new GetObjectCommand({ Bucket: "kept-bucket", Key: "note.txt" }));
    expect(await object.Body?.transformToString()).toBe("still here");
    const policy = JSON.parse(
      (await s3Again.send(new GetBucketPolicyCommand({ Bucket: "kept-bucket" }))).Policy ?? "{}",
    );
    expect(policy.Statement[0].Principal).toEqual({ Service: `ivs-composite.${REGION}.amazonaws.com` });
    const got = await (await second.clients.ivs(REGION)).send(
      new GetStorageConfigurationCommand({ arn: storageConfiguration?.arn }),
    );
    expect(got.storageConfiguration?.name).toBe("kept");
    const groups = await (await second.clients.logs(REGION)).send(new DescribeLogGroupsCommand({}));
    expect(groups.logGroups?.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([["/kept", 30]]);
    const targets = await (await second.clients.events(REGION)).send(
      new ListTargetsByRuleCommand({ Rule: "kept-rule" }),
    );
    expect(targets.Targets?.map((t) => t.Id)).toEqual(["logs"]);
    const role = await (await second.clients.iam(REGION)).send(new GetRoleCommand({ RoleName: "kept-role" }));
    expect(role.Role?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/kept-role`);
  });

  it("says once on stderr, naming the file and the error, when the file becomes unwritable, and serves on", async () => {
    const dir = stateDir();
    const file = join(dir, "state.json");
    const { emulator, clients } = await open(file);
    const s3 = await clients.s3(REGION);
    await s3.send(new CreateBucketCommand({ Bucket: "before-the-failure" }));
    // A non-empty folder where the file was: the rename over it fails (as root too).
    rmSync(file);
    mkdirSync(join(file, "in-the-way"), { recursive: true });

    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await s3.send(new CreateBucketCommand({ Bucket: "after-the-failure" }));
      await s3.send(new CreateBucketCommand({ Bucket: "and-another" }));
      const lines = stderr.mock.calls.map(([text]) => String(text));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^yolo emulator: cannot write state file ${file}: .*E(ISDIR|NOTEMPTY|EXIST)`),
      );
      expect(lines[0].endsWith("\n")).toBe(true);
    } finally {
      stderr.mockRestore();
    }
    // Still serving, from memory; no temporary file left beside the state path.
    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name).sort()).toEqual([
      "after-the-failure",
      "and-another",
      "before-the-failure",
    ]);
    expect(readdirSync(dir)).toEqual(["state.json"]);
    expect(Object.keys(emulator.store.global.s3.buckets)).toHaveLength(3);
  });

  it("with onStateWriteError stop (--local), answers that change and every later request 500, naming the file", async () => {
    const dir = stateDir();
    const file = join(dir, "state.json");
    const { clients } = await open(file, { onStateWriteError: "stop" });
    const s3 = await clients.s3(REGION);
    await s3.send(new CreateBucketCommand({ Bucket: "before-the-failure" }));
    rmSync(file);
    mkdirSync(join(file, "in-the-way"), { recursive: true });

    const failure = s3.send(new CreateBucketCommand({ Bucket: "after-the-failure" }));
    await expect(failure).rejects.toMatchObject({
      name: "InternalFailure",
      $metadata: { httpStatusCode: 500 },
    });
    await expect(failure).rejects.toThrow(`cannot write its state file ${file}`);
    // Nothing more is answered as if it were kept, reads included.
    await expect(s3.send(new ListBucketsCommand({}))).rejects.toThrow(`cannot write its state file ${file}`);
    expect(readdirSync(dir)).toEqual(["state.json"]);
  });

  it("starts empty when the file does not exist yet", async () => {
    const { emulator } = await open(join(stateDir(), "state.json"));
    expect(emulator.store).toEqual({ global: {}, regional: {} });
  });

  it("refuses a file that is not JSON with an error naming it, and leaves the file as it was", async () => {
    const file = join(stateDir(), "state.json");
    const truncated = '{"global": {"s3": {"buckets": {';
    writeFileSync(file, truncated);
    await expect(startEmulator({ stateFile: file })).rejects.toThrow(`Cannot read emulator state ${file}`);
    expect(readFileSync(file, "utf8")).toBe(truncated);
  });

  it("refuses a state path that is a folder with an error naming it", async () => {
    const folder = join(stateDir(), "state.json");
    mkdirSync(folder);
    await expect(startEmulator({ stateFile: folder })).rejects.toThrow(
      `Cannot read emulator state ${folder}`,
    );
  });
});
