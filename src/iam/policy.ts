/**
 * The least-privilege IAM policy that runs yolo for one environment: the grants of every command
 * it covers, one statement per service and purpose (Sid), actions by name, resources scoped to
 * the environment. A pure function of the manifest and the account.
 */
import type { EnvironmentConfig } from "../manifest/types.js";
import { POLICY_VERSION } from "../policy/merge.js";
import type { PolicyDocument, PolicyStatement } from "../policy/types.js";
import { commandGrants, type PolicyCommand } from "./commands.js";
import { type PermissionGrant, permissionScope } from "./permissions.js";
import { STATEMENT_ORDER, type StatementSid } from "./statements.js";

export interface IamPolicyOptions {
  /** Leave out what only `destroy` needs. */
  syncOnly?: boolean;
}

/**
 * The largest managed policy IAM accepts: 6,144 characters, whitespace not counted (IAM and STS
 * quotas). An inline policy on a role may be larger (10,240), on a user smaller (2,048 in all).
 */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;

/** The commands a policy covers. */
export function coveredCommands(options: IamPolicyOptions = {}): PolicyCommand[] {
  return options.syncOnly ? ["sync", "env", "verify"] : ["sync", "destroy", "env", "verify"];
}

/** Every grant the covered commands need for this environment and account. */
export function policyGrants(
  config: EnvironmentConfig,
  account: string,
  options: IamPolicyOptions = {},
): PermissionGrant[] {
  const scope = permissionScope(config, account);
  return coveredCommands(options).flatMap((command) => commandGrants(command, config, scope));
}

/** The policy document: grants merged by Sid, statements in a fixed order, actions sorted. */
export function buildIamPolicy(
  config: EnvironmentConfig,
  account: string,
  options: IamPolicyOptions = {},
): PolicyDocument {
  return { Version: POLICY_VERSION, Statement: statementsFrom(policyGrants(config, account, options)) };
}

/** Merge grants into one Allow statement per Sid (grants of one Sid must share their condition). */
export function statementsFrom(grants: readonly PermissionGrant[]): PolicyStatement[] {
  const bySid = new Map<StatementSid, PermissionGrant[]>();
  for (const grant of grants) bySid.set(grant.sid, [...(bySid.get(grant.sid) ?? []), grant]);
  return STATEMENT_ORDER.filter((sid) => bySid.has(sid)).map((sid) => {
    const group = bySid.get(sid) ?? [];
    const condition = group[0].condition;
    if (group.some((grant) => JSON.stringify(grant.condition) !== JSON.stringify(condition)))
      throw new Error(`The grants of statement ${sid} disagree on their condition`);
    const statement: PolicyStatement = {
      Sid: sid,
      Effect: "Allow",
      Action: [...new Set(group.flatMap((grant) => grant.actions))].sort(),
      Resource: [...new Set(group.flatMap((grant) => grant.resources))],
    };
    if (condition) statement.Condition = condition;
    return statement;
  });
}

/** Every action a policy names, once each, sorted. */
export function policyActions(policy: PolicyDocument): string[] {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const actions = statements.flatMap((s) => (s.Action === undefined ? [] : [s.Action].flat()));
  return [...new Set(actions)].sort();
}

/** The size IAM counts against its limits: the document without whitespace outside strings. */
export function policySize(policy: PolicyDocument): number {
  return JSON.stringify(policy).length;
}
