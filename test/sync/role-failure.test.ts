/**
 * SPEC §4 "Failures inside a region": when the MediaConvert role step fails, only what needs the
 * role (the bucket policy's MediaConvertRead statement) is left alone; the rest of recording and
 * logging is still synced, and the run exits 1.
 */
import { GetBucketPolicyCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { names } from "../../src/manifest/names.js";
import { manifestDir, yoloRun } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { APP, ENV, manifestYaml } from "../helpers/manifests.js";

const handle = useEmulator();

const MANIFEST = manifestYaml({
  mediaconvert: true,
  regions: ["us-east-1", "eu-west-1"],
  logging: true,
  recording: true,
});
const yolo = (cwd: string, ...args: string[]) => yoloRun(handle, cwd, ...args);

const sids = async (region: string) => {
  const s3 = await handle.clients.s3(region);
  const out = await s3.send(new GetBucketPolicyCommand({ Bucket: names.recordingBucket(ENV, APP, region) }));
  return JSON.parse(out.Policy ?? "{}").Statement.map((s: { Sid: string }) => s.Sid);
};

describe("a failed MediaConvert role step", () => {
  it("still syncs the buckets (without MediaConvertRead), the configurations and logging, and exits 1", async () => {
    const cwd = manifestDir(MANIFEST);
    handle.emulator.addFault({
      service: "iam",
      operation: "CreateRole",
      status: 403,
      code: "AccessDenied",
      message: "not allowed",
      times: 100,
    });

    const run = await yolo(cwd, "sync", "production", "--json", "--no-progress");
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    const status = (id: string) => result.steps.find((s: { id: string }) => s.id === id);
    expect(status("mediaconvert-role").regions.global.status).toBe("FAILED");
    for (const id of [
      "recording-bucket",
      "storage-configuration",
      "encoder-configuration",
      "log-group",
      "eventbridge-target",
    ])
      expect(status(id).status, id).toBe("CREATED");
    expect(result.errors).toEqual([
      expect.objectContaining({
        region: "global",
        step: "mediaconvert-role",
        message: expect.stringContaining("AccessDenied"),
      }),
    ]);
    expect(result.warnings.map((w: { message: string }) => w.message)).toContainEqual(
      expect.stringContaining("MediaConvertRead not attempted: mediaconvert-role failed"),
    );
    expect(await sids("eu-west-1")).not.toContain("MediaConvertRead");

    handle.emulator.clearFaults();
    const again = await yolo(cwd, "sync", "production", "--json", "--no-progress");
    expect(again.code).toBe(0);
    expect(await sids("eu-west-1")).toContain("MediaConvertRead");
  });

  it("keeps an existing MediaConvertRead statement while the role step fails", async () => {
    const cwd = manifestDir(MANIFEST);
    expect((await yolo(cwd, "sync", "production", "--no-progress")).code).toBe(0);
    handle.emulator.addFault({
      service: "iam",
      operation: "GetRole",
      status: 403,
      code: "AccessDenied",
      times: 100,
    });

    const run = await yolo(cwd, "sync", "production", "--json", "--no-progress");
    expect(run.code).toBe(1);
    expect(await sids("us-east-1")).toContain("MediaConvertRead");
    expect(run.writes).toEqual([]);
    const s3 = await handle.clients.s3("us-east-1");
    expect((await s3.send(new ListBucketsCommand({}))).Buckets).toHaveLength(2);
  });
});
