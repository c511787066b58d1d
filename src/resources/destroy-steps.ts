/**
 * Which destroy steps each command runs, in the table's order. `destroy` = logging, then
 * recording, then iam (SPEC §5); within a region the runner orders the work by `dependsOn`
 * (target → rule and log group; storage configuration → bucket).
 *
 * `destroy` follows the manifest's feature switches, as sync does, so it stays within the policy
 * `yolo iam:policy` prints; the part commands ignore them on purpose, to remove what is left of
 * a feature that was switched off.
 */
import type { Message } from "../engine/plan.js";
import type { ResourceStep } from "../engine/step.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import { destroyEncoderConfigurationStep } from "./encoder-configuration.js";
import { destroyEventBridgeRuleStep } from "./eventbridge-rule.js";
import { destroyEventBridgeTargetStep } from "./eventbridge-target.js";
import { recordingGate } from "./gates.js";
import { destroyLogGroupStep, logGroupStep } from "./log-group.js";
import { destroyMediaConvertRoleStep, mediaConvertRoleStep } from "./mediaconvert-role.js";
import { destroyRecordingBucketStep } from "./recording-bucket.js";
import { destroyStorageConfigurationStep } from "./storage-configuration.js";

export type DestroyCommandName = "destroy" | "destroy:logging" | "destroy:recording" | "destroy:iam";

export const DESTROY_COMMANDS: readonly DestroyCommandName[] = [
  "destroy",
  "destroy:logging",
  "destroy:recording",
  "destroy:iam",
];

const LOGGING: ResourceStep<any>[] = [
  destroyEventBridgeTargetStep,
  destroyEventBridgeRuleStep,
  destroyLogGroupStep,
];
const RECORDING: ResourceStep<any>[] = [
  destroyStorageConfigurationStep,
  destroyEncoderConfigurationStep,
  destroyRecordingBucketStep,
];
const IAM: ResourceStep<any>[] = [destroyMediaConvertRoleStep];

/** What a destroy run was limited to, as given on the command line. */
export interface DestroySelection {
  /** `--region` was given: the global MediaConvert role, shared by every region, is left alone. */
  regionLimited: boolean;
}

type Gate = ResourceStep["gate"];
type Part = "logging" | "recording" | "iam";

/** The sync gate that says whether the manifest turns a part on (the one `iam:policy` follows too). */
const SWITCHES: Record<Part, { feature: string; gate: Gate }> = {
  logging: { feature: "logging", gate: logGroupStep.gate },
  recording: { feature: "recording", gate: recordingGate },
  iam: { feature: "mediaconvert", gate: mediaConvertRoleStep.gate },
};

/** The step with one more condition in front of its own gate. */
function gatedBy(
  step: ResourceStep<any>,
  skip: (config: EnvironmentConfig) => Message | undefined,
): ResourceStep<any> {
  return {
    ...step,
    gate: (config) => {
      const reason = skip(config);
      return reason !== undefined ? { enabled: false, reason } : step.gate(config);
    },
  };
}

/** SKIPPED, naming the part command that removes leftovers, when the manifest switches the part off. */
function followSwitch(step: ResourceStep<any>, part: Part): ResourceStep<any> {
  const { feature, gate } = SWITCHES[part];
  return gatedBy(step, (config) =>
    gate(config).enabled
      ? undefined
      : {
          text: `${feature} is off in the manifest; {0} removes leftovers`,
          commands: [{ command: `destroy:${part}` }],
        },
  );
}

/** The role is global: a run limited to some regions must not take it from the others. */
function leaveGlobalUnderRegion(step: ResourceStep<any>, selection: DestroySelection): ResourceStep<any> {
  if (!selection.regionLimited) return step;
  return gatedBy(step, () => ({
    text: "global: not limited by --region; run {0} to remove the role",
    commands: [{ command: "destroy:iam" }],
  }));
}

const UNLIMITED: DestroySelection = { regionLimited: false };

/** The steps of one destroy command. */
export function destroySteps(
  command: DestroyCommandName,
  selection: DestroySelection = UNLIMITED,
): ResourceStep<any>[] {
  switch (command) {
    case "destroy":
      return [
        ...LOGGING.map((step) => followSwitch(step, "logging")),
        ...RECORDING.map((step) => followSwitch(step, "recording")),
        ...IAM.map((step) => leaveGlobalUnderRegion(followSwitch(step, "iam"), selection)),
      ];
    case "destroy:logging":
      return LOGGING;
    case "destroy:recording":
      return RECORDING;
    case "destroy:iam":
      return IAM;
  }
}
