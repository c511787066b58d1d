/**
 * "Run this next" hints repeat the options that chose what the run acted on, so that copying a
 * hint acts on the same manifest, regions, profile and account (or local emulator).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RegionResult, RunResult, StepResult } from "../../src/engine/result.js";
import type { Status } from "../../src/engine/status.js";
import { renderHuman } from "../../src/output/human.js";
import { commandLine, rerunArgs } from "../../src/output/rerun.js";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { manifestYaml } from "../helpers/manifests.js";
import { startRecording } from "../helpers/recording.js";

const CWD = "/home/me/acme-live";
const MANIFEST = manifestYaml({ regions: ["us-east-1", "eu-west-1"], logging: true, recording: true });

describe("rerunArgs", () => {
  it("repeats --local, a --manifest other than ./yolo.yml, every --region, --profile and --delete-recordings", () => {
    expect(rerunArgs({}, CWD)).toEqual([]);
    expect(rerunArgs({ manifest: "yolo.yml" }, CWD)).toEqual([]);
    expect(rerunArgs({ manifest: `${CWD}/yolo.yml` }, CWD)).toEqual([]);
    expect(
      rerunArgs(
        {
          manifest: "deploy/yolo.yml",
          region: ["us-east-1", "eu-west-1"],
          profile: "acme-prod",
          local: true,
          deleteRecordings: true,
        },
        CWD,
      ),
    ).toEqual([
      "--local",
      "--manifest",
      "deploy/yolo.yml",
      "--region",
      "us-east-1",
      "--region",
      "eu-west-1",
      "--profile",
      "acme-prod",
      "--delete-recordings",
    ]);
  });
});

describe("commandLine", () => {
  const args = rerunArgs(
    { manifest: "my app/yolo.yml", region: ["eu-west-1"], profile: "acme", deleteRecordings: true },
    CWD,
  );

  it("keeps only what the command takes, quoting what a shell would split", () => {
    expect(commandLine("destroy", "production", args)).toBe(
      "yolo destroy production --manifest 'my app/yolo.yml' --region eu-west-1 --profile acme --delete-recordings",
    );
    expect(commandLine("destroy:logging", "production", args)).toBe(
      "yolo destroy:logging production --manifest 'my app/yolo.yml' --region eu-west-1 --profile acme",
    );
    // IAM is global; a dotenv file describes every region.
    expect(commandLine("destroy:iam", "production", args)).toBe(
      "yolo destroy:iam production --manifest 'my app/yolo.yml' --profile acme",
    );
    expect(commandLine("env", "production", args, ["--write", ".env.production"])).toBe(
      "yolo env production --manifest 'my app/yolo.yml' --profile acme --write .env.production",
    );
  });

  it("says a switch the run already repeats once (a `sync --prune` hint from a pruning run)", () => {
    expect(commandLine("destroy", "production", args, ["--delete-recordings"])).toBe(
      "yolo destroy production --manifest 'my app/yolo.yml' --region eu-west-1 --profile acme --delete-recordings",
    );
    // An option with a value is not a switch: it stays as given.
    expect(commandLine("destroy", "production", args, ["--region", "us-east-1"])).toBe(
      "yolo destroy production --manifest 'my app/yolo.yml' --region eu-west-1 --profile acme --delete-recordings --region us-east-1",
    );
  });
});

const region = (status: Status, extra: Partial<RegionResult> = {}): RegionResult => ({
  status,
  changes: [],
  elapsedMs: 100,
  ...extra,
});

function result(overrides: Partial<RunResult>, steps: StepResult[]): RunResult {
  return {
    command: "sync",
    environment: "production",
    account: "123456789012",
    dryRun: true,
    local: false,
    regions: ["eu-west-1"],
    status: "WOULD_CREATE",
    elapsedMs: 1000,
    steps,
    env: {},
    warnings: [],
    errors: [],
    ...overrides,
  };
}

const lastLine = (text: string) => text.trimEnd().split("\n").at(-1);

describe("the hints of the human summary", () => {
  const args = ["--local", "--manifest", "deploy/yolo.yml", "--region", "eu-west-1"];

  it("a dry run's closing line names the command with the options given", () => {
    const dry = result({ rerunArgs: args, local: true }, [
      {
        id: "log-group",
        description: "Sync IVS CloudWatch log group",
        status: "WOULD_CREATE",
        elapsedMs: 100,
        regions: { "eu-west-1": region("WOULD_CREATE") },
      },
    ]);
    expect(lastLine(renderHuman(dry, { color: false }))).toBe(
      "Dry run on the local emulator: nothing was changed. Run `yolo sync production --local --manifest deploy/yolo.yml --region eu-west-1` to apply (`--check` exits 2 here).",
    );
  });

  it("a destroy plan's closing line keeps --delete-recordings", () => {
    const plan = result(
      { command: "destroy", rerunArgs: ["--manifest", "deploy/yolo.yml", "--delete-recordings"] },
      [
        {
          id: "recording-bucket",
          description: "Destroy IVS realtime recording bucket",
          status: "WOULD_DELETE",
          elapsedMs: 100,
          regions: {
            "eu-west-1": region("WOULD_DELETE", {
              resource: "yolo-production-acme-live-ivs-recordings-eu-west-1",
            }),
          },
        },
      ],
    );
    expect(lastLine(renderHuman(plan, { color: false }))).toBe(
      "Dry run: nothing was deleted. Run `yolo destroy production --manifest deploy/yolo.yml --delete-recordings` to delete 1 resource.",
    );
  });

  it("the env block's `yolo env … --write` repeats the options, but not --region", () => {
    const synced = result(
      {
        dryRun: false,
        status: "SYNCED",
        rerunArgs: ["--manifest", "deploy/yolo.yml", "--region", "eu-west-1", "--profile", "acme"],
        env: { "eu-west-1": { AWS_IVS_REALTIME_RECORDINGS_BUCKET: "b" } },
      },
      [],
    );
    expect(renderHuman(synced, { color: false })).toContain(
      "Environment variables (yolo env production --manifest deploy/yolo.yml --profile acme --write .env.production writes them):",
    );
  });
});

describe("the hints of commands run against an account", () => {
  const handle = useEmulator();

  it("verify's fixes name the sync command with --local and --manifest", async () => {
    const cwd = manifestDir("");
    writeFileSync(join(cwd, "staging.yml"), MANIFEST);
    const run = await runYolo(["verify", "production", "--local", "--manifest", "staging.yml", "--json"], {
      cwd,
    });
    expect(run.code).toBe(1);
    const checks = JSON.parse(run.stdout).checks as { id: string; fix: string | null }[];
    expect(checks.find((c) => c.id === "recording-bucket")?.fix).toBe(
      "run `yolo sync:recording production --local --manifest staging.yml`",
    );
    expect(checks.find((c) => c.id === "log-group")?.fix).toBe(
      "run `yolo sync:logging production --local --manifest staging.yml`",
    );
  });

  it("destroy's in-use error says to re-run the command with the options given", async () => {
    const cwd = manifestDir("");
    writeFileSync(join(cwd, "staging.yml"), MANIFEST);
    const env = emulatorEnv(handle.emulator.url);
    const options = ["--manifest", "staging.yml", "--region", "eu-west-1", "--no-progress", "--json"];
    const sync = await runYolo(["sync:recording", "production", ...options], { cwd, env });
    expect(sync.code, sync.stderr).toBe(0);
    const values = JSON.parse(sync.stdout).env["eu-west-1"];
    await startRecording(handle, "eu-west-1", values, "live");

    const run = await runYolo(["destroy:recording", "production", "--yes", ...options], { cwd, env });
    expect(run.code).toBe(1);
    const storage = JSON.parse(run.stdout).steps.find((s: any) => s.id === "storage-configuration");
    expect(storage.regions["eu-west-1"].error).toMatch(
      /re-run `yolo destroy:recording production --manifest staging\.yml --region eu-west-1`\.$/,
    );
  });
});
