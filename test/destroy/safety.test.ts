import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readLine } from "../../src/cli/confirm.js";
import { emulatorEnv, manifestDir, runYolo, type YoloRun } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { APP, ENV, manifestYaml } from "../helpers/manifests.js";
import { GONE, inventory, manifest, roleExists, SYNCED, writes } from "./account.js";

const handle = useEmulator();

function yolo(
  args: string[],
  cwd: string,
  stdin: { stdinTTY?: boolean; stdinText?: string } = {},
): Promise<YoloRun> {
  return runYolo([...args, "--no-progress"], { cwd, env: emulatorEnv(handle.emulator.url), ...stdin });
}

async function syncedApp(regions = ["us-east-1"]): Promise<string> {
  const cwd = manifestDir(manifest(APP, { regions, mediaconvert: true }));
  const run = await yolo(["sync", ENV], cwd);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  handle.emulator.clearLog();
  return cwd;
}

describe("confirmation", () => {
  it("without --yes and with stdin not a terminal, shows the plan and refuses before any write call", async () => {
    const cwd = await syncedApp();
    const run = await yolo(["destroy", ENV], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "Refusing to delete without confirmation: stdin is not a terminal. Re-run the same command with --yes to delete 7 resources",
    );
    expect(run.stderr).toContain("Nothing was deleted.");
    expect(run.stdout).toMatch(/Destroy IVS realtime recording bucket\s+WOULD DELETE/);
    expect(handle.emulator.log.length).toBeGreaterThan(0);
    expect(writes(handle.emulator.log)).toEqual([]);
    expect(await inventory(handle.clients, APP, "us-east-1")).toEqual(SYNCED);
  });

  it("with --json the refused plan is the one JSON document on stdout, carrying the refusal as an error", async () => {
    const cwd = await syncedApp();
    const run = await yolo(["destroy:logging", ENV, "--json"], cwd);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    // The refusal is an error, and an error wins over the plan's WOULD_DELETE (SPEC §6).
    expect(doc).toMatchObject({ command: "destroy:logging", dryRun: true, status: "FAILED" });
    expect(doc.steps.map((s: any) => [s.id, s.regions["us-east-1"].status])).toEqual([
      ["eventbridge-target", "WOULD_DELETE"],
      ["eventbridge-rule", "WOULD_DELETE"],
      ["log-group", "WOULD_DELETE"],
    ]);
    expect(doc.errors).toEqual([
      {
        step: "confirmation",
        message: "refused: stdin is not a terminal; pass --yes to delete without asking",
      },
    ]);
    expect(run.stderr).toContain("Refusing to delete without confirmation");
    expect(writes(handle.emulator.log)).toEqual([]);
    expect(await inventory(handle.clients, APP, "us-east-1")).toEqual(SYNCED);
  });

  it("on a terminal it asks; any answer but the environment name deletes nothing", async () => {
    const cwd = await syncedApp();
    const run = await yolo(["destroy", ENV], cwd, { stdinTTY: true, stdinText: "yes\n" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "Delete these resources from 000000000000? Type the environment name to confirm:",
    );
    expect(run.stderr).toContain('The answer was not "production". Nothing was deleted.');
    expect(writes(handle.emulator.log)).toEqual([]);

    const closed = await yolo(["destroy", ENV], cwd, { stdinTTY: true, stdinText: "" });
    expect(closed.code).toBe(1);
    expect(writes(handle.emulator.log)).toEqual([]);
    expect(await inventory(handle.clients, APP, "us-east-1")).toEqual(SYNCED);
  });

  it("on a terminal with --json, a wrong answer still ends with the one JSON document, carrying why nothing was deleted", async () => {
    const cwd = await syncedApp();
    const run = await yolo(["destroy:logging", ENV, "--json"], cwd, { stdinTTY: true, stdinText: "prod\n" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The answer was not "production". Nothing was deleted.');
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ command: "destroy:logging", dryRun: true, status: "FAILED" });
    expect(doc.steps.map((s: any) => s.regions["us-east-1"].status)).toEqual([
      "WOULD_DELETE",
      "WOULD_DELETE",
      "WOULD_DELETE",
    ]);
    expect(doc.errors).toEqual([
      {
        step: "confirmation",
        message: 'not confirmed: the answer was not "production"; nothing was deleted',
      },
    ]);
    expect(writes(handle.emulator.log)).toEqual([]);
  });

  it("on a terminal, typing the environment name deletes", async () => {
    const cwd = await syncedApp();
    const run = await yolo(["destroy", ENV], cwd, { stdinTTY: true, stdinText: "production\n" });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Destroyed production in .*: 7 deleted, 0 retained, 0 failed\./);
    expect(await inventory(handle.clients, APP, "us-east-1")).toEqual({ ...GONE, logsPolicy: false });
    expect(await roleExists(handle.clients, APP)).toBe(false);
  });

  it("reads exactly one line, however the input arrives", async () => {
    const input = new PassThrough();
    const line = readLine(input);
    input.write("produ");
    input.write("ction\r\nstaging\n");
    expect(await line).toBe("production");
    // What followed the line is left for the next reader.
    expect(await readLine(input)).toBe("staging");
    input.end();
    expect(await readLine(input)).toBeUndefined();
  });
});

describe("progress", () => {
  it("titles the planning pass before a confirmation without 'dry run', which only --dry-run says", async () => {
    const cwd = await syncedApp();
    const env = emulatorEnv(handle.emulator.url);
    const refused = await runYolo(["destroy", ENV], { cwd, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr.split("\n")[0]).toBe("yolo destroy production · account 000000000000 · 1 region");
    const dry = await runYolo(["destroy", ENV, "--dry-run"], { cwd, env });
    expect(dry.stderr.split("\n")[0]).toBe(
      "yolo destroy production · account 000000000000 · 1 region · dry run",
    );
  });
});

describe("--dry-run", () => {
  it("reports WOULD_DELETE for every resource and writes nothing", async () => {
    const cwd = await syncedApp(["us-east-1", "eu-west-1"]);
    const run = await yolo(["destroy", ENV, "--dry-run", "--json"], cwd);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({
      command: "destroy",
      dryRun: true,
      status: "WOULD_DELETE",
      regions: ["us-east-1", "eu-west-1"],
    });
    for (const step of doc.steps) {
      for (const result of Object.values<any>(step.regions))
        expect(result.status, step.id).toBe("WOULD_DELETE");
    }
    expect(writes(handle.emulator.log)).toEqual([]);
    expect(await inventory(handle.clients, APP, "eu-west-1")).toEqual(SYNCED);

    const human = await yolo(["destroy", ENV, "--dry-run"], cwd);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(
      "Dry run: nothing was deleted. Run `yolo destroy production` to delete 13 resources.",
    );
    // What would go, by name, like sync's "Pending changes".
    const pending = human.stdout.slice(human.stdout.indexOf("Pending deletions:"));
    expect(human.stdout).toContain("Pending deletions:");
    expect(pending).toMatch(
      /^ {2}eu-west-1 +recording bucket +yolo-production-acme-live-ivs-recordings-eu-west-1$/m,
    );
    expect(pending).toMatch(/^ {2}us-east-1 +log group +\/aws\/ivs\/yolo-production-acme-live$/m);
    expect(pending).toMatch(/^ {2}global +MediaConvert role +yolo-production-acme-live-mediaconvert-role$/m);
    expect(writes(handle.emulator.log)).toEqual([]);
  });
});

describe("--region", () => {
  it("cleans up a region the manifest no longer lists, and only that region", async () => {
    const cwd = await syncedApp(["us-east-1", "eu-west-1"]);
    writeFileSync(join(cwd, "yolo.yml"), manifest(APP, { regions: ["us-east-1"], mediaconvert: true }));

    const run = await yolo(["destroy", ENV, "--region", "eu-west-1", "--yes", "--json"], cwd);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.regions).toEqual(["eu-west-1"]);
    expect(await inventory(handle.clients, APP, "eu-west-1")).toEqual({ ...GONE, logsPolicy: false });
    expect(await inventory(handle.clients, APP, "us-east-1")).toEqual(SYNCED);
    // The MediaConvert role serves every region: a run limited by --region leaves it.
    expect(await roleExists(handle.clients, APP)).toBe(true);
    expect(doc.steps.find((s: any) => s.id === "mediaconvert-role").regions.global).toMatchObject({
      status: "SKIPPED",
      reason: "global: not limited by --region; run `yolo destroy:iam production` to remove the role",
    });
    expect(writes(handle.emulator.log).filter((w) => w.startsWith("iam:"))).toEqual([]);
  });

  it("refuses a region without IVS real-time before any AWS call", async () => {
    const cwd = manifestDir(manifest(APP, { regions: ["us-east-1"] }));
    const run = await yolo(["destroy", ENV, "--region", "ap-southeast-2", "--yes"], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--region ap-southeast-2");
    expect(handle.emulator.log).toEqual([]);
  });
});

describe("the manifest", () => {
  it("with aws.ivs off, searches no IVS region, says how to reach one, and still deletes the MediaConvert role", async () => {
    const cwd = manifestDir(manifestYaml({ mediaconvert: true }));
    expect((await yolo(["sync", ENV], cwd)).code).toBe(0);
    expect(await roleExists(handle.clients, APP)).toBe(true);
    handle.emulator.clearLog();

    const run = await yolo(["destroy", ENV, "--yes", "--json"], cwd);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.steps.find((s: any) => s.id === "mediaconvert-role").regions.global.status).toBe("DELETED");
    expect(doc.warnings.map((w: any) => w.message)).toContainEqual(
      "aws.ivs is off for production in the manifest, so no IVS region was searched. `yolo destroy:logging production --region R` and `yolo destroy:recording production --region R` remove IVS resources left in region R.",
    );
    expect(handle.emulator.log.filter((entry) => !["iam", "sts"].includes(entry.service))).toEqual([]);
    expect(await roleExists(handle.clients, APP)).toBe(false);
  });

  it("an invalid manifest exits 1 before any AWS call", async () => {
    const cwd = manifestDir(
      manifest(APP, { regions: ["us-east-1"] }).replace("logging: true", 'logging: "true"'),
    );
    const run = await yolo(["destroy", ENV, "--yes"], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("logging");
    expect(handle.emulator.log).toEqual([]);
  });
});

describe("destroy --check", () => {
  it("exits 2 without writing while something would be deleted, and 0 once nothing is left", async () => {
    const cwd = await syncedApp();
    const check = await yolo(["destroy", ENV, "--check", "--json"], cwd);
    expect(check.code).toBe(2);
    expect(JSON.parse(check.stdout)).toMatchObject({ dryRun: true, status: "WOULD_DELETE" });
    expect(writes(handle.emulator.log)).toEqual([]);

    expect((await yolo(["destroy", ENV, "--yes"], cwd)).code).toBe(0);
    expect((await yolo(["destroy", ENV, "--check"], cwd)).code).toBe(0);
  });
});
