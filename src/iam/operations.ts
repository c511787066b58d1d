/**
 * The IAM actions each SDK operation yolo sends needs, from AWS's Service Authorization
 * Reference and each operation's API reference ("Permissions"). One row per operation, named
 * `Service.Operation` after the SDK client (`S3.HeadBucket` is `HeadBucketCommand` of
 * `@aws-sdk/client-s3`); `with` lists what a request parameter adds (CreateRole with `Tags` is
 * also authorised as iam:TagRole) or, as `instead`, replaces. Resource modules declare which
 * operations they send (`CallDeclaration`, calls.ts); the policy is derived through this table.
 */

/** A request parameter that changes what an operation is authorised as. */
export type CallOption = "Tags" | "ObjectOwnership" | "VersionId";

export interface OperationActions {
  actions: readonly string[];
  /** Extra actions a parameter adds, or (`instead`) the actions it needs in place of `actions`. */
  with?: Partial<Record<CallOption, readonly string[] | { instead: readonly string[] }>>;
}

export const OPERATION_ACTIONS = {
  // S3 (the bucket's subresources are authorised by their configuration's name, not the API's).
  "S3.HeadBucket": { actions: ["s3:ListBucket"] },
  "S3.GetBucketLocation": { actions: ["s3:GetBucketLocation"] },
  "S3.GetBucketPolicy": { actions: ["s3:GetBucketPolicy"] },
  "S3.PutBucketPolicy": { actions: ["s3:PutBucketPolicy"] },
  "S3.DeleteBucketPolicy": { actions: ["s3:DeleteBucketPolicy"] },
  "S3.GetBucketOwnershipControls": { actions: ["s3:GetBucketOwnershipControls"] },
  "S3.PutBucketOwnershipControls": { actions: ["s3:PutBucketOwnershipControls"] },
  "S3.GetPublicAccessBlock": { actions: ["s3:GetBucketPublicAccessBlock"] },
  "S3.PutPublicAccessBlock": { actions: ["s3:PutBucketPublicAccessBlock"] },
  "S3.GetBucketEncryption": { actions: ["s3:GetEncryptionConfiguration"] },
  "S3.PutBucketEncryption": { actions: ["s3:PutEncryptionConfiguration"] },
  "S3.GetBucketLifecycleConfiguration": { actions: ["s3:GetLifecycleConfiguration"] },
  "S3.PutBucketLifecycleConfiguration": { actions: ["s3:PutLifecycleConfiguration"] },
  "S3.DeleteBucketLifecycle": { actions: ["s3:PutLifecycleConfiguration"] },
  "S3.GetBucketTagging": { actions: ["s3:GetBucketTagging"] },
  "S3.PutBucketTagging": { actions: ["s3:PutBucketTagging"] },
  // The `x-amz-object-ownership` header is authorised as s3:PutBucketOwnershipControls too.
  "S3.CreateBucket": {
    actions: ["s3:CreateBucket"],
    with: { ObjectOwnership: ["s3:PutBucketOwnershipControls"] },
  },
  "S3.DeleteBucket": { actions: ["s3:DeleteBucket"] },
  "S3.ListObjectVersions": { actions: ["s3:ListBucketVersions"] },
  // Each key is authorised as s3:DeleteObject, or s3:DeleteObjectVersion when it names a version.
  "S3.DeleteObjects": {
    actions: ["s3:DeleteObject"],
    with: { VersionId: { instead: ["s3:DeleteObjectVersion"] } },
  },

  // IAM
  "IAM.GetRole": { actions: ["iam:GetRole"] },
  "IAM.CreateRole": { actions: ["iam:CreateRole"], with: { Tags: ["iam:TagRole"] } },
  "IAM.TagRole": { actions: ["iam:TagRole"] },
  "IAM.UpdateAssumeRolePolicy": { actions: ["iam:UpdateAssumeRolePolicy"] },
  "IAM.ListAttachedRolePolicies": { actions: ["iam:ListAttachedRolePolicies"] },
  "IAM.AttachRolePolicy": { actions: ["iam:AttachRolePolicy"] },
  "IAM.DetachRolePolicy": { actions: ["iam:DetachRolePolicy"] },
  "IAM.ListRolePolicies": { actions: ["iam:ListRolePolicies"] },
  "IAM.DeleteRolePolicy": { actions: ["iam:DeleteRolePolicy"] },
  "IAM.DeleteRole": { actions: ["iam:DeleteRole"] },

  // IVS real-time (`ivs` is the service prefix of both IVS APIs).
  "IVSRealTime.ListStorageConfigurations": { actions: ["ivs:ListStorageConfigurations"] },
  "IVSRealTime.CreateStorageConfiguration": {
    actions: ["ivs:CreateStorageConfiguration"],
    with: { Tags: ["ivs:TagResource"] },
  },
  "IVSRealTime.DeleteStorageConfiguration": { actions: ["ivs:DeleteStorageConfiguration"] },
  "IVSRealTime.ListEncoderConfigurations": { actions: ["ivs:ListEncoderConfigurations"] },
  "IVSRealTime.GetEncoderConfiguration": { actions: ["ivs:GetEncoderConfiguration"] },
  "IVSRealTime.CreateEncoderConfiguration": {
    actions: ["ivs:CreateEncoderConfiguration"],
    with: { Tags: ["ivs:TagResource"] },
  },
  "IVSRealTime.DeleteEncoderConfiguration": { actions: ["ivs:DeleteEncoderConfiguration"] },
  "IVSRealTime.TagResource": { actions: ["ivs:TagResource"] },
  "IVSRealTime.ListCompositions": { actions: ["ivs:ListCompositions"] },
  "IVSRealTime.GetComposition": { actions: ["ivs:GetComposition"] },

  // CloudWatch Logs
  "CloudWatchLogs.DescribeLogGroups": { actions: ["logs:DescribeLogGroups"] },
  "CloudWatchLogs.ListTagsForResource": { actions: ["logs:ListTagsForResource"] },
  "CloudWatchLogs.CreateLogGroup": { actions: ["logs:CreateLogGroup"], with: { Tags: ["logs:TagResource"] } },
  "CloudWatchLogs.TagResource": { actions: ["logs:TagResource"] },
  "CloudWatchLogs.PutRetentionPolicy": { actions: ["logs:PutRetentionPolicy"] },
  "CloudWatchLogs.DeleteLogGroup": { actions: ["logs:DeleteLogGroup"] },
  "CloudWatchLogs.DescribeResourcePolicies": { actions: ["logs:DescribeResourcePolicies"] },
  "CloudWatchLogs.PutResourcePolicy": { actions: ["logs:PutResourcePolicy"] },
  "CloudWatchLogs.DeleteResourcePolicy": { actions: ["logs:DeleteResourcePolicy"] },

  // EventBridge
  "EventBridge.DescribeRule": { actions: ["events:DescribeRule"] },
  "EventBridge.ListTagsForResource": { actions: ["events:ListTagsForResource"] },
  "EventBridge.PutRule": { actions: ["events:PutRule"], with: { Tags: ["events:TagResource"] } },
  "EventBridge.TagResource": { actions: ["events:TagResource"] },
  "EventBridge.DeleteRule": { actions: ["events:DeleteRule"] },
  "EventBridge.ListTargetsByRule": { actions: ["events:ListTargetsByRule"] },
  "EventBridge.PutTargets": { actions: ["events:PutTargets"] },
  "EventBridge.RemoveTargets": { actions: ["events:RemoveTargets"] },
} as const satisfies Record<string, OperationActions>;

/** An SDK operation yolo sends (or IVS sends for it), as `Service.Operation`. */
export type SdkOperation = keyof typeof OPERATION_ACTIONS;

/** The `Service` part of an operation for each of yolo's SDK modules (src/aws/sdk/<module>.ts). */
export const SDK_MODULE_SERVICE = {
  s3: "S3",
  iam: "IAM",
  ivs: "IVSRealTime",
  logs: "CloudWatchLogs",
  events: "EventBridge",
} as const;

/** The IAM actions of one call: the operation's, changed by the options it is sent with. */
export function actionsOf(operation: SdkOperation, options: readonly CallOption[] = []): string[] {
  const row: OperationActions | undefined = OPERATION_ACTIONS[operation];
  if (!row) throw new Error(`No IAM actions are known for ${operation}: add it to OPERATION_ACTIONS`);
  let actions = [...row.actions];
  for (const option of options) {
    const change = row.with?.[option];
    if (change === undefined) throw new Error(`${operation} is not sent with ${option} differently`);
    if ("instead" in change) actions = [...change.instead];
    else actions.push(...change);
  }
  return actions;
}
