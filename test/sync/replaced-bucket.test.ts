/**
 * yolo's own recording bucket of a region, left behind when `aws.ivs.recording.buckets` names
 * another one for it (adopted by consent): sync reports it (in the recording-bucket row, SPEC §6
 * has no other), `sync --prune` and destroy delete it with destroy's rules, destroy:iam takes the
 * role's MediaConvertRead out of its policy, and a manifest without an override pays nothing for
 * the search. Run as a user runs it, against the emulator.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ListStorageConfigurationsCommand } from "@aws-sdk/client-ivs-realtime";
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  HeadBucketCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { policyAuthorizer } from "../../src/emulator/authorize.js";
import type { LoggedRequest } from "../../src/emulator/index.js";
import { manifestDir, type RunJson, yoloRun } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { APP, ENV, type ManifestOptions, manifestYaml } from "../helpers/manifests.js";
import { generatedPolicy } from "../iam/fixture.js";

const handle = useEmulator();

const REGION = "eu-west-1";
const OWN = "my-own-recordings";
const DERIVED = `yolo-${ENV}-${APP}-ivs-recordings-${REGION}`;

const manifest = (options: ManifestOptions = {}) =>
  manifestYaml({ regions: ["us-east-1", REGION], mediaconvert: true, recording: true, ...options });
const overridden = (options: ManifestOptions = {}) => manifest({ buckets: { [REGION]: OWN }, ...options });

const yolo = (cwd: string, ...args: string[]) => yoloRun(handle, cwd, ...args);

type Doc = RunJson;

const bucketRow = (doc: Doc, region = REGION) =>
  doc.steps.find((s) => s.id === "recording-bucket")?.regions[region];

async function exists(bucket: string): Promise<boolean> {
  const s3 = await handle.clients.s3(REGION);
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch {
    return false;
  }
}

async function createOwnBucket(): Promise<void> {
  const s3 = await handle.clients.s3(REGION);
  await s3.send(
    new CreateBucketCommand({ Bucket: OWN, CreateBucketConfiguration: { LocationConstraint: REGION } }),
  );
}

/**
 * Sync with yolo's derived buckets, then name the user's own bucket for eu-west-1 and sync again
 * (the storage configuration moves to it): yolo's eu-west-1 bucket is left behind.
 */
async function replacedBucket(options: ManifestOptions = {}): Promise<{ cwd: string; moved: Doc }> {
  const cwd = manifestDir(manifest(options));
  const first = await yolo(cwd, "sync", ENV);
  expect(first.code, first.stdout).toBe(0);
  await createOwnBucket();
  writeFileSync(join(cwd, "yolo.yml"), overridden(options));
  const moved = await yolo(cwd, "sync", ENV, "--json");
  expect(moved.code, moved.stdout).toBe(0);
  return { cwd, moved: moved.json() as Doc };
}

/** The operations a run sent to one region, sorted (STS and IAM are global). */
const operations = (log: LoggedRequest[], region: string) =>
  log
    .filter((e) => e.region === region && e.service !== "sts" && e.service !== "iam")
    .map((e) => `${e.service}.${e.operation}`)
    .sort();

describe("yolo's bucket of a region whose recording.buckets names another", () => {
  it("is named in a warning by the sync that moves recording, then reported ORPHANED; --check exits 2 and writes nothing", async () => {
    const { cwd, moved } = await replacedBucket();
    const warning = moved.warnings.find((w) => w.message.includes(DERIVED));
    expect(warning).toMatchObject({ region: REGION, step: "recording-bucket" });
    expect(warning?.message).toContain("`yolo sync production --prune` deletes it");

    const check = await yolo(cwd, "sync", ENV, "--check", "--json");
    expect(check.code, check.stdout).toBe(2);
    expect(check.writes).toEqual([]);
    const doc = check.json() as Doc;
    expect(bucketRow(doc)).toMatchObject({
      status: "ORPHANED",
      resource: DERIVED,
      reason: `${DERIVED} is yolo's bucket from before aws.ivs.recording.buckets.${REGION} named ${OWN}; \`yolo sync production --prune\` deletes it`,
    });
    expect(bucketRow(doc, "us-east-1")?.status).toBe("SYNCED");
    // The app's variables still name the bucket it records into.
    const env = await yolo(cwd, "env", ENV, "--json");
    expect(env.json().env[REGION].AWS_IVS_REALTIME_RECORDINGS_BUCKET).toBe(OWN);

    const human = await yolo(cwd, "sync", ENV, "--no-progress");
    expect(human.code, human.stdout).toBe(0);
    expect(human.writes).toEqual([]);
    expect(human.stdout).toContain("ORPHANED");
    expect(human.stdout).toContain(DERIVED);
    expect(await exists(DERIVED)).toBe(true);
  });

  it("costs one GetBucketTagging in the region with the override, and no request without one", async () => {
    const plain = manifestDir(manifest());
    expect((await yolo(plain, "sync", ENV)).code).toBe(0);
    const converged = await yolo(plain, "sync", ENV, "--json");
    expect((converged.json() as Doc).status).toBe("SYNCED");
    const { cwd } = await replacedBucket({ app: "other-app" });
    const withOverride = await yolo(cwd, "sync", ENV, "--json");
    expect(withOverride.code, withOverride.stdout).toBe(0);

    // Same manifest shape, same requests per region — plus one bucket-tags read where the override is.
    expect(operations(withOverride.log, "us-east-1")).toEqual(operations(converged.log, "us-east-1"));
    expect(operations(withOverride.log, REGION)).toEqual(
      [...operations(converged.log, REGION), "s3.GetBucketTagging"].sort(),
    );
    for (const region of ["us-west-2", "ap-northeast-1", "ap-south-1", "eu-central-1"])
      expect(operations(withOverride.log, region)).toEqual(operations(converged.log, region));
  });

  it("is not looked for when the derived name is no bucket name S3 allows (the override is why the manifest passes)", async () => {
    const app = "acme-live-streaming-platform";
    const derived = `yolo-${ENV}-${app}-ivs-recordings-${REGION}`;
    expect(derived.length).toBeGreaterThan(63);
    const cwd = manifestDir(
      manifest({ app, buckets: { [REGION]: OWN, "us-east-1": "my-own-recordings-use1" } }),
    );
    const first = await yolo(cwd, "sync", ENV, "--json");
    expect(first.code, first.stdout).toBe(0);
    const converged = await yolo(cwd, "sync", ENV, "--json");
    expect((converged.json() as Doc).status).toBe("SYNCED");
    // The own bucket's one tags read per region, and none of a bucket yolo could never have made.
    for (const region of ["us-east-1", REGION])
      expect(operations(converged.log, region).filter((o) => o === "s3.GetBucketTagging")).toEqual([
        "s3.GetBucketTagging",
      ]);
  });

  it("sync --prune deletes it (RETAINED while it holds recordings), leaving the own bucket and its storage configuration", async () => {
    const { cwd } = await replacedBucket();
    const s3 = await handle.clients.s3(REGION);
    await s3.send(new PutObjectCommand({ Bucket: DERIVED, Key: "old/1.mp4", Body: "x" }));

    const kept = await yolo(cwd, "sync", ENV, "--prune", "--yes", "--json");
    expect(kept.code, kept.stdout).toBe(0);
    expect(bucketRow(kept.json() as Doc)).toMatchObject({ status: "RETAINED", resource: DERIVED });
    expect(bucketRow(kept.json() as Doc)?.reason).toContain(
      "holds 1 object; --delete-recordings empties and deletes it",
    );
    expect(await exists(DERIVED)).toBe(true);

    const pruned = await yolo(cwd, "sync", ENV, "--prune", "--yes", "--delete-recordings", "--json");
    expect(pruned.code, pruned.stdout).toBe(0);
    expect(bucketRow(pruned.json() as Doc)).toMatchObject({ status: "DELETED", resource: DERIVED });
    expect(pruned.writes.filter((w) => w.region === "us-east-1")).toEqual([]);
    expect(await exists(DERIVED)).toBe(false);
    expect(await exists(OWN)).toBe(true);
    const ivs = await handle.clients.ivs(REGION);
    const configurations = (await ivs.send(new ListStorageConfigurationsCommand({}))).storageConfigurations;
    expect(configurations?.map((c) => c.s3?.bucketName)).toEqual([OWN]);

    const clean = await yolo(cwd, "sync", ENV, "--check", "--json");
    expect(clean.code, clean.stdout).toBe(0);
    expect(bucketRow(clean.json() as Doc)).toMatchObject({ status: "SYNCED", resource: OWN });
  });

  it("sync --prune lists the region's storage configurations once, for the bucket's question and the step's", async () => {
    const { cwd } = await replacedBucket();
    const plan = await yolo(cwd, "sync", ENV, "--prune", "--dry-run", "--json");
    expect(plan.code, plan.stdout).toBe(0);
    expect(bucketRow(plan.json() as Doc)?.status).toBe("WOULD_DELETE");
    expect(operations(plan.log, REGION).filter((o) => o === "ivs.ListStorageConfigurations")).toEqual([
      "ivs.ListStorageConfigurations",
    ]);
  });

  it("sync --prune that cannot delete it keeps it (RETAINED, saying why) and still repairs the region", async () => {
    const { cwd } = await replacedBucket();
    // The storage configuration went away out of band: the same run must make it again.
    const ivs = await handle.clients.ivs(REGION);
    const { DeleteStorageConfigurationCommand } = await import("@aws-sdk/client-ivs-realtime");
    for (const c of (await ivs.send(new ListStorageConfigurationsCommand({}))).storageConfigurations ?? [])
      await ivs.send(new DeleteStorageConfigurationCommand({ arn: c.arn }));
    handle.emulator.addFault({
      service: "s3",
      operation: "DeleteBucket",
      status: 403,
      code: "AccessDenied",
      message: "User is not authorized to perform: s3:DeleteBucket",
    });

    const run = await yolo(cwd, "sync", ENV, "--prune", "--yes", "--json");
    const doc = run.json() as Doc;
    expect(bucketRow(doc)).toMatchObject({ status: "RETAINED", resource: DERIVED });
    expect(bucketRow(doc)?.reason).toMatch(
      new RegExp(
        `^left over: recording bucket ${DERIVED} is kept, and ${OWN} is in sync; .*\`yolo sync ${ENV} --prune\` tries the deletion again\\. It could not be deleted \\(AccessDenied: User is not authorized to perform: s3:DeleteBucket`,
      ),
    );
    expect(doc.steps.find((s) => s.id === "storage-configuration")?.regions[REGION].status).toBe("CREATED");
    expect(run.code, run.stdout).toBe(0);
    expect(await exists(DERIVED)).toBe(true);
    expect(await exists(OWN)).toBe(true);
  });

  it("sync --prune in the run that moves recording keeps it while the old storage configuration records into it", async () => {
    const cwd = manifestDir(manifest());
    expect((await yolo(cwd, "sync", ENV)).code).toBe(0);
    await createOwnBucket();
    writeFileSync(join(cwd, "yolo.yml"), overridden());
    const moving = await yolo(cwd, "sync", ENV, "--prune", "--yes", "--json");
    expect(moving.code, moving.stdout).toBe(0);
    const doc = moving.json() as Doc;
    expect(bucketRow(doc)?.resource).toBe(OWN);
    expect(doc.warnings.find((w) => w.message.includes(DERIVED))?.message).toContain("is kept for now");
    expect(await exists(DERIVED)).toBe(true);
    // The next prune finds nothing recording into it any more.
    const next = await yolo(cwd, "sync", ENV, "--prune", "--yes", "--json");
    expect(bucketRow(next.json() as Doc)).toMatchObject({ status: "DELETED", resource: DERIVED });
  });

  it("is never reported nor deleted when its yolo tags name another app", async () => {
    const { cwd } = await replacedBucket();
    const s3 = await handle.clients.s3(REGION);
    await s3.send(
      new PutBucketTaggingCommand({
        Bucket: DERIVED,
        Tagging: {
          TagSet: [
            { Key: "yolo:environment", Value: ENV },
            { Key: "yolo:app", Value: "someone-else" },
          ],
        },
      }),
    );
    const check = await yolo(cwd, "sync", ENV, "--check", "--json");
    expect(check.code, check.stdout).toBe(0);
    expect(bucketRow(check.json() as Doc)).toMatchObject({ status: "SYNCED", resource: OWN });
    const pruned = await yolo(cwd, "sync", ENV, "--prune", "--yes", "--delete-recordings");
    expect(pruned.code, pruned.stdout).toBe(0);
    const policy = async () => (await s3.send(new GetBucketPolicyCommand({ Bucket: DERIVED }))).Policy;
    const before = await policy();
    expect(before).toContain("MediaConvertRead");
    const destroyed = await yolo(cwd, "destroy", ENV, "--yes", "--json");
    expect(destroyed.code, destroyed.stdout).toBe(0);
    expect(bucketRow(destroyed.json() as Doc)).toMatchObject({ status: "RETAINED", reason: "adopted" });
    expect(await exists(DERIVED)).toBe(true);
    // destroy:iam's part leaves that bucket's policy alone too: MediaConvertRead stays (naming
    // the deleted role by its unique id now, as S3 shows it).
    expect(await policy()).toContain('"Sid":"MediaConvertRead"');
  });

  it("with recording switched off, is reported ORPHANED and pruned with the rest, the adopted bucket kept", async () => {
    const { cwd } = await replacedBucket();
    writeFileSync(join(cwd, "yolo.yml"), overridden({ recording: false }));
    const check = await yolo(cwd, "sync", ENV, "--check", "--json");
    expect(check.code, check.stdout).toBe(2);
    expect(bucketRow(check.json() as Doc)).toMatchObject({
      status: "ORPHANED",
      resource: DERIVED,
      reason: "recording is off in the manifest; `yolo destroy:recording production` removes it",
    });
    const pruned = await yolo(cwd, "sync", ENV, "--prune", "--yes", "--json");
    expect(pruned.code, pruned.stdout).toBe(0);
    expect(bucketRow(pruned.json() as Doc)).toMatchObject({ status: "DELETED", resource: DERIVED });
    expect(await exists(DERIVED)).toBe(false);
    expect(await exists(OWN)).toBe(true);
  });

  it("destroy deletes it with destroy's rules and keeps the adopted bucket", async () => {
    const { cwd } = await replacedBucket();
    const s3 = await handle.clients.s3(REGION);
    await s3.send(new PutObjectCommand({ Bucket: DERIVED, Key: "old/1.mp4", Body: "x" }));
    const kept = await yolo(cwd, "destroy:recording", ENV, "--region", REGION, "--yes", "--json");
    expect(kept.code, kept.stdout).toBe(0);
    expect(bucketRow(kept.json() as Doc)).toMatchObject({
      status: "RETAINED",
      resource: DERIVED,
      reason: `${DERIVED} is yolo's bucket from before aws.ivs.recording.buckets.${REGION} named ${OWN}, which is adopted and kept; holds 1 object; --delete-recordings empties and deletes it`,
    });

    const destroyed = await yolo(cwd, "destroy", ENV, "--yes", "--delete-recordings", "--json");
    expect(destroyed.code, destroyed.stdout).toBe(0);
    expect(bucketRow(destroyed.json() as Doc)).toMatchObject({ status: "DELETED", resource: DERIVED });
    expect(await exists(DERIVED)).toBe(false);
    expect(await exists(OWN)).toBe(true);
    const again = await yolo(cwd, "destroy", ENV, "--yes", "--json");
    expect(bucketRow(again.json() as Doc)).toMatchObject({ status: "RETAINED", reason: "adopted" });
  });

  it("destroy:iam takes the role's MediaConvertRead out of its policy too", async () => {
    const { cwd } = await replacedBucket();
    const s3 = await handle.clients.s3(REGION);
    const sids = async () => {
      const policy = (await s3.send(new GetBucketPolicyCommand({ Bucket: DERIVED }))).Policy ?? "{}";
      return ([JSON.parse(policy).Statement ?? []].flat() as { Sid?: string }[]).map((s) => s.Sid);
    };
    expect(await sids()).toContain("MediaConvertRead");
    const run = await yolo(cwd, "destroy:iam", ENV, "--yes", "--json");
    expect(run.code, run.stdout).toBe(0);
    expect(await sids()).not.toContain("MediaConvertRead");
    expect(await sids()).toContain("IVSRealtimeRecording");
  });

  it("is reported, pruned and destroyed under the policy `yolo iam:policy` prints", async () => {
    const { cwd } = await replacedBucket();
    handle.emulator.setAuthorizer(policyAuthorizer(await generatedPolicy(handle.emulator.url, cwd, ENV)));
    const check = await yolo(cwd, "sync", ENV, "--check", "--json");
    expect(check.code, check.stdout).toBe(2);
    expect(bucketRow(check.json() as Doc)?.status).toBe("ORPHANED");
    const pruned = await yolo(cwd, "sync", ENV, "--prune", "--yes", "--json");
    expect(bucketRow(pruned.json() as Doc)?.status).toBe("DELETED");
    const destroyed = await yolo(cwd, "destroy", ENV, "--yes", "--json");
    expect(destroyed.code, destroyed.stdout).toBe(0);
    const refused = [check, pruned, destroyed]
      .flatMap((run) => run.log)
      .filter((e) => /AccessDenied/.test(e.errorCode ?? ""));
    expect(refused).toEqual([]);
  });
});
