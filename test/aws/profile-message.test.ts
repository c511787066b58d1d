/**
 * A profile that does not exist is named with where its name came from, so the user knows what
 * to fix: `--profile`, the environment's own variable (`YOLO_PRODUCTION_AWS_PROFILE`, never the
 * `YOLO_{ENV}_…` template), or that variable in the `.env` beside the manifest.
 */
import { writeFileSync } from "node:fs";
import { join, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { manifestDir, runYolo } from "../helpers/cli.js";
import { manifestYaml } from "../helpers/manifests.js";

const noAws = (dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  AWS_CONFIG_FILE: join(dir, "no-aws-config"),
  AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-aws-credentials"),
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_EC2_METADATA_DISABLED: "true",
  NO_COLOR: "1",
  ...extra,
});

describe("a profile with no credentials", () => {
  it("named by YOLO_PRODUCTION_AWS_PROFILE: the message names that variable", async () => {
    const cwd = manifestDir(manifestYaml({ logging: true }));
    const run = await runYolo(["sync", "production", "--no-progress"], {
      cwd,
      env: noAws(cwd, { YOLO_PRODUCTION_AWS_PROFILE: "nosuch" }),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The AWS profile "nosuch" was not found');
    expect(run.stderr).toContain(
      "Check the name given with YOLO_PRODUCTION_AWS_PROFILE, or run with --local",
    );
    expect(run.stderr).not.toContain("{ENV}");
  });

  it("named in the .env beside the manifest: the message names the variable and the file", async () => {
    const cwd = manifestDir(manifestYaml({ logging: true }));
    writeFileSync(join(cwd, ".env"), "YOLO_PRODUCTION_AWS_PROFILE=from-dotenv\n");
    const run = await runYolo(["sync", "production", "--no-progress"], { cwd, env: noAws(cwd) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The AWS profile "from-dotenv" was not found');
    expect(run.stderr).toContain(`Check the name given with YOLO_PRODUCTION_AWS_PROFILE in ${cwd}${sep}.env`);
  });

  it("given with --profile: the message says --profile", async () => {
    const cwd = manifestDir(manifestYaml({ logging: true }));
    const run = await runYolo(["sync", "production", "--profile", "typo", "--no-progress"], {
      cwd,
      env: noAws(cwd),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The AWS profile "typo" was not found');
    expect(run.stderr).toContain("Check the name given with --profile, or run with --local");
  });
});

describe("yolo iam:policy with no credentials at all", () => {
  it("suggests aws.account-id or --local, and does not say 'Nothing was changed' (it changes nothing ever)", async () => {
    const cwd = manifestDir(manifestYaml({ logging: true }));
    for (const json of [false, true]) {
      const run = await runYolo(["iam:policy", "production", ...(json ? ["--json"] : [])], {
        cwd,
        env: noAws(cwd),
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("iam:policy needs the AWS account id for environment production");
      expect(run.stderr).toContain("Set environments.production.aws.account-id in");
      expect(run.stderr).toContain("--local");
      expect(run.stderr).not.toMatch(/Nothing was changed/i);
      if (json) {
        const doc = JSON.parse(run.stdout);
        expect(doc).toMatchObject({ command: "iam:policy", environment: "production", status: "FAILED" });
        expect(doc.errors[0].message).not.toMatch(/Nothing was changed|\n/);
      }
    }
  });
});
