/**
 * The plan as a value a person can keep: `sync --dry-run --out FILE` writes it, `yolo apply FILE`
 * applies exactly it — or refuses, writing nothing, when the account moved — and only once; and
 * destroy deletes what the person confirmed, not what it finds afterwards.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { CreateLogGroupCommand, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { names } from "../../src/manifest/names.js";
import { inventory, manifest, writes } from "../destroy/account.js";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { APP, ENV } from "../helpers/manifests.js";

const handle = useEmulator();
const REGIONS = ["us-east-1", "eu-west-1"];

function yolo(args: string[], cwd: string, stdin?: NodeJS.ReadableStream & { isTTY?: boolean }) {
  return runYolo([...args, "--no-progress"], {
    cwd,
    env: emulatorEnv(handle.emulator.url),
    ...(stdin ? { stdin } : {}),
  });
}

async function planned(cwd: string) {
  const run = await yolo(["sync", ENV, "--dry-run", "--out", "p.json"], cwd);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toContain("Plan written to p.json");
  handle.emulator.clearLog();
  return JSON.parse(readFileSync(join(cwd, "p.json"), "utf8"));
}

describe("a saved plan", () => {
  it("is JSON a person can read: version, command, account, regions, the manifest and each step's changes", async () => {
    const cwd = manifestDir(manifest(APP, { regions: REGIONS }));
    const plan = await planned(cwd);
    expect(plan).toMatchObject({
      formatVersion: 1,
      command: "sync",
      environment: ENV,
      account: "000000000000",
      regions: REGIONS,
      manifest: { path: join(cwd, "yolo.yml"), digest: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    const logGroup = plan.steps.find((s: any) => s.id === "log-group" && s.region === "eu-west-1");
    expect(logGroup).toMatchObject({
      status: "WOULD_CREATE",
      resource: names.logGroup(ENV, APP),
      changes: expect.arrayContaining([{ attribute: "logGroup", from: null, to: names.logGroup(ENV, APP) }]),
      actions: expect.arrayContaining([expect.objectContaining({ operation: "CreateLogGroup" })]),
      read: expect.any(String),
      fingerprint: expect.any(String),
    });
    // --json prints the same document.
    const json = await yolo(["sync", ENV, "--dry-run", "--out", "q.json", "--json"], cwd);
    const printed = JSON.parse(json.stdout);
    const written = JSON.parse(readFileSync(join(cwd, "q.json"), "utf8"));
    expect(printed).toEqual(written);
    expect(writes(handle.emulator.log)).toEqual([]);
  });

  it("refuses, with zero writes, when one resource in one region changed after the plan, naming it", async () => {
    const cwd = manifestDir(manifest(APP, { regions: REGIONS }));
    await planned(cwd);
    const logs = await handle.clients.logs("eu-west-1");
    await logs.send(new CreateLogGroupCommand({ logGroupName: names.logGroup(ENV, APP) }));
    handle.emulator.clearLog();

    const run = await yolo(["apply", "p.json"], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("The account changed since the plan was made, so it was not applied:");
    expect(run.stderr).toContain(
      `log-group in eu-west-1 (${names.logGroup(ENV, APP)}): changed since the plan was made`,
    );
    expect(run.stderr).not.toContain("us-east-1");
    expect(run.stderr).toContain("Nothing was changed.");
    expect(writes(handle.emulator.log)).toEqual([]);
    // Refused, so not spent: the account still lacks everything the plan would make.
    expect((await inventory(handle.clients, APP, "us-east-1")).bucket).toBe(false);
  });

  it("applies exactly once: the account then equals a plain sync's, and a second apply writes nothing", async () => {
    const cwd = manifestDir(manifest(APP, { regions: REGIONS }));
    await planned(cwd);
    const run = await yolo(["apply", "p.json"], cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(writes(handle.emulator.log).length).toBeGreaterThan(0);

    // What a plain sync would do now: nothing.
    handle.emulator.clearLog();
    const check = await yolo(["sync", ENV, "--check"], cwd);
    expect(check.code, check.stdout).toBe(0);
    expect(writes(handle.emulator.log)).toEqual([]);
    for (const region of REGIONS)
      expect(Object.values(await inventory(handle.clients, APP, region))).not.toContain(false);

    handle.emulator.clearLog();
    const again = await yolo(["apply", "p.json"], cwd);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/p\.json was applied at .*; a plan is applied once/);
    expect(handle.emulator.log).toEqual([]);

    // With --json the failure document names the plan's environment, not the file.
    const json = await yolo(["apply", "p.json", "--json"], cwd);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ command: "apply", environment: ENV, status: "FAILED" });
    // A file that is no plan has no environment to name.
    const missing = await yolo(["apply", "nothing.json", "--json"], cwd);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({
      command: "apply",
      environment: null,
      status: "FAILED",
    });
  });

  it("when refused, names the command that makes a new plan with the plan's own manifest and regions", async () => {
    const cwd = manifestDir(manifest(APP, { regions: REGIONS }));
    writeFileSync(join(cwd, "other.yml"), manifest(APP, { regions: REGIONS }));
    const plan = await yolo(
      ["sync", ENV, "--manifest", "other.yml", "--region", "eu-west-1", "--dry-run", "--out", "p.json"],
      cwd,
    );
    expect(plan.code, plan.stderr).toBe(0);
    const remake = `Make a new plan with \`yolo sync ${ENV} --manifest other.yml --region eu-west-1 --dry-run --out p.json\`.`;

    expect((await yolo(["apply", "p.json"], cwd)).code).toBe(0);
    const again = await yolo(["apply", "p.json"], cwd);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(remake);

    const changed = await yolo(["sync", ENV, "--manifest", "other.yml", "--dry-run", "--out", "q.json"], cwd);
    expect(changed.code, changed.stderr).toBe(0);
    writeFileSync(join(cwd, "other.yml"), manifest(APP, { regions: ["us-east-1"] }));
    const refused = await yolo(["apply", "q.json"], cwd);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `Make a new plan with \`yolo sync ${ENV} --manifest other.yml --dry-run --out q.json\`.`,
    );
  });

  it("applies a repair planned on a synced account, whose every resource was read", async () => {
    const cwd = manifestDir(manifest(APP, { regions: REGIONS }));
    expect((await yolo(["sync", ENV], cwd)).code).toBe(0);
    const logs = await handle.clients.logs("eu-west-1");
    await logs.send(
      new PutRetentionPolicyCommand({ logGroupName: names.logGroup(ENV, APP), retentionInDays: 1 }),
    );
    const plan = await planned(cwd);
    const pending = plan.steps.filter((s: any) => s.actions.length > 0);
    expect(pending.map((s: any) => `${s.id}@${s.region}`)).toEqual(["log-group@eu-west-1"]);

    const run = await yolo(["apply", "p.json"], cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(writes(handle.emulator.log)).toEqual(["logs:PutRetentionPolicy@eu-west-1"]);
  });

  it("refuses when the manifest's environment changed since the plan, before any AWS call", async () => {
    const cwd = manifestDir(manifest(APP, { regions: REGIONS }));
    await planned(cwd);
    writeFileSync(join(cwd, "yolo.yml"), manifest(APP, { regions: ["us-east-1"] }));
    const run = await yolo(["apply", "p.json"], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`environment ${ENV} changed since the plan was made`);
    expect(handle.emulator.log).toEqual([]);
  });

  it("--out without --dry-run or --check is refused before any AWS call", async () => {
    const cwd = manifestDir(manifest(APP, { regions: REGIONS }));
    const run = await yolo(["sync", ENV, "--out", "p.json"], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--out writes a plan, so it goes with --dry-run or --check");
    expect(handle.emulator.log).toEqual([]);
  });
});

describe("destroy applies the plan it showed", () => {
  it("keeps a bucket that received a recording after the prompt was shown: refused, nothing deleted with it", async () => {
    const cwd = manifestDir(manifest(APP, { regions: ["us-east-1"] }));
    expect((await yolo(["sync", ENV], cwd)).code).toBe(0);
    handle.emulator.clearLog();
    const bucket = names.recordingBucket(ENV, APP, "us-east-1");
    const s3 = await handle.clients.s3("us-east-1");
    // The person reads the plan (an empty bucket, to be deleted); a recording lands before they answer.
    let answered = false;
    const stdin = new Readable({
      read() {
        if (answered) return;
        answered = true;
        s3.send(new PutObjectCommand({ Bucket: bucket, Key: "stage/recording.mp4", Body: "video" })).then(
          () => this.push("production\n"),
          (error) => this.destroy(error),
        );
      },
    }) as Readable & { isTTY?: boolean };
    stdin.isTTY = true;

    const run = await yolo(["destroy", ENV], cwd, stdin);
    expect(run.stdout).toMatch(/Destroy IVS realtime recording bucket\s+WOULD DELETE/);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `recording-bucket in us-east-1 (${bucket}): changed since the plan was made`,
    );
    expect(writes(handle.emulator.log).filter((w) => !w.startsWith("s3:PutObject"))).toEqual([]);
    expect((await inventory(handle.clients, APP, "us-east-1")).bucket).toBe(true);
  });
});
