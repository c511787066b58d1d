/**
 * Which resource steps each command runs, in order. `sync` = iam → recording → logging
 * (SPEC §4); the runner orders work by each step's `dependsOn`, this order is the table's.
 */
import type { StepId } from "../engine/result.js";
import type { ResourceStep } from "../engine/step.js";
import { encoderConfigurationStep } from "./encoder-configuration.js";
import { eventBridgeRuleStep } from "./eventbridge-rule.js";
import { eventBridgeTargetStep } from "./eventbridge-target.js";
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
