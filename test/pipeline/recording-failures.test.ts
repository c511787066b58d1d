/**
 * How the emulated IVS behaves when it cannot write a recording (AWS-FACTS §1.6, §1.7): the
 * destination fails, nothing lands, and the composition says so through its state and its
 * events. Set up directly with the SDK, without yolo, so each case is exactly one broken thing.
 */
import {
  CreateLogGroupCommand,
  FilterLogEventsCommand,
  PutResourcePolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import {
  CreateEncoderConfigurationCommand,
  CreateStageCommand,
  CreateStorageConfigurationCommand,
  GetCompositionCommand,
  StartCompositionCommand,
  StopCompositionCommand,
} from "@aws-sdk/client-ivs-realtime";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketPolicyCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { eventsToLogGroupPolicy } from "../helpers/policies.js";

const handle = useEmulator();
const REGION = "eu-central-1";
const LOG_GROUP = "/aws/ivs/recording-failures";

/** A bucket with IVS's own statement (added by CreateStorageConfiguration), and an encoder. */
async function recordingSetup(bucket: string) {
  const s3 = await handle.clients.s3(REGION);
  const ivs = await handle.clients.ivs(REGION);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const storage = await ivs.send(
    new CreateStorageConfigurationCommand({ name: bucket, s3: { bucketName: bucket } }),
  );
  return storage.storageConfiguration?.arn as string;
}

async function encoder(): Promise<string> {
  const ivs = await handle.clients.ivs(REGION);
  const out = await ivs.send(
    new CreateEncoderConfigurationCommand({
      name: "enc",
      video: { width: 1920, height: 1080, framerate: 60, bitrate: 6_000_000 },
    }),
  );
  return out.encoderConfiguration?.arn as string;
}

/** A rule catching IVS events into a log group EventBridge may write to. */
async function logIvsEvents(): Promise<void> {
  const logs = await handle.clients.logs(REGION);
  const events = await handle.clients.events(REGION);
  await logs.send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }));
  await logs.send(
    new PutResourcePolicyCommand({
      policyName: "events-to-logs",
      policyDocument: eventsToLogGroupPolicy(REGION, LOG_GROUP),
    }),
  );
  await events.send(
    new PutRuleCommand({ Name: "ivs", EventPattern: JSON.stringify({ source: ["aws.ivs"] }) }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: "ivs",
      Targets: [{ Id: "logs", Arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP}` }],
    }),
  );
}

async function eventNames(): Promise<{ name: string; detail: Record<string, any> }[]> {
  const logs = await handle.clients.logs(REGION);
  const out = await logs.send(new FilterLogEventsCommand({ logGroupName: LOG_GROUP }));
  return (out.events ?? []).map((e) => {
    const event = JSON.parse(e.message ?? "{}");
    return { name: event.detail.event_name, detail: event.detail };
  });
}

async function start(storageArns: string[], encoderArn: string) {
  const ivs = await handle.clients.ivs(REGION);
  const stage = await ivs.send(new CreateStageCommand({}));
  const out = await ivs.send(
    new StartCompositionCommand({
      stageArn: stage.stage?.arn,
      destinations: storageArns.map((arn) => ({
        s3: { storageConfigurationArn: arn, encoderConfigurationArns: [encoderArn] },
      })),
    }),
  );
  return out.composition;
}

async function keys(bucket: string): Promise<string[]> {
  const s3 = await handle.clients.s3(REGION);
  return ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map(
    (o) => o.Key as string,
  );
}

describe("IVS composite recording into S3", () => {
  it("writes a rendition named after the encoder's video into a bucket opened by IVS's own statement", async () => {
    const storage = await recordingSetup("rec-ok");
    const composition = await start([storage], await encoder());
    const written = await keys("rec-ok");
    expect(written.some((k) => /\/media\/hls\/1080p60-[A-Za-z0-9]+\/0\.ts$/.test(k))).toBe(true);
    expect(written).toHaveLength(4);
    expect(composition?.destinations?.[0]?.state).toBe("ACTIVE");
  });

  it("fails a destination whose bucket is gone, and keeps the composition going for the other", async () => {
    await logIvsEvents();
    const gone = await recordingSetup("rec-gone");
    const kept = await recordingSetup("rec-kept");
    const s3 = await handle.clients.s3(REGION);
    await s3.send(new DeleteBucketCommand({ Bucket: "rec-gone" }));

    const composition = await start([gone, kept], await encoder());
    expect(composition?.destinations?.map((d) => d.state)).toEqual(["FAILED", "ACTIVE"]);
    expect(composition?.state).toBe("ACTIVE");
    expect((await keys("rec-kept")).length).toBe(4);

    const events = await eventNames();
    const failure = events.find((e) => e.name === "Destination Failure");
    expect(failure?.detail.id).toBe(composition?.destinations?.[0]?.id);
    expect(failure?.detail.reason).toMatch(/does not exist or is not in the correct region/);
    expect(events.filter((e) => e.name === "Destination Start").map((e) => e.detail.id)).toEqual([
      composition?.destinations?.[1]?.id,
    ]);
  });

  it("fails the destination when a Deny in the bucket policy blocks ivs-composite, even with IVS's Allow", async () => {
    const storage = await recordingSetup("rec-denied");
    const s3 = await handle.clients.s3(REGION);
    const policy = JSON.parse(
      (await s3.send(new GetBucketPolicyCommand({ Bucket: "rec-denied" }))).Policy ?? "{}",
    );
    policy.Statement.push({
      Sid: "NoServiceWrites",
      Effect: "Deny",
      Principal: { Service: `ivs-composite.${REGION}.amazonaws.com` },
      Action: "s3:PutObject",
      Resource: "arn:aws:s3:::rec-denied/*",
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: "rec-denied", Policy: JSON.stringify(policy) }));

    const composition = await start([storage], await encoder());
    expect(composition?.destinations?.[0]?.state).toBe("FAILED");
    expect(composition?.state).toBe("FAILED");
    expect(await keys("rec-denied")).toEqual([]);
  });

  it("cannot finish a recording whose bucket policy lost IVS's grant mid-way: no recording-ended.json", async () => {
    await logIvsEvents();
    const storage = await recordingSetup("rec-midway");
    const composition = await start([storage], await encoder());
    const s3 = await handle.clients.s3(REGION);
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: "rec-midway",
        Policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "ReadOnly",
              Effect: "Allow",
              Principal: { AWS: ACCOUNT },
              Action: "s3:GetObject",
              Resource: "arn:aws:s3:::rec-midway/*",
            },
          ],
        }),
      }),
    );
    const ivs = await handle.clients.ivs(REGION);
    await ivs.send(new StopCompositionCommand({ arn: composition?.arn }));

    const after = (await ivs.send(new GetCompositionCommand({ arn: composition?.arn }))).composition;
    expect(after?.destinations?.[0]?.state).toBe("FAILED");
    const written = await keys("rec-midway");
    expect(written.some((k) => k.endsWith("recording-ended.json"))).toBe(false);
    expect(written.some((k) => k.endsWith("recording-failed.json"))).toBe(false);
    expect(written.some((k) => k.endsWith("recording-started.json"))).toBe(true);
    const names = (await eventNames()).map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining(["Destination Start", "Destination Failure", "Session End"]),
    );
    expect(names).not.toContain("Destination End");
  });
});
