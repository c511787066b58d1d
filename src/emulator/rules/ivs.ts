/**
 * The IVS real-time input constraints the emulator checks, as AWS's model (ivs-realtime-2020-07-14)
 * states them, keyed by operation. Member paths are from the operation input; the tag operations'
 * URL label and query members (`resourceArn`, `tagKeys`) are checked under their model names.
 *
 * Left out on purpose: the tag operations' `ResourceArn` pattern, which is malformed in the model
 * (`…:[a-z-]/…` matches no real ARN) — the service checks the ARN itself. Behaviour the model states
 * only in prose (even video sizes, the pixel cap, defaults, tag prefixes, quotas) lives in the service.
 */
import type { MemberRule, OperationRules, ServiceRules } from "./validate.js";

const NAME: MemberRule = { type: "string", length: { min: 0, max: 128 }, pattern: "^[a-zA-Z0-9-_]*$" };
const BUCKET_NAME: MemberRule = {
  required: true,
  type: "string",
  length: { min: 3, max: 63 },
  pattern: "^[a-z0-9-.]+$",
};
const PAGINATION_TOKEN: MemberRule = {
  type: "string",
  length: { min: 0, max: 1024 },
  pattern: "^[a-zA-Z0-9+/=_-]*$",
};
const MAX_RESULTS: MemberRule = { type: "integer", range: { min: 1, max: 100 } };
const ATTRIBUTE_KEY: MemberRule = {
  type: "string",
  length: { min: 0, max: 128 },
  pattern: "^[a-zA-Z0-9-_]*$",
};
const THUMBNAIL_INTERVAL: MemberRule = { type: "integer", range: { min: 1, max: 86400 } };
const THUMBNAIL_STORAGE_LIST: MemberRule = { type: "list", length: { min: 0, max: 2 } };
const THUMBNAIL_STORAGE: MemberRule = { enum: ["SEQUENTIAL", "LATEST"] };
const VIDEO_FILL_MODE: MemberRule = { enum: ["FILL", "COVER", "CONTAIN"] };
const GRID_GAP: MemberRule = { type: "integer", range: { min: 0 } };

function arnOf(resource: string, required = true): MemberRule {
  return {
    ...(required ? { required: true } : {}),
    type: "string",
    length: { min: 1, max: 128 },
    pattern: `^arn:aws:ivs:[a-z0-9-]+:[0-9]+:${resource}/[a-zA-Z0-9-]+$`,
  };
}

/** The `Tags` map under `path` (tags, at most 50; keys 1–128, values up to 256 characters). */
function tagsAt(path: string, required = false): OperationRules {
  return {
    [path]: { ...(required ? { required: true } : {}), type: "map", length: { min: 0, max: 50 } },
    [`${path}{key}`]: { type: "string", length: { min: 1, max: 128 } },
    [`${path}{}`]: { type: "string", length: { max: 256 } },
  };
}

function byArn(resource: string): OperationRules {
  return { arn: arnOf(resource) };
}

const LIST: OperationRules = { nextToken: PAGINATION_TOKEN, maxResults: MAX_RESULTS };

const RESOURCE_ARN: MemberRule = { required: true, type: "string", length: { min: 1, max: 128 } };

export const ivsRules: ServiceRules = {
  CreateStorageConfiguration: {
    name: NAME,
    s3: { required: true, type: "structure" },
    "s3.bucketName": BUCKET_NAME,
    ...tagsAt("tags"),
  },
  GetStorageConfiguration: byArn("storage-configuration"),
  ListStorageConfigurations: LIST,
  DeleteStorageConfiguration: byArn("storage-configuration"),

  CreateEncoderConfiguration: {
    name: NAME,
    video: { type: "structure" },
    "video.width": { type: "integer", range: { min: 2, max: 1920 } },
    "video.height": { type: "integer", range: { min: 2, max: 1920 } },
    "video.framerate": { type: "float", range: { min: 1, max: 60 } },
    "video.bitrate": { type: "integer", range: { min: 1, max: 8500000 } },
    ...tagsAt("tags"),
  },
  GetEncoderConfiguration: byArn("encoder-configuration"),
  ListEncoderConfigurations: LIST,
  DeleteEncoderConfiguration: byArn("encoder-configuration"),

  TagResource: { resourceArn: RESOURCE_ARN, ...tagsAt("tags", true) },
  UntagResource: {
    resourceArn: RESOURCE_ARN,
    tagKeys: { required: true, type: "list", length: { min: 0, max: 50 } },
    "tagKeys[]": { type: "string", length: { min: 1, max: 128 } },
  },
  ListTagsForResource: { resourceArn: RESOURCE_ARN },

  CreateStage: {
    name: NAME,
    participantTokenConfigurations: { type: "list", length: { min: 0, max: 12 } },
    "participantTokenConfigurations[].duration": { type: "integer", range: { min: 1, max: 20160 } },
    "participantTokenConfigurations[].userId": { type: "string", length: { min: 0, max: 128 } },
    "participantTokenConfigurations[].attributes": { type: "map" },
    "participantTokenConfigurations[].capabilities": { type: "list", length: { min: 0, max: 2 } },
    "participantTokenConfigurations[].capabilities[]": { enum: ["PUBLISH", "SUBSCRIBE"] },
    ...tagsAt("tags"),
    autoParticipantRecordingConfiguration: { type: "structure" },
    "autoParticipantRecordingConfiguration.storageConfigurationArn": {
      required: true,
      type: "string",
      length: { min: 0, max: 128 },
      pattern: "^^$|^arn:aws:ivs:[a-z0-9-]+:[0-9]+:storage-configuration/[a-zA-Z0-9-]+$$",
    },
    "autoParticipantRecordingConfiguration.mediaTypes": { type: "list", length: { min: 0, max: 1 } },
    "autoParticipantRecordingConfiguration.mediaTypes[]": { enum: ["AUDIO_VIDEO", "AUDIO_ONLY", "NONE"] },
    "autoParticipantRecordingConfiguration.thumbnailConfiguration.targetIntervalSeconds": THUMBNAIL_INTERVAL,
    "autoParticipantRecordingConfiguration.thumbnailConfiguration.storage": THUMBNAIL_STORAGE_LIST,
    "autoParticipantRecordingConfiguration.thumbnailConfiguration.storage[]": THUMBNAIL_STORAGE,
    "autoParticipantRecordingConfiguration.thumbnailConfiguration.recordingMode": {
      enum: ["INTERVAL", "DISABLED"],
    },
    "autoParticipantRecordingConfiguration.recordingReconnectWindowSeconds": {
      type: "integer",
      range: { min: 0, max: 300 },
    },
    "autoParticipantRecordingConfiguration.hlsConfiguration.targetSegmentDurationSeconds": {
      type: "integer",
      range: { min: 2, max: 10 },
    },
  },
  GetStage: byArn("stage"),
  ListStages: LIST,
  DeleteStage: byArn("stage"),

  StartComposition: {
    stageArn: arnOf("stage"),
    idempotencyToken: { type: "string", length: { min: 1, max: 64 }, pattern: "^[a-zA-Z0-9-_]*$" },
    "layout.grid.featuredParticipantAttribute": ATTRIBUTE_KEY,
    "layout.grid.omitStoppedVideo": { type: "boolean" },
    "layout.grid.videoAspectRatio": { enum: ["AUTO", "VIDEO", "SQUARE", "PORTRAIT"] },
    "layout.grid.videoFillMode": VIDEO_FILL_MODE,
    "layout.grid.gridGap": GRID_GAP,
    "layout.pip.featuredParticipantAttribute": ATTRIBUTE_KEY,
    "layout.pip.omitStoppedVideo": { type: "boolean" },
    "layout.pip.videoFillMode": VIDEO_FILL_MODE,
    "layout.pip.gridGap": GRID_GAP,
    "layout.pip.pipParticipantAttribute": ATTRIBUTE_KEY,
    "layout.pip.pipBehavior": { enum: ["STATIC", "DYNAMIC"] },
    "layout.pip.pipOffset": { type: "integer", range: { min: 0 } },
    "layout.pip.pipPosition": { enum: ["TOP_LEFT", "TOP_RIGHT", "BOTTOM_LEFT", "BOTTOM_RIGHT"] },
    "layout.pip.pipWidth": { type: "integer", range: { min: 1 } },
    "layout.pip.pipHeight": { type: "integer", range: { min: 1 } },
    destinations: { required: true, type: "list", length: { min: 1, max: 2 } },
    "destinations[].name": NAME,
    "destinations[].channel.channelArn": arnOf("channel"),
    "destinations[].channel.encoderConfigurationArn": arnOf("encoder-configuration", false),
    "destinations[].s3.storageConfigurationArn": arnOf("storage-configuration"),
    "destinations[].s3.encoderConfigurationArns": {
      required: true,
      type: "list",
      length: { min: 1, max: 1 },
    },
    "destinations[].s3.encoderConfigurationArns[]": arnOf("encoder-configuration", false),
    "destinations[].s3.recordingConfiguration.hlsConfiguration.targetSegmentDurationSeconds": {
      type: "integer",
      range: { min: 2, max: 10 },
    },
    "destinations[].s3.recordingConfiguration.format": { enum: ["HLS"] },
    "destinations[].s3.thumbnailConfigurations": { type: "list", length: { min: 0, max: 1 } },
    "destinations[].s3.thumbnailConfigurations[].targetIntervalSeconds": THUMBNAIL_INTERVAL,
    "destinations[].s3.thumbnailConfigurations[].storage": THUMBNAIL_STORAGE_LIST,
    "destinations[].s3.thumbnailConfigurations[].storage[]": THUMBNAIL_STORAGE,
    ...tagsAt("tags"),
  },
  GetComposition: byArn("composition"),
  StopComposition: byArn("composition"),
  ListCompositions: {
    filterByStageArn: arnOf("stage", false),
    filterByEncoderConfigurationArn: arnOf("encoder-configuration", false),
    ...LIST,
  },
};
