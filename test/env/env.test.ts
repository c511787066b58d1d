/**
 * `yolo env <env>` after a sync: the dotenv lines (one region and several), the `--json`
 * document, `--write` into an existing dotenv file, and never a write call to AWS.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  ListEncoderConfigurationsCommand,
  ListStorageConfigurationsCommand,
} from "@aws-sdk/client-ivs-realtime";
import { describe, expect, it } from "vitest";
import { names } from "../../src/manifest/names.js";
import { manifestDir, yoloRun } from "../helpers/cli.js";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { APP, ENV, manifestYaml } from "../helpers/manifests.js";

const handle = useEmulator();

const bucketOf = (region: string) => names.recordingBucket(ENV, APP, region);

/** Logging and recording in `regions`, the first one the home region. */
const manifest = (regions: string[]) =>
  manifestYaml({ homeRegion: regions[0], regions, logging: true, recording: true });

const yolo = (cwd: string, ...args: string[]) => yoloRun(handle, cwd, ...args);

/** The region's storage and encoder configuration ARNs, read from the account. */
async function arnsIn(region: string) {
  const ivs = await handle.clients.ivs(region);
  const storage = (await ivs.send(new ListStorageConfigurationsCommand({}))).storageConfigurations ?? [];
  const encoder = (await ivs.send(new ListEncoderConfigurationsCommand({}))).encoderConfigurations ?? [];
  const storageArns = storage
    .filter((c) => c.name === names.storageConfiguration(ENV, APP))
    .map((c) => c.arn);
  const encoderArns = encoder
    .filter((c) => c.name === names.encoderConfiguration(ENV, APP))
    .map((c) => c.arn);
  expect(storageArns).toHaveLength(1);
  expect(encoderArns).toHaveLength(1);
  return { storage: storageArns[0] as string, encoder: encoderArns[0] as string };
}

const suffix = (region: string) => `_${region.toUpperCase().replace(/-/g, "_")}`;

describe("yolo env after a sync", () => {
  it("prints the one-region dotenv lines, and writes nothing", async () => {
    const cwd = manifestDir(manifest(["eu-west-1"]));
    expect((await yolo(cwd, "sync", ENV)).code).toBe(0);
    const arns = await arnsIn("eu-west-1");

    const run = await yolo(cwd, "env", ENV);
    expect(run.code, run.stderr).toBe(0);
    expect(run.writes).toEqual([]);
    expect(run.stdout).toBe(
      [
        "AWS_IVS_REGION=eu-west-1",
        `AWS_IVS_REALTIME_RECORDINGS_BUCKET=${bucketOf("eu-west-1")}`,
        `AWS_IVS_STORAGE_CONFIGURATION_ARN=${arns.storage}`,
        `AWS_IVS_ENCODER_CONFIGURATION_ARN=${arns.encoder}`,
        "",
      ].join("\n"),
    );
  });

  it("prints the three-region form: AWS_IVS_REGIONS, the first region unsuffixed, every region suffixed", async () => {
    const regions = ["us-east-1", "eu-west-1", "ap-northeast-1"];
    const cwd = manifestDir(manifest(regions));
    expect((await yolo(cwd, "sync", ENV)).code).toBe(0);
    const arns = Object.fromEntries(
      await Promise.all(regions.map(async (r) => [r, await arnsIn(r)] as const)),
    );

    const run = await yolo(cwd, "env", ENV);
    expect(run.code, run.stderr).toBe(0);
    expect(run.writes).toEqual([]);
    const expected = [
      "AWS_IVS_REGIONS=us-east-1,eu-west-1,ap-northeast-1",
      "AWS_IVS_REGION=us-east-1",
      `AWS_IVS_REALTIME_RECORDINGS_BUCKET=${bucketOf("us-east-1")}`,
      `AWS_IVS_STORAGE_CONFIGURATION_ARN=${arns["us-east-1"].storage}`,
      `AWS_IVS_ENCODER_CONFIGURATION_ARN=${arns["us-east-1"].encoder}`,
      ...regions.flatMap((region) => [
        `AWS_IVS_REALTIME_RECORDINGS_BUCKET${suffix(region)}=${bucketOf(region)}`,
        `AWS_IVS_STORAGE_CONFIGURATION_ARN${suffix(region)}=${arns[region].storage}`,
        `AWS_IVS_ENCODER_CONFIGURATION_ARN${suffix(region)}=${arns[region].encoder}`,
      ]),
    ];
    expect(run.stdout).toBe(`${expected.join("\n")}\n`);

    // --json: the documented keys, `env` per region, `dotenv` exactly the printed lines.
    const json = await yolo(cwd, "env", ENV, "--json");
    expect(json.code, json.stderr).toBe(0);
    expect(json.writes).toEqual([]);
    const doc = JSON.parse(json.stdout);
    expect(Object.keys(doc)).toEqual(["environment", "account", "regions", "env", "dotenv"]);
    expect(doc.environment).toBe(ENV);
    expect(doc.account).toBe(ACCOUNT);
    expect(doc.regions).toEqual(regions);
    expect(Object.keys(doc.env)).toEqual(regions);
    for (const region of regions)
      expect(doc.env[region]).toEqual({
        AWS_IVS_REALTIME_RECORDINGS_BUCKET: bucketOf(region),
        AWS_IVS_STORAGE_CONFIGURATION_ARN: arns[region].storage,
        AWS_IVS_ENCODER_CONFIGURATION_ARN: arns[region].encoder,
      });
    expect(Object.entries(doc.dotenv).map(([key, value]) => `${key}=${value}`)).toEqual(expected);
  });

  it("--write updates only the yolo keys of an existing dotenv file, keeping every other byte", async () => {
    const cwd = manifestDir(manifest(["eu-west-1"]));
    expect((await yolo(cwd, "sync", ENV)).code).toBe(0);
    const arns = await arnsIn("eu-west-1");

    const before = [
      "# Local settings, kept by hand",
      "APP_KEY=base64:c2VjcmV0",
      "",
      "  # indented comment",
      "AWS_IVS_STORAGE_CONFIGURATION_ARN=arn:aws:ivs:eu-west-1:000000000000:storage-configuration/OLD",
      'export DB_URL="postgres://u:p@localhost/db"',
      "",
      "",
      "ZZZ_LAST=keep me",
      "",
    ].join("\n");
    const file = join(cwd, ".env");
    writeFileSync(file, before);

    const run = await yolo(cwd, "env", ENV, "--write", ".env");
    expect(run.code, run.stderr).toBe(0);
    expect(run.writes).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe(
      [
        "# Local settings, kept by hand",
        "APP_KEY=base64:c2VjcmV0",
        "",
        "  # indented comment",
        `AWS_IVS_STORAGE_CONFIGURATION_ARN=${arns.storage}`,
        'export DB_URL="postgres://u:p@localhost/db"',
        "",
        "",
        "ZZZ_LAST=keep me",
        "AWS_IVS_REGION=eu-west-1",
        `AWS_IVS_REALTIME_RECORDINGS_BUCKET=${bucketOf("eu-west-1")}`,
        `AWS_IVS_ENCODER_CONFIGURATION_ARN=${arns.encoder}`,
        "",
      ].join("\n"),
    );

    // Writing again changes nothing.
    const afterFirst = readFileSync(file, "utf8");
    expect((await yolo(cwd, "env", ENV, "--write", ".env")).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(afterFirst);
  });

  it("exits 1 and names the region when a region cannot be read", async () => {
    const cwd = manifestDir(manifest(["us-east-1", "eu-west-1"]));
    expect((await yolo(cwd, "sync", ENV)).code).toBe(0);
    handle.emulator.addFault({ region: "eu-west-1", status: 500, code: "InternalError" });
    const run = await yolo(cwd, "env", ENV);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("eu-west-1");
    expect(run.writes).toEqual([]);
  });

  it("before any sync prints only the region, and writes nothing to AWS", async () => {
    const cwd = manifestDir(manifest(["eu-west-1"]));
    const run = await yolo(cwd, "env", ENV);
    expect(run.code, run.stderr).toBe(0);
    expect(run.writes).toEqual([]);
    expect(run.stdout).toBe("AWS_IVS_REGION=eu-west-1\n");
  });
});
