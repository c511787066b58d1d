/**
 * IVS real-time storage and encoder configurations: create (with the per-region quotas, the
 * same-region bucket rule and IVS's bucket-policy edit), get, list and delete (refused while a
 * composition uses the configuration). Inputs have already passed the model rules (rules/ivs.ts).
 */
import { AwsError } from "../errors.js";
import type { ServiceContext } from "../types.js";
import { addCompositeWriteStatement, removeCompositeWriteStatement } from "./ivs-bucket-policy.js";
import { type PageInput, pageOf } from "./ivs-paging.js";
import {
  type CompositionRecord,
  checkRegionalQuota,
  type EncoderConfigurationRecord,
  isCompositionLive,
  ivsArn,
  ivsState,
  nextSeq,
  requireRecord,
  type StorageConfigurationRecord,
  type Tags,
  type Video,
} from "./ivs-store.js";
import { checkTags } from "./ivs-tags.js";
import { isPropagating } from "./s3-propagation.js";
import { findBucket } from "./s3-store.js";

/** Service quotas per account per region (IVS real-time service quotas, both adjustable in AWS). */
export const STORAGE_CONFIGURATION_QUOTA = 5;
export const ENCODER_CONFIGURATION_QUOTA = 20;

/** `video` defaults, as the model documents them ("1280x720, bitrate 2500 kbps, 30 fps"). */
export const DEFAULT_VIDEO: Video = { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 };
/** Maximum total pixels of an encoder configuration (1920x1080 or 1080x1920). */
export const MAX_PIXELS = 2_073_600;

function renderStorageConfiguration(record: StorageConfigurationRecord) {
  return {
    arn: record.arn,
    name: record.name,
    s3: { bucketName: record.bucketName },
    tags: { ...record.tags },
  };
}

function renderEncoderConfiguration(record: EncoderConfigurationRecord) {
  return { arn: record.arn, name: record.name, video: { ...record.video }, tags: { ...record.tags } };
}

/**
 * The bucket must exist, belong to the caller and be in the request's region. AWS does not document
 * which error CreateStorageConfiguration gives for a missing or foreign-region bucket (IVS checks the
 * bucket's location while creating, and the recording-failure text is "S3 bucket does not exist or
 * is not in the correct region"); the emulator answers 400 ValidationException for all three cases.
 * A bucket still inside its propagation window (EmulatorSettings.bucketPropagationMs) is the first
 * case: IVS's GetBucketLocation/PutBucketPolicy on it fail as for a missing bucket. The model's
 * AccessDeniedException ("User does not have sufficient access to perform this action") is about the
 * caller's own permissions (the emulator's authorizer answers it), so it is not used here.
 */
function checkRecordingBucket(context: ServiceContext, bucketName: string): void {
  const bucket = findBucket(context.store, bucketName);
  // A bucket inside its propagation window is, to IVS's own S3 calls, one that does not exist yet.
  if (!bucket || bucket.region !== context.region || isPropagating(bucket, context))
    throw new AwsError(
      "ValidationException",
      `S3 bucket ${bucketName} does not exist or is not in the correct region (${context.region})`,
    );
  if (bucket.account !== context.account)
    throw new AwsError(
      "ValidationException",
      `S3 bucket ${bucketName} belongs to another account; IVS cannot update its bucket policy`,
    );
}

/** CreateStorageConfiguration: adds IVS's `CompositeWrite-*` statement to the bucket policy. */
export function createStorageConfiguration(input: Record<string, any>, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  const tags: Tags = input.tags ?? {};
  checkTags(tags);
  checkRegionalQuota(
    Object.keys(state.storageConfigurations).length,
    STORAGE_CONFIGURATION_QUOTA,
    "storage configurations",
    context.region,
  );
  const bucketName: string = input.s3.bucketName;
  checkRecordingBucket(context, bucketName);
  const policySid = `CompositeWrite-${context.newId(12)}`;
  addCompositeWriteStatement(context.store, bucketName, context.region, policySid, {
    store: context.store,
    rolePropagationMs: context.settings.rolePropagationMs,
    now: context.now,
  });
  const arn = ivsArn(context.region, context.account, "storage-configuration", context.newId(12));
  const record: StorageConfigurationRecord = {
    seq: nextSeq(state),
    arn,
    name: input.name ?? "",
    bucketName,
    tags: { ...tags },
    policySid,
  };
  state.storageConfigurations[arn] = record;
  return { storageConfiguration: renderStorageConfiguration(record) };
}

/** GetStorageConfiguration. */
export function getStorageConfiguration(input: Record<string, any>, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  const record = requireRecord(state, "storageConfigurations", input.arn, "arn", context);
  return { storageConfiguration: renderStorageConfiguration(record) };
}

/** ListStorageConfigurations. */
export function listStorageConfigurations(input: PageInput, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  // Default page size: "your service quota or 100, whichever is smaller".
  const page = pageOf(
    Object.values(state.storageConfigurations),
    input,
    Math.min(STORAGE_CONFIGURATION_QUOTA, 100),
  );
  return { storageConfigurations: page.items.map(renderStorageConfiguration), nextToken: page.nextToken };
}

/** The live compositions that use a configuration (its ARN in a destination). */
function compositionsUsing(
  compositions: Record<string, CompositionRecord>,
  arn: string,
  now: Date,
): CompositionRecord[] {
  return Object.values(compositions).filter(
    (composition) =>
      isCompositionLive(composition, now) &&
      composition.destinations.some((destination) => {
        const { s3, channel } = destination.configuration;
        return (
          s3?.storageConfigurationArn === arn ||
          s3?.encoderConfigurationArns?.includes(arn) ||
          channel?.encoderConfigurationArn === arn
        );
      }),
  );
}

/** 409 while a live composition (STARTING, ACTIVE or still STOPPING) uses the configuration. */
function refuseWhileInUse(
  compositions: Record<string, CompositionRecord>,
  arn: string,
  kind: string,
  now: Date,
): void {
  const users = compositionsUsing(compositions, arn, now);
  if (users.length > 0)
    throw new AwsError(
      "ConflictException",
      `${kind} ${arn} is used by composition ${users[0].arn}; stop the composition (StopComposition) and wait for it to complete before deleting`,
      409,
    );
}

/** DeleteStorageConfiguration: removes IVS's statement from the bucket policy again. */
export function deleteStorageConfiguration(input: Record<string, any>, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  const record = requireRecord(state, "storageConfigurations", input.arn, "arn", context);
  refuseWhileInUse(state.compositions, record.arn, "Storage configuration", context.now());
  if (record.policySid) removeCompositeWriteStatement(context.store, record.bucketName, record.policySid);
  delete state.storageConfigurations[record.arn];
  return {};
}

/** Apply the documented defaults, then the rules the model states only in prose (even sizes, pixel cap). */
function videoFrom(input: Partial<Video> | undefined): Video {
  const video: Video = { ...DEFAULT_VIDEO };
  for (const key of Object.keys(DEFAULT_VIDEO) as (keyof Video)[])
    if (input?.[key] !== undefined && input[key] !== null) video[key] = input[key] as number;
  for (const key of ["width", "height"] as const)
    if (video[key] % 2 !== 0)
      throw new AwsError(
        "ValidationException",
        `Value ${video[key]} at 'video.${key}' failed to satisfy constraint: Member must be an even number`,
      );
  if (video.width * video.height > MAX_PIXELS)
    throw new AwsError(
      "ValidationException",
      `Video resolution ${video.width}x${video.height} exceeds the maximum of ${MAX_PIXELS} total pixels (1920x1080 or 1080x1920)`,
    );
  return video;
}

/** CreateEncoderConfiguration. */
export function createEncoderConfiguration(input: Record<string, any>, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  const tags: Tags = input.tags ?? {};
  checkTags(tags);
  const video = videoFrom(input.video);
  checkRegionalQuota(
    Object.keys(state.encoderConfigurations).length,
    ENCODER_CONFIGURATION_QUOTA,
    "encoder configurations",
    context.region,
  );
  const arn = ivsArn(context.region, context.account, "encoder-configuration", context.newId(12));
  const record: EncoderConfigurationRecord = {
    seq: nextSeq(state),
    arn,
    name: input.name ?? "",
    video,
    tags: { ...tags },
  };
  state.encoderConfigurations[arn] = record;
  return { encoderConfiguration: renderEncoderConfiguration(record) };
}

/** GetEncoderConfiguration. */
export function getEncoderConfiguration(input: Record<string, any>, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  const record = requireRecord(state, "encoderConfigurations", input.arn, "arn", context);
  return { encoderConfiguration: renderEncoderConfiguration(record) };
}

/** ListEncoderConfigurations. */
export function listEncoderConfigurations(input: PageInput, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  const page = pageOf(Object.values(state.encoderConfigurations), input, 100);
  // The summary carries no `video`: callers must Get each one to compare settings.
  return {
    encoderConfigurations: page.items.map((record) => ({
      arn: record.arn,
      name: record.name,
      tags: { ...record.tags },
    })),
    nextToken: page.nextToken,
  };
}

/** DeleteEncoderConfiguration. */
export function deleteEncoderConfiguration(input: Record<string, any>, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  const record = requireRecord(state, "encoderConfigurations", input.arn, "arn", context);
  refuseWhileInUse(state.compositions, record.arn, "Encoder configuration", context.now());
  delete state.encoderConfigurations[record.arn];
  return {};
}
