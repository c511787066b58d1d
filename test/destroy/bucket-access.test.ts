/**
 * A recording bucket S3 will not let yolo read (403). A missing permission must never read as
 * "nothing to delete" (the bucket would be left behind silently), nor as another account's bucket.
 */
import { CreateBucketCommand, HeadBucketCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { policyAuthorizer } from "../../src/emulator/authorize.js";
import { names } from "../../src/manifest/names.js";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { APP, ENV } from "../helpers/manifests.js";
import { generatedPolicy, withoutAction } from "../iam/fixture.js";
import { manifest, writes } from "./account.js";

const handle = useEmulator();
const REGION = "us-east-1";
const BUCKET = names.recordingBucket(ENV, APP, REGION);

async function yolo(args: string[], cwd: string) {
  const run = await runYolo([...args, "--no-progress", "--json"], {
    cwd,
    env: emulatorEnv(handle.emulator.url),
  });
  return { ...run, doc: JSON.parse(run.stdout) };
}

function bucketResult(doc: any): any {
  return doc.steps.find((s: any) => s.id === "recording-bucket").regions[REGION];
}

/** A synced app whose credentials then lose s3:GetBucketTagging (the read destroy and sync make). */
async function syncedWithoutBucketTagging(): Promise<string> {
  const cwd = manifestDir(manifest(APP, { regions: [REGION], logging: false }));
  expect((await yolo(["sync", ENV], cwd)).code).toBe(0);
  const policy = await generatedPolicy(handle.emulator.url, cwd, ENV);
  handle.emulator.setAuthorizer(policyAuthorizer(withoutAction(policy, "s3:GetBucketTagging")));
  handle.emulator.clearLog();
  return cwd;
}

describe("a recording bucket yolo may not read", () => {
  it("destroy: a permission the credentials lack FAILS the bucket step with S3's reason, and the bucket stays", async () => {
    const cwd = await syncedWithoutBucketTagging();
    const run = await yolo(["destroy:recording", ENV, "--yes"], cwd);
    expect(run.code).toBe(1);
    const bucket = bucketResult(run.doc);
    expect(bucket.status).toBe("FAILED");
    expect(bucket.error).toMatch(
      new RegExp(
        `^recording bucket ${BUCKET} could not be read: access denied \\(S3 answered 403 User: \\S+ is not authorized to perform: s3:GetBucketTagging .*\\)\\. The credentials lack a permission destroy needs \\(\`yolo iam:policy production\` prints them\\); the bucket was left as it is\\.$`,
      ),
    );
    expect(bucket.error).not.toMatch(/another AWS account/);
    expect(run.doc.errors.map((e: any) => e.step)).toContain("recording-bucket");
    expect(writes(handle.emulator.log).filter((w) => w.startsWith("s3:Delete"))).toEqual([]);
    handle.emulator.setAuthorizer(undefined);
    const s3 = await handle.clients.s3(REGION);
    await expect(s3.send(new HeadBucketCommand({ Bucket: BUCKET }))).resolves.toBeDefined();
  });

  it("destroy: a bare 403 (another account's bucket by that name) FAILS, saying it may be another account's", async () => {
    const other = await handle.otherClients.s3(REGION);
    await other.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const cwd = manifestDir(manifest(APP, { regions: [REGION], logging: false }));

    const run = await yolo(["destroy:recording", ENV, "--yes"], cwd);
    expect(run.code).toBe(1);
    expect(bucketResult(run.doc)).toMatchObject({
      status: "FAILED",
      error: `recording bucket ${BUCKET} could not be read: access denied (S3 answered 403 Access Denied). It may belong to another AWS account (bucket names are global), or these credentials may not read it; the bucket was left as it is. If it is not yours, name another bucket under aws.ivs.recording.buckets.${REGION}.`,
    });
    await expect(other.send(new HeadBucketCommand({ Bucket: BUCKET }))).resolves.toBeDefined();
  });

  it("sync: a permission the credentials lack is named as such, not as another account's bucket", async () => {
    const cwd = await syncedWithoutBucketTagging();
    const run = await yolo(["sync:recording", ENV], cwd);
    expect(run.code).toBe(1);
    const bucket = bucketResult(run.doc);
    expect(bucket.status).toBe("FAILED");
    expect(bucket.error).toMatch(
      new RegExp(
        `^recording bucket ${BUCKET} could not be read: access denied \\(User: \\S+ is not authorized to perform: s3:GetBucketTagging .*\\)\\. The credentials lack a permission yolo needs`,
      ),
    );
    expect(bucket.error).not.toMatch(/another AWS account/);
  });

  it("sync: a bare 403 on one read of a bucket that answered the others names that read, not another account", async () => {
    const cwd = manifestDir(manifest(APP, { regions: [REGION], logging: false }));
    expect((await yolo(["sync", ENV], cwd)).code).toBe(0);
    handle.emulator.addFault({
      service: "s3",
      operation: "GetBucketPolicy",
      probability: 1,
      status: 403,
      code: "AccessDenied",
      message: "Access Denied",
    });
    handle.emulator.clearLog();
    const run = await yolo(["sync:recording", ENV], cwd);
    expect(run.code).toBe(1);
    const bucket = bucketResult(run.doc);
    expect(bucket.status).toBe("FAILED");
    expect(bucket.error).toBe(
      `recording bucket ${BUCKET} could not be read: access denied to s3:GetBucketPolicy (S3 answered 403 Access Denied), though the bucket answered yolo's other reads, so it is this account's. The credentials' policies, the bucket's policy or an organisation policy deny that read: \`yolo iam:policy ${ENV}\` prints the policy yolo runs with.`,
    );
    expect(writes(handle.emulator.log)).toEqual([]);
  });
});

describe("a bucket by the recording bucket's name in another region", () => {
  const region = "eu-west-1";
  const bucket = names.recordingBucket(ENV, APP, region);

  /** Someone else's bucket with this region's derived name, made in us-west-2. */
  async function elsewhere(): Promise<string> {
    const s3 = await handle.clients.s3("us-west-2");
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: "us-west-2" },
      }),
    );
    handle.emulator.clearLog();
    return manifestDir(manifest(APP, { regions: [region], logging: false }));
  }

  // S3 answers a request signed for the wrong region with a 301 PermanentRedirect, or with a 400
  // AuthorizationHeaderMalformed naming the region it expected; both mean "not in this region".
  for (const answer of ["301 PermanentRedirect", "400 AuthorizationHeaderMalformed"]) {
    it(`destroy: ${answer} SKIPS the bucket as not yolo's and leaves it`, async () => {
      const cwd = await elsewhere();
      if (answer.startsWith("400"))
        handle.emulator.addFault({
          service: "s3",
          region,
          operation: "GetBucketTagging",
          status: 400,
          code: "AuthorizationHeaderMalformed",
          message: `The authorization header is malformed; the region '${region}' is wrong; expecting 'us-west-2'`,
          times: 1,
        });
      const run = await yolo(["destroy:recording", ENV, "--yes", "--region", region], cwd);
      expect(run.code, run.stderr).toBe(0);
      const result = run.doc.steps.find((s: any) => s.id === "recording-bucket").regions[region];
      if (answer.startsWith("400"))
        expect(handle.emulator.log.some((entry) => entry.injected && entry.status === 400)).toBe(true);
      expect(result.status).toBe("SKIPPED");
      expect(result.reason).toBe(
        `nothing to delete: bucket ${bucket} is not in ${region}; yolo did not make it`,
      );
      expect(writes(handle.emulator.log).filter((call) => call.startsWith("s3:"))).toEqual([]);
      const s3 = await handle.clients.s3("us-west-2");
      await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
    });
  }
});
