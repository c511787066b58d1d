/**
 * The IAM input constraints the emulator checks, as AWS's model (iam-2010-05-08) states them.
 * Behaviour the model does not state (case-insensitive role names, policy grammar, quotas,
 * duplicate tag keys) lives in the service (src/emulator/services/iam.ts).
 */
import type { MemberRule, OperationRules, ServiceRules } from "./validate.js";

const ROLE_NAME: MemberRule = {
  required: true,
  type: "string",
  length: { min: 1, max: 64 },
  pattern: "^[\\w+=,.@-]+$",
};
const POLICY_NAME: MemberRule = {
  required: true,
  type: "string",
  length: { min: 1, max: 128 },
  pattern: "^[\\w+=,.@-]+$",
};
const POLICY_DOCUMENT: MemberRule = {
  required: true,
  type: "string",
  length: { min: 1, max: 131072 },
  pattern: "^[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+$",
};
const POLICY_ARN: MemberRule = { required: true, type: "string", length: { min: 20, max: 2048 } };
const ROLE_DESCRIPTION: MemberRule = {
  type: "string",
  length: { min: 0, max: 1000 },
  pattern: "^[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*$",
};
const MAX_SESSION_DURATION: MemberRule = { type: "integer", range: { min: 3600, max: 43200 } };
const TAG_KEY_PATTERN = "^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+$";
const TAG_VALUE_PATTERN = "^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$";

/** `Tags` as a list of `{Key, Value}` (tagListType: 0–50 entries). */
function tagList(required: boolean): OperationRules {
  return {
    Tags: { ...(required ? { required: true } : {}), type: "list", length: { min: 0, max: 50 } },
    "Tags[].Key": { required: true, type: "string", length: { min: 1, max: 128 }, pattern: TAG_KEY_PATTERN },
    "Tags[].Value": {
      required: true,
      type: "string",
      length: { min: 0, max: 256 },
      pattern: TAG_VALUE_PATTERN,
    },
  };
}

/** `Marker` + `MaxItems` of the paginated List* operations. */
const PAGING: OperationRules = {
  Marker: { type: "string", length: { min: 1, max: 320 }, pattern: "^[\\u0020-\\u00FF]+$" },
  MaxItems: { type: "integer", range: { min: 1, max: 1000 } },
};

export const iamRules: ServiceRules = {
  CreateRole: {
    Path: {
      type: "string",
      length: { min: 1, max: 512 },
      pattern: "^(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)$",
    },
    RoleName: ROLE_NAME,
    AssumeRolePolicyDocument: POLICY_DOCUMENT,
    Description: ROLE_DESCRIPTION,
    MaxSessionDuration: MAX_SESSION_DURATION,
    PermissionsBoundary: { type: "string", length: { min: 20, max: 2048 } },
    ...tagList(false),
  },
  GetRole: { RoleName: ROLE_NAME },
  ListRoles: {
    PathPrefix: { type: "string", length: { min: 1, max: 512 }, pattern: "^\\u002F[\\u0021-\\u007F]*$" },
    ...PAGING,
  },
  DeleteRole: { RoleName: ROLE_NAME },
  UpdateAssumeRolePolicy: { RoleName: ROLE_NAME, PolicyDocument: POLICY_DOCUMENT },
  UpdateRole: {
    RoleName: ROLE_NAME,
    Description: ROLE_DESCRIPTION,
    MaxSessionDuration: MAX_SESSION_DURATION,
  },
  TagRole: { RoleName: ROLE_NAME, ...tagList(true) },
  UntagRole: {
    RoleName: ROLE_NAME,
    TagKeys: { required: true, type: "list", length: { min: 0, max: 50 } },
    "TagKeys[]": { type: "string", length: { min: 1, max: 128 }, pattern: TAG_KEY_PATTERN },
  },
  ListRoleTags: { RoleName: ROLE_NAME, ...PAGING },
  AttachRolePolicy: { RoleName: ROLE_NAME, PolicyArn: POLICY_ARN },
  DetachRolePolicy: { RoleName: ROLE_NAME, PolicyArn: POLICY_ARN },
  ListAttachedRolePolicies: {
    RoleName: ROLE_NAME,
    PathPrefix: { type: "string", length: { min: 1, max: 512 }, pattern: "^((/[A-Za-z0-9\\.,\\+@=_-]+)*)/$" },
    ...PAGING,
  },
  PutRolePolicy: { RoleName: ROLE_NAME, PolicyName: POLICY_NAME, PolicyDocument: POLICY_DOCUMENT },
  GetRolePolicy: { RoleName: ROLE_NAME, PolicyName: POLICY_NAME },
  DeleteRolePolicy: { RoleName: ROLE_NAME, PolicyName: POLICY_NAME },
  ListRolePolicies: { RoleName: ROLE_NAME, ...PAGING },
};
