/**
 * IVS real-time's emulated state for one account and region, and the lookups other modules (and
 * later side-effect hooks) use on it. Records keep a creation sequence number so list pages stay
 * stable while resources are created and deleted between pages.
 */
import { AwsError } from "../errors.js";
import { type EmulatorStore, regionalState } from "../state.js";

export type Tags = Record<string, string>;

export interface Video {
  width: number;
  height: number;
  framerate: number;
  bitrate: number;
}

export interface StorageConfigurationRecord {
  seq: number;
  arn: string;
  name: string;
  bucketName: string;
  tags: Tags;
  /** Sid of the `CompositeWrite-*` statement IVS merged into the bucket policy (removed on delete). */
  policySid?: string;
}

export interface EncoderConfigurationRecord {
  seq: number;
  arn: string;
  name: string;
  video: Video;
  tags: Tags;
}

export interface StageRecord {
  seq: number;
  arn: string;
  name: string;
  tags: Tags;
  /** As the API returns it, defaults applied. */
  autoParticipantRecordingConfiguration: Record<string, unknown>;
  endpoints: Record<string, string>;
}

export type CompositionState = "STARTING" | "ACTIVE" | "STOPPING" | "FAILED" | "STOPPED";

export interface DestinationRecord {
  id: string;
  state: "STARTING" | "ACTIVE" | "STOPPING" | "RECONNECTING" | "FAILED" | "STOPPED";
  startTime?: string;
  endTime?: string;
  /** The destination configuration as the API returns it (defaults applied). */
  configuration: Record<string, any>;
  /** For S3 destinations: `{opaque id}/{compositionId}/{destinationId}/composite`. */
  recordingPrefix?: string;
}

export interface CompositionRecord {
  seq: number;
  arn: string;
  id: string;
  stageArn: string;
  state: CompositionState;
  layout: Record<string, unknown>;
  destinations: DestinationRecord[];
  tags: Tags;
  startTime?: string;
  endTime?: string;
  idempotencyToken?: string;
}

export interface IvsState {
  /** Last creation sequence number handed out. */
  seq: number;
  /** Keyed by ARN, in creation order. */
  storageConfigurations: Record<string, StorageConfigurationRecord>;
  encoderConfigurations: Record<string, EncoderConfigurationRecord>;
  stages: Record<string, StageRecord>;
  compositions: Record<string, CompositionRecord>;
}

/** The IVS state of an account in a region (created on first use). */
export function ivsState(store: EmulatorStore, account: string, region: string): IvsState {
  return regionalState<IvsState>(store, "ivs", account, region, () => ({
    seq: 0,
    storageConfigurations: {},
    encoderConfigurations: {},
    stages: {},
    compositions: {},
  }));
}

/** The next creation sequence number. */
export function nextSeq(state: IvsState): number {
  state.seq += 1;
  return state.seq;
}

export type IvsResourceType = "storage-configuration" | "encoder-configuration" | "stage" | "composition";

export function ivsArn(region: string, account: string, type: IvsResourceType, id: string): string {
  return `arn:aws:ivs:${region}:${account}:${type}/${id}`;
}

export interface ParsedArn {
  region: string;
  account: string;
  type: string;
  id: string;
}

const ARN = /^arn:aws:ivs:([a-z0-9-]+):([0-9]+):([a-z-]+)\/([a-zA-Z0-9-]+)$/;

export function parseIvsArn(arn: string): ParsedArn | undefined {
  const match = ARN.exec(arn);
  return match ? { region: match[1], account: match[2], type: match[3], id: match[4] } : undefined;
}

/**
 * Refuse an ARN that names another region or account: this regional endpoint cannot hold it, and
 * the caller most likely built its client for the wrong region. The emulator answers
 * ValidationException (the input is wrong, not merely stale); a well-formed ARN of this region and
 * account that does not exist is the model's ResourceNotFoundException instead.
 */
export function requireLocalArn(arn: string, member: string, account: string, region: string): ParsedArn {
  const parsed = parseIvsArn(arn);
  if (!parsed)
    throw new AwsError("ValidationException", `Value '${arn}' at '${member}' is not a valid IVS ARN`);
  if (parsed.region !== region)
    throw new AwsError(
      "ValidationException",
      `The ARN ${arn} at '${member}' is in region ${parsed.region}, but the request was sent to ${region}`,
    );
  if (parsed.account !== account)
    throw new AwsError(
      "ValidationException",
      `The ARN ${arn} at '${member}' belongs to account ${parsed.account}, not to the caller's account ${account}`,
    );
  return parsed;
}

function notFound(kind: string, arn: string): AwsError {
  return new AwsError("ResourceNotFoundException", `${kind} ${arn} does not exist`, 404);
}

export function findStorageConfiguration(
  store: EmulatorStore,
  account: string,
  region: string,
  arn: string,
): StorageConfigurationRecord | undefined {
  return ivsState(store, account, region).storageConfigurations[arn];
}

export function findEncoderConfiguration(
  store: EmulatorStore,
  account: string,
  region: string,
  arn: string,
): EncoderConfigurationRecord | undefined {
  return ivsState(store, account, region).encoderConfigurations[arn];
}

export function findComposition(
  store: EmulatorStore,
  account: string,
  region: string,
  arn: string,
): CompositionRecord | undefined {
  return ivsState(store, account, region).compositions[arn];
}

/** Look a record up by an ARN of the request's region and account; 404 when absent. */
export function requireRecord<T>(
  records: Record<string, T>,
  arn: string,
  member: string,
  kind: string,
  account: string,
  region: string,
): T {
  requireLocalArn(arn, member, account, region);
  const record = records[arn];
  if (!record) throw notFound(kind, arn);
  return record;
}

/** A composition still holds its configurations until it has fully stopped (or failed). */
export function isCompositionLive(composition: CompositionRecord): boolean {
  return composition.state !== "STOPPED" && composition.state !== "FAILED";
}
