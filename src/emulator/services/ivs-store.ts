/**
 * IVS real-time's emulated state for one account and region, and the lookups other modules (and
 * later side-effect hooks) use on it. Records keep a creation sequence number so list pages stay
 * stable while resources are created and deleted between pages.
 */
import { AwsError } from "../errors.js";
import { type EmulatorStore, regionalState } from "../state.js";

/** Resource tags, key → value. */
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
  /**
   * Where the composition is headed: ACTIVE once started, STOPPED once stopped, or FAILED. What
   * callers see is {@link compositionStateAt}: STARTING until `activeAt`, STOPPING until `stoppedAt`.
   */
  state: "ACTIVE" | "STOPPED" | "FAILED";
  /** When STARTING turns ACTIVE (EmulatorSettings.compositionStartMs; absent when that was 0). */
  activeAt?: string;
  /** When STOPPING turns STOPPED (EmulatorSettings.compositionStopMs; absent when that was 0). */
  stoppedAt?: string;
  layout: Record<string, unknown>;
  destinations: DestinationRecord[];
  tags: Tags;
  startTime?: string;
  endTime?: string;
  idempotencyToken?: string;
}

/** IVS real-time state of one account in one region. */
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

/** The ARN of an IVS real-time resource. */
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

/** The parts of an IVS real-time ARN, or undefined when it is not one. */
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

/** A storage configuration by ARN, or undefined. */
export function findStorageConfiguration(
  store: EmulatorStore,
  account: string,
  region: string,
  arn: string,
): StorageConfigurationRecord | undefined {
  return ivsState(store, account, region).storageConfigurations[arn];
}

/** An encoder configuration by ARN, or undefined. */
export function findEncoderConfiguration(
  store: EmulatorStore,
  account: string,
  region: string,
  arn: string,
): EncoderConfigurationRecord | undefined {
  return ivsState(store, account, region).encoderConfigurations[arn];
}

/** A composition by ARN, or undefined. */
export function findComposition(
  store: EmulatorStore,
  account: string,
  region: string,
  arn: string,
): CompositionRecord | undefined {
  return ivsState(store, account, region).compositions[arn];
}

/**
 * Refuse a create that would go beyond a per-account, per-region service quota (`count` records
 * exist already): 402 ServiceQuotaExceededException.
 */
export function checkRegionalQuota(count: number, quota: number, what: string, region: string): void {
  if (count >= quota)
    throw new AwsError(
      "ServiceQuotaExceededException",
      `You have reached the limit of ${quota} ${what} in ${region}`,
      402,
    );
}

/** What IVS calls each kind of record in its messages (`Storage configuration {arn} does not exist`). */
const RECORD_KINDS = {
  storageConfigurations: "Storage configuration",
  encoderConfigurations: "Encoder configuration",
  stages: "Stage",
  compositions: "Composition",
} as const;

/** The collections of records an IVS state holds, by ARN. */
export type RecordCollection = keyof typeof RECORD_KINDS;

/**
 * Look a record of `collection` up by an ARN of the request's region and account (see
 * requireLocalArn; `member` names the input field that holds the ARN); 404 when absent.
 */
export function requireRecord<C extends RecordCollection>(
  state: IvsState,
  collection: C,
  arn: string,
  member: string,
  { account, region }: { account: string; region: string },
): IvsState[C][string] {
  requireLocalArn(arn, member, account, region);
  const record = state[collection][arn] as IvsState[C][string] | undefined;
  if (!record) throw notFound(RECORD_KINDS[collection], arn);
  return record;
}

/**
 * The state a composition shows at `now`. The transient states are derived from the time, as a
 * bucket's propagation window is (s3-propagation.ts), not moved along by timers: the state is
 * then the same whichever request looks, and a persisted state file stays right across restarts.
 */
export function compositionStateAt(composition: CompositionRecord, now: Date): CompositionState {
  const before = (at: string | undefined) => at !== undefined && now.getTime() < Date.parse(at);
  if (composition.state === "ACTIVE" && before(composition.activeAt)) return "STARTING";
  if (composition.state === "STOPPED" && before(composition.stoppedAt)) return "STOPPING";
  return composition.state;
}

/** A destination's state at `now`: STARTING or STOPPING with its composition, unless it failed. */
export function destinationStateAt(
  composition: CompositionRecord,
  destination: DestinationRecord,
  now: Date,
): DestinationRecord["state"] {
  const state = compositionStateAt(composition, now);
  if (state === "STARTING" && destination.state === "ACTIVE") return "STARTING";
  if (state === "STOPPING" && destination.state === "STOPPED") return "STOPPING";
  return destination.state;
}

/**
 * A composition holds its configurations, and counts toward the quotas, until it has fully
 * stopped (or failed): STARTING, ACTIVE and STOPPING ones are live.
 */
export function isCompositionLive(composition: CompositionRecord, now: Date): boolean {
  const state = compositionStateAt(composition, now);
  return state !== "STOPPED" && state !== "FAILED";
}
