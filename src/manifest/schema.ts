/**
 * The one description of the manifest keys yolo uses (SPEC §2). Two consumers read it: the
 * validator (validate.ts), which turns it into errors with positions, and the JSON Schema
 * generator (json-schema.ts), which turns it into a schema for editors. Rules that span several
 * keys (pixel count, region resolution, derived names) live in the validator only.
 */

import {
  BUCKET_NAME_MAX_LENGTH,
  BUCKET_NAME_MIN_LENGTH,
  BUCKET_NAME_PATTERN,
  bucketNameProblems,
} from "./bucket-name.js";
import { formatNumber } from "./errors.js";
import type { ManifestNode } from "./load.js";
import { IVS_REALTIME_REGIONS, LOG_RETENTION_DAYS } from "./regions.js";
import { DEFAULT_LOG_RETENTION_DAYS, DEFAULT_VIDEO } from "./types.js";

/** What to tell a user whose value has the wrong type, beyond "X is not Y". */
export type TypeHint = (found: ManifestNode, key: string) => string | undefined;

interface ShapeBase {
  /** Shown in editors (JSON Schema `description`). */
  description?: string;
  /** How the expected value is named in errors ("a quoted 12-digit string"). */
  expected?: string;
  /** Advice for a value of the wrong type. */
  hint?: TypeHint;
  /** A valid value as the user would write it (`aws: {region: us-east-1}`), for that advice when there is no `hint`. */
  example?: string;
  /** What leaving the key out means, when it has no `default` ("to keep recordings forever"). */
  whenAbsent?: string;
}

export interface StringShape extends ShapeBase {
  type: "string";
  enum?: readonly string[];
  /** Completes `"<value>" …` when the value is not in `enum` ("has no IVS real-time"). */
  notInEnum?: string;
  pattern?: RegExp;
  minLength?: number;
  maxLength?: number;
  /** Completes `"<value>" …` when the pattern or a length limit fails ("is not a valid app name"). */
  invalid?: string;
  /** The rules the value breaks, in words (for messages); defaults to none. */
  explain?: (value: string) => string[];
  /** What a valid value looks like, for the second line of an error. */
  allowed?: string;
}

export interface BooleanShape extends ShapeBase {
  type: "boolean";
  default?: boolean;
}

export interface NumberShape extends ShapeBase {
  type: "integer" | "number";
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  enum?: readonly number[];
  notInEnum?: string;
  default?: number;
}

export interface ListShape extends ShapeBase {
  type: "list";
  items: Shape;
  minItems?: number;
  uniqueItems?: boolean;
  /** Advice for an empty list. */
  whenEmpty?: string;
}

/** A map with known keys. */
export interface MapShape extends ShapeBase {
  type: "map";
  /** Where the map sits, relative to an environment, for "Allowed under …" (e.g. `aws.ivs`). */
  label: string;
  properties: Record<string, Shape>;
  required?: readonly string[];
  /** Unknown keys are errors (true under `aws.ivs`) or tolerated (other yolo features' keys). */
  closed: boolean;
  /** An example line per key, for "add it" advice on a missing required key. */
  examples?: Record<string, string>;
}

/** A map whose keys are data (environment names, regions). */
export interface RecordShape extends ShapeBase {
  type: "record";
  keys: StringShape;
  values: Shape;
  /** At least this many entries. */
  minEntries?: number;
  /** Advice for a map with too few entries. */
  whenEmpty?: string;
}

/** One of several shapes, told apart by the kind of value (`aws.ivs`: a boolean or a map). */
export interface EitherShape extends ShapeBase {
  type: "either";
  options: readonly (BooleanShape | MapShape)[];
}

export type Shape =
  | StringShape
  | BooleanShape
  | NumberShape
  | ListShape
  | MapShape
  | RecordShape
  | EitherShape;

/** App and environment names: they become part of AWS resource names. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const NAME_ALLOWED =
  "Use lowercase letters, digits and hyphens, starting with a letter or digit (it becomes part of AWS resource names).";

/** An AWS region name (any region: the home region need not have IVS). */
export const REGION_NAME_PATTERN = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;

/** IVS video limits (SPEC §4, AWS-FACTS §1.5). */
export const VIDEO_LIMITS = {
  minSide: 2,
  maxSide: 1920,
  maxPixels: 1920 * 1080,
  minFramerate: 1,
  maxFramerate: 60,
  minBitrate: 1,
  maxBitrate: 8_500_000,
} as const;

const ivsRegion = (description: string): StringShape => ({
  type: "string",
  description,
  enum: IVS_REALTIME_REGIONS,
  notInEnum: "has no IVS real-time.",
});

const side = (name: "width" | "height"): NumberShape => ({
  type: "integer",
  description: `Encoder video ${name} in pixels: even, ${VIDEO_LIMITS.minSide}–${VIDEO_LIMITS.maxSide}; width × height at most 1920×1080.`,
  minimum: VIDEO_LIMITS.minSide,
  maximum: VIDEO_LIMITS.maxSide,
  multipleOf: 2,
  default: DEFAULT_VIDEO[name],
});

const recordingMapHint: TypeHint = (found) =>
  found.kind === "scalar" && typeof found.value === "boolean"
    ? `Write recording: {real_time: ${found.value}}.`
    : "Write a map, e.g. recording: {real_time: true}.";

const regionsHint: TypeHint = (found) =>
  found.kind === "scalar" && typeof found.value === "string" && found.value !== ""
    ? `Write a list: regions: [${found.value}] (or region: ${found.value} for one region).`
    : "Write a list, e.g. regions: [us-east-1, eu-west-1].";

const accountIdHint: TypeHint = (found) => {
  if (found.kind !== "scalar" || typeof found.value !== "number") return undefined;
  const digits = Number.isInteger(found.value) && found.value >= 0 ? String(found.value) : "";
  const example = digits && digits.length <= 12 ? digits.padStart(12, "0") : "123456789012";
  return `Quote it: account-id: "${example}" (unquoted, YAML reads a number and drops leading zeros).`;
};

const video: MapShape = {
  type: "map",
  label: "aws.ivs.recording.video",
  closed: true,
  example: `video: {width: ${DEFAULT_VIDEO.width}, height: ${DEFAULT_VIDEO.height}, framerate: ${DEFAULT_VIDEO.framerate}, bitrate: ${DEFAULT_VIDEO.bitrate}}`,
  description: "Encoder video settings for composite recordings (IVS limits apply).",
  properties: {
    width: side("width"),
    height: side("height"),
    framerate: {
      type: "number",
      description: `Frames per second, ${VIDEO_LIMITS.minFramerate}–${VIDEO_LIMITS.maxFramerate}.`,
      minimum: VIDEO_LIMITS.minFramerate,
      maximum: VIDEO_LIMITS.maxFramerate,
      default: DEFAULT_VIDEO.framerate,
    },
    bitrate: {
      type: "integer",
      description: `Bits per second, ${VIDEO_LIMITS.minBitrate}–${formatNumber(VIDEO_LIMITS.maxBitrate)}.`,
      minimum: VIDEO_LIMITS.minBitrate,
      maximum: VIDEO_LIMITS.maxBitrate,
      default: DEFAULT_VIDEO.bitrate,
    },
  },
};

const bucketName: StringShape = {
  type: "string",
  description: "An S3 bucket name.",
  pattern: BUCKET_NAME_PATTERN,
  minLength: BUCKET_NAME_MIN_LENGTH,
  maxLength: BUCKET_NAME_MAX_LENGTH,
  invalid: "is not a valid S3 bucket name",
  explain: bucketNameProblems,
  allowed:
    "S3 bucket names: 3–63 characters; lowercase letters, digits, dots and hyphens; start and end with a letter or digit.",
};

const recording: MapShape = {
  type: "map",
  label: "aws.ivs.recording",
  closed: true,
  description: "IVS real-time server-side (composite) recording.",
  hint: recordingMapHint,
  properties: {
    real_time: { type: "boolean", description: "Enables sync:recording.", default: false },
    video,
    "expire-after-days": {
      type: "integer",
      description: "A lifecycle rule deletes recordings after this many days.",
      minimum: 1,
      whenAbsent: "to keep recordings forever",
    },
    buckets: {
      type: "record",
      description: "An explicit bucket name per IVS region (adopts an existing bucket).",
      example: "buckets: {us-east-1: my-existing-recordings}, an IVS region to the name of its bucket",
      keys: ivsRegion("An IVS region of this environment."),
      values: bucketName,
    },
  },
};

const ivs: MapShape = {
  type: "map",
  label: "aws.ivs",
  closed: true,
  description: "Amazon IVS real-time recording and event logging.",
  properties: {
    regions: {
      type: "list",
      description: "The IVS regions (else [region], else [aws.region]).",
      items: ivsRegion("An AWS region with IVS real-time."),
      minItems: 1,
      uniqueItems: true,
      hint: regionsHint,
      whenEmpty: "List at least one IVS real-time region, or remove regions to use region or aws.region.",
    },
    region: ivsRegion("The IVS region when regions is not set (else aws.region)."),
    logging: { type: "boolean", description: "Enables sync:logging.", default: false },
    "log-retention-days": {
      type: "integer",
      description: "CloudWatch Logs retention of the IVS event log groups.",
      enum: LOG_RETENTION_DAYS,
      notInEnum: "is not a CloudWatch retention.",
      default: DEFAULT_LOG_RETENTION_DAYS,
    },
    recording,
  },
};

const aws: MapShape = {
  type: "map",
  label: "aws",
  closed: false,
  example: "aws: {region: us-east-1}, with the environment's AWS settings under it",
  description: "AWS settings of the environment.",
  required: ["region"],
  examples: { region: "region: us-east-1" },
  properties: {
    region: {
      type: "string",
      description: "The app's home region; the IVS region when aws.ivs names none.",
      pattern: REGION_NAME_PATTERN,
      invalid: "is not an AWS region name",
      allowed: "Use an AWS region name such as us-east-1.",
    },
    "account-id": {
      type: "string",
      expected: "a quoted 12-digit string",
      description: 'The AWS account the credentials must belong to, quoted: "012345678901".',
      pattern: /^[0-9]{12}$/,
      invalid: "is not a 12-digit AWS account id",
      allowed: 'Write the 12-digit account id in quotes, e.g. account-id: "012345678901".',
      hint: accountIdHint,
    },
    mediaconvert: {
      type: "boolean",
      description: "sync:iam provisions the MediaConvert role; recording buckets grant it read.",
      default: false,
    },
    ivs: {
      type: "either",
      expected: "true, false or a map of IVS settings",
      description: "Absent or false: no IVS step runs. true: event logging only. A map: the settings below.",
      hint: () => "Write ivs: true (event logging only), ivs: false, or a map such as ivs: {logging: true}.",
      options: [{ type: "boolean" }, ivs],
    },
  },
};

const environment: MapShape = {
  type: "map",
  label: "the environment",
  closed: false,
  description: "One deployment environment.",
  required: ["aws"],
  examples: { aws: "aws: {region: us-east-1}" },
  hint: (_found, key) =>
    `Write ${key}: {aws: {region: us-east-1}}, with the environment's settings under it.`,
  properties: { aws },
};

/** The manifest (`yolo.yml`): the keys yolo uses; other yolo features' keys are tolerated. */
export const manifestShape: MapShape = {
  type: "map",
  label: "the top level",
  closed: false,
  description: "yolo manifest: the keys used for IVS real-time recording and event logging.",
  required: ["name", "environments"],
  examples: { name: "name: my-app", environments: "environments: {production: {aws: {region: us-east-1}}}" },
  hint: (found) =>
    found.kind === "scalar" && found.empty
      ? "Write a commented one with `yolo init`."
      : "A manifest is a YAML map with name and environments; `yolo init` writes one.",
  properties: {
    name: {
      type: "string",
      description: "The app name (part of every resource name).",
      pattern: NAME_PATTERN,
      invalid: "is not a valid app name",
      allowed: NAME_ALLOWED,
    },
    environments: {
      type: "record",
      minEntries: 1,
      whenEmpty: "Add one, e.g. production: {aws: {region: us-east-1}}.",
      example: "environments: {production: {aws: {region: us-east-1}}}, the environments by name",
      description: "The environments, by name.",
      keys: {
        type: "string",
        pattern: NAME_PATTERN,
        invalid: "is not a valid environment name",
        allowed: NAME_ALLOWED,
      },
      values: environment,
    },
  },
};
