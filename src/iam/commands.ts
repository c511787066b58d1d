/**
 * Which calls each command makes, from the declarations beside each resource module's code
 * (`…Calls`), turned into IAM grants through the operation table (operations.ts). A step's calls
 * count only when its gate is on (recording off → no IVS or S3 call; MediaConvert off → no IAM
 * call), for `destroy` too. Every command also opens a session with one STS GetCallerIdentity,
 * which needs no permission.
 */
import type { StepId } from "../engine/result.js";
import type { ResourceStep } from "../engine/step.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import {
  destroyEncoderConfigurationCalls,
  encoderConfigurationCalls,
  encoderConfigurationStep,
  verifyEncoderConfigurationCalls,
} from "../resources/encoder-configuration.js";
import {
  destroyEventBridgeRuleCalls,
  eventBridgeRuleCalls,
  eventBridgeRuleStep,
  verifyEventBridgeRuleCalls,
} from "../resources/eventbridge-rule.js";
import {
  destroyEventBridgeTargetCalls,
  eventBridgeTargetCalls,
  eventBridgeTargetStep,
  verifyEventBridgeTargetCalls,
} from "../resources/eventbridge-target.js";
import { type LeftoverPart, leftoverSearchCalls, PART_STEPS, searchesPart } from "../resources/leftovers.js";
import {
  destroyLogGroupCalls,
  logGroupCalls,
  logGroupStep,
  verifyLogGroupCalls,
} from "../resources/log-group.js";
import {
  destroyMediaConvertRoleCalls,
  mediaConvertRoleCalls,
  mediaConvertRoleStep,
} from "../resources/mediaconvert-role.js";
import {
  destroyRecordingBucketCalls,
  recordingBucketCalls,
  recordingBucketStep,
  verifyRecordingBucketCalls,
} from "../resources/recording-bucket.js";
import {
  destroyStorageConfigurationCalls,
  storageConfigurationCalls,
  storageConfigurationStep,
  verifyStorageConfigurationCalls,
} from "../resources/storage-configuration.js";
import { type CallDeclaration, type DeclaredCalls, grantOf } from "./calls.js";
import type { PermissionGrant, PermissionScope } from "./permissions.js";

/** The commands whose calls the policy covers. */
export type PolicyCommand = "sync" | "destroy" | "env" | "verify";

export interface StepCalls {
  id: StepId;
  /** The sync step's gate: whether the environment has this resource at all. */
  gate: ResourceStep<any>["gate"];
  sync: CallDeclaration;
  destroy: CallDeclaration;
}

/** Every resource step's declared calls, in the order their grants are listed. */
export const STEP_CALLS: readonly StepCalls[] = [
  {
    id: "mediaconvert-role",
    gate: mediaConvertRoleStep.gate,
    sync: mediaConvertRoleCalls,
    destroy: destroyMediaConvertRoleCalls,
  },
  {
    id: "recording-bucket",
    gate: recordingBucketStep.gate,
    sync: recordingBucketCalls,
    destroy: destroyRecordingBucketCalls,
  },
  {
    id: "storage-configuration",
    gate: storageConfigurationStep.gate,
    sync: storageConfigurationCalls,
    destroy: destroyStorageConfigurationCalls,
  },
  {
    id: "encoder-configuration",
    gate: encoderConfigurationStep.gate,
    sync: encoderConfigurationCalls,
    destroy: destroyEncoderConfigurationCalls,
  },
  {
    id: "log-group",
    gate: logGroupStep.gate,
    sync: logGroupCalls,
    destroy: destroyLogGroupCalls,
  },
  {
    id: "eventbridge-rule",
    gate: eventBridgeRuleStep.gate,
    sync: eventBridgeRuleCalls,
    destroy: destroyEventBridgeRuleCalls,
  },
  {
    id: "eventbridge-target",
    gate: eventBridgeTargetStep.gate,
    sync: eventBridgeTargetCalls,
    destroy: destroyEventBridgeTargetCalls,
  },
];

/** `yolo verify`'s reads (src/verify/ calls these parts of the resources' reads), per check group. */
export const VERIFY_CALLS: Readonly<Record<"recording" | "logging", readonly CallDeclaration[]>> = {
  recording: [verifyRecordingBucketCalls, verifyStorageConfigurationCalls, verifyEncoderConfigurationCalls],
  logging: [verifyLogGroupCalls, verifyEventBridgeRuleCalls, verifyEventBridgeTargetCalls],
};

/** The steps `yolo env` runs (read-only: the recording steps in dry-run). */
const ENV_STEPS: ReadonlySet<StepId> = new Set([
  "recording-bucket",
  "storage-configuration",
  "encoder-configuration",
]);

/** The calls one command makes for an environment. */
export function commandCalls(
  command: PolicyCommand,
  config: EnvironmentConfig,
  scope: PermissionScope,
): DeclaredCalls[] {
  const enabled = STEP_CALLS.filter((step) => step.gate(config).enabled);
  // A part switched off with `false`: sync looks for what it left (reads), --prune deletes it.
  const leftOver = STEP_CALLS.filter((step) => !step.gate(config).enabled && switchedOff(config, step.id));
  switch (command) {
    case "sync":
      return [
        ...enabled.flatMap((step) => step.sync(scope)),
        ...leftOver
          .flatMap((step) => step.destroy(scope))
          .filter((calls) => calls.access === "read" && !calls.onlyToDelete),
        ...leftoverSearchCalls(config, scope),
      ];
    case "destroy":
      return [...enabled, ...leftOver].flatMap((step) => step.destroy(scope));
    case "env":
      return enabled
        .filter((step) => ENV_STEPS.has(step.id))
        .flatMap((step) => step.sync(scope))
        .filter((calls) => calls.access === "read");
    case "verify": {
      const recording = config.ivsEnabled && config.recording.enabled;
      const logging = config.ivsEnabled && config.logging.enabled;
      return [...(recording ? VERIFY_CALLS.recording : []), ...(logging ? VERIFY_CALLS.logging : [])].flatMap(
        (declaration) => declaration(scope),
      );
    }
  }
}

/** The grants one command needs for an environment: its calls, as IAM actions. */
export function commandGrants(
  command: PolicyCommand,
  config: EnvironmentConfig,
  scope: PermissionScope,
): PermissionGrant[] {
  return commandCalls(command, config, scope).map(grantOf);
}

/** Whether a step belongs to a part the manifest switches off with `false` (searched for leftovers). */
function switchedOff(config: EnvironmentConfig, id: StepId): boolean {
  const part = (Object.keys(PART_STEPS) as LeftoverPart[]).find((p) => PART_STEPS[p].includes(id));
  return part !== undefined && searchesPart(config, part);
}
