/**
 * The emulated IAM (awsQuery, version 2010-05-08): roles, their trust policies, tags, attached
 * AWS managed policies and inline policies. IAM is global: the request's signing region is
 * ignored and state is kept per account only (iam-store.ts).
 */
import { AwsError } from "../errors.js";
import {
  IAM_NAMESPACE,
  identifyQueryAction,
  queryParams,
  queryResponse,
  renderQueryError,
} from "../protocols/query.js";
import { el, raw } from "../protocols/xml.js";
import { iamRules } from "../rules/iam.js";
import { type OperationRules, validateInput } from "../rules/validate.js";
import type { EmulatorStore } from "../state.js";
import type { EmulatedService, ServiceContext } from "../types.js";
import {
  checkPermissionsPolicy,
  checkTrustPolicyGrammar,
  sizeWithoutWhitespace,
} from "./iam-policy-grammar.js";
import {
  findManagedPolicy,
  findRole,
  type IamRole,
  iamState,
  requireRole,
  roleArn,
  roleKey,
  rolesOf,
} from "./iam-store.js";
import { showDeletedRoleAsUniqueId } from "./policy-principals.js";

const IAM_VERSION = "2010-05-08";

/** IAM quotas (default values of the IAM service quotas). */
const QUOTAS = {
  rolesPerAccount: 1000,
  managedPoliciesPerRole: 10,
  tagsPerRole: 50,
  /** Trust policy size, whitespace excluded ("ACLSizePerRole"). */
  trustPolicySize: 2048,
  /** All inline policies of a role together, whitespace excluded. */
  inlinePolicySizePerRole: 10240,
};

const DEFAULT_MAX_ITEMS = 100;
const DEFAULT_MAX_SESSION_DURATION = 3600;

type Input = Record<string, any>;
type Tag = { Key: string; Value: string };

/** An operation: checked input in, the `<{Op}Result>` content out ("" for none). */
type Operation = (input: Input, context: ServiceContext) => string;

// ---------------------------------------------------------------------------------------------
// Request decoding and validation

/**
 * The form parameters as the operation's input shape: `Tags.member.1.Key=a` → `{Tags: [{Key: "a"}]}`,
 * `TagKeys.member.1=a` → `{TagKeys: ["a"]}`, an empty list (`TagKeys=`) → `[]`, and integers of
 * the rules as numbers, so the model's constraints can be checked on it.
 */
function formInput(params: URLSearchParams, rules: OperationRules): Input {
  const root: Input = {};
  for (const [key, value] of params) {
    if (key === "Action" || key === "Version") continue;
    const parts = key.split(".");
    let node = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value;
      else {
        if (typeof node[part] !== "object" || node[part] === null) node[part] = {};
        node = node[part];
      }
    });
  }
  const input = listsOf(root) as Input;
  for (const [path, rule] of Object.entries(rules)) {
    if (path.includes(".") || path.includes("[") || input[path] === undefined) continue;
    if (rule.type === "list" && input[path] === "") input[path] = [];
    if (rule.type === "integer" && typeof input[path] === "string") input[path] = Number(input[path]);
  }
  return input;
}

/** `{member: {"1": x, "2": y}}` → `[x, y]`, recursively. */
function listsOf(node: unknown): unknown {
  if (typeof node !== "object" || node === null) return node;
  const entries = Object.entries(node as Record<string, unknown>);
  if (entries.length === 1 && entries[0][0] === "member" && typeof entries[0][1] === "object") {
    return Object.entries(entries[0][1] as Record<string, unknown>)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, item]) => listsOf(item));
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, listsOf(v)]));
}

/** IAM answers a model constraint violation with 400 ValidationError. */
function checkInput(rules: OperationRules, input: Input): void {
  const violation = validateInput(rules, input);
  if (!violation) return;
  // validateInput words a missing member its own way; IAM says "must not be null".
  const message = violation.message.startsWith("Member ")
    ? `Value null at '${violation.path}' failed to satisfy constraint: Member must not be null`
    : violation.message;
  throw new AwsError("ValidationError", `1 validation error detected: ${message}`, 400);
}

// ---------------------------------------------------------------------------------------------
// Policy documents (their grammar: iam-policy-grammar.ts)

/** A trust policy: IAM's grammar first, then the role's trust policy size quota. */
function checkTrustPolicy(text: string, store: EmulatorStore): void {
  checkTrustPolicyGrammar(text, store);
  if (sizeWithoutWhitespace(text) > QUOTAS.trustPolicySize)
    throw new AwsError(
      "LimitExceeded",
      `Cannot exceed quota for ACLSizePerRole: ${QUOTAS.trustPolicySize}`,
      409,
    );
}

// ---------------------------------------------------------------------------------------------
// Tags, policy ARNs, paging

/** Tag keys are unique case-insensitively within a role. */
function checkDuplicateTagKeys(tags: Tag[]): void {
  const keys = tags.map((tag) => tag.Key.toLowerCase());
  if (new Set(keys).size !== keys.length)
    throw new AwsError(
      "InvalidInput",
      "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
      400,
    );
}

function checkPolicyArn(arn: string): void {
  if (!/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+/.test(arn))
    throw new AwsError("InvalidInput", `ARN ${arn} is not valid.`, 400);
}

/**
 * One page of a list, in the order of its sort keys: `Marker` is opaque to callers (the sort key of the first item of the
 * next page), so a page boundary survives items being added or removed between calls.
 */
function page<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  input: Input,
): { items: T[]; footer: string } {
  const maxItems: number = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  const from = input.Marker === undefined ? undefined : Buffer.from(input.Marker, "base64url").toString();
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const rest = from === undefined ? sorted : sorted.filter((item) => keyOf(item) >= from);
  const shown = rest.slice(0, maxItems);
  const truncated = rest.length > maxItems;
  const footer =
    el("IsTruncated", truncated) +
    (truncated ? el("Marker", Buffer.from(keyOf(rest[maxItems])).toString("base64url")) : "");
  return { items: shown, footer };
}

function tagsXml(tags: Tag[]): string {
  return raw("Tags", ...tags.map((tag) => raw("member", el("Key", tag.Key), el("Value", tag.Value))));
}

/** The fields of a Role; ListRoles leaves out Tags and PermissionsBoundary as AWS does. */
function roleFieldsXml(role: IamRole, detailed: boolean): string {
  return [
    el("Path", role.path),
    el("RoleName", role.roleName),
    el("RoleId", role.roleId),
    el("Arn", role.arn),
    el("CreateDate", role.createDate),
    // IAM returns policy documents URL-encoded (RFC 3986); the SDK does not decode them.
    el("AssumeRolePolicyDocument", encodeURIComponent(role.assumeRolePolicyDocument)),
    role.description ? el("Description", role.description) : "",
    el("MaxSessionDuration", role.maxSessionDuration),
    detailed && role.permissionsBoundary
      ? raw(
          "PermissionsBoundary",
          el("PermissionsBoundaryType", "PermissionsBoundaryPolicy"),
          el("PermissionsBoundaryArn", role.permissionsBoundary),
        )
      : "",
    detailed && role.tags.length > 0 ? tagsXml(role.tags) : "",
  ].join("");
}

function policyName(arn: string): string {
  return findManagedPolicy(arn)?.name ?? arn.slice(arn.lastIndexOf("/") + 1);
}

function inlinePolicySize(role: IamRole, replacing?: { name: string; document: string }): number {
  const documents = {
    ...role.inlinePolicies,
    ...(replacing ? { [replacing.name]: replacing.document } : {}),
  };
  return Object.values(documents).reduce((sum, document) => sum + sizeWithoutWhitespace(document), 0);
}

// ---------------------------------------------------------------------------------------------
// Operations

const OPERATIONS: Record<string, Operation> = {
  CreateRole(input, { store, account, now, newId }) {
    const name: string = input.RoleName;
    if (findRole(store, account, name))
      throw new AwsError("EntityAlreadyExists", `Role with name ${name} already exists.`, 409);
    const tags: Tag[] = input.Tags ?? [];
    checkDuplicateTagKeys(tags);
    checkTrustPolicy(input.AssumeRolePolicyDocument, store);
    if (input.PermissionsBoundary !== undefined) {
      checkPolicyArn(input.PermissionsBoundary);
      if (!findManagedPolicy(input.PermissionsBoundary))
        throw new AwsError(
          "NoSuchEntity",
          `Scope ARN: ${input.PermissionsBoundary} does not exist or is not attachable.`,
          404,
        );
    }
    if (rolesOf(store, account).length >= QUOTAS.rolesPerAccount)
      throw new AwsError(
        "LimitExceeded",
        `Cannot exceed quota for RolesPerAccount: ${QUOTAS.rolesPerAccount}`,
        409,
      );
    const path: string = input.Path ?? "/";
    const role: IamRole = {
      roleName: name,
      roleId: `AROA${newId(17).toUpperCase()}`,
      path,
      arn: roleArn(account, path, name),
      account,
      createDate: `${now().toISOString().slice(0, 19)}Z`,
      createdAtMs: now().getTime(),
      assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
      description: input.Description,
      maxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
      tags: tags.map(({ Key, Value }) => ({ Key, Value })),
      attachedPolicies: [],
      inlinePolicies: {},
      permissionsBoundary: input.PermissionsBoundary,
    };
    iamState(store).roles[roleKey(account, name)] = role;
    return raw("Role", roleFieldsXml(role, true));
  },

  GetRole(input, { store, account }) {
    return raw("Role", roleFieldsXml(requireRole(store, account, input.RoleName), true));
  },

  ListRoles(input, { store, account }) {
    const prefix: string = input.PathPrefix ?? "/";
    const roles = rolesOf(store, account).filter((role) => role.path.startsWith(prefix));
    const { items, footer } = page(roles, (role) => role.roleName.toLowerCase(), input);
    return raw("Roles", ...items.map((role) => raw("member", roleFieldsXml(role, false)))) + footer;
  },

  DeleteRole(input, { store, account }) {
    const role = requireRole(store, account, input.RoleName);
    if (role.attachedPolicies.length > 0)
      throw new AwsError("DeleteConflict", "Cannot delete entity, must detach all policies first.", 409);
    if (Object.keys(role.inlinePolicies).length > 0)
      throw new AwsError("DeleteConflict", "Cannot delete entity, must delete policies first.", 409);
    delete iamState(store).roles[roleKey(account, role.roleName)];
    showDeletedRoleAsUniqueId(store, role);
    return "";
  },

  UpdateAssumeRolePolicy(input, { store, account }) {
    const role = requireRole(store, account, input.RoleName);
    checkTrustPolicy(input.PolicyDocument, store);
    role.assumeRolePolicyDocument = input.PolicyDocument;
    return "";
  },

  UpdateRole(input, { store, account }) {
    const role = requireRole(store, account, input.RoleName);
    if (input.Description !== undefined) role.description = input.Description;
    if (input.MaxSessionDuration !== undefined) role.maxSessionDuration = input.MaxSessionDuration;
    return "";
  },

  TagRole(input, { store, account }) {
    const role = requireRole(store, account, input.RoleName);
    const tags: Tag[] = input.Tags;
    checkDuplicateTagKeys(tags);
    const merged = role.tags.filter(
      (old) => !tags.some((tag) => tag.Key.toLowerCase() === old.Key.toLowerCase()),
    );
    merged.push(...tags.map(({ Key, Value }) => ({ Key, Value })));
    if (merged.length > QUOTAS.tagsPerRole)
      throw new AwsError("LimitExceeded", `Cannot exceed quota for TagsPerRole: ${QUOTAS.tagsPerRole}`, 409);
    role.tags = merged;
    return "";
  },

  UntagRole(input, { store, account }) {
    const role = requireRole(store, account, input.RoleName);
    const keys = new Set((input.TagKeys as string[]).map((key) => key.toLowerCase()));
    role.tags = role.tags.filter((tag) => !keys.has(tag.Key.toLowerCase()));
    return "";
  },

  ListRoleTags(input, { store, account }) {
    const role = requireRole(store, account, input.RoleName);
    const { items, footer } = page(role.tags, (tag) => tag.Key, input);
    return tagsXml(items) + footer;
  },

  AttachRolePolicy(input, { store, account }) {
    const role = requireRole(store, account, input.RoleName);
    const arn: string = input.PolicyArn;
    checkPolicyArn(arn);
    if (!findManagedPolicy(arn))
      throw new AwsError("NoSuchEntity", `Policy ${arn} does not exist or is not attachable.`, 404);
    if (role.attachedPolicies.includes(arn)) return "";
    if (role.attachedPolicies.length >= QUOTAS.managedPoliciesPerRole)
      throw new AwsError(
        "LimitExceeded",
        `Cannot exceed quota for PoliciesPerRole: ${QUOTAS.managedPoliciesPerRole}`,
        409,
      );
    role.attachedPolicies.push(arn);
    return "";
  },

  DetachRolePolicy(input, { store, account }) {
    const role = requireRole(store, account, input.RoleName);
    const arn: string = input.PolicyArn;
    checkPolicyArn(arn);
    if (!role.attachedPolicies.includes(arn))
      throw new AwsError("NoSuchEntity", `Policy ${arn} was not found.`, 404);
    role.attachedPolicies = role.attachedPolicies.filter((attached) => attached !== arn);
    return "";
  },

  ListAttachedRolePolicies(input, { store, account }) {
    const role = requireRole(store, account, input.RoleName);
    const prefix: string = input.PathPrefix ?? "/";
    const attached = role.attachedPolicies
      .filter((arn) => (findManagedPolicy(arn)?.path ?? "/").startsWith(prefix))
      .map((arn) => ({ name: policyName(arn), arn }));
    const { items, footer } = page(attached, (policy) => policy.name, input);
    return (
      raw(
        "AttachedPolicies",
        ...items.map((policy) => raw("member", el("PolicyName", policy.name), el("PolicyArn", policy.arn))),
      ) + footer
    );
  },

  PutRolePolicy(input, { store, account }) {
    const role = requireRole(store, account, input.RoleName);
    checkPermissionsPolicy(input.PolicyDocument);
    if (
      inlinePolicySize(role, { name: input.PolicyName, document: input.PolicyDocument }) >
      QUOTAS.inlinePolicySizePerRole
    )
      throw new AwsError(
        "LimitExceeded",
        `Maximum policy size of ${QUOTAS.inlinePolicySizePerRole} bytes exceeded for role ${role.roleName}`,
        409,
      );
    role.inlinePolicies[input.PolicyName] = input.PolicyDocument;
    return "";
  },

  GetRolePolicy(input, { store, account }) {
    const role = requireRole(store, account, input.RoleName);
    const document = role.inlinePolicies[input.PolicyName];
    if (document === undefined)
      throw new AwsError(
        "NoSuchEntity",
        `The role policy with name ${input.PolicyName} cannot be found.`,
        404,
      );
    return (
      el("RoleName", role.roleName) +
      el("PolicyName", input.PolicyName) +
      el("PolicyDocument", encodeURIComponent(document))
    );
  },

  DeleteRolePolicy(input, { store, account }) {
    const role = requireRole(store, account, input.RoleName);
    if (role.inlinePolicies[input.PolicyName] === undefined)
      throw new AwsError(
        "NoSuchEntity",
        `The role policy with name ${input.PolicyName} cannot be found.`,
        404,
      );
    delete role.inlinePolicies[input.PolicyName];
    return "";
  },

  ListRolePolicies(input, { store, account }) {
    const role = requireRole(store, account, input.RoleName);
    const { items, footer } = page(Object.keys(role.inlinePolicies), (name) => name, input);
    return raw("PolicyNames", ...items.map((name) => el("member", name))) + footer;
  },
};

const MUTATING = new Set([
  "CreateRole",
  "DeleteRole",
  "UpdateAssumeRolePolicy",
  "UpdateRole",
  "TagRole",
  "UntagRole",
  "AttachRolePolicy",
  "DetachRolePolicy",
  "PutRolePolicy",
  "DeleteRolePolicy",
]);

/** The emulated IAM service (signing name `iam`; global, so the signing region is ignored). */
export const iamService: EmulatedService = {
  name: "iam",
  identify: (request) =>
    identifyQueryAction(queryParams(request), IAM_VERSION, Object.keys(OPERATIONS), (operation) =>
      MUTATING.has(operation),
    ),
  handle(operation, request, context) {
    const rules = iamRules[operation] ?? {};
    const input = formInput(queryParams(request), rules);
    checkInput(rules, input);
    return queryResponse(operation, IAM_NAMESPACE, OPERATIONS[operation](input, context));
  },
  renderError: (error) => renderQueryError(error, IAM_NAMESPACE),
};
