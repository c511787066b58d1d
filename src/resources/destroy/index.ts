/**
 * Which destroy steps each command runs, in the table's order. `destroy` = logging, then
 * recording, then iam (SPEC §5); within a region the runner orders the work by `dependsOn`
 * (target → rule and log group; storage configuration → bucket).
 */
import type { ResourceStep } from "../../engine/step.js";
import { destroyEncoderConfigurationStep } from "./encoder-configuration.js";
import { destroyEventBridgeRuleStep } from "./eventbridge-rule.js";
import { destroyEventBridgeTargetStep } from "./eventbridge-target.js";
import { destroyLogGroupStep } from "./log-group.js";
import { destroyMediaConvertRoleStep } from "./mediaconvert-role.js";
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

/** The steps of one destroy command. */
export function destroySteps(command: DestroyCommandName): ResourceStep<any>[] {
  switch (command) {
    case "destroy":
      return [...LOGGING, ...RECORDING, ...IAM];
    case "destroy:logging":
      return LOGGING;
    case "destroy:recording":
      return RECORDING;
    case "destroy:iam":
      return IAM;
  }
}
