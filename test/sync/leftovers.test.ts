/**
 * Leftovers are never invisible (issue #17): what the manifest no longer asks for — a region no
 * longer listed, a feature switched off with `false` — is reported ORPHANED by `sync` and
 * `--check` (exit 2) with the destroy command that removes it, and `sync --prune` deletes it with
 * destroy's rules. Run as a user runs it, against the emulator.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeRuleCommand } from "@aws-sdk/client-eventbridge";
import { ListStorageConfigurationsCommand } from "@aws-sdk/client-ivs-realtime";
import { HeadBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { emulatorEnv, manifestDir, type RegionJson, type RunJson, runYolo, yoloRun } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { APP, ENV, type ManifestOptions, manifestYaml } from "../helpers/manifests.js";

const handle = useEmulator();

const LOG_GROUP = `/aws/ivs/yolo-${ENV}-${APP}`;
const RULE = `yolo-${ENV}-${APP}-ivs-state-change`;
const bucketOf = (region: string) => `yolo-${ENV}-${APP}-ivs-recordings-${region}`;
const REGIONAL = [
  "recording-bucket",
  "storage-configuration",
  "encoder-configuration",
  "log-group",
  "eventbridge-rule",
  "eventbridge-target",
];

const manifest = (options: ManifestOptions = {}) =>
  manifestYaml({
    regions: ["us-east-1", "eu-west-1"],
    mediaconvert: true,
    logging: true,
    recording: true,
    ...options,
  });

const yolo = (cwd: string, ...args: string[]) => yoloRun(handle, cwd, ...args);

type Doc = RunJson;

function regionOf(doc: Doc, step: string, region: string): RegionJson | undefined {
  return doc.steps.find((s) => s.id === step)?.regions[region];
}

/** Sync both regions, then drop us-east-1 from the manifest. */
async function droppedRegion(options: ManifestOptions = {}): Promise<string> {
  const cwd = manifestDir(manifest(options));
  const first = await yolo(cwd, "sync", ENV);
  expect(first.code, first.stderr).toBe(0);
  writeFileSync(join(cwd, "yolo.yml"), manifest({ ...options, regions: ["eu-west-1"] }));
  return cwd;
}

async function bucketExists(region: string): Promise<boolean> {
  const s3 = await handle.clients.s3(region);
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucketOf(region) }));
    return true;
  } catch {
    return false;
  }
}

describe("a region removed from aws.ivs.regions", () => {
  it("--check exits 2 naming its six resources ORPHANED, with the destroy command, and writes nothing", async () => {
    const cwd = await droppedRegion();
    const check = await yolo(cwd, "sync", ENV, "--check", "--json");
    expect(check.code, check.stderr).toBe(2);
    expect(check.writes).toEqual([]);
    const doc = check.json() as Doc;
    expect(doc.regions).toEqual(["eu-west-1"]);
    for (const id of REGIONAL) {
      const left = regionOf(doc, id, "us-east-1");
      expect(left?.status, id).toBe("ORPHANED");
      expect(left?.reason).toBe(
        "not in aws.ivs.regions any more; `yolo destroy production --region us-east-1` removes it",
      );
      expect(regionOf(doc, id, "eu-west-1")?.status).toBe("SYNCED");
      expect(doc.steps.find((s) => s.id === id)?.status).toBe("ORPHANED");
    }
    expect(regionOf(doc, "recording-bucket", "us-east-1")?.resource).toBe(bucketOf("us-east-1"));
    expect(regionOf(doc, "log-group", "us-east-1")?.resource).toBe(LOG_GROUP);
    expect(regionOf(doc, "eventbridge-rule", "us-east-1")?.resource).toBe(RULE);
    // No other region is named: they hold nothing of the app.
    for (const step of doc.steps)
      for (const region of Object.keys(step.regions))
        expect(["eu-west-1", "us-east-1", "global"]).toContain(region);

    // A plain sync reports them too (exit 0), in the table and the closing line, and deletes nothing.
    const human = await yolo(cwd, "sync", ENV, "--no-progress");
    expect(human.code, human.stderr).toBe(0);
    expect(human.writes).toEqual([]);
    expect(human.stdout).toMatch(/us-east-1/);
    expect(human.stdout).toContain("ORPHANED");
    expect(human.stdout).toContain("`yolo sync production --prune` deletes them");
    expect(await bucketExists("us-east-1")).toBe(true);
  });

  it("sync --prune --yes deletes them; a bucket holding an object is RETAINED; then --check exits 0", async () => {
    const cwd = await droppedRegion();
    const s3 = await handle.clients.s3("us-east-1");
    await s3.send(new PutObjectCommand({ Bucket: bucketOf("us-east-1"), Key: "rec/1.mp4", Body: "x" }));

    const pruned = await yolo(cwd, "sync", ENV, "--prune", "--yes", "--json");
    expect(pruned.code, pruned.stderr).toBe(0);
    const doc = pruned.json() as Doc;
    for (const id of REGIONAL.filter((id) => id !== "recording-bucket"))
      expect(regionOf(doc, id, "us-east-1")?.status, id).toBe("DELETED");
    const bucket = regionOf(doc, "recording-bucket", "us-east-1");
    expect(bucket?.status).toBe("RETAINED");
    expect(bucket?.reason).toContain("holds 1 object");
    expect(await bucketExists("us-east-1")).toBe(true);
    // Nothing in the listed region was touched.
    expect(pruned.writes.filter((w) => w.region === "eu-west-1")).toEqual([]);

    const logs = await handle.clients.logs("us-east-1");
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: LOG_GROUP }));
    expect(groups.logGroups ?? []).toEqual([]);
    const ivs = await handle.clients.ivs("us-east-1");
    expect((await ivs.send(new ListStorageConfigurationsCommand({}))).storageConfigurations).toEqual([]);
    const events = await handle.clients.events("us-east-1");
    await expect(events.send(new DescribeRuleCommand({ Name: RULE }))).rejects.toThrow();

    // The bucket with recordings is still reported until --delete-recordings removes it.
    const still = await yolo(cwd, "sync", ENV, "--check", "--json");
    expect(still.code).toBe(2);
    expect(regionOf(still.json() as Doc, "recording-bucket", "us-east-1")?.status).toBe("ORPHANED");
    const emptied = await yolo(cwd, "sync", ENV, "--prune", "--yes", "--delete-recordings", "--json");
    expect(emptied.code, emptied.stderr).toBe(0);
    expect(regionOf(emptied.json() as Doc, "recording-bucket", "us-east-1")?.status).toBe("DELETED");
    expect(await bucketExists("us-east-1")).toBe(false);

    const clean = await yolo(cwd, "sync", ENV, "--check");
    expect(clean.code, clean.stdout).toBe(0);
    expect(clean.writes).toEqual([]);
  });

  it("sync --prune without a terminal and without --yes refuses and writes nothing", async () => {
    const cwd = await droppedRegion();
    const run = await yolo(cwd, "sync", ENV, "--prune");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Refusing to delete without confirmation");
    expect(run.writes).toEqual([]);
    expect(await bucketExists("us-east-1")).toBe(true);
  });

  it("sync --prune on a terminal deletes only after the environment's name is typed", async () => {
    const cwd = await droppedRegion();
    const env = emulatorEnv(handle.emulator.url);
    const wrong = await runYolo(["sync", ENV, "--prune", "--no-progress"], {
      cwd,
      env,
      stdinText: "nope\n",
      stdinTTY: true,
    });
    expect(wrong.code).toBe(1);
    expect(await bucketExists("us-east-1")).toBe(true);
    const right = await runYolo(["sync", ENV, "--prune", "--no-progress"], {
      cwd,
      env,
      stdinText: `${ENV}\n`,
      stdinTTY: true,
    });
    expect(right.code, right.stderr).toBe(0);
    expect(right.stdout).toContain("This deletes 6 resources");
    expect(await bucketExists("us-east-1")).toBe(false);
  });

  it("--yes or --delete-recordings without --prune is refused before any AWS call", async () => {
    const cwd = await droppedRegion();
    const run = await yolo(cwd, "sync", ENV, "--yes");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--yes goes with --prune");
    expect(run.log).toEqual([]);
  });

  it("never reports another app's resources left in the region", async () => {
    // Another app of the environment keeps us-east-1; this app never listed it.
    const other = manifestDir(
      manifestYaml({ app: "other-app", regions: ["us-east-1"], logging: true, recording: true }),
    );
    expect((await yolo(other, "sync", ENV)).code).toBe(0);
    const cwd = manifestDir(manifest({ regions: ["eu-west-1"] }));
    const run = await yolo(cwd, "sync", ENV, "--check", "--json");
    expect(run.code, run.stdout).toBe(2); // greenfield: eu-west-1 would be created
    for (const step of (run.json() as Doc).steps) expect(step.regions["us-east-1"]).toBeUndefined();
  });
});

describe("a feature switched off", () => {
  it("logging: false reports the log group, rule and target ORPHANED, naming destroy:logging", async () => {
    const cwd = manifestDir(manifest());
    expect((await yolo(cwd, "sync", ENV)).code).toBe(0);
    writeFileSync(join(cwd, "yolo.yml"), manifest({ logging: false }));
    const check = await yolo(cwd, "sync", ENV, "--check", "--json");
    expect(check.code, check.stderr).toBe(2);
    const doc = check.json() as Doc;
    for (const id of ["log-group", "eventbridge-rule", "eventbridge-target"])
      for (const region of ["us-east-1", "eu-west-1"]) {
        const left = regionOf(doc, id, region);
        expect(left?.status, `${id} ${region}`).toBe("ORPHANED");
        expect(left?.reason).toBe(
          "logging is off in the manifest; `yolo destroy:logging production` removes it",
        );
      }
    for (const id of ["recording-bucket", "storage-configuration", "encoder-configuration"])
      expect(regionOf(doc, id, "us-east-1")?.status).toBe("SYNCED");

    const pruned = await yolo(cwd, "sync", ENV, "--prune", "--yes", "--json");
    expect(pruned.code, pruned.stderr).toBe(0);
    for (const id of ["log-group", "eventbridge-rule", "eventbridge-target"])
      expect(regionOf(pruned.json() as Doc, id, "eu-west-1")?.status).toBe("DELETED");
    const after = await yolo(cwd, "sync", ENV, "--check", "--json");
    expect(after.code, after.stdout).toBe(0);
    expect(regionOf(after.json() as Doc, "log-group", "eu-west-1")).toMatchObject({
      status: "SKIPPED",
      reason: "logging disabled",
    });
  });

  it("an adopted bucket is never reported nor deleted when recording is switched off", async () => {
    const s3 = await handle.clients.s3("eu-west-1");
    const { CreateBucketCommand } = await import("@aws-sdk/client-s3");
    await s3.send(
      new CreateBucketCommand({
        Bucket: "my-adopted-recordings",
        CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
      }),
    );
    const options = { regions: ["eu-west-1"], buckets: { "eu-west-1": "my-adopted-recordings" } };
    const cwd = manifestDir(manifest(options));
    expect((await yolo(cwd, "sync", ENV)).code).toBe(0);
    writeFileSync(join(cwd, "yolo.yml"), manifest({ ...options, recording: false }));
    const pruned = await yolo(cwd, "sync", ENV, "--prune", "--yes", "--json");
    expect(pruned.code, pruned.stderr).toBe(0);
    const doc = pruned.json() as Doc;
    expect(regionOf(doc, "recording-bucket", "eu-west-1")?.status).toBe("SKIPPED");
    expect(regionOf(doc, "storage-configuration", "eu-west-1")?.status).toBe("DELETED");
    await s3.send(new HeadBucketCommand({ Bucket: "my-adopted-recordings" }));
  });
});

describe("the leftover search on a converged account", () => {
  it("makes zero writes, and only reads in the regions the manifest does not list", async () => {
    const cwd = manifestDir(manifest());
    expect((await yolo(cwd, "sync", ENV)).code).toBe(0);
    const run = await yolo(cwd, "sync", ENV, "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(run.writes).toEqual([]);
    expect((run.json() as Doc).status).toBe("SYNCED");
    const elsewhere = run.log.filter((e) => !["us-east-1", "eu-west-1"].includes(e.region ?? ""));
    // Five probes in each of five regions: bucket tags, two IVS lists, the log group, and one
    // ListTargetsByRule that answers for both the rule and its target.
    const unlisted = new Set(
      elsewhere.filter((e) => e.service !== "iam" && e.service !== "sts").map((e) => e.region),
    );
    expect(unlisted.size).toBe(5);
    expect(elsewhere.filter((e) => e.service !== "iam" && e.service !== "sts")).toHaveLength(5 * 5);
    expect(elsewhere.filter((e) => e.operation === "DescribeRule")).toEqual([]);
    // --region keeps the run to that region: no search elsewhere.
    const limited = await yolo(cwd, "sync", ENV, "--region", "eu-west-1");
    expect(
      limited.log.filter((e) => e.region !== "eu-west-1" && e.service !== "iam" && e.service !== "sts"),
    ).toEqual([]);
  });
});
