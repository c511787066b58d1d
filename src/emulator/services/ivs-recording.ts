/**
 * What an IVS real-time composition does outside IVS (AWS-FACTS §1.7, §2.1, §4.4): each S3
 * destination writes a composite recording into its storage configuration's bucket, as the
 * regional service principal `ivs-composite.{region}.amazonaws.com`, and the composition reports
 * `IVS Composition State Change` events to EventBridge's default bus.
 *
 * IVS writes only what the bucket policy lets that principal write (PutObject with the
 * `bucket-owner-full-control` ACL, over TLS) and only into a bucket of the composition's own region.
 * When it cannot, the destination FAILS, nothing lands (not even `recording-failed.json`: IVS
 * cannot write that either) and a `Destination Failure` event says why. A composition whose every
 * destination failed fails as a whole (`Session Failure`) [inferred: AWS documents Session Failure
 * for "one or more outputs failing", not the exact rule].
 *
 * Registered on `compositionHooks` when this module loads (src/emulator/index.ts imports it).
 */
import { randomUUID } from "node:crypto";
import { evaluatePolicy } from "../../aws-semantics/policy-evaluation.js";
import type { AccessRequest } from "../../aws-semantics/policy-types.js";
import type { EmulatorStore } from "../state.js";
import { deliverEvent } from "./events-delivery.js";
import { type CompositionHookContext, compositionHooks } from "./ivs-composition-hooks.js";
import {
  type CompositionRecord,
  type DestinationRecord,
  findEncoderConfiguration,
  findStorageConfiguration,
} from "./ivs-store.js";
import { findBucket, putObjectDirect } from "./s3-store.js";

export const COMPOSITION_EVENT_TYPE = "IVS Composition State Change";
/** The canned ACL IVS writes recordings with (the condition its bucket statement checks). */
export const RECORDING_ACL = "bucket-owner-full-control";

/** The service principal that writes composite recordings in a region. */
export function compositeWriter(region: string): string {
  return `ivs-composite.${region}.amazonaws.com`;
}

/** Where one S3 destination records: bucket, prefix, and the one HLS rendition. */
interface RecordingTarget {
  bucket: string;
  /** `destinations[].detail.s3.recordingPrefix` */
  prefix: string;
  /** `{height}p{fps}-{id}`, under `media/hls/`. */
  rendition: string;
  width: number;
  height: number;
  framerate: number;
  bitrate: number;
  segmentSeconds: number;
}

type Outcome = { ok: true; target: RecordingTarget } | { ok: false; reason: string };

/** A file IVS writes under the recording prefix. */
interface RecordingFile {
  key: string;
  body: string | Buffer;
  contentType: string;
}

function targetOf(context: CompositionHookContext, destination: DestinationRecord): Outcome | undefined {
  const s3 = destination.configuration.s3;
  if (!s3 || !destination.recordingPrefix) return undefined;
  const { store, account, region } = context;
  const storage = findStorageConfiguration(store, account, region, s3.storageConfigurationArn);
  if (!storage)
    return { ok: false, reason: `Storage configuration ${s3.storageConfigurationArn} does not exist` };
  const encoder = findEncoderConfiguration(store, account, region, s3.encoderConfigurationArns?.[0]);
  if (!encoder)
    return { ok: false, reason: `Encoder configuration ${s3.encoderConfigurationArns?.[0]} does not exist` };
  const { width, height, framerate, bitrate } = encoder.video;
  return {
    ok: true,
    target: {
      bucket: storage.bucketName,
      prefix: destination.recordingPrefix,
      rendition: `${height}p${Math.round(framerate)}-${destination.id}`,
      width,
      height,
      framerate,
      bitrate,
      segmentSeconds: s3.recordingConfiguration?.hlsConfiguration?.targetSegmentDurationSeconds ?? 2,
    },
  };
}

/**
 * Why IVS may not write these keys into the bucket, or undefined when it may: the bucket exists,
 * is in the composition's region, and its policy allows every PutObject.
 */
export function recordingWriteDenial(
  store: EmulatorStore,
  region: string,
  bucketName: string,
  keys: string[],
): string | undefined {
  const bucket = findBucket(store, bucketName);
  if (!bucket || bucket.region !== region)
    return `S3 bucket ${bucketName} does not exist or is not in the correct region (${region})`;
  if (bucket.policy === undefined)
    return `Access denied: the policy of S3 bucket ${bucketName} does not let ${compositeWriter(region)} write recordings (the bucket has no policy)`;
  for (const key of keys) {
    const request: AccessRequest = {
      principal: { type: "Service", id: compositeWriter(region) },
      action: "s3:PutObject",
      resource: `arn:aws:s3:::${bucketName}/${key}`,
      context: { "s3:x-amz-acl": RECORDING_ACL, "aws:SecureTransport": "true" },
    };
    let decision: string;
    try {
      decision = evaluatePolicy(bucket.policy, request).decision;
    } catch (error) {
      return `Access denied: the policy of S3 bucket ${bucketName} cannot be evaluated (${(error as Error).message})`;
    }
    if (decision !== "allow")
      return `Access denied: the policy of S3 bucket ${bucketName} does not let ${compositeWriter(region)} s3:PutObject ${key}`;
  }
  return undefined;
}

function metadata(
  context: CompositionHookContext,
  target: RecordingTarget,
  status: "RECORDING_STARTED" | "RECORDING_ENDED",
): string {
  const { composition } = context;
  const document: Record<string, unknown> = {
    version: "v1",
    stage_arn: composition.stageArn,
    recording_started_at: composition.startTime,
  };
  if (status === "RECORDING_ENDED") document.recording_ended_at = composition.endTime;
  document.recording_status = status;
  const hls: Record<string, unknown> = {};
  if (status === "RECORDING_ENDED")
    hls.duration_ms = Date.parse(composition.endTime ?? "") - Date.parse(composition.startTime ?? "");
  Object.assign(hls, {
    path: "media/hls",
    playlist: "multivariant.m3u8",
    renditions: [
      {
        path: target.rendition,
        playlist: "playlist.m3u8",
        resolution_width: target.width,
        resolution_height: target.height,
      },
    ],
  });
  document.media = { hls };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function multivariantPlaylist(target: RecordingTarget): string {
  return [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    "#EXT-X-INDEPENDENT-SEGMENTS",
    `#EXT-X-STREAM-INF:BANDWIDTH=${target.bitrate},RESOLUTION=${target.width}x${target.height},FRAME-RATE=${target.framerate.toFixed(3)},CODECS="avc1.64001f,mp4a.40.2"`,
    `${target.rendition}/playlist.m3u8`,
    "",
  ].join("\n");
}

/** The rendition playlist: `EVENT` while live, `VOD` (with ENDLIST) once the composition ended. */
function renditionPlaylist(target: RecordingTarget, type: "EVENT" | "VOD"): string {
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    `#EXT-X-TARGETDURATION:${target.segmentSeconds}`,
    "#EXT-X-MEDIA-SEQUENCE:0",
    `#EXT-X-PLAYLIST-TYPE:${type}`,
    `#EXTINF:${target.segmentSeconds.toFixed(3)},`,
    "0.ts",
  ];
  if (type === "VOD") lines.push("#EXT-X-ENDLIST");
  return `${lines.join("\n")}\n`;
}

/** One MPEG-TS packet (sync byte 0x47, null PID): a stand-in for a segment of video. */
function transportStreamSegment(): Buffer {
  const packet = Buffer.alloc(188, 0xff);
  packet.set([0x47, 0x1f, 0xff, 0x10]);
  return packet;
}

function startFiles(context: CompositionHookContext, target: RecordingTarget): RecordingFile[] {
  const rendition = `${target.prefix}/media/hls/${target.rendition}`;
  return [
    {
      key: `${target.prefix}/events/recording-started.json`,
      body: metadata(context, target, "RECORDING_STARTED"),
      contentType: "application/json",
    },
    {
      key: `${target.prefix}/media/hls/multivariant.m3u8`,
      body: multivariantPlaylist(target),
      contentType: "application/x-mpegURL",
    },
    {
      key: `${rendition}/playlist.m3u8`,
      body: renditionPlaylist(target, "EVENT"),
      contentType: "application/x-mpegURL",
    },
    { key: `${rendition}/0.ts`, body: transportStreamSegment(), contentType: "video/MP2T" },
  ];
}

function endFiles(context: CompositionHookContext, target: RecordingTarget): RecordingFile[] {
  return [
    {
      key: `${target.prefix}/media/hls/${target.rendition}/playlist.m3u8`,
      body: renditionPlaylist(target, "VOD"),
      contentType: "application/x-mpegURL",
    },
    {
      key: `${target.prefix}/events/recording-ended.json`,
      body: metadata(context, target, "RECORDING_ENDED"),
      contentType: "application/json",
    },
  ];
}

/** Write every file, or none when the bucket refuses any of them; returns the refusal. */
function writeAll(
  context: CompositionHookContext,
  target: RecordingTarget,
  files: RecordingFile[],
): string | undefined {
  const denial = recordingWriteDenial(
    context.store,
    context.region,
    target.bucket,
    files.map((file) => file.key),
  );
  if (denial) return denial;
  for (const file of files)
    putObjectDirect(context.store, target.bucket, file.key, file.body, {
      contentType: file.contentType,
      acl: RECORDING_ACL,
      writer: compositeWriter(context.region),
      now: context.now,
    });
  return undefined;
}

/** An event as IVS sends it to the default bus (times at second precision, as AWS writes them). */
function compositionEvent(
  context: CompositionHookContext,
  eventName: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": COMPOSITION_EVENT_TYPE,
    source: "aws.ivs",
    account: context.account,
    time: context.now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: context.region,
    resources: [context.composition.arn],
    detail: { event_name: eventName, ...extra },
  };
}

function emit(context: CompositionHookContext, event: Record<string, unknown>): void {
  if (context.emitEvent) context.emitEvent(event, context.account, context.region);
  else deliverEvent(context.store, context.account, context.region, event);
}

function failDestination(
  context: CompositionHookContext,
  destination: DestinationRecord,
  reason: string,
): void {
  destination.state = "FAILED";
  destination.endTime = context.now.toISOString();
  emit(context, compositionEvent(context, "Destination Failure", { id: destination.id, reason }));
}

function failComposition(context: CompositionHookContext, composition: CompositionRecord): void {
  composition.state = "FAILED";
  composition.endTime = context.now.toISOString();
  emit(
    context,
    compositionEvent(context, "Session Failure", { reason: "Every destination of the composition failed" }),
  );
}

/** StartComposition: start recording into each S3 destination's bucket, or fail the destination. */
export function startRecordings(context: CompositionHookContext): void {
  const { composition } = context;
  emit(context, compositionEvent(context, "Session Start"));
  for (const destination of composition.destinations) {
    const outcome = targetOf(context, destination);
    if (!outcome) continue;
    const denial = outcome.ok
      ? writeAll(context, outcome.target, startFiles(context, outcome.target))
      : outcome.reason;
    if (denial) failDestination(context, destination, denial);
    else emit(context, compositionEvent(context, "Destination Start", { id: destination.id }));
  }
  if (composition.destinations.every((d) => d.state === "FAILED")) failComposition(context, composition);
}

/** StopComposition (or DeleteStage): finish each recording as VOD with `recording-ended.json`. */
export function endRecordings(context: CompositionHookContext): void {
  for (const destination of context.composition.destinations) {
    if (destination.state === "FAILED") continue;
    const outcome = targetOf(context, destination);
    if (!outcome) {
      emit(context, compositionEvent(context, "Destination End", { id: destination.id }));
      continue;
    }
    const denial = outcome.ok
      ? writeAll(context, outcome.target, endFiles(context, outcome.target))
      : outcome.reason;
    if (denial) failDestination(context, destination, denial);
    else emit(context, compositionEvent(context, "Destination End", { id: destination.id }));
  }
  emit(context, compositionEvent(context, "Session End"));
}

compositionHooks.onStart.push(startRecordings);
compositionHooks.onStop.push(endRecordings);
