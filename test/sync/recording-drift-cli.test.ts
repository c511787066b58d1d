/**
 * Recording drift as a CI gate would see it: `sync --check` exits 2 and lists the change in its
 * JSON, `sync` repairs it, and `--check` then exits 0 (issue: sync:recording "Done when").
 */
import { GetBucketOwnershipControlsCommand, PutBucketOwnershipControlsCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { names } from "../../src/manifest/names.js";
import { manifestDir, yoloRun } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { APP, ENV, manifestYaml } from "../helpers/manifests.js";

const handle = useEmulator();

const MANIFEST = manifestYaml({ regions: ["us-east-1", "eu-west-1"], recording: true });
const yolo = (cwd: string, ...args: string[]) => yoloRun(handle, cwd, ...args);

describe("recording drift through the CLI", () => {
  it("is a pending change for --check (exit 2, no write) until sync repairs it", async () => {
    const cwd = manifestDir(MANIFEST);
    const bucket = names.recordingBucket(ENV, APP, "eu-west-1");
    expect((await yolo(cwd, "sync:recording", "production", "--no-progress")).code).toBe(0);
    const s3 = await handle.clients.s3("eu-west-1");
    await s3.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] },
      }),
    );

    const check = await yolo(cwd, "sync:recording", "production", "--check", "--json");
    expect(check.code).toBe(2);
    expect(check.writes).toEqual([]);
    const result = JSON.parse(check.stdout);
    expect(result).toMatchObject({ dryRun: true, status: "WOULD_SYNC" });
    const bucketStep = result.steps.find((s: { id: string }) => s.id === "recording-bucket");
    expect(bucketStep.regions["eu-west-1"]).toMatchObject({
      status: "WOULD_SYNC",
      resource: bucket,
      changes: [{ attribute: "ownership", from: "ObjectWriter", to: "BucketOwnerPreferred" }],
    });
    expect(bucketStep.regions["us-east-1"].status).toBe("SYNCED");

    const human = await yolo(cwd, "sync:recording", "production", "--dry-run", "--no-progress");
    expect(human.stdout).toMatch(
      /eu-west-1\s+recording bucket\s+ownership: ObjectWriter → BucketOwnerPreferred/,
    );

    expect((await yolo(cwd, "sync:recording", "production", "--no-progress")).code).toBe(0);
    const ownership = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
    expect(ownership.OwnershipControls?.Rules?.[0]?.ObjectOwnership).toBe("BucketOwnerPreferred");
    expect((await yolo(cwd, "sync:recording", "production", "--check")).code).toBe(0);
  });
});
