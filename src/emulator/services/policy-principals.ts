/**
 * Role principals in resource policies and their unique ids (AWS-FACTS §2.4, boto/boto3#3206).
 *
 * A policy names a role by its ARN, but AWS keeps the role's unique id (`RoleId`, `AROA…`). When
 * the role is deleted the ARN no longer resolves, and reading the policy back shows the unique id
 * instead: `"Principal": {"AWS": "AROA…"}` (S3 User Guide, "If an IAM identity is deleted after you
 * update your bucket policy, the bucket policy will show a unique identifier in the principal
 * element instead of an ARN"; the same for trust policies). A policy that names such an id of a
 * deleted role is then refused as "Invalid principal in policy", while the id of an existing role is
 * turned back into its ARN.
 */
import type { EmulatorStore } from "../state.js";
import { type IamRole, iamState } from "./iam-store.js";
import { s3State } from "./s3-store.js";

/** A role's unique id as it appears in a policy (`AROA` and upper-case letters and digits). */
export const ROLE_UNIQUE_ID = /^AROA[A-Z0-9]+$/;

/** The existing role with this unique id, if any. */
export function findRoleById(store: EmulatorStore, roleId: string): IamRole | undefined {
  return Object.values(iamState(store).roles).find((role) => role.roleId === roleId);
}

type Json = Record<string, any>;

/**
 * Replace, in every statement's `Principal`/`NotPrincipal` `AWS` entry, each value `map` returns a
 * replacement for. Conditions and other members are left alone. Whether anything changed.
 */
export function mapAwsPrincipals(document: Json, map: (value: string) => string | undefined): boolean {
  let changed = false;
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  for (const statement of statements) {
    if (statement === null || typeof statement !== "object") continue;
    for (const member of ["Principal", "NotPrincipal"]) {
      const principal = statement[member];
      if (principal === null || typeof principal !== "object" || principal.AWS === undefined) continue;
      const replace = (value: unknown) => {
        const next = typeof value === "string" ? map(value) : undefined;
        if (next === undefined || next === value) return value;
        changed = true;
        return next;
      };
      principal.AWS = Array.isArray(principal.AWS) ? principal.AWS.map(replace) : replace(principal.AWS);
    }
  }
  return changed;
}

/** The policy text with the role's ARN shown as its unique id, or undefined when it does not name the role. */
function withRoleIdFor(text: string, role: IamRole): string | undefined {
  let document: Json;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (document === null || typeof document !== "object") return undefined;
  const changed = mapAwsPrincipals(document, (value) => (value === role.arn ? role.roleId : undefined));
  return changed ? JSON.stringify(document) : undefined;
}

/**
 * What AWS does to policies when a role is deleted: every bucket policy (of any account) and every
 * other role's trust policy that names the role's ARN as a principal now shows its unique id.
 */
export function showDeletedRoleAsUniqueId(store: EmulatorStore, role: IamRole): void {
  for (const bucket of Object.values(s3State(store).buckets)) {
    if (bucket.policy === undefined) continue;
    const rewritten = withRoleIdFor(bucket.policy, role);
    if (rewritten !== undefined) bucket.policy = rewritten;
  }
  for (const other of Object.values(iamState(store).roles)) {
    if (other === role) continue;
    const rewritten = withRoleIdFor(other.assumeRolePolicyDocument, role);
    if (rewritten !== undefined) other.assumeRolePolicyDocument = rewritten;
  }
}
