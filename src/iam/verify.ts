/**
 * The IAM permissions of `yolo verify`'s reads (src/verify/): each check group's calls, gated
 * like the checks themselves. Kept here until the checks declare them beside their own code.
 */
import type { PermissionDeclaration } from "./permissions.js";
import { ANY_RESOURCE, arns } from "./resources.js";

/**
 * Recording checks: HeadBucket (s3:ListBucket) finds the bucket and its region, GetBucketLocation
 * when it is elsewhere, GetBucketPolicy to evaluate the policy; the configurations are listed and
 * the encoder's video read.
 */
export const verifyRecordingPermissions: PermissionDeclaration = (scope) => [
  {
    sid: "RecordingBuckets",
    access: "read",
    actions: ["s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketPolicy"],
    resources: arns.recordingBuckets(scope),
  },
  {
    sid: "IvsListConfigurations",
    access: "read",
    actions: ["ivs:ListStorageConfigurations", "ivs:ListEncoderConfigurations"],
    resources: [ANY_RESOURCE],
  },
  {
    sid: "IvsEncoderConfigurations",
    access: "read",
    actions: ["ivs:GetEncoderConfiguration"],
    resources: arns.encoderConfigurations(scope),
  },
];

/** Logging checks: the log group and the Logs resource policies, the rule and its targets. */
export const verifyLoggingPermissions: PermissionDeclaration = (scope) => [
  {
    sid: "LogsAccountLevel",
    access: "read",
    actions: ["logs:DescribeLogGroups", "logs:DescribeResourcePolicies"],
    resources: [ANY_RESOURCE],
  },
  {
    sid: "EventBridgeRules",
    access: "read",
    actions: ["events:DescribeRule", "events:ListTargetsByRule"],
    resources: arns.rules(scope),
  },
];
