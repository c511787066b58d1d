import { CreateLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateStageCommand,
  StartCompositionCommand,
  StopCompositionCommand,
} from "@aws-sdk/client-ivs-realtime";
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { names } from "../../src/manifest/names.js";
import { emulatorEnv, manifestDir, runYolo, type YoloRun } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { APP, ENV } from "../helpers/manifests.js";
import { GONE, inventory, manifest, roleExists, SYNCED, writes } from "./account.js";

const handle = useEmulator();
const env = () => emulatorEnv(handle.emulator.url);
const OTHER = "other-app";

async function yolo(args: string[], cwd: string): Promise<YoloRun> {
  return runYolo([...args, "--no-progress"], { cwd, env: env() });
}

/** Run a command with --json and return the document (and the exit code). */
async function yoloJson(args: string[], cwd: string): Promise<{ code: number; doc: any; stderr: string }> {
  const run = await yolo([...args, "--json"], cwd);
  let doc: any;
  try {
    doc = JSON.parse(run.stdout);
  } catch {
    throw new Error(
      `not one JSON document on stdout (exit ${run.code}):\n${run.stdout}\n--- stderr ---\n${run.stderr}`,
    );
  }
  return { code: run.code, doc, stderr: run.stderr };
}

function regionResult(doc: any, step: string, region: string): any {
  const found = doc.steps.find((s: any) => s.id === step);
  if (!found) throw new Error(`no step ${step} in ${JSON.stringify(doc.steps.map((s: any) => s.id))}`);
  return found.regions[region];
}

async function countObjects(Bucket: string): Promise<number> {
  const s3 = await handle.clients.s3("us-east-1");
  let count = 0;
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken }));
    count += page.KeyCount ?? 0;
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
  return count;
}

async function synced(cwd: string): Promise<void> {
  const run = await yolo(["sync", ENV], cwd);
  expect(run.code, run.stdout + run.stderr).toBe(0);
}

describe("destroy after sync", () => {
  it("removes every resource of the app and leaves another app of the environment alone, shared Logs policy included while it has a user", async () => {
    const app = manifestDir(manifest(APP, { regions: ["us-east-1", "eu-west-1"], mediaconvert: true }));
    const other = manifestDir(manifest(OTHER, { regions: ["us-east-1"] }));
    await synced(app);
    await synced(other);
    expect(await inventory(handle.clients, APP, "us-east-1")).toEqual(SYNCED);
    expect(await roleExists(handle.clients, APP)).toBe(true);

    const { code, doc } = await yoloJson(["destroy", ENV, "--yes"], app);
    expect(code).toBe(0);
    expect(doc).toMatchObject({
      command: "destroy",
      environment: ENV,
      dryRun: false,
      status: "DELETED",
      errors: [],
    });
    expect(doc.steps.map((s: any) => s.id)).toEqual([
      "eventbridge-target",
      "eventbridge-rule",
      "log-group",
      "storage-configuration",
      "encoder-configuration",
      "recording-bucket",
      "mediaconvert-role",
    ]);
    for (const step of doc.steps) {
      for (const result of Object.values<any>(step.regions))
        expect(result.status, `${step.id}`).toBe("DELETED");
    }

    expect(await inventory(handle.clients, APP, "us-east-1")).toEqual({ ...GONE, logsPolicy: true });
    expect(await inventory(handle.clients, APP, "eu-west-1")).toEqual({ ...GONE, logsPolicy: false });
    expect(await roleExists(handle.clients, APP)).toBe(false);
    expect(regionResult(doc, "log-group", "us-east-1").reason).toMatch(
      /kept: 1 other log group of production still uses it \(\/aws\/ivs\/yolo-production-other-app\)/,
    );
    expect(regionResult(doc, "log-group", "eu-west-1").changes.map((c: any) => c.attribute)).toContain(
      `resourcePolicy ${names.logsResourcePolicy(ENV)}`,
    );

    // The other app of the same environment and region is untouched.
    expect(await inventory(handle.clients, OTHER, "us-east-1")).toEqual(SYNCED);

    // Its destroy takes the shared policy with it: no log group of the environment is left.
    const last = await yoloJson(["destroy", ENV, "--yes"], other);
    expect(last.code).toBe(0);
    expect(await inventory(handle.clients, OTHER, "us-east-1")).toEqual({ ...GONE, logsPolicy: false });
  });

  it("a second destroy deletes nothing, needs no confirmation, reports SKIPPED and exits 0", async () => {
    const app = manifestDir(manifest(APP, { regions: ["us-east-1"], mediaconvert: true }));
    await synced(app);
    expect((await yolo(["destroy", ENV, "--yes"], app)).code).toBe(0);
    handle.emulator.clearLog();

    // No --yes and stdin not a terminal: with nothing to delete there is nothing to confirm.
    const again = await yoloJson(["destroy", ENV], app);
    expect(again.code).toBe(0);
    expect(again.doc.status).toBe("SKIPPED");
    expect(again.doc.dryRun).toBe(false);
    for (const step of again.doc.steps) {
      for (const result of Object.values<any>(step.regions))
        expect(result).toMatchObject({ status: "SKIPPED", reason: "nothing to delete" });
    }
    expect(writes(handle.emulator.log)).toEqual([]);

    // One line, not a table of seven SKIPPED steps.
    const human = await yolo(["destroy", ENV, "--yes"], app);
    expect(human.code).toBe(0);
    expect(human.stdout).toBe("Nothing left to destroy for production.\n");
    expect(writes(handle.emulator.log)).toEqual([]);
  });
});

describe("recordings", () => {
  it("a bucket holding objects is RETAINED untouched; --delete-recordings empties it (over 1000 objects) and deletes it", async () => {
    const app = manifestDir(manifest(APP, { regions: ["us-east-1"], logging: false }));
    await synced(app);
    const bucket = names.recordingBucket(ENV, APP, "us-east-1");
    const s3 = await handle.clients.s3("us-east-1");
    const keys = Array.from(
      { length: 1012 },
      (_, i) => `recordings/stage-${Math.floor(i / 100)}/segment-${i}.ts`,
    );
    for (let i = 0; i < keys.length; i += 100) {
      await Promise.all(
        keys
          .slice(i, i + 100)
          .map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: "x" }))),
      );
    }

    handle.emulator.clearLog();
    const kept = await yoloJson(["destroy:recording", ENV, "--yes"], app);
    expect(kept.code).toBe(0);
    expect(regionResult(kept.doc, "recording-bucket", "us-east-1")).toMatchObject({
      status: "RETAINED",
      resource: bucket,
      reason: "holds 1012 objects; --delete-recordings empties and deletes it",
    });
    expect(regionResult(kept.doc, "storage-configuration", "us-east-1").status).toBe("DELETED");
    expect(regionResult(kept.doc, "encoder-configuration", "us-east-1").status).toBe("DELETED");
    // Untouched: every object still there, and no call that deletes objects or the bucket.
    expect(await countObjects(bucket)).toBe(1012);
    expect(
      writes(handle.emulator.log).filter((w) => /^s3:(DeleteObjects|DeleteObject|DeleteBucket)@/.test(w)),
    ).toEqual([]);

    const human = await yolo(["destroy:recording", ENV, "--yes"], app);
    expect(human.stdout).toMatch(/RETAINED: holds 1012 objects; --delete-recordings empties and deletes it/);

    handle.emulator.clearLog();
    const emptied = await yoloJson(["destroy:recording", ENV, "--yes", "--delete-recordings"], app);
    expect(emptied.code).toBe(0);
    expect(regionResult(emptied.doc, "recording-bucket", "us-east-1")).toMatchObject({
      status: "DELETED",
      resource: bucket,
    });
    const s3Writes = writes(handle.emulator.log).filter((w) => w.startsWith("s3:"));
    expect(s3Writes.filter((w) => w.startsWith("s3:DeleteObjects")).length).toBe(2);
    expect(s3Writes.at(-1)).toBe("s3:DeleteBucket@us-east-1");
    await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({
      name: "NotFound",
    });
  });

  it("a bucket adopted through recording.buckets is never deleted: RETAINED, reason adopted", async () => {
    const s3 = await handle.clients.s3("us-east-1");
    await s3.send(new CreateBucketCommand({ Bucket: "my-existing-recordings" }));
    const app = manifestDir(
      manifest(APP, {
        regions: ["us-east-1"],
        logging: false,
        buckets: { "us-east-1": "my-existing-recordings" },
      }),
    );
    await synced(app);
    const { code, doc } = await yoloJson(["destroy", ENV, "--yes", "--delete-recordings"], app);
    expect(code).toBe(0);
    expect(regionResult(doc, "recording-bucket", "us-east-1")).toMatchObject({
      status: "RETAINED",
      reason: "adopted",
      resource: "my-existing-recordings",
    });
    expect(regionResult(doc, "storage-configuration", "us-east-1").status).toBe("DELETED");
    await expect(s3.send(new HeadBucketCommand({ Bucket: "my-existing-recordings" }))).resolves.toBeDefined();
  });
});

describe("what is not this app's", () => {
  it("a resource with the app's name but tagged for another app fails its step and is left alone; the rest goes", async () => {
    const logs = await handle.clients.logs("us-east-1");
    const group = names.logGroup(ENV, APP);
    await logs.send(
      new CreateLogGroupCommand({
        logGroupName: group,
        tags: { "yolo:environment": ENV, "yolo:app": "someone-else" },
      }),
    );
    const app = manifestDir(manifest(APP, { regions: ["us-east-1"] }));

    const { code, doc } = await yoloJson(["destroy", ENV, "--yes"], app);
    expect(code).toBe(1);
    expect(regionResult(doc, "log-group", "us-east-1")).toMatchObject({ status: "FAILED" });
    expect(doc.errors).toContainEqual({
      region: "us-east-1",
      step: "log-group",
      message: `log group ${group} belongs to app "someone-else" (tag yolo:app). yolo will not delete it.`,
    });
    const left = await logs.send(
      new (await import("@aws-sdk/client-cloudwatch-logs")).DescribeLogGroupsCommand({
        logGroupNamePrefix: group,
      }),
    );
    expect(left.logGroups?.map((g) => g.logGroupName)).toEqual([group]);
  });
});

describe("a configuration a composition uses", () => {
  it("fails with a message saying to stop the composition, deletes everything else, exits 1; after StopComposition a re-run finishes", async () => {
    const app = manifestDir(manifest(APP, { regions: ["us-east-1", "eu-west-1"], mediaconvert: true }));
    const sync = await yoloJson(["sync", ENV], app);
    expect(sync.code).toBe(0);
    const storageArn = sync.doc.env["us-east-1"].AWS_IVS_STORAGE_CONFIGURATION_ARN;
    const encoderArn = sync.doc.env["us-east-1"].AWS_IVS_ENCODER_CONFIGURATION_ARN;
    const ivs = await handle.clients.ivs("us-east-1");
    const stage = await ivs.send(new CreateStageCommand({ name: "live-show" }));
    const composition = await ivs.send(
      new StartCompositionCommand({
        stageArn: stage.stage?.arn,
        destinations: [
          { s3: { storageConfigurationArn: storageArn, encoderConfigurationArns: [encoderArn] } },
        ],
      }),
    );

    const busy = await yoloJson(["destroy", ENV, "--yes"], app);
    expect(busy.code).toBe(1);
    const storage = regionResult(busy.doc, "storage-configuration", "us-east-1");
    expect(storage.status).toBe("FAILED");
    expect(storage.error).toContain(storageArn);
    expect(storage.error).toMatch(
      /in use by a composition, so it was not deleted\. Stop the composition \(StopComposition\), wait for it to end, and re-run `yolo destroy production`\.$/,
    );
    // yolo's sentence alone: IVS's own message says the same thing again.
    expect(storage.error).not.toMatch(/IVS:|before deleting/);
    expect(regionResult(busy.doc, "encoder-configuration", "us-east-1").error).toMatch(/StopComposition/);
    expect(regionResult(busy.doc, "recording-bucket", "us-east-1")).toMatchObject({
      status: "FAILED",
      error: "not attempted: storage configuration failed",
    });
    // Everything else, in both regions, is gone.
    for (const step of ["eventbridge-target", "eventbridge-rule", "log-group"]) {
      expect(regionResult(busy.doc, step, "us-east-1").status).toBe("DELETED");
    }
    for (const step of busy.doc.steps.filter((s: any) => s.id !== "mediaconvert-role")) {
      expect(step.regions["eu-west-1"].status, step.id).toBe("DELETED");
    }
    expect(regionResult(busy.doc, "mediaconvert-role", "global").status).toBe("DELETED");
    expect(await inventory(handle.clients, APP, "eu-west-1")).toEqual({ ...GONE, logsPolicy: false });
    expect(await inventory(handle.clients, APP, "us-east-1")).toEqual({
      ...GONE,
      bucket: true,
      storageConfigurations: 1,
      encoderConfigurations: 1,
      logsPolicy: false,
    });

    const human = await yolo(["destroy", ENV, "--yes"], app);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(
      /Errors:[\s\S]*us-east-1\s+storage configuration\s+storage configuration arn:aws:ivs:us-east-1:000000000000:storage-configuration\/\S+ is in use by a composition/,
    );

    await ivs.send(new StopCompositionCommand({ arn: composition.composition?.arn }));
    // The composition may have written recordings: --delete-recordings lets the re-run finish either way.
    const rerun = await yoloJson(["destroy", ENV, "--yes", "--delete-recordings"], app);
    expect(rerun.code).toBe(0);
    expect(regionResult(rerun.doc, "storage-configuration", "us-east-1").status).toBe("DELETED");
    expect(regionResult(rerun.doc, "encoder-configuration", "us-east-1").status).toBe("DELETED");
    expect(regionResult(rerun.doc, "recording-bucket", "us-east-1").status).toBe("DELETED");
    expect(regionResult(rerun.doc, "log-group", "us-east-1")).toMatchObject({
      status: "SKIPPED",
      reason: "nothing to delete",
    });
    expect(await inventory(handle.clients, APP, "us-east-1")).toEqual({ ...GONE, logsPolicy: false });
  });
});

describe("destroy:iam and the recording buckets' policies", () => {
  const regions = ["us-east-1", "eu-west-1"];
  const policyText = async (region: string) => {
    const s3 = await handle.clients.s3(region);
    const out = await s3.send(
      new GetBucketPolicyCommand({ Bucket: names.recordingBucket(ENV, APP, region) }),
    );
    return out.Policy!;
  };
  const sids = async (region: string) =>
    (JSON.parse(await policyText(region)).Statement as { Sid?: string }[]).map((s) => s.Sid);

  it("takes MediaConvertRead out of every bucket before deleting the role, so no unique id is left; sync then names the new role's ARN", async () => {
    const cwd = manifestDir(manifest(APP, { regions, mediaconvert: true }));
    await synced(cwd);
    for (const region of regions) expect(await sids(region)).toContain("MediaConvertRead");

    handle.emulator.clearLog();
    const iam = await yoloJson(["destroy:iam", ENV, "--yes"], cwd);
    expect(iam.code, iam.stderr).toBe(0);
    const role = regionResult(iam.doc, "mediaconvert-role", "global");
    expect(role.status).toBe("DELETED");
    expect(role.changes.map((c: any) => c.attribute)).toEqual(
      expect.arrayContaining(
        regions.map((region) => `${names.recordingBucket(ENV, APP, region)}.policy.MediaConvertRead`),
      ),
    );
    const done = writes(handle.emulator.log);
    for (const region of regions) {
      const put = done.indexOf(`s3:PutBucketPolicy@${region}`);
      expect(put, done.join(", ")).toBeGreaterThanOrEqual(0);
      expect(put).toBeLessThan(done.indexOf("iam:DeleteRole@us-east-1"));
      const left = await policyText(region);
      expect(left).not.toMatch(/AROA/);
      expect(await sids(region)).toEqual(expect.arrayContaining(["IVSRealtimeRecording"]));
      expect(await sids(region)).not.toContain("MediaConvertRead");
    }
    expect(await roleExists(handle.clients, APP)).toBe(false);

    const again = await yoloJson(["sync", ENV], cwd);
    expect(again.code, again.stderr).toBe(0);
    for (const region of regions) {
      const statement = JSON.parse(await policyText(region)).Statement.find(
        (s: { Sid?: string }) => s.Sid === "MediaConvertRead",
      );
      expect(statement.Principal.AWS).toMatch(/^arn:aws:iam::\d{12}:role\//);
      expect(await policyText(region)).not.toMatch(/AROA/);
    }
  });

  it("a dry run lists the policy edits and writes nothing", async () => {
    const cwd = manifestDir(manifest(APP, { regions: ["eu-west-1"], mediaconvert: true }));
    await synced(cwd);
    handle.emulator.clearLog();
    const plan = await yoloJson(["destroy:iam", ENV, "--dry-run"], cwd);
    expect(plan.code, plan.stderr).toBe(0);
    expect(regionResult(plan.doc, "mediaconvert-role", "global")).toMatchObject({
      status: "WOULD_DELETE",
      changes: expect.arrayContaining([
        expect.objectContaining({
          attribute: `${names.recordingBucket(ENV, APP, "eu-west-1")}.policy.MediaConvertRead`,
          to: null,
        }),
      ]),
    });
    expect(writes(handle.emulator.log)).toEqual([]);
  });
});
