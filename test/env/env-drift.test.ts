/**
 * `yolo env` when the account and the manifest disagree: it prints the values in use today, says
 * what is missing or would be replaced, and `--write` takes out the keys of resources that are gone.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { manifestDir, yoloRun } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { manifestYaml } from "../helpers/manifests.js";

const handle = useEmulator();

const manifest = (framerate: number) =>
  manifestYaml({ regions: ["us-east-1", "eu-west-1"], recording: true, video: { framerate } });

const yolo = (cwd: string, ...args: string[]) => yoloRun(handle, cwd, ...args);

describe("yolo env on a drifted or emptied account", () => {
  it("prints the encoder ARN in use today when the manifest's video changed, and says sync would replace it", async () => {
    const cwd = manifestDir(manifest(30));
    expect((await yolo(cwd, "sync", "production", "--no-progress")).code).toBe(0);
    const before = (await yolo(cwd, "env", "production")).stdout;
    const arn = /AWS_IVS_ENCODER_CONFIGURATION_ARN_EU_WEST_1=(\S+)/.exec(before)?.[1];
    expect(arn).toMatch(/^arn:aws:ivs:eu-west-1:/);

    writeFileSync(join(cwd, "yolo.yml"), manifest(25));
    const drifted = await yolo(cwd, "env", "production");
    expect(drifted.code).toBe(0);
    expect(drifted.stdout).toContain(`AWS_IVS_ENCODER_CONFIGURATION_ARN_EU_WEST_1=${arn}`);
    expect(drifted.stderr).toContain("eu-west-1: the encoder configuration differs from the manifest");
  });

  it("takes the keys of destroyed resources out of the file it writes, keeping other lines", async () => {
    const cwd = manifestDir(manifest(30));
    expect((await yolo(cwd, "sync", "production", "--no-progress")).code).toBe(0);
    writeFileSync(join(cwd, ".env"), "APP_NAME=acme\n# keep me\n");
    expect((await yolo(cwd, "env", "production", "--write", ".env")).code).toBe(0);
    expect(readFileSync(join(cwd, ".env"), "utf8")).toContain(
      "AWS_IVS_STORAGE_CONFIGURATION_ARN_EU_WEST_1=arn:",
    );

    expect((await yolo(cwd, "destroy", "production", "--yes", "--no-progress")).code).toBe(0);
    const after = await yolo(cwd, "env", "production", "--write", ".env");
    expect(after.code).toBe(0);
    expect(after.stderr).toContain("us-east-1: the recording bucket does not exist yet");
    const text = readFileSync(join(cwd, ".env"), "utf8");
    expect(text).toBe(
      "APP_NAME=acme\n# keep me\nAWS_IVS_REGIONS=us-east-1,eu-west-1\nAWS_IVS_REGION=us-east-1\n",
    );
  });

  it("leaves the file as it was when a read fails: a key whose read failed is not a resource gone", async () => {
    const cwd = manifestDir(manifest(30));
    expect((await yolo(cwd, "sync", "production", "--no-progress")).code).toBe(0);
    expect((await yolo(cwd, "env", "production", "--write", ".env")).code).toBe(0);
    const written = readFileSync(join(cwd, ".env"), "utf8");
    expect(written).toContain("AWS_IVS_ENCODER_CONFIGURATION_ARN_US_EAST_1=arn:");

    handle.emulator.addFault({
      service: "ivs",
      region: "us-east-1",
      operation: "GetEncoderConfiguration",
      status: 500,
      code: "InternalServerException",
      message: "boom",
      times: 100,
      probability: 1,
    });
    const failed = await yolo(cwd, "env", "production", "--write", ".env");
    handle.emulator.clearFaults();
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("InternalServerException");
    expect(failed.stderr).toContain("was left as it was; nothing was written");
    expect(readFileSync(join(cwd, ".env"), "utf8")).toBe(written);
  });

  it("refuses --write together with --region, which would leave the file describing some regions only", async () => {
    const cwd = manifestDir(manifest(30));
    const run = await yolo(cwd, "env", "production", "--region", "eu-west-1", "--write", ".env");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--write describes every IVS region");
  });
});
