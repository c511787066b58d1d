/**
 * The whole point of the tool, end to end: after `yolo sync`, an app that uses only the values
 * yolo printed starts IVS compositions, and the recordings land in each region's bucket while the
 * IVS events reach each region's log group. And when a policy in between is broken, IVS can no
 * longer write and nothing arrives. Real CLI in-process, real SDK clients, the emulator behind.
 */
import {
  DeleteResourcePolicyCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { GetCompositionCommand, StopCompositionCommand } from "@aws-sdk/client-ivs-realtime";
import {
  GetBucketPolicyCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { names } from "../../src/manifest/names.js";
import { manifestDir, yoloRun } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { APP, ENV, manifestYaml } from "../helpers/manifests.js";
import { type RecordingVars, startRecording } from "../helpers/recording.js";

const handle = useEmulator();

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const LOG_GROUP = names.logGroup(ENV, APP);
const LOGS_POLICY = names.logsResourcePolicy(ENV);
const COMPOSITION_EVENT = "IVS Composition State Change";

const MANIFEST = manifestYaml({ regions: REGIONS, logging: true, recording: true });

/** What the app reads from its .env for one region. */
interface RegionVars extends RecordingVars {
  AWS_IVS_REALTIME_RECORDINGS_BUCKET: string;
}

async function syncProduction(): Promise<Record<string, RegionVars>> {
  const dir = manifestDir(MANIFEST);
  const run = await yoloRun(handle, dir, "sync", ENV, "--json");
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout).env;
}

async function keysUnder(region: string, bucket: string, prefix = ""): Promise<string[]> {
  const s3 = await handle.clients.s3(region);
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key as string);
}

async function readObject(region: string, bucket: string, key: string): Promise<string> {
  const s3 = await handle.clients.s3(region);
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await out.Body?.transformToString()) ?? "";
}

/** The IVS events in the region's log group, as EventBridge logged them (whole event JSON). */
async function loggedEvents(region: string): Promise<Record<string, any>[]> {
  const logs = await handle.clients.logs(region);
  const out = await logs.send(new FilterLogEventsCommand({ logGroupName: LOG_GROUP }));
  return (out.events ?? []).map((event) => JSON.parse(event.message ?? "{}"));
}

describe("recordings land and events reach the logs, in every region", () => {
  it("records each region's composition into that region's bucket and logs its events there", async () => {
    const env = await syncProduction();
    expect(Object.keys(env)).toEqual(REGIONS);

    const started: Record<string, Awaited<ReturnType<typeof startRecording>>> = {};
    for (const region of REGIONS) started[region] = await startRecording(handle, region, env[region]);

    for (const region of REGIONS) {
      const bucket = env[region].AWS_IVS_REALTIME_RECORDINGS_BUCKET;
      const { prefix, arn, stageArn } = started[region];
      expect(prefix).toMatch(/^[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/composite$/);
      expect(started[region].composition.destinations?.[0]?.state).toBe("ACTIVE");

      const keys = await keysUnder(region, bucket, `${prefix}/`);
      const relative = keys.map((key) => key.slice(`${prefix}/`.length));
      expect(relative).toContain("events/recording-started.json");
      expect(relative).toContain("media/hls/multivariant.m3u8");
      const rendition = relative.find((key) => /^media\/hls\/720p30-[A-Za-z0-9]+\/playlist\.m3u8$/.test(key));
      expect(rendition, relative.join(", ")).toBeDefined();
      expect(relative).toContain(rendition?.replace("playlist.m3u8", "0.ts"));
      expect(relative).not.toContain("events/recording-ended.json");
      expect(relative).not.toContain("events/recording-failed.json");

      const metadata = JSON.parse(
        await readObject(region, bucket, `${prefix}/events/recording-started.json`),
      );
      expect(metadata).toMatchObject({
        version: "v1",
        stage_arn: stageArn,
        recording_status: "RECORDING_STARTED",
        media: {
          hls: {
            path: "media/hls",
            playlist: "multivariant.m3u8",
            renditions: [{ playlist: "playlist.m3u8", resolution_width: 1280, resolution_height: 720 }],
          },
        },
      });
      expect(Date.parse(metadata.recording_started_at)).not.toBeNaN();
      const playlist = await readObject(region, bucket, `${prefix}/${rendition}`);
      expect(playlist).toContain("#EXT-X-PLAYLIST-TYPE:EVENT");
      expect(playlist).not.toContain("#EXT-X-ENDLIST");

      const events = await loggedEvents(region);
      const names = events.map((event) => event.detail?.event_name);
      expect(names).toEqual(expect.arrayContaining(["Session Start", "Destination Start"]));
      for (const event of events) {
        expect(event).toMatchObject({
          source: "aws.ivs",
          "detail-type": COMPOSITION_EVENT,
          account: "000000000000",
          region,
          resources: [arn],
        });
        expect(event.version).toBe("0");
        expect(typeof event.id).toBe("string");
        expect(Date.parse(event.time)).not.toBeNaN();
      }
    }
  });

  it("finishes the recording on StopComposition: a VOD playlist and recording-ended.json", async () => {
    const env = await syncProduction();
    const region = "eu-west-1";
    const bucket = env[region].AWS_IVS_REALTIME_RECORDINGS_BUCKET;
    const { arn, prefix } = await startRecording(handle, region, env[region]);
    const ivs = await handle.clients.ivs(region);
    await ivs.send(new StopCompositionCommand({ arn }));

    const relative = (await keysUnder(region, bucket, `${prefix}/`)).map((k) => k.slice(`${prefix}/`.length));
    expect(relative).toContain("events/recording-ended.json");
    const ended = JSON.parse(await readObject(region, bucket, `${prefix}/events/recording-ended.json`));
    expect(ended).toMatchObject({ version: "v1", recording_status: "RECORDING_ENDED" });
    expect(Date.parse(ended.recording_ended_at)).toBeGreaterThanOrEqual(
      Date.parse(ended.recording_started_at),
    );
    const rendition = relative.find((key) => key.endsWith("/playlist.m3u8")) as string;
    const playlist = await readObject(region, bucket, `${prefix}/${rendition}`);
    expect(playlist).toContain("#EXT-X-PLAYLIST-TYPE:VOD");
    expect(playlist).toContain("#EXT-X-ENDLIST");

    // Read through the streams too, the way a person browsing the log group would.
    const logs = await handle.clients.logs(region);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: LOG_GROUP }));
    const messages: string[] = [];
    for (const stream of streams.logStreams ?? []) {
      const out = await logs.send(
        new GetLogEventsCommand({
          logGroupName: LOG_GROUP,
          logStreamName: stream.logStreamName,
          startFromHead: true,
        }),
      );
      messages.push(...(out.events ?? []).map((e) => e.message ?? ""));
    }
    const names = messages.map((m) => JSON.parse(m).detail.event_name);
    expect(names).toEqual(
      expect.arrayContaining(["Session Start", "Destination Start", "Destination End", "Session End"]),
    );
    const composition = (await ivs.send(new GetCompositionCommand({ arn }))).composition;
    expect(composition?.state).toBe("STOPPED");
    expect(composition?.destinations?.[0]?.state).toBe("STOPPED");
  });
});

describe("when a policy in between is broken, nothing arrives", () => {
  it("fails the destination and writes nothing when the bucket policy no longer lets IVS write", async () => {
    const env = await syncProduction();
    const region = "us-east-1";
    const bucket = env[region].AWS_IVS_REALTIME_RECORDINGS_BUCKET;
    const s3 = await handle.clients.s3(region);
    const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? "{}");
    const remaining = policy.Statement.filter(
      (s: { Sid?: string }) => s.Sid !== "IVSRealtimeRecording" && !s.Sid?.startsWith("CompositeWrite-"),
    );
    expect(remaining.map((s: { Sid?: string }) => s.Sid)).toEqual(["DenyInsecureTransport"]);
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({ ...policy, Statement: remaining }),
      }),
    );

    const { arn, prefix } = await startRecording(handle, region, env[region]);
    const ivs = await handle.clients.ivs(region);
    const composition = (await ivs.send(new GetCompositionCommand({ arn }))).composition;
    expect(composition?.destinations?.[0]?.state).toBe("FAILED");
    expect(composition?.state).toBe("FAILED");
    expect(await keysUnder(region, bucket)).toEqual([]);
    expect(prefix).toBeDefined();

    const events = await loggedEvents(region);
    const failure = events.find((e) => e.detail?.event_name === "Destination Failure");
    expect(failure?.resources).toEqual([arn]);
    expect(failure?.detail?.reason).toMatch(/denied/i);
    expect(events.map((e) => e.detail?.event_name)).not.toContain("Destination Start");

    // The other regions' policies are untouched: they still record.
    const other = await startRecording(handle, "eu-west-1", env["eu-west-1"]);
    const otherKeys = await keysUnder("eu-west-1", env["eu-west-1"].AWS_IVS_REALTIME_RECORDINGS_BUCKET);
    expect(otherKeys.some((k) => k.startsWith(`${other.prefix}/events/recording-started.json`))).toBe(true);

    // sync puts the grant back, and the next composition records again.
    await syncProduction();
    const again = await startRecording(handle, region, env[region]);
    expect(again.composition.destinations?.[0]?.state).toBe("ACTIVE");
    expect(await keysUnder(region, bucket, `${again.prefix}/events/`)).toEqual([
      `${again.prefix}/events/recording-started.json`,
    ]);
  });

  it("delivers no event when the Logs resource policy is gone, while recordings still land", async () => {
    const env = await syncProduction();
    const region = "ap-northeast-1";
    const logs = await handle.clients.logs(region);
    await logs.send(new DeleteResourcePolicyCommand({ policyName: LOGS_POLICY }));

    const { prefix } = await startRecording(handle, region, env[region]);
    expect(await loggedEvents(region)).toEqual([]);
    const keys = await keysUnder(region, env[region].AWS_IVS_REALTIME_RECORDINGS_BUCKET, `${prefix}/`);
    expect(keys).toContain(`${prefix}/events/recording-started.json`);

    // Another region's policy still lets EventBridge write there.
    await startRecording(handle, "us-east-1", env["us-east-1"]);
    expect((await loggedEvents("us-east-1")).length).toBeGreaterThan(0);

    await syncProduction();
    await startRecording(handle, region, env[region]);
    const events = await loggedEvents(region);
    expect(events.map((e) => e.detail?.event_name)).toEqual(
      expect.arrayContaining(["Session Start", "Destination Start"]),
    );
  });
});
