import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifest, resolveEnvironment } from "../../src/manifest/index.js";
import { runYolo } from "../helpers/cli.js";

const newDir = () => mkdtempSync(join(tmpdir(), "yolo-init-"));
const flags = ["--name", "acme-live", "--region", "ap-southeast-2", "--ivs-regions", "us-east-1,eu-west-1"];

describe("yolo init with flags (no terminal)", () => {
  it("writes a commented yolo.yml that the manifest loader accepts, with the editor schema line first", async () => {
    const cwd = newDir();
    const run = await runYolo(["init", ...flags], { cwd });

    expect(run.code).toBe(0);
    const file = join(cwd, "yolo.yml");
    const text = readFileSync(file, "utf8");
    const firstLine = text.split("\n")[0];
    expect(firstLine).toMatch(/^# yaml-language-server: \$schema=\S+yolo\.schema\.json$/);
    // The reference points at the schema file this yolo ships (relative paths resolve from the manifest).
    const reference = firstLine.replace("# yaml-language-server: $schema=", "");
    expect(existsSync(resolve(dirname(file), reference))).toBe(true);

    const config = resolveEnvironment(await loadManifest(file), "production");
    expect(config).toMatchObject({
      app: "acme-live",
      environment: "production",
      homeRegion: "ap-southeast-2",
      ivsEnabled: true,
      regions: ["us-east-1", "eu-west-1"],
      logging: { enabled: true, retentionDays: 14 },
      recording: { enabled: true, video: { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 } },
    });
    expect(text).toContain('# account-id: "123456789012"');
    expect(run.stdout).toContain("Wrote yolo.yml");

    const validate = await runYolo(["validate"], { cwd });
    expect(validate.code).toBe(0);
  });

  it("names another environment and manifest path when asked to", async () => {
    const cwd = newDir();
    const run = await runYolo(
      ["init", ...flags, "--environment", "staging", "--manifest", "deploy/yolo.yml"],
      { cwd },
    );

    expect(run.code).toBe(0);
    const config = resolveEnvironment(await loadManifest(join(cwd, "deploy", "yolo.yml")), "staging");
    expect(config.environment).toBe("staging");
    expect(existsSync(join(cwd, "deploy", ".gitignore"))).toBe(true);
    expect(run.stdout).toContain("--manifest deploy/yolo.yml");
  });

  it("uses the home region as the IVS region when --ivs-regions is left out and the region has IVS", async () => {
    const cwd = newDir();
    const run = await runYolo(["init", "--name", "acme-live", "--region", "eu-west-1"], { cwd });

    expect(run.code).toBe(0);
    const config = resolveEnvironment(await loadManifest(join(cwd, "yolo.yml")), "production");
    expect(config.regions).toEqual(["eu-west-1"]);
  });

  it("refuses to overwrite an existing file without --force, and overwrites it with --force", async () => {
    const cwd = newDir();
    const file = join(cwd, "yolo.yml");
    writeFileSync(file, "name: mine\n");

    const refused = await runYolo(["init", ...flags], { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("already exists");
    expect(refused.stderr).toContain("--force");
    expect(readFileSync(file, "utf8")).toBe("name: mine\n");

    const forced = await runYolo(["init", ...flags, "--force"], { cwd });
    expect(forced.code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain("name: acme-live");
  });

  it("exits 1 naming --name when stdin is not a terminal and --name is missing, writing nothing", async () => {
    const cwd = newDir();
    const run = await runYolo(["init", "--region", "us-east-1"], { cwd });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--name");
    expect(run.stderr).not.toContain("--region is");
    expect(existsSync(join(cwd, "yolo.yml"))).toBe(false);
    expect(existsSync(join(cwd, ".gitignore"))).toBe(false);
  });

  it("exits 1 naming --ivs-regions when the home region has no IVS real-time and none are given", async () => {
    const cwd = newDir();
    const run = await runYolo(["init", "--name", "acme-live", "--region", "ap-southeast-2"], { cwd });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--ivs-regions");
    expect(existsSync(join(cwd, "yolo.yml"))).toBe(false);
  });

  it("validates the answers before writing: an invalid one is named with what is allowed, and no file is written", async () => {
    const cwd = newDir();
    const run = await runYolo(
      ["init", "--name", "Acme Live", "--region", "us-east-1", "--ivs-regions", "us-east-1,sa-east-1"],
      {
        cwd,
      },
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--name: "Acme Live" is not a valid app name');
    expect(run.stderr).toContain('--ivs-regions: "sa-east-1" has no IVS real-time');
    expect(run.stderr).toContain("Use one of: us-east-1");
    expect(run.stderr).toContain("Nothing was written.");
    expect(existsSync(join(cwd, "yolo.yml"))).toBe(false);
  });
});

describe("yolo init on a terminal", () => {
  it("asks for the name, home region and IVS regions, showing the defaults, and keeps a default on Enter", async () => {
    const cwd = newDir();
    const run = await runYolo(["init"], { cwd, stdinTTY: true, stdinText: "acme-live\nap-northeast-1\n\n" });

    expect(run.code).toBe(0);
    expect(run.stderr).toContain("App name");
    expect(run.stderr).toContain("Home region (the app's AWS region) [us-east-1]: ");
    expect(run.stderr).toContain("IVS real-time regions");
    expect(run.stderr).toContain("[ap-northeast-1]: ");
    const config = resolveEnvironment(await loadManifest(join(cwd, "yolo.yml")), "production");
    expect(config).toMatchObject({
      app: "acme-live",
      homeRegion: "ap-northeast-1",
      regions: ["ap-northeast-1"],
    });
  });

  it("only asks for what the flags leave out", async () => {
    const cwd = newDir();
    const run = await runYolo(["init", "--name", "acme-live", "--region", "us-west-2"], {
      cwd,
      stdinTTY: true,
      stdinText: "us-west-2, eu-central-1\n",
    });

    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("App name");
    expect(run.stderr).not.toContain("Home region");
    const config = resolveEnvironment(await loadManifest(join(cwd, "yolo.yml")), "production");
    expect(config.regions).toEqual(["us-west-2", "eu-central-1"]);
  });

  it("stops, naming the unanswered flag, when input ends before every question is answered", async () => {
    const cwd = newDir();
    const run = await runYolo(["init"], { cwd, stdinTTY: true, stdinText: "acme-live\n" });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("no answer for --region");
    expect(existsSync(join(cwd, "yolo.yml"))).toBe(false);
  });

  it("rejects an invalid typed answer with the same message as a flag, writing nothing", async () => {
    const cwd = newDir();
    const run = await runYolo(["init"], {
      cwd,
      stdinTTY: true,
      stdinText: "acme_live\nus-east-1\nus-east-1\n",
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--name: "acme_live" is not a valid app name');
    expect(existsSync(join(cwd, "yolo.yml"))).toBe(false);
  });
});

describe("yolo init and .gitignore", () => {
  it("creates a .gitignore holding .yolo/ beside the manifest, and says so", async () => {
    const cwd = newDir();
    const run = await runYolo(["init", ...flags], { cwd });

    expect(run.code).toBe(0);
    expect(readFileSync(join(cwd, ".gitignore"), "utf8")).toMatch(/^\.yolo\/$/m);
    expect(run.stdout).toContain("Created .gitignore with .yolo/");
  });

  it("appends .yolo/ to an existing .gitignore once, however often init runs", async () => {
    const cwd = newDir();
    writeFileSync(join(cwd, ".gitignore"), "node_modules/\n.env"); // no trailing newline

    const first = await runYolo(["init", ...flags], { cwd });
    const second = await runYolo(["init", ...flags, "--force"], { cwd });

    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    const lines = readFileSync(join(cwd, ".gitignore"), "utf8").split("\n");
    expect(lines.slice(0, 2)).toEqual(["node_modules/", ".env"]);
    expect(lines.filter((line) => line === ".yolo/")).toHaveLength(1);
    expect(first.stdout).toContain("Added .yolo/ to .gitignore");
    expect(second.stdout).not.toContain(".gitignore");
  });

  it("leaves a .gitignore that already ignores .yolo alone", async () => {
    const cwd = newDir();
    writeFileSync(join(cwd, ".gitignore"), "/.yolo\n");

    const run = await runYolo(["init", ...flags], { cwd });

    expect(run.code).toBe(0);
    expect(readFileSync(join(cwd, ".gitignore"), "utf8")).toBe("/.yolo\n");
  });
});
