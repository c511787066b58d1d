/**
 * IAM enforcement of a caller's identity policy in the emulator: which IAM action on which
 * resource ARN each emulated operation needs (as AWS's Service Authorization Reference and the
 * API references state it), and an authorizer that refuses, in each protocol's AccessDenied
 * shape, any request the policy does not allow.
 *
 * Besides an operation's own action, AWS checks some more when a request carries certain
 * members (tags at create, S3 CreateBucket's ownership or ACL headers, a RoleArn that must be
 * passed), and IVS acts on the recording bucket with the caller's permissions when it creates or
 * deletes a storage configuration (AWS-FACTS §1.6): `requiredPermissions` lists them all.
 */
import { evaluateIdentityPolicies } from "../aws-semantics/policy-evaluation.js";
import type { Decision, PolicyDocument, RequestContext } from "../aws-semantics/policy-types.js";
import { AwsError } from "./errors.js";
import { formList, parseForm } from "./protocols/query.js";
import { parseJsonBody } from "./protocols/rest-json.js";
import { asArray, parseXml } from "./protocols/xml.js";
import type { RequestAuthorizer } from "./server.js";
import { findRole } from "./services/iam-store.js";
import { findStorageConfiguration } from "./services/ivs-store.js";
import { getBucketPolicy } from "./services/s3-store.js";
import { EMULATOR_USER_NAME } from "./services/sts.js";
import type { EmulatorStore } from "./state.js";
import type { EmulatorRequest } from "./types.js";

/** One IAM action on one resource, with the request's condition keys. */
export interface Permission {
  action: string;
  /** The resource ARN AWS evaluates, or `*` for actions without resource-level permission. */
  resource: string;
  context?: RequestContext;
  /** Set when a service makes the call itself with the caller's permissions. */
  onBehalfOf?: "ivs";
}

/** What AWS evaluates for actions that have no resource-level permission. */
const ANY = "*";

// ── S3 ───────────────────────────────────────────────────────────────────────────────────────

type S3Target = "account" | "bucket" | "object";

/** S3 operation → IAM action (the Get/Put/Delete of a bucket setting share the Put action). */
const S3_ACTIONS: Record<string, { action: string; on: S3Target }> = {
  ListBuckets: { action: "s3:ListAllMyBuckets", on: "account" },
  CreateBucket: { action: "s3:CreateBucket", on: "bucket" },
  HeadBucket: { action: "s3:ListBucket", on: "bucket" },
  GetBucketLocation: { action: "s3:GetBucketLocation", on: "bucket" },
  DeleteBucket: { action: "s3:DeleteBucket", on: "bucket" },
  GetBucketPolicy: { action: "s3:GetBucketPolicy", on: "bucket" },
  PutBucketPolicy: { action: "s3:PutBucketPolicy", on: "bucket" },
  DeleteBucketPolicy: { action: "s3:DeleteBucketPolicy", on: "bucket" },
  GetBucketOwnershipControls: { action: "s3:GetBucketOwnershipControls", on: "bucket" },
  PutBucketOwnershipControls: { action: "s3:PutBucketOwnershipControls", on: "bucket" },
  DeleteBucketOwnershipControls: { action: "s3:PutBucketOwnershipControls", on: "bucket" },
  GetBucketTagging: { action: "s3:GetBucketTagging", on: "bucket" },
  PutBucketTagging: { action: "s3:PutBucketTagging", on: "bucket" },
  DeleteBucketTagging: { action: "s3:PutBucketTagging", on: "bucket" },
  GetPublicAccessBlock: { action: "s3:GetBucketPublicAccessBlock", on: "bucket" },
  PutPublicAccessBlock: { action: "s3:PutBucketPublicAccessBlock", on: "bucket" },
  DeletePublicAccessBlock: { action: "s3:PutBucketPublicAccessBlock", on: "bucket" },
  GetBucketEncryption: { action: "s3:GetEncryptionConfiguration", on: "bucket" },
  PutBucketEncryption: { action: "s3:PutEncryptionConfiguration", on: "bucket" },
  DeleteBucketEncryption: { action: "s3:PutEncryptionConfiguration", on: "bucket" },
  GetBucketLifecycleConfiguration: { action: "s3:GetLifecycleConfiguration", on: "bucket" },
  PutBucketLifecycleConfiguration: { action: "s3:PutLifecycleConfiguration", on: "bucket" },
  DeleteBucketLifecycle: { action: "s3:PutLifecycleConfiguration", on: "bucket" },
  ListObjectsV2: { action: "s3:ListBucket", on: "bucket" },
  ListObjectVersions: { action: "s3:ListBucketVersions", on: "bucket" },
  PutObject: { action: "s3:PutObject", on: "object" },
  GetObject: { action: "s3:GetObject", on: "object" },
  HeadObject: { action: "s3:GetObject", on: "object" },
  DeleteObject: { action: "s3:DeleteObject", on: "object" },
  DeleteObjects: { action: "s3:DeleteObject", on: "object" },
};

/** Bucket and key from a path-style request (`/b/`, `/b/dir/key`). */
function s3Address(request: EmulatorRequest): { bucket: string; key: string } {
  const path = request.path.replace(/^\//, "");
  const slash = path.indexOf("/");
  return slash < 0 ? { bucket: path, key: "" } : { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

function s3Permissions(operation: string, request: EmulatorRequest): Permission[] | undefined {
  const known = S3_ACTIONS[operation];
  if (!known) return undefined;
  const { bucket, key } = s3Address(request);
  const bucketArn = `arn:aws:s3:::${bucket}`;
  if (known.on === "account") return [{ action: known.action, resource: ANY }];
  if (known.on === "bucket") {
    const permissions: Permission[] = [{ action: known.action, resource: bucketArn }];
    if (operation === "CreateBucket") {
      // CreateBucket API reference: these headers need the permission of the setting they make.
      if (request.headers["x-amz-object-ownership"])
        permissions.push({ action: "s3:PutBucketOwnershipControls", resource: bucketArn });
      if (
        request.headers["x-amz-acl"] ||
        Object.keys(request.headers).some((h) => h.startsWith("x-amz-grant-"))
      )
        permissions.push({ action: "s3:PutBucketAcl", resource: bucketArn });
      if (request.headers["x-amz-bucket-object-lock-enabled"] === "true")
        permissions.push(
          { action: "s3:PutBucketObjectLockConfiguration", resource: bucketArn },
          { action: "s3:PutBucketVersioning", resource: bucketArn },
        );
    }
    return permissions;
  }
  if (operation === "DeleteObjects") return deleteObjectsPermissions(request, bucket);
  const versioned = request.query.has("versionId");
  const action =
    versioned && known.action === "s3:GetObject"
      ? "s3:GetObjectVersion"
      : versioned && known.action === "s3:DeleteObject"
        ? "s3:DeleteObjectVersion"
        : known.action;
  const permissions: Permission[] = [{ action, resource: `${bucketArn}/${key}` }];
  if (operation === "PutObject" && request.headers["x-amz-acl"])
    permissions.push({ action: "s3:PutObjectAcl", resource: `${bucketArn}/${key}` });
  return permissions;
}

/**
 * DeleteObjects is authorised per object: s3:DeleteObject, or s3:DeleteObjectVersion for an
 * entry with a VersionId. (S3 reports a refused key in the response's Errors; the emulator refuses
 * the whole request, which a caller sees as a failure just the same.)
 */
function deleteObjectsPermissions(request: EmulatorRequest, bucket: string): Permission[] {
  let objects: Record<string, unknown>[] = [];
  try {
    objects = asArray(parseXml(request.body).Delete?.Object);
  } catch {
    objects = [];
  }
  if (objects.length === 0) return [{ action: "s3:DeleteObject", resource: `arn:aws:s3:::${bucket}/*` }];
  const seen = new Map<string, Permission>();
  for (const object of objects) {
    const action = object.VersionId !== undefined ? "s3:DeleteObjectVersion" : "s3:DeleteObject";
    const resource = `arn:aws:s3:::${bucket}/${String(object.Key ?? "")}`;
    seen.set(`${action} ${resource}`, { action, resource });
  }
  return [...seen.values()];
}

// ── IVS real-time ────────────────────────────────────────────────────────────────────────────

type IvsResource = (input: Record<string, any>, request: EmulatorRequest) => string;

const ivsNew =
  (type: string): IvsResource =>
  (_input, request) =>
    `arn:aws:ivs:${request.region}:${request.account}:${type}/*`;
const ivsByArn: IvsResource = (input) => String(input.arn ?? "");
const ivsByPath: IvsResource = (_input, request) => {
  const encoded = /\/tags\/([^/]+)$/.exec(request.rawPath)?.[1] ?? "";
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
};

/** IVS operation → the resource its `ivs:{Operation}` action is evaluated on. */
const IVS_RESOURCES: Record<string, IvsResource> = {
  CreateStorageConfiguration: ivsNew("storage-configuration"),
  GetStorageConfiguration: ivsByArn,
  ListStorageConfigurations: () => ANY,
  DeleteStorageConfiguration: ivsByArn,
  CreateEncoderConfiguration: ivsNew("encoder-configuration"),
  GetEncoderConfiguration: ivsByArn,
  ListEncoderConfigurations: () => ANY,
  DeleteEncoderConfiguration: ivsByArn,
  CreateStage: ivsNew("stage"),
  GetStage: ivsByArn,
  // The Service Authorization Reference lists Stage as ListStages' (required) resource type.
  ListStages: ivsNew("stage"),
  DeleteStage: ivsByArn,
  StartComposition: (input) => String(input.stageArn ?? ""),
  GetComposition: ivsByArn,
  StopComposition: ivsByArn,
  ListCompositions: () => ANY,
  TagResource: ivsByPath,
  UntagResource: ivsByPath,
  ListTagsForResource: ivsByPath,
};

const IVS_CREATES_WITH_TAGS = new Set([
  "CreateStorageConfiguration",
  "CreateEncoderConfiguration",
  "CreateStage",
  "StartComposition",
]);

function ivsPermissions(
  operation: string,
  request: EmulatorRequest,
  store?: EmulatorStore,
): Permission[] | undefined {
  const resourceOf = IVS_RESOURCES[operation];
  if (!resourceOf) return undefined;
  const input = parseJsonBody(request.body) ?? {};
  const resource = resourceOf(input, request);
  const permissions: Permission[] = [{ action: `ivs:${operation}`, resource }];
  // The Service Authorization Reference: creating with tags also takes ivs:TagResource.
  if (IVS_CREATES_WITH_TAGS.has(operation) && hasEntries(input.tags))
    permissions.push({ action: "ivs:TagResource", resource });
  if (operation === "StartComposition") {
    for (const destination of asArray<Record<string, any>>(input.destinations)) {
      for (const arn of asArray<string>(destination?.s3?.encoderConfigurationArns))
        permissions.push({ action: "ivs:StartComposition", resource: String(arn) });
      if (destination?.channel?.encoderConfigurationArn)
        permissions.push({
          action: "ivs:StartComposition",
          resource: String(destination.channel.encoderConfigurationArn),
        });
    }
  }
  if (operation === "CreateStorageConfiguration") permissions.push(...ivsCreateBucketCalls(input));
  if (operation === "DeleteStorageConfiguration" && store)
    permissions.push(...ivsDeleteBucketCalls(request, store, String(input.arn ?? "")));
  return permissions;
}

/**
 * What IVS does with the caller's permissions when it creates a storage configuration: it reads
 * the bucket's region and merges its statement into the bucket policy (CloudFormation's handler
 * permissions for AWS::IVS::StorageConfiguration, AWS-FACTS §1.6).
 */
function ivsCreateBucketCalls(input: Record<string, any>): Permission[] {
  const bucket = input.s3?.bucketName;
  if (typeof bucket !== "string" || bucket === "") return [];
  const resource = `arn:aws:s3:::${bucket}`;
  return ["s3:GetBucketLocation", "s3:GetBucketPolicy", "s3:PutBucketPolicy"].map((action) => ({
    action,
    resource,
    onBehalfOf: "ivs" as const,
  }));
}

/**
 * What IVS does with the caller's permissions when it deletes a storage configuration: it reads
 * the bucket policy and takes its statement out, re-putting the policy, or deleting it when no
 * statement is left. Nothing when the configuration, bucket or statement is gone already.
 */
function ivsDeleteBucketCalls(request: EmulatorRequest, store: EmulatorStore, arn: string): Permission[] {
  const record = findStorageConfiguration(store, request.account, request.region, arn);
  if (!record?.policySid) return [];
  const policy = getBucketPolicy(store, record.bucketName);
  if (!policy) return [];
  let statements: { Sid?: string }[];
  try {
    statements = asArray(JSON.parse(policy).Statement);
  } catch {
    return [];
  }
  if (!statements.some((s) => s?.Sid === record.policySid)) return [];
  const resource = `arn:aws:s3:::${record.bucketName}`;
  const write = statements.length > 1 ? "s3:PutBucketPolicy" : "s3:DeleteBucketPolicy";
  return ["s3:GetBucketPolicy", write].map((action) => ({ action, resource, onBehalfOf: "ivs" as const }));
}

// ── CloudWatch Logs ──────────────────────────────────────────────────────────────────────────

/**
 * The ARN Logs evaluates for actions on a log group by name: the group's ARN with an empty
 * log-stream part (what its AccessDenied messages name), which a `…:log-group:NAME:*` pattern
 * matches and the bare group ARN does not.
 */
function logGroupResource(request: EmulatorRequest, name: string): string {
  return `arn:aws:logs:${request.region}:${request.account}:log-group:${name}:log-stream:`;
}

/** `logGroupName`, or the name inside `logGroupIdentifier` (a name or an ARN). */
function logGroupNameOf(input: Record<string, any>): string {
  const identifier = String(input.logGroupName ?? input.logGroupIdentifier ?? "");
  const arn = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)(:\*)?$/.exec(identifier);
  return arn ? arn[1] : identifier;
}

type LogsResource = (input: Record<string, any>, request: EmulatorRequest) => string;

const byGroupName: LogsResource = (input, request) => logGroupResource(request, logGroupNameOf(input));
const byStream: LogsResource = (input, request) =>
  `arn:aws:logs:${request.region}:${request.account}:log-group:${logGroupNameOf(input)}:log-stream:${String(input.logStreamName ?? "")}`;
const byResourceArn: LogsResource = (input) => String(input.resourceArn ?? "");
const accountOrResourceArn: LogsResource = (input) => (input.resourceArn ? String(input.resourceArn) : ANY);

const LOGS_RESOURCES: Record<string, LogsResource> = {
  CreateLogGroup: byGroupName,
  DescribeLogGroups: () => ANY,
  DeleteLogGroup: byGroupName,
  PutRetentionPolicy: byGroupName,
  DeleteRetentionPolicy: byGroupName,
  PutResourcePolicy: accountOrResourceArn,
  DescribeResourcePolicies: accountOrResourceArn,
  DeleteResourcePolicy: accountOrResourceArn,
  TagResource: byResourceArn,
  UntagResource: byResourceArn,
  ListTagsForResource: byResourceArn,
  TagLogGroup: byGroupName,
  UntagLogGroup: byGroupName,
  ListTagsLogGroup: byGroupName,
  CreateLogStream: byStream,
  PutLogEvents: byStream,
  DescribeLogStreams: byGroupName,
  GetLogEvents: byStream,
  FilterLogEvents: byGroupName,
};

function logsPermissions(operation: string, request: EmulatorRequest): Permission[] | undefined {
  const resourceOf = LOGS_RESOURCES[operation];
  if (!resourceOf) return undefined;
  const input = parseJsonBody(request.body) ?? {};
  const permissions: Permission[] = [{ action: `logs:${operation}`, resource: resourceOf(input, request) }];
  // CreateLogGroup API reference: creating a log group with tags needs logs:TagResource as well.
  if (operation === "CreateLogGroup" && hasEntries(input.tags)) {
    const arn = `arn:aws:logs:${request.region}:${request.account}:log-group:${logGroupNameOf(input)}`;
    permissions.push({ action: "logs:TagResource", resource: arn });
  }
  return permissions;
}

// ── EventBridge ──────────────────────────────────────────────────────────────────────────────

/** A rule's ARN: `rule/{name}` on the default bus, `rule/{bus}/{name}` on another. */
function ruleResource(request: EmulatorRequest, input: Record<string, any>, nameMember: string): string {
  const bus = String(input.EventBusName ?? "default").replace(
    /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\//,
    "",
  );
  const name = String(input[nameMember] ?? "");
  const path = bus === "default" ? name : `${bus}/${name}`;
  return `arn:aws:events:${request.region}:${request.account}:rule/${path}`;
}

const EVENTS_RESOURCES: Record<string, (input: Record<string, any>, request: EmulatorRequest) => string> = {
  PutRule: (input, request) => ruleResource(request, input, "Name"),
  DescribeRule: (input, request) => ruleResource(request, input, "Name"),
  DeleteRule: (input, request) => ruleResource(request, input, "Name"),
  ListRules: () => ANY,
  PutTargets: (input, request) => ruleResource(request, input, "Rule"),
  ListTargetsByRule: (input, request) => ruleResource(request, input, "Rule"),
  RemoveTargets: (input, request) => ruleResource(request, input, "Rule"),
  TagResource: (input) => String(input.ResourceARN ?? ""),
  UntagResource: (input) => String(input.ResourceARN ?? ""),
  ListTagsForResource: (input) => String(input.ResourceARN ?? ""),
  PutEvents: (_input, request) => `arn:aws:events:${request.region}:${request.account}:event-bus/default`,
};

function eventsPermissions(operation: string, request: EmulatorRequest): Permission[] | undefined {
  const resourceOf = EVENTS_RESOURCES[operation];
  if (!resourceOf) return undefined;
  const input = parseJsonBody(request.body) ?? {};
  const resource = resourceOf(input, request);
  const permissions: Permission[] = [{ action: `events:${operation}`, resource }];
  // PutRule with Tags also needs events:TagResource; a RoleArn (rule or target) must be passed.
  if (operation === "PutRule" && asArray(input.Tags).length > 0)
    permissions.push({ action: "events:TagResource", resource });
  const roles = [
    ...(operation === "PutRule" ? [input.RoleArn] : []),
    ...(operation === "PutTargets" ? asArray<Record<string, any>>(input.Targets).map((t) => t?.RoleArn) : []),
  ].filter((arn): arn is string => typeof arn === "string" && arn !== "");
  for (const role of new Set(roles)) permissions.push({ action: "iam:PassRole", resource: role });
  return permissions;
}

// ── IAM ──────────────────────────────────────────────────────────────────────────────────────

const IAM_ROLE_OPERATIONS = new Set([
  "CreateRole",
  "GetRole",
  "DeleteRole",
  "UpdateAssumeRolePolicy",
  "UpdateRole",
  "TagRole",
  "UntagRole",
  "ListRoleTags",
  "AttachRolePolicy",
  "DetachRolePolicy",
  "ListAttachedRolePolicies",
  "PutRolePolicy",
  "GetRolePolicy",
  "DeleteRolePolicy",
  "ListRolePolicies",
]);

function iamPermissions(
  operation: string,
  request: EmulatorRequest,
  store?: EmulatorStore,
): Permission[] | undefined {
  if (operation === "ListRoles") return [{ action: "iam:ListRoles", resource: ANY }];
  if (!IAM_ROLE_OPERATIONS.has(operation)) return undefined;
  const params = request.body.length > 0 ? parseForm(request.body) : request.query;
  const name = params.get("RoleName") ?? "";
  const existing = store ? findRole(store, request.account, name) : undefined;
  const path = existing?.path ?? params.get("Path") ?? "/";
  const resource = `arn:aws:iam::${request.account}:role${path}${name}`;
  const policyArn = params.get("PolicyArn");
  const context: RequestContext | undefined =
    policyArn && (operation === "AttachRolePolicy" || operation === "DetachRolePolicy")
      ? { "iam:PolicyARN": policyArn }
      : undefined;
  const permissions: Permission[] = [
    { action: `iam:${operation}`, resource, ...(context ? { context } : {}) },
  ];
  // CreateRole API reference: a role created with tags also needs iam:TagRole.
  if (operation === "CreateRole" && formList(params, "Tags").length > 0)
    permissions.push({ action: "iam:TagRole", resource });
  return permissions;
}

// ── The public API ───────────────────────────────────────────────────────────────────────────

function hasEntries(value: unknown): boolean {
  return value !== null && typeof value === "object" && Object.keys(value as object).length > 0;
}

/**
 * Every permission a request needs, the operation's own action first. STS GetCallerIdentity needs
 * none. Undefined for an operation the emulator has no IAM mapping for (the authorizer refuses it).
 * `store` lets IAM find a role's path and IVS the bucket a storage configuration uses.
 */
export function requiredPermissions(
  service: string,
  operation: string,
  request: EmulatorRequest,
  store?: EmulatorStore,
): Permission[] | undefined {
  switch (service) {
    case "s3":
      return s3Permissions(operation, request);
    case "ivs":
      return ivsPermissions(operation, request, store);
    case "logs":
      return logsPermissions(operation, request);
    case "events":
      return eventsPermissions(operation, request);
    case "iam":
      return iamPermissions(operation, request, store);
    case "sts":
      return operation === "GetCallerIdentity" ? [] : undefined;
    default:
      return undefined;
  }
}

/**
 * The IAM action and resource ARN an operation is authorised by (the first of
 * {@link requiredPermissions}); undefined for STS GetCallerIdentity, which is always allowed.
 */
export function operationPermission(
  service: string,
  operation: string,
  request: EmulatorRequest,
  store?: EmulatorStore,
): { action: string; resource: string } | undefined {
  const first = requiredPermissions(service, operation, request, store)?.[0];
  return first ? { action: first.action, resource: first.resource } : undefined;
}

/** The AccessDenied error each protocol answers with (code and HTTP status as the SDKs see them). */
const ACCESS_DENIED: Record<string, { code: string; status: number }> = {
  s3: { code: "AccessDenied", status: 403 },
  ivs: { code: "AccessDeniedException", status: 403 },
  logs: { code: "AccessDeniedException", status: 400 },
  events: { code: "AccessDeniedException", status: 400 },
  iam: { code: "AccessDenied", status: 403 },
  sts: { code: "AccessDenied", status: 403 },
};

/** The caller every emulated request comes from (the IAM user STS reports). */
function callerArn(request: EmulatorRequest): string {
  return `arn:aws:iam::${request.account}:user/${EMULATOR_USER_NAME}`;
}

/** AWS's wording: who may not do what on which resource, and why. */
export function accessDenied(
  service: string,
  request: EmulatorRequest,
  permission: Permission,
  decision: Exclude<Decision, "allow">,
): AwsError {
  const shape = ACCESS_DENIED[service] ?? ACCESS_DENIED.s3;
  const why =
    decision === "deny"
      ? "with an explicit deny in an identity-based policy"
      : `because no identity-based policy allows the ${permission.action} action`;
  const denied = `User: ${callerArn(request)} is not authorized to perform: ${permission.action} on resource: ${permission.resource} ${why}`;
  const message =
    permission.onBehalfOf === "ivs"
      ? `IVS cannot update the policy of the recording bucket with your permissions. ${denied}`
      : denied;
  return new AwsError(shape.code, message, shape.status, service === "iam" ? { Type: "Sender" } : {});
}

/**
 * An authorizer enforcing the caller's identity-based policies: each permission a request needs
 * must be allowed (an explicit Deny wins); the first that is not answers AccessDenied.
 */
export function policyAuthorizer(
  policy: PolicyDocument | string | readonly (PolicyDocument | string)[],
): RequestAuthorizer {
  const documents = Array.isArray(policy) ? [...policy] : [policy as PolicyDocument | string];
  return (request, call, store) => {
    const needed = requiredPermissions(call.service, call.operation, request, store);
    if (needed === undefined) {
      return accessDenied(
        call.service,
        request,
        { action: `${call.service}:${call.operation}`, resource: ANY },
        "implicit-deny",
      );
    }
    for (const permission of needed) {
      const evaluation = evaluateIdentityPolicies(documents, {
        action: permission.action,
        resource: permission.resource,
        context: { "aws:RequestedRegion": request.region, ...permission.context },
      });
      if (evaluation.decision !== "allow")
        return accessDenied(call.service, request, permission, evaluation.decision);
    }
    return undefined;
  };
}
