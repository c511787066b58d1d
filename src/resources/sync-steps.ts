/**
 * Which resource steps each command runs, in order. `sync` = iam → recording → logging
 * (SPEC §4); the runner orders work by each step's `dependsOn`, this order is the table's.
 */
import type { StepId } from "../engine/result.js";
import type { ResourceStep } from "../engine/step.js";
import { IVS_REALTIME_REGIONS } from "../manifest/regions.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import { encoderConfigurationStep } from "./encoder-configuration.js";
import { eventBridgeRuleStep } from "./eventbridge-rule.js";
import { eventBridgeTargetStep } from "./eventbridge-target.js";
import { loggingGate, recordingGate } from "./gates.js";
import { type LeftoverPart, leftoverSteps, searchesPart } from "./leftovers.js";
import { logGroupStep } from "./log-group.js";
import { mediaConvertRoleStep } from "./mediaconvert-role.js";
import { recordingBucketStep } from "./recording-bucket.js";
import { storageConfigurationStep } from "./storage-configuration.js";

export const SYNC_COMMANDS = ["sync", "sync:iam", "sync:recording", "sync:logging"] as const;

export type SyncCommandName = (typeof SYNC_COMMANDS)[number];

const IAM: ResourceStep<any>[] = [mediaConvertRoleStep];
const RECORDING: ResourceStep<any>[] = [
  recordingBucketStep,
  storageConfigurationStep,
  encoderConfigurationStep,
];
const LOGGING: ResourceStep<any>[] = [logGroupStep, eventBridgeRuleStep, eventBridgeTargetStep];

export function syncSteps(command: SyncCommandName): ResourceStep<any>[] {
  switch (command) {
    case "sync":
      return [...IAM, ...RECORDING, ...LOGGING];
    case "sync:iam":
      return IAM;
    case "sync:recording":
      return RECORDING;
    case "sync:logging":
      return LOGGING;
  }
}

export function stepIds(steps: ResourceStep<any>[]): Set<StepId> {
  return new Set(steps.map((step) => step.id));
}

/** The regional parts each sync command runs. */
const PARTS: Record<SyncCommandName, LeftoverPart[]> = {
  sync: ["recording", "logging"],
  "sync:iam": [],
  "sync:recording": ["recording"],
  "sync:logging": ["logging"],
};

/** What one sync run is made of: its steps over the manifest's regions, and the leftover search elsewhere. */
export interface SyncRun {
  steps: ResourceStep<any>[];
  /** The leftover steps run in the IVS regions the manifest does not list (none when empty). */
  leftovers: { steps: ResourceStep<any>[]; regions: string[] };
  /** The table's row order (the leftover steps run in destroy's order). */
  order: StepId[];
}

/**
 * The steps of a sync command for this manifest. A part the manifest switches off with `false`
 * runs as its leftover steps in the listed regions (ORPHANED where something is left); every
 * part sync searches also runs as leftover steps in each IVS real-time region the manifest does
 * not list — unless `--region` limits the run to some listed regions.
 */
export function syncRun(
  command: SyncCommandName,
  config: EnvironmentConfig,
  { regionLimited }: { regionLimited: boolean },
): SyncRun {
  const all = syncSteps(command);
  const order = all.map((step) => step.id);
  const switchedOff = (part: LeftoverPart) =>
    !(part === "recording" ? recordingGate : loggingGate)(config).enabled && searchesPart(config, part);
  const steps = [
    ...(command === "sync" || command === "sync:iam" ? IAM : []),
    ...PARTS[command].flatMap((part) =>
      switchedOff(part) ? leftoverSteps(part) : part === "recording" ? RECORDING : LOGGING,
    ),
  ];
  const searched = PARTS[command].filter((part) => searchesPart(config, part));
  const regions =
    regionLimited || searched.length === 0
      ? []
      : IVS_REALTIME_REGIONS.filter((region) => !config.regions.includes(region));
  return { steps, leftovers: { steps: searched.flatMap(leftoverSteps), regions }, order };
}
