import { copyFileSync, existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runYolo } from "../helpers/cli.js";

const example = join(import.meta.dirname, "..", "..", "examples", "yolo.yml");

/** A fresh folder holding a copy of examples/yolo.yml, as a newcomer's checkout would. */
function exampleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "yolo-newcomer-"));
  copyFileSync(example, join(dir, "yolo.yml"));
  return dir;
}

describe("sync --local, piped (what the demo and CI logs show)", () => {
  it("prints plain progress lines and a plain table, with no ANSI escape anywhere", async () => {
    const cwd = exampleDir();
    const run = await runYolo(["sync", "production", "--local"], { cwd });

    expect(run.code).toBe(0);
    expect(run.stderr + run.stdout).not.toContain("\x1b");
    const progress = run.stderr.split("\n");
    expect(progress[0]).toBe("yolo sync production · account 000000000000 · 3 regions · local emulator");
    expect(progress).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[global\] Sync MediaConvert role: CREATED \(\d+\.\ds\)$/),
        expect.stringMatching(/^\[eu-west-1\] Sync IVS realtime recording bucket: CREATED \(\d+\.\ds\)$/),
        expect.stringMatching(/^\[ap-northeast-1\] Sync IVS EventBridge target: CREATED \(\d+\.\ds\)$/),
      ]),
    );
    expect(run.stdout).toMatch(/Sync IVS storage configuration\s+CREATED\s+CREATED\s+CREATED\s+CREATED/);
    expect(run.stdout).toContain("AWS_IVS_REGIONS=us-east-1,eu-west-1,ap-northeast-1");
  });

  it("keeps the emulator state beside the manifest, so a second run finds everything SYNCED", async () => {
    const cwd = exampleDir();
    const first = await runYolo(["sync", "production", "--local", "--no-progress"], { cwd });
    expect(first.code).toBe(0);
    expect(existsSync(join(cwd, ".yolo", "local", "state.json"))).toBe(true);

    const second = await runYolo(["sync", "production", "--local", "--json"], { cwd });
    expect(second.code).toBe(0);
    const result = JSON.parse(second.stdout);
    expect(result).toMatchObject({
      command: "sync",
      environment: "production",
      account: "000000000000",
      status: "SYNCED",
    });
    for (const step of result.steps) {
      for (const region of Object.values(step.regions) as { status: string }[])
        expect(region.status).toBe("SYNCED");
    }

    const env = await runYolo(["env", "production", "--local"], { cwd });
    expect(env.code).toBe(0);
    expect(env.stdout).toMatch(
      /^AWS_IVS_STORAGE_CONFIGURATION_ARN_EU_WEST_1=arn:aws:ivs:eu-west-1:000000000000:storage-configuration\//m,
    );
  });
});

describe("read-only commands with --local", () => {
  it("leave no trace on disk: --dry-run, --check, env and verify create no .yolo directory", async () => {
    const cwd = exampleDir();
    const runs = [
      ["sync", "production", "--local", "--dry-run"],
      ["sync", "production", "--local", "--check"],
      ["destroy", "production", "--local", "--dry-run"],
      ["env", "production", "--local"],
      ["verify", "production", "--local"],
    ];
    for (const args of runs) {
      const run = await runYolo([...args, "--no-progress"], { cwd });
      // verify fails its checks on an empty account (exit 1); what matters here is the disk.
      expect(run.stderr, `yolo ${args.join(" ")}`).not.toContain("unexpected error");
      expect(readdirSync(cwd), `after yolo ${args.join(" ")}`).toEqual(["yolo.yml"]);
    }
  });
});
