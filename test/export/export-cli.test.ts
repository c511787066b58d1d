/**
 * `yolo export cloudformation` as a user runs it: from the example manifest with no credentials
 * and no AWS call, YAML by default and the same templates as `--format json`, `--out DIR` writing
 * one file per template, and the errors a typo earns.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { manifestYaml } from "../helpers/manifests.js";

const handle = useEmulator();
const root = resolve(import.meta.dirname, "../..");
const EXAMPLE = join(root, "examples/yolo.yml");

/** No credentials at all, and every AWS endpoint at the emulator, whose log shows any call. */
function noCredentials(): NodeJS.ProcessEnv {
  return {
    ...emulatorEnv(handle.emulator.url),
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
  };
}

describe("yolo export cloudformation", () => {
  it("prints both templates of examples/yolo.yml production as YAML, with no AWS call and no credentials", async () => {
    handle.emulator.clearLog();
    const run = await runYolo(["export", "cloudformation", "production", "--manifest", EXAMPLE], {
      cwd: root,
      env: noCredentials(),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    expect(handle.emulator.log).toEqual([]);
    const documents = [parseAllDocuments(run.stdout)].flat();
    expect(documents.map((d) => d.errors)).toEqual([[], []]);
    const [regional, global] = documents.map((d) => d.toJS());
    expect(run.stdout.split("\n")[0]).toBe("# regional template (yolo-production-acme-live-regional.yaml)");
    expect(regional.Resources.RecordingBucket.Properties.BucketName).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax, not a template literal
      "Fn::Sub": "yolo-production-acme-live-ivs-recordings-${AWS::Region}",
    });
    expect(global.Resources.MediaConvertRole.Properties.RoleName).toBe(
      "yolo-production-acme-live-mediaconvert-role",
    );

    const json = await runYolo(
      ["export", "cloudformation", "production", "--manifest", EXAMPLE, "--format", "json"],
      { cwd: root, env: noCredentials() },
    );
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ regional, global });
  });

  it("--out DIR writes one file per template and names them; --template picks one; --retain retains every resource", async () => {
    const out = mkdtempSync(join(tmpdir(), "yolo-export-"));
    const run = await runYolo(
      ["export", "cloudformation", "production", "--manifest", EXAMPLE, "--out", out, "--format", "json"],
      { cwd: root, env: noCredentials() },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      "yolo-production-acme-live-global.json",
      "yolo-production-acme-live-regional.json",
    ]);
    expect(run.stdout).toContain("regional template: ");
    const global = JSON.parse(readFileSync(join(out, "yolo-production-acme-live-global.json"), "utf8"));
    const only = await runYolo(
      [
        "export",
        "cloudformation",
        "production",
        "--manifest",
        EXAMPLE,
        "--template",
        "global",
        "--format",
        "json",
      ],
      { cwd: root, env: noCredentials() },
    );
    expect(JSON.parse(only.stdout)).toEqual(global);
    expect(global.Resources.MediaConvertRole.DeletionPolicy).toBe("Delete");
    const retained = await runYolo(
      [
        "export",
        "cloudformation",
        "production",
        "--manifest",
        EXAMPLE,
        "--template",
        "global",
        "--retain",
        "--format",
        "json",
      ],
      { cwd: root, env: noCredentials() },
    );
    expect(JSON.parse(retained.stdout).Resources.MediaConvertRole.DeletionPolicy).toBe("Retain");
  });

  it("logging only (staging) has no global template; a typo in the target or format exits 1 saying what it takes", async () => {
    const staging = await runYolo(
      ["export", "cloudformation", "staging", "--manifest", EXAMPLE, "--format", "json"],
      { cwd: root, env: noCredentials() },
    );
    expect(staging.code, staging.stderr).toBe(0);
    const template = JSON.parse(staging.stdout);
    expect(Object.keys(template.Resources).sort()).toEqual([
      "IvsEventsRule",
      "LogGroup",
      "LogsResourcePolicy",
    ]);

    const global = await runYolo(
      ["export", "cloudformation", "staging", "--manifest", EXAMPLE, "--template", "global"],
      {
        cwd: root,
        env: noCredentials(),
      },
    );
    expect(global.code).toBe(1);
    expect(global.stderr).toContain("aws.mediaconvert is off");

    const target = await runYolo(["export", "terraform", "production", "--manifest", EXAMPLE], {
      cwd: root,
      env: noCredentials(),
    });
    expect(target.code).toBe(1);
    expect(target.stderr).toContain('knows cloudformation, not "terraform"');

    const format = await runYolo(
      ["export", "cloudformation", "production", "--manifest", EXAMPLE, "--format", "yml"],
      {
        cwd: root,
        env: noCredentials(),
      },
    );
    expect(format.code).toBe(1);
    expect(format.stderr).toContain('--format takes yaml or json, not "yml"');

    const nothing = await runYolo(["export", "cloudformation", "production"], {
      cwd: manifestDir(manifestYaml({ mediaconvert: false })),
      env: noCredentials(),
    });
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain("nothing to export");
  });
});
