/**
 * IVS real-time stages, as state: CreateStage (with participant tokens and the individual
 * participant recording configuration), GetStage, ListStages and DeleteStage. No media flows;
 * stages exist so compositions have something to start on.
 */
import { randomBytes } from "node:crypto";
import { AwsError } from "../errors.js";
import type { ServiceContext } from "../types.js";
import { stopCompositionRecord } from "./ivs-compositions.js";
import { type PageInput, pageOf } from "./ivs-paging.js";
import {
  checkRegionalQuota,
  type IvsState,
  ivsArn,
  ivsState,
  nextSeq,
  requireLocalArn,
  requireRecord,
  type StageRecord,
} from "./ivs-store.js";
import { checkTags } from "./ivs-tags.js";

/** Stages per account per region (IVS real-time service quota). */
export const STAGE_QUOTA = 1000;

/**
 * The recording configuration as GetStage returns it, defaults from the model applied. An empty
 * `storageConfigurationArn` (the default) leaves individual participant recording off. CreateStage
 * declares no ResourceNotFoundException, so an unknown storage configuration is a ValidationException.
 */
function autoRecordingFrom(input: Record<string, any> | undefined, state: IvsState, context: ServiceContext) {
  const storageConfigurationArn: string = input?.storageConfigurationArn ?? "";
  if (storageConfigurationArn !== "") {
    requireLocalArn(
      storageConfigurationArn,
      "autoParticipantRecordingConfiguration.storageConfigurationArn",
      context.account,
      context.region,
    );
    if (!state.storageConfigurations[storageConfigurationArn])
      throw new AwsError(
        "ValidationException",
        `Storage configuration ${storageConfigurationArn} does not exist`,
      );
  }
  const thumbnail = input?.thumbnailConfiguration ?? {};
  return {
    storageConfigurationArn,
    mediaTypes: input?.mediaTypes ?? ["AUDIO_VIDEO"],
    thumbnailConfiguration: {
      targetIntervalSeconds: thumbnail.targetIntervalSeconds ?? 60,
      storage: thumbnail.storage ?? ["SEQUENTIAL"],
      recordingMode: thumbnail.recordingMode ?? "DISABLED",
    },
    recordingReconnectWindowSeconds: input?.recordingReconnectWindowSeconds ?? 0,
    hlsConfiguration: {
      targetSegmentDurationSeconds: input?.hlsConfiguration?.targetSegmentDurationSeconds ?? 6,
    },
    recordParticipantReplicas: input?.recordParticipantReplicas ?? true,
  };
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

/** A participant token shaped like IVS's (a JWT); nothing verifies it. */
function participantToken(
  configuration: Record<string, any>,
  stageArn: string,
  participantId: string,
  now: Date,
) {
  const duration: number = configuration.duration ?? 720;
  const capabilities: string[] = configuration.capabilities ?? ["PUBLISH", "SUBSCRIBE"];
  const expirationTime = new Date(now.getTime() + duration * 60_000);
  const claims = {
    "stage-arn": stageArn,
    "participant-id": participantId,
    "user-id": configuration.userId,
    capabilities: Object.fromEntries(capabilities.map((c) => [`allow_${c.toLowerCase()}`, true])),
    exp: Math.floor(expirationTime.getTime() / 1000),
  };
  const token = [
    base64url(JSON.stringify({ alg: "ES384", typ: "JWT" })),
    base64url(JSON.stringify(claims)),
    base64url(randomBytes(48)),
  ].join(".");
  return {
    participantId,
    token,
    userId: configuration.userId,
    attributes: configuration.attributes ?? {},
    duration,
    capabilities,
    expirationTime: expirationTime.toISOString(),
  };
}

function renderStage(record: StageRecord) {
  return {
    arn: record.arn,
    name: record.name,
    tags: { ...record.tags },
    autoParticipantRecordingConfiguration: record.autoParticipantRecordingConfiguration,
    endpoints: { ...record.endpoints },
  };
}

/** CreateStage, with the participant tokens asked for. */
export function createStage(input: Record<string, any>, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  checkTags(input.tags);
  const autoParticipantRecordingConfiguration = autoRecordingFrom(
    input.autoParticipantRecordingConfiguration,
    state,
    context,
  );
  checkRegionalQuota(Object.keys(state.stages).length, STAGE_QUOTA, "stages", context.region);
  const id = context.newId(12);
  const arn = ivsArn(context.region, context.account, "stage", id);
  const record: StageRecord = {
    seq: nextSeq(state),
    arn,
    name: input.name ?? "",
    tags: { ...(input.tags ?? {}) },
    autoParticipantRecordingConfiguration,
    endpoints: {
      events: "wss://global.events.live-video.net",
      whip: `https://${id.toLowerCase()}.global-bm.whip.live-video.net`,
      rtmp: `rtmp://${id.toLowerCase()}.global-contribute-staging.live-video.net/app/`,
      rtmps: `rtmps://${id.toLowerCase()}.global-contribute-staging.live-video.net:443/app/`,
    },
  };
  state.stages[arn] = record;
  const now = context.now();
  const participantTokens = ((input.participantTokenConfigurations ?? []) as Record<string, any>[]).map((c) =>
    participantToken(c, arn, context.newId(12), now),
  );
  return { stage: renderStage(record), participantTokens };
}

/** GetStage. */
export function getStage(input: Record<string, any>, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  const record = requireRecord(state, "stages", input.arn, "arn", context);
  return { stage: renderStage(record) };
}

/** ListStages. */
export function listStages(input: PageInput, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  const page = pageOf(Object.values(state.stages), input, 50);
  return {
    stages: page.items.map((record) => ({ arn: record.arn, name: record.name, tags: { ...record.tags } })),
    nextToken: page.nextToken,
  };
}

/** Deleting a stage disconnects everyone, which ends the stage's compositions: they are stopped first. */
export function deleteStage(input: Record<string, any>, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  const record = requireRecord(state, "stages", input.arn, "arn", context);
  for (const composition of Object.values(state.compositions))
    if (composition.stageArn === record.arn) stopCompositionRecord(composition, context);
  delete state.stages[record.arn];
  return {};
}
