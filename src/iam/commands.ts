/**
 * Which permission declarations each command uses. A step's grants count only when its gate is
 * on (recording off → no IVS or S3 grant; MediaConvert off → no IAM grant), for `destroy` too.
 * Every command also opens a session with one STS GetCallerIdentity, which needs no permission.
 */
import type { StepId } from "../engine/result.js";
import type { ResourceStep } from "../engine/step.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import {
  destroyEncoderConfigurationPermissions,
  encoderConfigurationPermissions,
  encoderConfigurationStep,
} from "../resources/encoder-configuration.js";
import {
  destroyEventBridgeRulePermissions,
  eventBridgeRulePermissions,
  eventBridgeRuleStep,
} from "../resources/eventbridge-rule.js";
import {
  destroyEventBridgeTargetPermissions,
  eventBridgeTargetPermissions,
  eventBridgeTargetStep,
} from "../resources/eventbridge-target.js";
import { destroyLogGroupPermissions, logGroupPermissions, logGroupStep } from "../resources/log-group.js";
import {
  destroyMediaConvertRolePermissions,
  mediaConvertRolePermissions,
  mediaConvertRoleStep,
} from "../resources/mediaconvert-role.js";
import {
  destroyRecordingBucketPermissions,
  recordingBucketPermissions,
  recordingBucketStep,
} from "../resources/recording-bucket.js";
import {
  destroyStorageConfigurationPermissions,
  storageConfigurationPermissions,
  storageConfigurationStep,
} from "../resources/storage-configuration.js";
import type { PermissionDeclaration, PermissionGrant, PermissionScope } from "./permissions.js";
import { verifyLoggingPermissions, verifyRecordingPermissions } from "./verify.js";

/** The commands whose calls the policy covers. */
export type PolicyCommand = "sync" | "destroy" | "env" | "verify";

interface StepPermissions {
  id: StepId;
  /** The sync step's gate: whether the environment has this resource at all. */
  gate: ResourceStep<any>["gate"];
  sync: PermissionDeclaration;
  destroy: PermissionDeclaration;
}

const STEPS: StepPermissions[] = [
  {
    id: "mediaconvert-role",
    gate: mediaConvertRoleStep.gate,
    sync: mediaConvertRolePermissions,
    destroy: destroyMediaConvertRolePermissions,
  },
  {
    id: "recording-bucket",
    gate: recordingBucketStep.gate,
    sync: recordingBucketPermissions,
    destroy: destroyRecordingBucketPermissions,
  },
  {
    id: "storage-configuration",
    gate: storageConfigurationStep.gate,
    sync: storageConfigurationPermissions,
    destroy: destroyStorageConfigurationPermissions,
  },
  {
    id: "encoder-configuration",
    gate: encoderConfigurationStep.gate,
    sync: encoderConfigurationPermissions,
    destroy: destroyEncoderConfigurationPermissions,
  },
  {
    id: "log-group",
    gate: logGroupStep.gate,
    sync: logGroupPermissions,
    destroy: destroyLogGroupPermissions,
  },
  {
    id: "eventbridge-rule",
    gate: eventBridgeRuleStep.gate,
    sync: eventBridgeRulePermissions,
    destroy: destroyEventBridgeRulePermissions,
  },
  {
    id: "eventbridge-target",
    gate: eventBridgeTargetStep.gate,
    sync: eventBridgeTargetPermissions,
    destroy: destroyEventBridgeTargetPermissions,
  },
];

/** The steps `yolo env` runs (read-only: the recording steps in dry-run). */
const ENV_STEPS: ReadonlySet<StepId> = new Set([
  "recording-bucket",
  "storage-configuration",
  "encoder-configuration",
]);

/** The grants one command needs for an environment. */
export function commandGrants(
  command: PolicyCommand,
  config: EnvironmentConfig,
  scope: PermissionScope,
): PermissionGrant[] {
  const enabled = STEPS.filter((step) => step.gate(config).enabled);
  switch (command) {
    case "sync":
      return enabled.flatMap((step) => step.sync(scope));
    case "destroy":
      return enabled.flatMap((step) => step.destroy(scope));
    case "env":
      return enabled
        .filter((step) => ENV_STEPS.has(step.id))
        .flatMap((step) => step.sync(scope))
        .filter((grant) => grant.access === "read");
    case "verify": {
      const recording = config.ivsEnabled && config.recording.enabled;
      const logging = config.ivsEnabled && config.logging.enabled;
      return [
        ...(recording ? verifyRecordingPermissions(scope) : []),
        ...(logging ? verifyLoggingPermissions(scope) : []),
      ];
    }
  }
}
