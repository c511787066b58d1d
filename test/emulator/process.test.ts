/**
 * `yolo emulator` as a separate process, driven as a user or a CI job would: the built CLI
 * (`node bin/yolo.js emulator --port 0 --state FILE`), the real SDK clients over HTTP, the admin
 * API, SIGTERM, and a restart on the same state file. Needs `dist/` (`npm test` builds it first).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CreateLogGroupCommand, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateStorageConfigurationCommand } from "@aws-sdk/client-ivs-realtime";
import { CreateBucketCommand, HeadBucketCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AwsClients, createAwsClients } from "../../src/aws/clients.js";
import type { LoggedRequest } from "../../src/emulator/index.js";
import { ACCOUNT, TEST_CREDENTIALS } from "../helpers/emulator.js";
import { failureOf } from "../helpers/failures.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const yoloBin = join(repoRoot, "bin", "yolo.js");
const built = existsSync(join(repoRoot, "dist", "cli.js"));
const describeBuilt = built ? describe : describe.skip;
const skipNote = built
  ? ""
  : " (skipped: dist/cli.js is missing; run `npm run build`, or `npm test`, which builds first)";

const REGION = "eu-west-1";
const FIRST_LINE = /^yolo emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface EmulatorProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<Exit>;
  /** Send a signal and wait for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

const children = new Set<ChildProcess>();

function spawnYolo(args: string[]): {
  child: ChildProcess;
  exited: Promise<Exit>;
  output: { stdout: string; stderr: string };
} {
  const child = spawn(process.execPath, [yoloBin, ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  children.add(child);
  const output = { stdout: "", stderr: "" };
  child.stdout?.on("data", (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const exited = new Promise<Exit>((resolveExit) => {
    child.once("exit", (code, signal) => {
      children.delete(child);
      resolveExit({ code, signal });
    });
  });
  return { child, exited, output };
}

/** Start `yolo emulator --port 0 …` and wait for its first stdout line. */
async function startEmulatorProcess(args: string[]): Promise<EmulatorProcess> {
  const { child, exited, output } = spawnYolo(["emulator", "--port", "0", ...args]);
  const firstLine = await new Promise<string>((resolveLine, reject) => {
    const onData = () => {
      const end = output.stdout.indexOf("\n");
      if (end < 0) return;
      child.stdout?.off("data", onData);
      resolveLine(output.stdout.slice(0, end));
    };
    child.stdout?.on("data", onData);
    exited.then((exit) =>
      reject(
        new Error(`yolo emulator exited (${exit.code ?? exit.signal}) before listening:\n${output.stderr}`),
      ),
    );
  });
  const match = FIRST_LINE.exec(firstLine);
  if (!match) throw new Error(`unexpected first line from yolo emulator: ${firstLine}`);
  return {
    url: match[1],
    child,
    exited,
    stop: (signal = "SIGTERM") => {
      child.kill(signal);
      return exited;
    },
  };
}

/** Run `yolo …` to its end. */
async function runYoloProcess(args: string[]): Promise<Exit & { stdout: string; stderr: string }> {
  const { exited, output } = spawnYolo(args);
  const exit = await exited;
  return { ...exit, ...output };
}

function clientsFor(url: string): AwsClients {
  return createAwsClients({ endpoint: url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

async function admin(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}/_emulator${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

function stateFileIn(dir = mkdtempSync(join(tmpdir(), "yolo-emulator-process-"))): string {
  return join(dir, "state.json");
}

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

describeBuilt(`yolo emulator, one process${skipNote}`, () => {
  const stateFile = stateFileIn();
  let emulator: EmulatorProcess;
  let clients: AwsClients;

  beforeAll(async () => {
    emulator = await startEmulatorProcess(["--state", stateFile]);
    clients = clientsFor(emulator.url);
  });

  afterEach(async () => {
    await admin(emulator.url, "DELETE", "/faults");
    await admin(emulator.url, "POST", "/latency", { ms: 0 });
  });

  afterAll(async () => {
    clients?.destroy();
    await emulator?.stop();
  });

  it("prints the URL with the port it really listens on as its first line", async () => {
    expect(Number(new URL(emulator.url).port)).toBeGreaterThan(0);
    expect(await admin(emulator.url, "GET", "/health")).toEqual({ ok: true });
  });

  it("serves the real SDK clients, and its log shows each request", async () => {
    await admin(emulator.url, "POST", "/reset");
    const s3 = await clients.s3(REGION);
    await s3.send(new CreateBucketCommand({ Bucket: "process-bucket" }));
    const { storageConfiguration } = await (await clients.ivs(REGION)).send(
      new CreateStorageConfigurationCommand({ name: "process", s3: { bucketName: "process-bucket" } }),
    );
    expect(storageConfiguration?.arn).toMatch(/^arn:aws:ivs:eu-west-1:000000000000:storage-configuration\//);
    const logs = await clients.logs(REGION);
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/process" }));
    const groups = await logs.send(new DescribeLogGroupsCommand({}));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual(["/process"]);

    const log = (await admin(emulator.url, "GET", "/log")) as LoggedRequest[];
    expect(log.map((e) => [e.service, e.region, e.account, e.operation, e.mutating, e.status])).toEqual([
      ["s3", REGION, ACCOUNT, "CreateBucket", true, 200],
      ["ivs", REGION, ACCOUNT, "CreateStorageConfiguration", true, 200],
      ["logs", REGION, ACCOUNT, "CreateLogGroup", true, 200],
      ["logs", REGION, ACCOUNT, "DescribeLogGroups", false, 200],
    ]);
  });

  it("delays responses by the latency set through POST /_emulator/latency", async () => {
    await admin(emulator.url, "POST", "/latency", { ms: 100 });
    await (await clients.sts(REGION)).send(new GetCallerIdentityCommand({}));
    await admin(emulator.url, "POST", "/latency", { ms: 0 });
    const log = (await admin(emulator.url, "GET", "/log")) as LoggedRequest[];
    const call = log.at(-1);
    expect(call?.operation).toBe("GetCallerIdentity");
    expect((call?.endedAt ?? 0) - (call?.startedAt ?? 0)).toBeGreaterThanOrEqual(100);
  });

  it("fails calls as POST /_emulator/faults says, until DELETE /_emulator/faults", async () => {
    const logs = await clients.logs(REGION);
    const create = (name: string) => logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    await admin(emulator.url, "POST", "/faults", {
      service: "logs",
      operation: "CreateLogGroup",
      nth: 1,
      status: 503,
      code: "ServiceUnavailableException",
      message: "injected by the test",
    });
    const next = await failureOf(create("/faulted-once"));
    expect([next?.name, next?.$metadata?.httpStatusCode, next?.message]).toEqual([
      "ServiceUnavailableException",
      503,
      "injected by the test",
    ]);
    await create("/after-the-fault");

    await admin(emulator.url, "POST", "/faults", {
      service: "logs",
      status: 400,
      code: "ThrottlingException",
    });
    expect((await failureOf(create("/throttled")))?.name).toBe("ThrottlingException");
    expect((await failureOf(logs.send(new DescribeLogGroupsCommand({}))))?.name).toBe("ThrottlingException");
    await admin(emulator.url, "DELETE", "/faults");
    await create("/throttled");

    const log = (await admin(emulator.url, "GET", "/log")) as LoggedRequest[];
    expect(log.slice(-5).map((e) => [e.operation, e.errorCode, e.injected])).toEqual([
      ["CreateLogGroup", "ServiceUnavailableException", true],
      ["CreateLogGroup", undefined, undefined],
      ["CreateLogGroup", "ThrottlingException", true],
      ["DescribeLogGroups", "ThrottlingException", true],
      ["CreateLogGroup", undefined, undefined],
    ]);
  });

  it("is reached through AWS_ENDPOINT_URL, with no endpoint in the code", async () => {
    const script = `
      import { CloudWatchLogsClient, CreateLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
      import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
      const identity = await new STSClient({}).send(new GetCallerIdentityCommand({}));
      await new CloudWatchLogsClient({}).send(new CreateLogGroupCommand({ logGroupName: "/from-the-environment" }));
      console.log(JSON.stringify({ account: identity.Account }));
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH,
        AWS_ENDPOINT_URL: emulator.url,
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_REGION: "ap-northeast-1",
        AWS_MAX_ATTEMPTS: "1",
        AWS_CONFIG_FILE: join(tmpdir(), "yolo-test-no-aws-config"),
        AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), "yolo-test-no-aws-credentials"),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((done) => child.once("exit", done));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(stdout)).toEqual({ account: ACCOUNT });

    const groups = await (await clients.logs("ap-northeast-1")).send(new DescribeLogGroupsCommand({}));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual(["/from-the-environment"]);
    const log = (await admin(emulator.url, "GET", "/log")) as LoggedRequest[];
    expect(log.slice(-3, -1).map((e) => [e.service, e.region, e.operation])).toEqual([
      ["sts", "ap-northeast-1", "GetCallerIdentity"],
      ["logs", "ap-northeast-1", "CreateLogGroup"],
    ]);
  });

  it("empties its state, and the state file, on POST /_emulator/reset", async () => {
    const s3 = await clients.s3(REGION);
    await s3.send(new CreateBucketCommand({ Bucket: "reset-by-admin" }));
    expect(readFileSync(stateFile, "utf8")).toContain("reset-by-admin");

    expect(await admin(emulator.url, "POST", "/reset")).toEqual({ ok: true });
    expect(await admin(emulator.url, "GET", "/state")).toEqual({ global: {}, regional: {} });
    expect(await admin(emulator.url, "GET", "/log")).toEqual([]);
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    expect(JSON.parse(readFileSync(stateFile, "utf8"))).toEqual({ global: {}, regional: {} });
  });
});

describeBuilt(`yolo emulator, stopped and started again${skipNote}`, () => {
  it("exits 0 on SIGTERM, and a new process on the same --state file still has the bucket", async () => {
    const stateFile = stateFileIn();
    const first = await startEmulatorProcess(["--state", stateFile]);
    const firstClients = clientsFor(first.url);
    await (await firstClients.s3(REGION)).send(new CreateBucketCommand({ Bucket: "survives-restart" }));
    await (await firstClients.logs(REGION)).send(new CreateLogGroupCommand({ logGroupName: "/survives" }));
    firstClients.destroy();
    expect(await first.stop("SIGTERM")).toEqual({ code: 0, signal: null });

    const second = await startEmulatorProcess(["--state", stateFile]);
    const secondClients = clientsFor(second.url);
    try {
      const s3 = await secondClients.s3(REGION);
      const head = await s3.send(new HeadBucketCommand({ Bucket: "survives-restart" }));
      expect(head.BucketRegion).toBe(REGION);
      expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual([
        "survives-restart",
      ]);
      const groups = await (await secondClients.logs(REGION)).send(new DescribeLogGroupsCommand({}));
      expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual(["/survives"]);
    } finally {
      secondClients.destroy();
    }
    // Ctrl-C stops it cleanly too.
    expect(await second.stop("SIGINT")).toEqual({ code: 0, signal: null });
  });

  it("refuses a --state file whose folder does not exist: exit 1, naming the folder, nothing made", async () => {
    const parent = mkdtempSync(join(tmpdir(), "yolo-emulator-process-"));
    const stateFile = join(parent, "nested", ".yolo", "state.json");
    const run = await runYoloProcess(["emulator", "--port", "0", "--state", stateFile]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `--state ${stateFile}: the folder ${join(parent, "nested", ".yolo")} does not exist`,
    );
    expect(run.stderr).toContain(`mkdir -p ${join(parent, "nested", ".yolo")}`);
    expect(run.stderr).not.toContain("State persists");
    expect(readdirSync(parent)).toEqual([]);
  });

  it("writes a --state file that does not exist yet at start, so the state is where it says", async () => {
    const stateFile = stateFileIn();
    const emulator = await startEmulatorProcess(["--state", stateFile]);
    try {
      expect(JSON.parse(readFileSync(stateFile, "utf8"))).toEqual({ global: {}, regional: {} });
      const clients = clientsFor(emulator.url);
      try {
        await (await clients.s3(REGION)).send(new CreateBucketCommand({ Bucket: "written-at-start" }));
      } finally {
        clients.destroy();
      }
    } finally {
      expect(await emulator.stop()).toEqual({ code: 0, signal: null });
    }
    expect(readFileSync(stateFile, "utf8")).toContain("written-at-start");
  });

  it("refuses a corrupt --state file: exit 1, an error naming the file, the file untouched", async () => {
    const stateFile = stateFileIn();
    const corrupt = '{"global": {"s3": ';
    writeFileSync(stateFile, corrupt);
    const run = await runYoloProcess(["emulator", "--port", "0", "--state", stateFile]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`Cannot read emulator state ${stateFile}`);
    expect(run.stderr).toContain("Fix the file or delete it");
    expect(run.stderr).not.toContain("bug");
    expect(readFileSync(stateFile, "utf8")).toBe(corrupt);
  });

  it("refuses a --port or --latency that is not a number it can use", async () => {
    const port = await runYoloProcess(["emulator", "--port", "http"]);
    expect([port.code, port.stderr.trim()]).toEqual([
      1,
      '--port must be a whole number from 0 to 65535 (0 picks a free port), not "http".',
    ]);
    const latency = await runYoloProcess(["emulator", "--port", "0", "--latency", "-5"]);
    expect([latency.code, latency.stderr.trim()]).toEqual([
      1,
      '--latency must be a number of milliseconds, 0 or more, not "-5".',
    ]);
  });
});
