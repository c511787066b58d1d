import { CreateRoleCommand, DeleteRoleCommand } from "@aws-sdk/client-iam";
import {
  CreateEncoderConfigurationCommand,
  CreateStageCommand,
  CreateStorageConfigurationCommand,
  DeleteStorageConfigurationCommand,
  type EncoderConfigurationSummary,
  GetEncoderConfigurationCommand,
  ListEncoderConfigurationsCommand,
  ListStorageConfigurationsCommand,
  StartCompositionCommand,
  type StorageConfigurationSummary,
} from "@aws-sdk/client-ivs-realtime";
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import type { RetryTiming } from "../../src/engine/execute.js";
import { silentProgress } from "../../src/engine/progress.js";
import type { RunMessage, StepId } from "../../src/engine/result.js";
import { runSteps } from "../../src/engine/runner.js";
import type { ResourceStep, RunContext } from "../../src/engine/step.js";
import { names, yoloTags } from "../../src/manifest/names.js";
import { DEFAULT_VIDEO, type EnvironmentConfig } from "../../src/manifest/types.js";
import { encoderConfigurationStep } from "../../src/resources/encoder-configuration.js";
import { mediaConvertRoleStep } from "../../src/resources/mediaconvert-role.js";
import { recordingBucketStep } from "../../src/resources/recording-bucket.js";
import { storageConfigurationStep } from "../../src/resources/storage-configuration.js";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { APP, ENV, type EnvironmentOverrides, environmentConfig } from "../helpers/manifests.js";

const handle = useEmulator();

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const RECORDING_STEPS: ResourceStep<any>[] = [
  recordingBucketStep,
  storageConfigurationStep,
  encoderConfigurationStep,
];
const bucketOf = (region: string) => names.recordingBucket(ENV, APP, region);
const STORAGE = names.storageConfiguration(ENV, APP);
const ENCODER = names.encoderConfiguration(ENV, APP);

/** Recording on (expiring after 30 days) in three regions, unless `overrides` says otherwise. */
function configWith(overrides: EnvironmentOverrides = {}): EnvironmentConfig {
  return environmentConfig({
    regions: REGIONS,
    ...overrides,
    recording: { enabled: true, expireAfterDays: 30, ...overrides.recording },
  });
}

interface RunOptions {
  config?: EnvironmentConfig;
  dryRun?: boolean;
  regions?: string[];
  steps?: ResourceStep<any>[];
  stepsInRun?: StepId[];
  retry?: RetryTiming;
}

/** Run steps the way `yolo sync:recording` does, and collect what a user would see. */
async function sync(options: RunOptions = {}) {
  const steps = options.steps ?? RECORDING_STEPS;
  const warnings: RunMessage[] = [];
  const config = options.config ?? configWith();
  const run: RunContext = {
    config,
    account: ACCOUNT,
    clients: handle.clients,
    dryRun: options.dryRun ?? false,
    concurrency: 8,
    stepsInRun: new Set(options.stepsInRun ?? steps.map((s) => s.id)),
    options: {},
    warn: (message) => warnings.push(message),
    ...(options.retry ? { retry: options.retry } : {}),
  };
  handle.emulator.clearLog();
  const result = await runSteps(steps, options.regions ?? config.regions, run, silentProgress);
  const step = (id: StepId) => result.steps.find((s) => s.id === id)!;
  return {
    ...result,
    warnings,
    step,
    at: (id: StepId, region: string) => step(id).regions[region],
    attributes: (id: StepId, region: string) =>
      step(id)
        .regions[region].changes.map((c) => c.attribute)
        .sort(),
    mutating: handle.emulator.log.filter((entry) => entry.mutating),
  };
}

const s3 = (region: string) => handle.clients.s3(region);
const ivs = (region: string) => handle.clients.ivs(region);

async function policyOf(region: string, bucket = bucketOf(region)) {
  const out = await (await s3(region)).send(new GetBucketPolicyCommand({ Bucket: bucket }));
  return JSON.parse(out.Policy!) as { Statement: { Sid?: string; [k: string]: unknown }[] };
}

async function sidsOf(region: string, bucket = bucketOf(region)): Promise<string[]> {
  return (await policyOf(region, bucket)).Statement.map((s) => s.Sid ?? "");
}

async function tagsOf(region: string, bucket = bucketOf(region)): Promise<Record<string, string>> {
  const out = await (await s3(region)).send(new GetBucketTaggingCommand({ Bucket: bucket }));
  return Object.fromEntries((out.TagSet ?? []).map((t) => [t.Key!, t.Value!]));
}

async function storageConfigurations(region: string): Promise<StorageConfigurationSummary[]> {
  const out = await (await ivs(region)).send(new ListStorageConfigurationsCommand({}));
  return (out.storageConfigurations ?? []).filter((c) => c.name === STORAGE);
}

async function encoderConfigurations(region: string): Promise<EncoderConfigurationSummary[]> {
  const out = await (await ivs(region)).send(new ListEncoderConfigurationsCommand({}));
  return (out.encoderConfigurations ?? []).filter((c) => c.name === ENCODER);
}

describe("sync:recording on a greenfield account", () => {
  it("creates bucket, storage and encoder configuration in every region, each in its own region", async () => {
    const run = await sync();

    expect(run.errors).toEqual([]);
    for (const id of ["recording-bucket", "storage-configuration", "encoder-configuration"] as const) {
      expect(run.step(id).status).toBe("CREATED");
      for (const region of REGIONS) expect(run.at(id, region).status).toBe("CREATED");
    }
    const creates = run.mutating.filter((e) => e.operation === "CreateBucket");
    expect(creates.map((e) => e.region).sort()).toEqual([...REGIONS].sort());

    for (const region of REGIONS) {
      const bucket = bucketOf(region);
      const client = await s3(region);
      expect(handle.emulator.store.global.s3.buckets[bucket].region).toBe(region);
      const ownership = await client.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
      expect(ownership.OwnershipControls?.Rules?.[0]?.ObjectOwnership).toBe("BucketOwnerPreferred");
      const block = await client.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
      expect(block.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      });
      const encryption = await client.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
      expect(
        encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
          ?.SSEAlgorithm,
      ).toBe("AES256");
      const lifecycle = await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
      expect(lifecycle.Rules).toEqual([
        expect.objectContaining({
          ID: "yolo-expire-recordings",
          Status: "Enabled",
          Expiration: { Days: 30 },
        }),
      ]);
      expect(await tagsOf(region)).toEqual(yoloTags(ENV, APP, bucket));

      const policy = await policyOf(region);
      const ivsStatement = policy.Statement.find((s) => s.Sid === "IVSRealtimeRecording");
      expect(ivsStatement?.Principal).toEqual({ Service: `ivs-composite.${region}.amazonaws.com` });
      expect(policy.Statement.map((s) => s.Sid)).toEqual(
        expect.arrayContaining([
          "IVSRealtimeRecording",
          "DenyInsecureTransport",
          expect.stringMatching(/^CompositeWrite-/),
        ]),
      );
      expect(policy.Statement.some((s) => s.Sid === "MediaConvertRead")).toBe(false);

      const storage = await storageConfigurations(region);
      expect(storage).toHaveLength(1);
      expect(storage[0].s3?.bucketName).toBe(bucket);
      expect(storage[0].arn).toMatch(new RegExp(`^arn:aws:ivs:${region}:${ACCOUNT}:storage-configuration/`));
      expect(storage[0].tags).toEqual(yoloTags(ENV, APP, STORAGE));
      expect(run.outputs[region]["storage-configuration"]?.storageConfigurationArn).toBe(storage[0].arn);

      const encoders = await encoderConfigurations(region);
      expect(encoders).toHaveLength(1);
      const encoder = await (await ivs(region)).send(
        new GetEncoderConfigurationCommand({ arn: encoders[0].arn }),
      );
      expect(encoder.encoderConfiguration?.video).toEqual(DEFAULT_VIDEO);
      expect(run.outputs[region]["encoder-configuration"]?.encoderConfigurationArn).toBe(encoders[0].arn);
      expect(run.outputs[region]["recording-bucket"]).toEqual({ bucket, exists: true, createdThisRun: true });
    }
  });

  it("makes no write on a second run and reports SYNCED, IVS's statement still in place", async () => {
    await sync();
    const again = await sync();

    expect(again.mutating).toEqual([]);
    for (const step of again.steps) {
      expect(step.status).toBe("SYNCED");
      for (const region of REGIONS) expect(step.regions[region].changes).toEqual([]);
    }
    for (const region of REGIONS)
      expect(await sidsOf(region)).toContainEqual(expect.stringMatching(/^CompositeWrite-/));
  });

  it("plans everything in a dry-run and writes nothing", async () => {
    const plan = await sync({ dryRun: true });

    expect(plan.mutating).toEqual([]);
    expect(plan.errors).toEqual([]);
    for (const region of REGIONS) {
      expect(plan.at("recording-bucket", region).status).toBe("WOULD_CREATE");
      expect(plan.attributes("recording-bucket", region)).toEqual(
        expect.arrayContaining([
          "bucket",
          "policy.IVSRealtimeRecording",
          "policy.DenyInsecureTransport",
          "lifecycle",
          "tags",
        ]),
      );
      expect(plan.at("storage-configuration", region).status).toBe("WOULD_CREATE");
      expect(plan.at("storage-configuration", region).changes).toContainEqual({
        attribute: "bucket",
        from: null,
        to: bucketOf(region),
      });
      expect(plan.at("encoder-configuration", region).status).toBe("WOULD_CREATE");
      expect(plan.outputs[region]["storage-configuration"]?.storageConfigurationArn).toBeUndefined();
      expect(plan.outputs[region]["recording-bucket"]?.exists).toBe(false);
    }
    expect(handle.emulator.store.global.s3?.buckets ?? {}).toEqual({});
  });
});

describe("sync:recording repairing drift", () => {
  const region = "eu-west-1";
  const bucket = bucketOf(region);
  const cloudFrontRead = {
    Sid: "CloudFrontRead",
    Effect: "Allow",
    Principal: { Service: "cloudfront.amazonaws.com" },
    Action: "s3:GetObject",
    Resource: `arn:aws:s3:::${bucket}/*`,
    Condition: {
      StringEquals: { "AWS:SourceArn": `arn:aws:cloudfront::${ACCOUNT}:distribution/EDFDVBD6EXAMPLE` },
    },
  };

  it("reports the drift in a dry-run, repairs it keeping foreign settings, then converges", async () => {
    await sync();
    const client = await s3(region);
    const policy = await policyOf(region);
    const withoutOurs = policy.Statement.filter((s) => s.Sid !== "IVSRealtimeRecording");
    await client.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({ ...policy, Statement: [...withoutOurs, cloudFrontRead] }),
      }),
    );
    await client.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] },
      }),
    );
    await client.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: false,
          IgnorePublicAcls: false,
          BlockPublicPolicy: false,
          RestrictPublicBuckets: false,
        },
      }),
    );
    await client.send(
      new PutBucketTaggingCommand({
        Bucket: bucket,
        Tagging: {
          TagSet: [
            { Key: "yolo:environment", Value: ENV },
            { Key: "yolo:app", Value: APP },
            { Key: "team", Value: "video" },
          ],
        },
      }),
    );
    // (DeleteBucketEncryption would only reset it to SSE-S3, as AWS does since 2023.)
    await client.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" } }],
        },
      }),
    );
    // The storage configuration now records into another bucket of the region.
    const otherBucket = "acme-elsewhere-recordings-eu-west-1";
    await client.send(
      new CreateBucketCommand({
        Bucket: otherBucket,
        CreateBucketConfiguration: { LocationConstraint: region },
      }),
    );
    const ivsClient = await ivs(region);
    const [right] = await storageConfigurations(region);
    const wrong = await ivsClient.send(
      new CreateStorageConfigurationCommand({
        name: STORAGE,
        s3: { bucketName: otherBucket },
        tags: yoloTags(ENV, APP, STORAGE),
      }),
    );
    await ivsClient.send(new DeleteStorageConfigurationCommand({ arn: right.arn }));
    const wrongArn = wrong.storageConfiguration!.arn!;

    const plan = await sync({ dryRun: true });
    expect(plan.errors).toEqual([]);
    expect(plan.mutating).toEqual([]);
    expect(plan.at("recording-bucket", region).status).toBe("WOULD_SYNC");
    expect(plan.attributes("recording-bucket", region)).toEqual([
      "encryption",
      "ownership",
      "policy.IVSRealtimeRecording",
      "publicAccessBlock",
      "tags",
    ]);
    expect(plan.at("recording-bucket", region).changes).toContainEqual({
      attribute: "ownership",
      from: "ObjectWriter",
      to: "BucketOwnerPreferred",
    });
    expect(plan.at("recording-bucket", region).changes).toContainEqual({
      attribute: "encryption",
      from: "aws:kms",
      to: "AES256",
    });
    // A storage configuration cannot change in place: pointing it at the bucket is a replacement.
    expect(plan.at("storage-configuration", region).status).toBe("WOULD_REPLACE");
    expect(plan.at("storage-configuration", region).changes).toContainEqual({
      attribute: "bucket",
      from: otherBucket,
      to: bucket,
    });
    for (const other of ["us-east-1", "ap-northeast-1"]) {
      expect(plan.at("recording-bucket", other).status).toBe("SYNCED");
      expect(plan.at("storage-configuration", other).status).toBe("SYNCED");
    }
    expect(plan.step("recording-bucket").status).toBe("WOULD_SYNC");

    const repair = await sync();
    expect(repair.errors).toEqual([]);
    expect(repair.at("recording-bucket", region).status).toBe("SYNCED");
    expect(repair.attributes("recording-bucket", region)).toEqual(
      plan.attributes("recording-bucket", region),
    );
    expect(repair.at("storage-configuration", region).status).toBe("REPLACED");
    expect(repair.mutating.every((e) => e.region === region)).toBe(true);

    const repaired = await policyOf(region);
    expect(repaired.Statement).toContainEqual(cloudFrontRead);
    expect(repaired.Statement.map((s) => s.Sid)).toEqual(
      expect.arrayContaining([
        "IVSRealtimeRecording",
        "DenyInsecureTransport",
        expect.stringMatching(/^CompositeWrite-/),
      ]),
    );
    const ownership = await client.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
    expect(ownership.OwnershipControls?.Rules?.[0]?.ObjectOwnership).toBe("BucketOwnerPreferred");
    const block = await client.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(Object.values(block.PublicAccessBlockConfiguration ?? {})).toEqual([true, true, true, true]);
    const encryption = await client.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(
      encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
        ?.SSEAlgorithm,
    ).toBe("AES256");
    expect(await tagsOf(region)).toEqual({ ...yoloTags(ENV, APP, bucket), team: "video" });

    const storage = await storageConfigurations(region);
    expect(storage).toHaveLength(1);
    expect(storage[0].s3?.bucketName).toBe(bucket);
    expect(repair.at("storage-configuration", region).changes).toContainEqual({
      attribute: "arn",
      from: wrongArn,
      to: storage[0].arn,
    });
    expect(repair.outputs[region]["storage-configuration"]?.storageConfigurationArn).toBe(storage[0].arn);

    const settled = await sync();
    expect(settled.mutating).toEqual([]);
    expect(settled.step("recording-bucket").status).toBe("SYNCED");
  });

  it("keeps IVS's CompositeWrite statement when it rewrites the policy", async () => {
    await sync();
    const client = await s3(region);
    const policy = await policyOf(region);
    const composite = policy.Statement.find((s) => s.Sid?.startsWith("CompositeWrite-"));
    expect(composite).toBeDefined();
    const statements = policy.Statement.filter((s) => s.Sid !== "DenyInsecureTransport");
    await client.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({ ...policy, Statement: statements }),
      }),
    );

    const run = await sync({ regions: [region] });
    expect(run.attributes("recording-bucket", region)).toEqual(["policy.DenyInsecureTransport"]);
    expect(run.mutating.map((e) => e.operation)).toEqual(["PutBucketPolicy"]);
    expect((await policyOf(region)).Statement).toContainEqual(composite);
  });

  it("adds and removes only its own lifecycle rule", async () => {
    await sync({ regions: [region] });
    const client = await s3(region);
    const current = await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    const logsRule = {
      ID: "expire-logs",
      Status: "Enabled" as const,
      Filter: { Prefix: "logs/" },
      Expiration: { Days: 3 },
    };
    await client.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: { Rules: [...(current.Rules ?? []), logsRule] },
      }),
    );

    const run = await sync({
      regions: [region],
      config: configWith({ recording: { expireAfterDays: undefined } }),
    });
    expect(run.attributes("recording-bucket", region)).toEqual(["lifecycle"]);
    const after = await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(after.Rules).toEqual([expect.objectContaining({ ID: "expire-logs", Expiration: { Days: 3 } })]);

    const longer = await sync({
      regions: [region],
      config: configWith({ recording: { expireAfterDays: 90 } }),
    });
    expect(longer.at("recording-bucket", region).changes).toEqual([
      {
        attribute: "lifecycle",
        from: null,
        to: expect.objectContaining({ ID: "yolo-expire-recordings", Expiration: { Days: 90 } }),
      },
    ]);
    const both = await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(both.Rules?.map((r) => r.ID).sort()).toEqual(["expire-logs", "yolo-expire-recordings"]);
  });
});

describe("encoder configuration", () => {
  const hd = { width: 1920, height: 1080, framerate: 30, bitrate: 6_000_000 };

  it("replaces the configuration when the video changes, keeping an old one a composition uses", async () => {
    const first = await sync();
    const oldArns = Object.fromEntries(
      REGIONS.map((r) => [r, first.outputs[r]["encoder-configuration"]?.encoderConfigurationArn as string]),
    );
    // A composition in us-east-1 records with the old encoder configuration.
    const busy = "us-east-1";
    const ivsClient = await ivs(busy);
    const stage = await ivsClient.send(new CreateStageCommand({ name: "live-show" }));
    await ivsClient.send(
      new StartCompositionCommand({
        stageArn: stage.stage!.arn!,
        destinations: [
          {
            s3: {
              storageConfigurationArn: first.outputs[busy]["storage-configuration"]
                ?.storageConfigurationArn as string,
              encoderConfigurationArns: [oldArns[busy]],
            },
          },
        ],
      }),
    );

    const plan = await sync({ dryRun: true, config: configWith({ recording: { video: hd } }) });
    expect(plan.mutating).toEqual([]);
    expect(plan.at("encoder-configuration", "eu-west-1").status).toBe("WOULD_REPLACE");
    expect(plan.at("encoder-configuration", "eu-west-1").changes).toContainEqual({
      attribute: "video",
      from: DEFAULT_VIDEO,
      to: hd,
    });

    const run = await sync({ config: configWith({ recording: { video: hd } }) });
    expect(run.errors).toEqual([]);
    for (const region of REGIONS) {
      const result = run.at("encoder-configuration", region);
      expect(result.status).toBe("REPLACED");
      const newArn = run.outputs[region]["encoder-configuration"]?.encoderConfigurationArn as string;
      expect(newArn).not.toBe(oldArns[region]);
      expect(result.changes).toContainEqual({ attribute: "arn", from: oldArns[region], to: newArn });
      expect(result.changes).toContainEqual({ attribute: "video", from: DEFAULT_VIDEO, to: hd });
      const fresh = await (await ivs(region)).send(new GetEncoderConfigurationCommand({ arn: newArn }));
      expect(fresh.encoderConfiguration?.video).toEqual(hd);
      const left = (await encoderConfigurations(region)).map((c) => c.arn).sort();
      expect(left).toEqual(region === busy ? [newArn, oldArns[region]].sort() : [newArn]);
    }
    // Every region warns that the app's variables change; the busy one also keeps its old configuration.
    const inUse = run.warnings.filter((w) => /in use by a composition/.test(w.message));
    expect(inUse).toEqual([
      { region: busy, step: "encoder-configuration", message: expect.stringContaining(oldArns[busy]) },
    ]);
    expect(inUse[0].message).toMatch(/Stop the composition and re-run/);
    const envWarnings = run.warnings.filter((w) => /yolo env production --write/.test(w.message));
    expect(envWarnings.map((w) => w.region).sort()).toEqual([...REGIONS].sort());
  });
});

describe("ownership and placement of the bucket", () => {
  it("stops a region whose bucket is tagged for another app, without writing to it", async () => {
    const region = "eu-west-1";
    const bucket = bucketOf(region);
    const client = await s3(region);
    await client.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: region } }),
    );
    const foreignTags = [
      { Key: "yolo:environment", Value: ENV },
      { Key: "yolo:app", Value: "other-app" },
    ];
    await client.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: foreignTags } }));
    const before = JSON.stringify(handle.emulator.store.global.s3.buckets[bucket]);

    const run = await sync();
    expect(run.at("recording-bucket", region).status).toBe("FAILED");
    expect(run.errors).toContainEqual({
      region,
      step: "recording-bucket",
      message: `recording bucket ${bucket} belongs to app "other-app" (tag yolo:app). yolo will not modify it. Rename this app, or name another bucket under aws.ivs.recording.buckets.${region}.`,
    });
    expect(run.at("storage-configuration", region)).toMatchObject({
      status: "FAILED",
      reason: "not attempted: recording bucket failed",
    });
    expect(run.at("encoder-configuration", region).status).toBe("CREATED");
    for (const other of ["us-east-1", "ap-northeast-1"])
      expect(run.at("recording-bucket", other).status).toBe("CREATED");
    expect(run.mutating.filter((e) => e.service === "s3" && e.region === region)).toEqual([]);
    expect(JSON.stringify(handle.emulator.store.global.s3.buckets[bucket])).toBe(before);
  });

  it("names the real region of a bucket that lives elsewhere", async () => {
    const bucket = bucketOf("eu-west-1");
    await (await s3("us-east-1")).send(new CreateBucketCommand({ Bucket: bucket }));

    const run = await sync({ regions: ["eu-west-1"] });
    expect(run.at("recording-bucket", "eu-west-1").status).toBe("FAILED");
    expect(run.errors[0].message).toMatch(
      new RegExp(`recording bucket ${bucket} is in us-east-1, not eu-west-1`),
    );
    expect(run.mutating).toEqual([expect.objectContaining({ operation: "CreateEncoderConfiguration" })]);
  });

  it("refuses a bucket name another AWS account owns", async () => {
    const region = "ap-northeast-1";
    const bucket = bucketOf(region);
    await (await handle.otherClients.s3(region)).send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: region } }),
    );

    const run = await sync({ regions: [region] });
    expect(run.at("recording-bucket", region).status).toBe("FAILED");
    expect(run.errors[0].message).toMatch(
      new RegExp(`recording bucket ${bucket} belongs to another AWS account`),
    );
    expect(run.mutating.filter((e) => e.service === "s3")).toEqual([]);
  });

  it("adopts a bucket named in recording.buckets without re-tagging it", async () => {
    const region = "eu-west-1";
    const shared = "acme-shared-recordings-eu-west-1";
    const client = await s3(region);
    await client.send(
      new CreateBucketCommand({ Bucket: shared, CreateBucketConfiguration: { LocationConstraint: region } }),
    );
    const theirTags = { "yolo:environment": "staging", "yolo:app": "other-app", team: "media" };
    await client.send(
      new PutBucketTaggingCommand({
        Bucket: shared,
        Tagging: { TagSet: Object.entries(theirTags).map(([Key, Value]) => ({ Key, Value })) },
      }),
    );

    const run = await sync({
      regions: [region],
      config: configWith({ recording: { buckets: { [region]: shared } } }),
    });
    expect(run.errors).toEqual([]);
    expect(run.at("recording-bucket", region)).toMatchObject({
      status: "SYNCED",
      reason: "adopted",
      resource: shared,
    });
    expect(await tagsOf(region, shared)).toEqual(theirTags);
    expect(await sidsOf(region, shared)).toEqual(
      expect.arrayContaining(["IVSRealtimeRecording", "DenyInsecureTransport"]),
    );
    expect((await storageConfigurations(region))[0].s3?.bucketName).toBe(shared);
    expect(handle.emulator.store.global.s3.buckets[bucketOf(region)]).toBeUndefined();
  });

  it("leaves an adopted bucket's BucketOwnerEnforced ownership and SSE-KMS encryption alone, and a re-run writes nothing", async () => {
    const region = "eu-west-1";
    const shared = "acme-kms-recordings-eu-west-1";
    const client = await s3(region);
    // A bucket made today has BucketOwnerEnforced (S3's default since April 2023); its owner chose KMS.
    await client.send(
      new CreateBucketCommand({ Bucket: shared, CreateBucketConfiguration: { LocationConstraint: region } }),
    );
    const kms = {
      SSEAlgorithm: "aws:kms" as const,
      KMSMasterKeyID: `arn:aws:kms:${region}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    };
    await client.send(
      new PutBucketEncryptionCommand({
        Bucket: shared,
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: kms }] },
      }),
    );
    const config = configWith({ recording: { buckets: { [region]: shared } } });

    const first = await sync({ regions: [region], config });
    expect(first.errors).toEqual([]);
    const written = first.mutating.map((entry) => entry.operation);
    expect(written).not.toContain("PutBucketOwnershipControls");
    expect(written).not.toContain("PutBucketEncryption");
    expect(first.attributes("recording-bucket", region)).not.toEqual(expect.arrayContaining(["ownership"]));

    const second = await sync({ regions: [region], config });
    expect(second.errors).toEqual([]);
    expect(second.at("recording-bucket", region).status).toBe("SYNCED");
    expect(second.mutating).toEqual([]);
    const ownership = await client.send(new GetBucketOwnershipControlsCommand({ Bucket: shared }));
    expect(ownership.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: "BucketOwnerEnforced" }]);
    const encryption = await client.send(new GetBucketEncryptionCommand({ Bucket: shared }));
    expect(
      encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault,
    ).toEqual(kms);
  });
});

describe("duplicated IVS configurations", () => {
  it("reports duplicates as drift and converges to one of each per region", async () => {
    const first = await sync();
    const duplicates: Record<string, { storage: string; encoder: string }> = {};
    for (const region of REGIONS) {
      const client = await ivs(region);
      const storage = await client.send(
        new CreateStorageConfigurationCommand({ name: STORAGE, s3: { bucketName: bucketOf(region) } }),
      );
      const encoder = await client.send(
        new CreateEncoderConfigurationCommand({
          name: ENCODER,
          video: DEFAULT_VIDEO,
          tags: yoloTags(ENV, APP, ENCODER),
        }),
      );
      duplicates[region] = {
        storage: storage.storageConfiguration!.arn!,
        encoder: encoder.encoderConfiguration!.arn!,
      };
    }

    const plan = await sync({ dryRun: true });
    expect(plan.mutating).toEqual([]);
    for (const region of REGIONS) {
      expect(plan.at("storage-configuration", region)).toMatchObject({
        status: "WOULD_SYNC",
        changes: [{ attribute: "duplicates", from: [duplicates[region].storage], to: [] }],
      });
      expect(plan.at("encoder-configuration", region).status).toBe("WOULD_SYNC");
    }

    const run = await sync();
    expect(run.errors).toEqual([]);
    for (const region of REGIONS) {
      // The untagged duplicate goes; of two tagged encoders the smallest ARN stays.
      const keptStorage = first.outputs[region]["storage-configuration"]?.storageConfigurationArn;
      expect((await storageConfigurations(region)).map((c) => c.arn)).toEqual([keptStorage]);
      const encoders = [
        first.outputs[region]["encoder-configuration"]?.encoderConfigurationArn as string,
        duplicates[region].encoder,
      ];
      const keptEncoder = [...encoders].sort()[0];
      expect((await encoderConfigurations(region)).map((c) => c.arn)).toEqual([keptEncoder]);
      expect(run.outputs[region]["encoder-configuration"]?.encoderConfigurationArn).toBe(keptEncoder);
      expect(run.at("encoder-configuration", region).status).toBe("SYNCED");
    }
    const creates = run.mutating.filter((e) => e.operation.startsWith("Create"));
    expect(creates).toEqual([]);
    expect((await sync()).mutating).toEqual([]);
  });

  it("warns that the app's environment variables may hold a deleted duplicate's ARN, naming the kept and deleted ARNs", async () => {
    const region = "eu-west-1";
    const first = await sync({ regions: [region] });
    const kept = first.outputs[region]["storage-configuration"]?.storageConfigurationArn as string;
    // A racing run made a second one (untagged: it crashed before tagging) and wrote its ARN into the app.
    const raced = await (await ivs(region)).send(
      new CreateStorageConfigurationCommand({ name: STORAGE, s3: { bucketName: bucketOf(region) } }),
    );
    const deleted = raced.storageConfiguration!.arn!;
    const envWarning = (verbs: [string, string]) => ({
      region,
      step: "storage-configuration",
      message: `storage configuration ${kept} ${verbs[0]} and its duplicates named ${STORAGE} ${verbs[1]} unless a composition uses them (${deleted}): if the app's environment variables hold a deleted ARN, they must change; write them with \`yolo env ${ENV} --write .env.${ENV}\` and redeploy the app.`,
    });

    const plan = await sync({ regions: [region], dryRun: true });
    expect(plan.warnings).toEqual([envWarning(["would be kept", "would be deleted"])]);

    const run = await sync({ regions: [region] });
    expect(run.errors).toEqual([]);
    expect(run.warnings).toEqual([envWarning(["was kept", "deleted"])]);
    expect((await storageConfigurations(region)).map((c) => c.arn)).toEqual([kept]);
    // Nothing left to clean up: no warning.
    expect((await sync({ regions: [region] })).warnings).toEqual([]);
  });
});

describe("MediaConvert read access in the bucket policy", () => {
  const region = "eu-west-1";
  const roleName = names.mediaConvertRole(ENV, APP);
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/${roleName}`;
  const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: "mediaconvert.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  });
  const createRole = async () =>
    (await handle.clients.iam("us-east-1")).send(
      new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust }),
    );

  it("leaves MediaConvertRead out with a warning until the role exists, then adds it", async () => {
    const config = configWith({ mediaconvert: true });
    const first = await sync({ regions: [region], config });
    expect(first.at("recording-bucket", region).status).toBe("CREATED");
    expect(await sidsOf(region)).not.toContain("MediaConvertRead");
    expect(first.warnings).toEqual([
      {
        region,
        step: "recording-bucket",
        message: `MediaConvert role ${roleName} does not exist yet: the bucket policy leaves out MediaConvertRead. Run \`yolo sync:iam ${ENV}\` (or \`yolo sync ${ENV}\`) to add it.`,
      },
    ]);

    await createRole();
    const second = await sync({ regions: [region], config });
    expect(second.warnings).toEqual([]);
    expect(second.at("recording-bucket", region).changes).toEqual([
      {
        attribute: "policy.MediaConvertRead",
        from: null,
        to: expect.objectContaining({ Principal: { AWS: roleArn } }),
      },
    ]);
    expect(await sidsOf(region)).toContain("MediaConvertRead");
  });

  it("retries a policy that S3 refuses until a just-created role becomes visible", async () => {
    // Stands in for the IAM step of the same run: it reports the role, which S3 does not know yet.
    const iamStep: ResourceStep<undefined> = {
      id: "mediaconvert-role",
      description: "Sync MediaConvert role",
      scope: "global",
      dependsOn: [],
      gate: () => ({ enabled: true }),
      read: async () => undefined,
      plan: () => ({
        status: "CREATED",
        resource: roleName,
        changes: [],
        outputs: { roleArn, roleExists: true },
        actions: [],
      }),
    };
    const sleeps: number[] = [];
    const retry = {
      firstDelayMs: 5,
      maxDelayMs: 5,
      // The role "propagates" while the step waits for its first retry.
      sleep: async (ms: number) => {
        sleeps.push(ms);
        if (sleeps.length === 1) await createRole();
      },
    };

    const run = await sync({
      regions: [region],
      config: configWith({ mediaconvert: true }),
      steps: [iamStep, recordingBucketStep],
      retry,
    });
    expect(run.errors).toEqual([]);
    expect(run.at("recording-bucket", region).status).toBe("CREATED");
    const puts = run.mutating.filter((e) => e.operation === "PutBucketPolicy");
    expect(puts.map((e) => e.errorCode)).toEqual(["MalformedPolicy", undefined]);
    expect(sleeps).toEqual([5]);
    const statement = (await policyOf(region)).Statement.find((s) => s.Sid === "MediaConvertRead");
    expect(statement?.Principal).toEqual({ AWS: roleArn });
  });
});

describe("a role IAM has just created (the emulator's role propagation window)", () => {
  it("greenfield sync:iam then sync:recording retries the bucket policy S3 refuses until the role propagates", async () => {
    const region = "eu-west-1";
    handle.emulator.configure({ rolePropagationMs: 300 });
    try {
      const run = await sync({
        regions: [region],
        config: configWith({ mediaconvert: true }),
        steps: [mediaConvertRoleStep, ...RECORDING_STEPS],
        retry: { firstDelayMs: 50, maxDelayMs: 100, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
      });
      expect(run.errors).toEqual([]);
      expect(run.warnings).toEqual([]);
      expect(run.at("mediaconvert-role", "global").status).toBe("CREATED");
      expect(run.at("recording-bucket", region).status).toBe("CREATED");
      const puts = run.mutating.filter((e) => e.operation === "PutBucketPolicy");
      expect(puts[0]?.errorCode).toBe("MalformedPolicy");
      expect(puts.at(-1)?.errorCode).toBeUndefined();
      const statement = (await policyOf(region)).Statement.find((s) => s.Sid === "MediaConvertRead");
      expect(statement?.Principal).toEqual({
        AWS: `arn:aws:iam::${ACCOUNT}:role/${names.mediaConvertRole(ENV, APP)}`,
      });
    } finally {
      handle.emulator.configure({ rolePropagationMs: 0 });
    }
  });
});

describe("a bucket policy naming a deleted role (its unique id)", () => {
  const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
  });
  const iam = () => handle.clients.iam("us-east-1");
  const createRole = async (RoleName: string) =>
    (await iam()).send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust }));
  const deleteRole = async (RoleName: string) => (await iam()).send(new DeleteRoleCommand({ RoleName }));

  it("fails only that region, naming the foreign statement, with no write to its bucket", async () => {
    const [region, other] = ["eu-west-1", "ap-northeast-1"];
    const regions = [region, other];
    expect((await sync({ regions })).errors).toEqual([]);

    // Someone grants a partner's role read access, and drops yolo's IVS grant; the partner's role
    // is deleted later, so the policy now names its unique id.
    const partner = await createRole("partner-reader");
    const policy = await policyOf(region);
    policy.Statement = [
      ...policy.Statement.filter((s) => s.Sid !== "IVSRealtimeRecording"),
      {
        Sid: "PartnerRead",
        Effect: "Allow",
        Principal: { AWS: partner.Role!.Arn! },
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::${bucketOf(region)}/*`,
      },
    ];
    await (await s3(region)).send(
      new PutBucketPolicyCommand({ Bucket: bucketOf(region), Policy: JSON.stringify(policy) }),
    );
    await deleteRole("partner-reader");
    const stale = (await policyOf(region)).Statement.find((s) => s.Sid === "PartnerRead");
    expect(stale?.Principal).toEqual({ AWS: partner.Role!.RoleId });

    const run = await sync({ regions });
    expect(run.at("recording-bucket", region).status).toBe("FAILED");
    // The bucket's error, and its dependant held back in that region only.
    expect(run.errors.map((e) => [e.region, e.step])).toEqual([
      [region, "recording-bucket"],
      [region, "storage-configuration"],
    ]);
    const [error] = run.errors;
    expect(error!.message).toContain(`PartnerRead (${partner.Role!.RoleId})`);
    expect(error!.message).toContain("Invalid principal in policy");
    expect(run.mutating.filter((e) => e.region === region && e.service === "s3")).toEqual([]);
    expect(run.at("recording-bucket", other).status).toBe("SYNCED");
    expect(await sidsOf(region)).not.toContain("IVSRealtimeRecording");
  });

  it("repairs MediaConvertRead naming a deleted role: left out while the role is gone, its ARN once it is back", async () => {
    const region = "eu-west-1";
    const roleName = names.mediaConvertRole(ENV, APP);
    const config = configWith({ mediaconvert: true });
    const role = await createRole(roleName);
    expect((await sync({ regions: [region], config })).errors).toEqual([]);
    await deleteRole(roleName);
    const reader = () => policyOf(region).then((p) => p.Statement.find((s) => s.Sid === "MediaConvertRead"));
    expect((await reader())?.Principal).toEqual({ AWS: role.Role!.RoleId });

    const gone = await sync({ regions: [region], config });
    expect(gone.errors).toEqual([]);
    expect(gone.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining("the bucket policy leaves out MediaConvertRead"),
    ]);
    expect(await reader()).toBeUndefined();

    const back = await createRole(roleName);
    const repaired = await sync({ regions: [region], config });
    expect(repaired.errors).toEqual([]);
    expect((await reader())?.Principal).toEqual({ AWS: back.Role!.Arn });
    expect(JSON.stringify(await policyOf(region))).not.toMatch(/AROA/);
  });
});

describe("a bucket S3 has not finished creating (the propagation window)", () => {
  const quick = {
    firstDelayMs: 20,
    maxDelayMs: 40,
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  };

  it.each(["NoSuchBucket", "OperationAborted"] as const)(
    "greenfield sync retries the new bucket's writes answered %s and converges",
    async (error) => {
      handle.emulator.configure({ bucketPropagationMs: 300, bucketPropagationError: error });
      try {
        const run = await sync({ regions: ["eu-west-1"], retry: quick });
        expect(run.errors).toEqual([]);
        expect(run.at("recording-bucket", "eu-west-1").status).toBe("CREATED");
        expect(run.at("storage-configuration", "eu-west-1").status).toBe("CREATED");
        const refused = run.mutating.filter((e) => e.errorCode === error);
        expect(refused.length).toBeGreaterThan(0);
        // Every refused write was made again until it succeeded.
        for (const op of new Set(refused.map((e) => e.operation)))
          expect(run.mutating.some((e) => e.operation === op && e.errorCode === undefined)).toBe(true);
        expect(await sidsOf("eu-west-1")).toContain("IVSRealtimeRecording");
      } finally {
        handle.emulator.configure({ bucketPropagationMs: 0 });
      }
    },
  );

  // S3 may accept writes on the new bucket before IVS's own read of it (GetBucketLocation) sees it.
  const notVisible = (region: string) => ({
    service: "ivs",
    region,
    operation: "CreateStorageConfiguration",
    nth: 1,
    status: 400,
    code: "ValidationException",
    message: `S3 bucket ${bucketOf(region)} does not exist or is not in the correct region (${region})`,
  });

  it("retries CreateStorageConfiguration while IVS cannot see the bucket this run created", async () => {
    handle.emulator.addFault(notVisible("eu-west-1"));
    const run = await sync({ regions: ["eu-west-1"], retry: quick });
    expect(run.errors).toEqual([]);
    expect(run.at("storage-configuration", "eu-west-1").status).toBe("CREATED");
    const creates = run.mutating.filter((e) => e.operation === "CreateStorageConfiguration");
    expect(creates.map((e) => e.errorCode)).toEqual(["ValidationException", undefined]);
  });

  it("does not wait for a bucket made before this run that IVS cannot see: the step fails at once", async () => {
    await sync({ regions: ["eu-west-1"], steps: [recordingBucketStep] });
    handle.emulator.addFault(notVisible("eu-west-1"));
    const run = await sync({ regions: ["eu-west-1"], retry: quick });
    expect(run.at("recording-bucket", "eu-west-1").status).toBe("SYNCED");
    expect(run.at("storage-configuration", "eu-west-1").status).toBe("FAILED");
    expect(run.at("storage-configuration", "eu-west-1").error).toMatch(
      /does not exist or is not in the correct region/,
    );
    const creates = run.mutating.filter((e) => e.operation === "CreateStorageConfiguration");
    expect(creates).toHaveLength(1);
  });
});
