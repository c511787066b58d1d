/**
 * IVS real-time compositions, as state: StartComposition (checks and quotas), GetComposition,
 * StopComposition and ListCompositions. A composition is STARTING for
 * `EmulatorSettings.compositionStartMs` (0: ACTIVE at once), and once stopped STOPPING for
 * `compositionStopMs` (0: STOPPED at once); both derived from the time (compositionStateAt). It
 * stays, STOPPED, after it is stopped (AWS deletes it a few minutes later; keeping it lets callers
 * see the end state). What a composition does to S3 is attached through `compositionHooks`.
 */
import { AwsError } from "../errors.js";
import type { ServiceContext } from "../types.js";
import {
  type CompositionHookContext,
  compositionHooks,
  runCompositionHooks,
} from "./ivs-composition-hooks.js";
import { type PageInput, pageOf } from "./ivs-paging.js";
import {
  type CompositionRecord,
  checkRegionalQuota,
  compositionStateAt,
  type DestinationRecord,
  destinationStateAt,
  type IvsState,
  isCompositionLive,
  ivsArn,
  ivsState,
  nextSeq,
  requireRecord,
  type Tags,
} from "./ivs-store.js";
import { checkTags } from "./ivs-tags.js";

/** Concurrent compositions per account per region, and per stage (IVS real-time service quotas). */
export const COMPOSITIONS_PER_REGION_QUOTA = 20;
export const COMPOSITIONS_PER_STAGE_QUOTA = 5;

/** Layout defaults, as the model documents them (grid when no layout is given). */
const GRID_DEFAULTS = {
  featuredParticipantAttribute: "",
  omitStoppedVideo: false,
  videoAspectRatio: "VIDEO",
  gridGap: 2,
};
const PIP_DEFAULTS = {
  featuredParticipantAttribute: "",
  omitStoppedVideo: false,
  videoFillMode: "COVER",
  gridGap: 0,
  pipParticipantAttribute: "",
  pipBehavior: "STATIC",
  pipOffset: 0,
  pipPosition: "BOTTOM_RIGHT",
};

function layoutFrom(input: Record<string, any> | undefined): Record<string, unknown> {
  const layout: Record<string, unknown> = {};
  if (input?.grid) layout.grid = { ...GRID_DEFAULTS, ...input.grid };
  if (input?.pip) layout.pip = { ...PIP_DEFAULTS, ...input.pip };
  if (!layout.grid && !layout.pip) layout.grid = { ...GRID_DEFAULTS };
  return layout;
}

/** Check one destination's references and return its configuration with the model's defaults applied. */
function destinationConfiguration(
  destination: Record<string, any>,
  index: number,
  state: IvsState,
  context: ServiceContext,
): Record<string, any> {
  const at = `destinations[${index}]`;
  if (destination.s3 && destination.channel)
    throw new AwsError("ValidationException", `${at} must have either s3 or channel, not both`);
  if (destination.channel)
    // The emulator serves no IVS low-latency channels, so no channel ARN can exist here.
    throw new AwsError(
      "ResourceNotFoundException",
      `Channel ${destination.channel.channelArn} does not exist (the emulator has no IVS low-latency channels)`,
      404,
    );
  if (!destination.s3)
    throw new AwsError("ValidationException", `${at} must have an s3 or a channel destination`);
  const s3 = destination.s3;
  requireRecord(
    state,
    "storageConfigurations",
    s3.storageConfigurationArn,
    `${at}.s3.storageConfigurationArn`,
    context,
  );
  s3.encoderConfigurationArns.forEach((arn: string, i: number) => {
    requireRecord(state, "encoderConfigurations", arn, `${at}.s3.encoderConfigurationArns[${i}]`, context);
  });
  const configuration: Record<string, any> = {
    name: destination.name ?? "",
    s3: {
      storageConfigurationArn: s3.storageConfigurationArn,
      encoderConfigurationArns: [...s3.encoderConfigurationArns],
      recordingConfiguration: {
        format: s3.recordingConfiguration?.format ?? "HLS",
        hlsConfiguration: {
          targetSegmentDurationSeconds:
            s3.recordingConfiguration?.hlsConfiguration?.targetSegmentDurationSeconds ?? 2,
        },
      },
    },
  };
  if (s3.thumbnailConfigurations)
    configuration.s3.thumbnailConfigurations = s3.thumbnailConfigurations.map(
      (thumbnail: Record<string, any>) => ({
        targetIntervalSeconds: thumbnail.targetIntervalSeconds ?? 60,
        storage: thumbnail.storage ?? ["SEQUENTIAL"],
      }),
    );
  return configuration;
}

function renderComposition(record: CompositionRecord, now: Date) {
  return {
    arn: record.arn,
    stageArn: record.stageArn,
    state: compositionStateAt(record, now),
    layout: record.layout,
    destinations: record.destinations.map((destination) => ({
      id: destination.id,
      state: destinationStateAt(record, destination, now),
      startTime: destination.startTime,
      endTime: destination.endTime,
      configuration: destination.configuration,
      ...(destination.recordingPrefix
        ? { detail: { s3: { recordingPrefix: destination.recordingPrefix } } }
        : {}),
    })),
    tags: { ...record.tags },
    startTime: record.startTime,
    endTime: record.endTime,
  };
}

function renderCompositionSummary(record: CompositionRecord, now: Date) {
  return {
    arn: record.arn,
    stageArn: record.stageArn,
    destinations: record.destinations.map((destination) => ({
      id: destination.id,
      state: destinationStateAt(record, destination, now),
      startTime: destination.startTime,
      endTime: destination.endTime,
    })),
    state: compositionStateAt(record, now),
    tags: { ...record.tags },
    startTime: record.startTime,
    endTime: record.endTime,
  };
}

/** What the composition hooks get: the composition, where it runs, and the time of the change. */
function hookContext(
  composition: CompositionRecord,
  context: ServiceContext,
  now: Date,
): CompositionHookContext {
  const { store, account, region, emitEvent } = context;
  return { store, account, region, composition, now, emitEvent };
}

/** StartComposition: a retried idempotency token returns the first call's composition. */
export function startComposition(input: Record<string, any>, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  const token: string | undefined = input.idempotencyToken;
  // A retried call with the same idempotency token gets the composition the first call made.
  const earlier = token && Object.values(state.compositions).find((c) => c.idempotencyToken === token);
  if (earlier) return { composition: renderComposition(earlier, context.now()) };

  const stage = requireRecord(state, "stages", input.stageArn, "stageArn", context);
  const tags: Tags = input.tags ?? {};
  checkTags(tags);
  const configurations = (input.destinations as Record<string, any>[]).map((destination, index) =>
    destinationConfiguration(destination, index, state, context),
  );
  const now = context.now();
  const live = Object.values(state.compositions).filter((c) => isCompositionLive(c, now));
  checkRegionalQuota(live.length, COMPOSITIONS_PER_REGION_QUOTA, "concurrent compositions", context.region);
  if (live.filter((c) => c.stageArn === stage.arn).length >= COMPOSITIONS_PER_STAGE_QUOTA)
    throw new AwsError(
      "ServiceQuotaExceededException",
      `Stage ${stage.arn} has reached the limit of ${COMPOSITIONS_PER_STAGE_QUOTA} concurrent compositions`,
      402,
    );

  const startTime = now.toISOString();
  const id = context.newId(12);
  const prefixRoot = context.newId(12);
  const destinations: DestinationRecord[] = configurations.map((configuration) => {
    const destinationId = context.newId(12);
    return {
      id: destinationId,
      state: "ACTIVE",
      startTime,
      configuration,
      recordingPrefix: configuration.s3 ? `${prefixRoot}/${id}/${destinationId}/composite` : undefined,
    };
  });
  const record: CompositionRecord = {
    seq: nextSeq(state),
    arn: ivsArn(context.region, context.account, "composition", id),
    id,
    stageArn: stage.arn,
    state: "ACTIVE",
    ...windowEnd("activeAt", context.settings.compositionStartMs, now),
    layout: layoutFrom(input.layout),
    destinations,
    tags: { ...tags },
    startTime,
    idempotencyToken: token,
  };
  state.compositions[record.arn] = record;
  // At once, not when STARTING turns ACTIVE: see stopCompositionRecord for why.
  runCompositionHooks(compositionHooks.onStart, hookContext(record, context, now));
  return { composition: renderComposition(record, now) };
}

/** `{ [field]: now + ms }` when the window is on, else nothing (the state is settled at once). */
function windowEnd<F extends "activeAt" | "stoppedAt">(
  field: F,
  ms: number,
  now: Date,
): Partial<Record<F, string>> {
  if (!(ms > 0)) return {};
  return { [field]: new Date(now.getTime() + ms).toISOString() } as Partial<Record<F, string>>;
}

/** GetComposition. */
export function getComposition(input: Record<string, any>, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  const record = requireRecord(state, "compositions", input.arn, "arn", context);
  return { composition: renderComposition(record, context.now()) };
}

/**
 * Stop a STARTING or ACTIVE composition and its destinations: STOPPING for
 * `compositionStopMs`, then STOPPED. A composition already STOPPING, STOPPED or FAILED is left
 * as it is (its window is not restarted).
 *
 * The onStop hooks run here, at the stop, not when STOPPING turns STOPPED: the states are derived
 * from the time, so no code runs at that moment, and running the hooks on whichever request
 * happens to look next (or on a timer) would make side effects depend on who reads. What they do
 * is what IVS does while STOPPING — finish the recording (`recording-ended.json`, the VOD
 * playlist) — and what they need cannot go away meanwhile: the configurations cannot be deleted
 * while the composition is STOPPING. So the one visible difference from AWS is that the
 * recording's end and the `Session End` event come at the start of the window, not at its end.
 */
export function stopCompositionRecord(record: CompositionRecord, context: ServiceContext): void {
  if (record.state !== "ACTIVE") return;
  const now = context.now();
  const endTime = now.toISOString();
  record.state = "STOPPED";
  Object.assign(record, windowEnd("stoppedAt", context.settings.compositionStopMs, now));
  record.endTime = endTime;
  for (const destination of record.destinations) {
    if (destination.state === "STOPPED" || destination.state === "FAILED") continue;
    destination.state = "STOPPED";
    destination.endTime = endTime;
  }
  runCompositionHooks(compositionHooks.onStop, hookContext(record, context, now));
}

/**
 * StopComposition (a stopped composition stays, STOPPED). Stopping one that is STOPPING, STOPPED
 * or FAILED succeeds and changes nothing [inferred: the model documents no error for it].
 */
export function stopComposition(input: Record<string, any>, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  const record = requireRecord(state, "compositions", input.arn, "arn", context);
  stopCompositionRecord(record, context);
  return {};
}

/** ListCompositions, filtered by stage or encoder configuration. */
export function listCompositions(input: Record<string, any> & PageInput, context: ServiceContext) {
  const state = ivsState(context.store, context.account, context.region);
  const matching = Object.values(state.compositions).filter(
    (record) =>
      (input.filterByStageArn === undefined || record.stageArn === input.filterByStageArn) &&
      (input.filterByEncoderConfigurationArn === undefined ||
        record.destinations.some(
          (d) =>
            d.configuration.s3?.encoderConfigurationArns?.includes(input.filterByEncoderConfigurationArn) ||
            d.configuration.channel?.encoderConfigurationArn === input.filterByEncoderConfigurationArn,
        )),
  );
  const page = pageOf(matching, input, 100);
  const now = context.now();
  return {
    compositions: page.items.map((record) => renderCompositionSummary(record, now)),
    nextToken: page.nextToken,
  };
}
