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
import { type LeftoverPart, PART_STEPS, searchesPart } from "../resources/leftovers.js";
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
import { arns } from "./resources.js";
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
  // A part switched off with `false`: sync looks for what it left (reads), --prune deletes it.
  const leftOver = STEPS.filter((step) => !step.gate(config).enabled && switchedOff(config, step.id));
  switch (command) {
    case "sync":
      return [
        ...enabled.flatMap((step) => step.sync(scope)),
        ...leftOver.flatMap((step) => step.destroy(scope)).filter((grant) => grant.access === "read"),
        ...leftoverSearchGrants(config, scope),
      ];
    case "destroy":
      return [...enabled, ...leftOver].flatMap((step) => step.destroy(scope));
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

/** Whether a step belongs to a part the manifest switches off with `false` (searched for leftovers). */
function switchedOff(config: EnvironmentConfig, id: StepId): boolean {
  const part = (Object.keys(PART_STEPS) as LeftoverPart[]).find((p) => PART_STEPS[p].includes(id));
  return part !== undefined && searchesPart(config, part);
}

/**
 * The leftover search in the IVS regions the manifest does not list: the rule (and its targets
 * and tags) and the log group's tags there. Its other reads need nothing more: IVS lists and
 * DescribeLogGroups are on `*`, and the recording buckets' pattern covers every region.
 */
function leftoverSearchGrants(config: EnvironmentConfig, scope: PermissionScope): PermissionGrant[] {
  if (!searchesPart(config, "logging")) return [];
  return [
    {
      sid: "LeftoverSearch",
      access: "read",
      actions: ["events:DescribeRule", "events:ListTargetsByRule", "events:ListTagsForResource"],
      resources: arns.rulesAnyRegion(scope),
    },
    {
      sid: "LeftoverSearch",
      access: "read",
      actions: ["logs:ListTagsForResource"],
      resources: arns.logGroupsAnyRegion(scope),
    },
  ];
}
