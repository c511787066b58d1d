/**
 * Recording drift as a CI gate would see it: `sync --check` exits 2 and lists the change in its
 * JSON, `sync` repairs it, and `--check` then exits 0 (issue: sync:recording "Done when").
 */
import { GetBucketOwnershipControlsCommand, PutBucketOwnershipControlsCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";

const handle = useEmulator();

const MANIFEST = `name: acme-live
environments:
  production:
    aws:
      region: us-east-1
      ivs:
        regions: [us-east-1, eu-west-1]
        recording:
          real_time: true
`;

describe("recording drift through the CLI", () => {
  it("is a pending change for --check (exit 2, no write) until sync repairs it", async () => {
    const cwd = manifestDir(MANIFEST);
    const env = emulatorEnv(handle.emulator.url);
    const bucket = "yolo-production-acme-live-ivs-recordings-eu-west-1";
    expect((await runYolo(["sync:recording", "production", "--no-progress"], { cwd, env })).code).toBe(0);
    const s3 = await handle.clients.s3("eu-west-1");
    await s3.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] },
      }),
    );

    handle.emulator.clearLog();
    const check = await runYolo(["sync:recording", "production", "--check", "--json"], { cwd, env });
    expect(check.code).toBe(2);
    expect(handle.emulator.log.filter((r) => r.mutating)).toEqual([]);
    const result = JSON.parse(check.stdout);
    expect(result).toMatchObject({ dryRun: true, status: "WOULD_SYNC" });
    const bucketStep = result.steps.find((s: { id: string }) => s.id === "recording-bucket");
    expect(bucketStep.regions["eu-west-1"]).toMatchObject({
      status: "WOULD_SYNC",
      resource: bucket,
      changes: [{ attribute: "ownership", from: "ObjectWriter", to: "BucketOwnerPreferred" }],
    });
    expect(bucketStep.regions["us-east-1"].status).toBe("SYNCED");

    const human = await runYolo(["sync:recording", "production", "--dry-run", "--no-progress"], { cwd, env });
    expect(human.stdout).toMatch(
      /eu-west-1\s+recording bucket\s+ownership: ObjectWriter → BucketOwnerPreferred/,
    );

    expect((await runYolo(["sync:recording", "production", "--no-progress"], { cwd, env })).code).toBe(0);
    const ownership = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
    expect(ownership.OwnershipControls?.Rules?.[0]?.ObjectOwnership).toBe("BucketOwnerPreferred");
    expect((await runYolo(["sync:recording", "production", "--check"], { cwd, env })).code).toBe(0);
  });
});
