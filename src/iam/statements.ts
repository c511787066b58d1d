/**
 * The statements of yolo's IAM policy, one per service and purpose, in the order the policy
 * lists them. The Sid is the statement's name in the document; the purpose says what it is for
 * (docs/iam.md explains each in more words).
 */
export const STATEMENTS = {
  MediaConvertRole: "read, create, tag and keep the trust policy of the MediaConvert role",
  MediaConvertRoleAttachPolicies: "attach only the two AWS managed policies yolo gives the role",
  MediaConvertRoleTeardown: "detach the role's policies and delete it (destroy)",
  RecordingBuckets: "read, create and converge the recording buckets (settings, tags, policy)",
  RecordingBucketPolicyByIvs:
    "IVS reads the bucket's region and edits its policy with the caller's permissions when a storage configuration is created or deleted",
  RecordingBucketsTeardown: "count the objects in the buckets yolo made and delete them (destroy)",
  RecordingObjectsTeardown: "delete recordings, only with `destroy --delete-recordings`",
  IvsListConfigurations:
    "list storage and encoder configurations, and compositions (no resource-level permission exists)",
  IvsStorageConfigurations: "create, tag and replace storage configurations",
  IvsEncoderConfigurations: "read, create, tag and replace encoder configurations",
  IvsCompositionsTeardown:
    "read which compositions use the configurations, to wait for one that is stopping (destroy)",
  LogsAccountLevel:
    "find the log group and the environment's Logs resource policy, and write that policy (account-level calls)",
  LogsResourcePolicyTeardown:
    "delete the environment's Logs resource policy with its last log group (destroy)",
  EventLogGroups: "create, tag and set the retention of the app's log group",
  EventLogGroupsTeardown: "delete the app's log group (destroy)",
  EventBridgeRules: "read, create, tag and target the app's EventBridge rule",
  EventBridgeRulesTeardown: "remove the rule's target and delete the rule (destroy)",
  LeftoverSearch:
    "read the app's rule and log group in IVS regions the manifest no longer lists (sync reports what is left ORPHANED)",
} as const;

export type StatementSid = keyof typeof STATEMENTS;

/** The statements in policy order. */
export const STATEMENT_ORDER = Object.keys(STATEMENTS) as StatementSid[];
