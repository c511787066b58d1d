/**
 * What a resource module declares beside its code: the AWS calls it makes, each on the ARN
 * patterns it reaches, in a statement (Sid) of the policy, as a read or a write. The IAM actions
 * are not written here: operations.ts maps each call to them, so the policy follows the calls.
 */
import type { ConditionBlock } from "../policy/types.js";
import { actionsOf, type CallOption, type SdkOperation } from "./operations.js";
import type { PermissionGrant, PermissionScope } from "./permissions.js";
import type { StatementSid } from "./statements.js";

/** One SDK operation, optionally with the parameters that change how it is authorised. */
export type Call = SdkOperation | { operation: SdkOperation; with: readonly CallOption[] };

/** Calls made on the same resources, for one statement. */
export interface DeclaredCalls {
  sid: StatementSid;
  /** `read` calls are what a dry-run (and `yolo env`) makes; `write` calls change the account. */
  access: "read" | "write";
  calls: readonly Call[];
  /** ARN patterns; `"*"` only where AWS offers no resource-level permission for the calls. */
  resources: readonly string[];
  /** Narrows the grant further (e.g. which managed policies may be attached). */
  condition?: ConditionBlock;
  /**
   * Set when AWS makes the calls itself with the caller's permissions: IVS reads the bucket's
   * region and edits its policy when a storage configuration is created or deleted (AWS-FACTS §1.6).
   */
  onBehalfOf?: "ivs";
  /**
   * Reads made only to carry out deletes (which compositions use a configuration): sync's search
   * for leftovers, which only reports them, does not make them; `sync --prune` and destroy do.
   */
  onlyToDelete?: true;
}

/** A module's calls for one environment. */
export type CallDeclaration = (scope: PermissionScope) => DeclaredCalls[];

export function operationOf(call: Call): SdkOperation {
  return typeof call === "string" ? call : call.operation;
}

/** The IAM grant that lets the calls be made. */
export function grantOf(declared: DeclaredCalls): PermissionGrant {
  const actions = declared.calls.flatMap((call) =>
    typeof call === "string" ? actionsOf(call) : actionsOf(call.operation, call.with),
  );
  return {
    sid: declared.sid,
    access: declared.access,
    actions: [...new Set(actions)],
    resources: declared.resources,
    ...(declared.condition ? { condition: declared.condition } : {}),
    ...(declared.onBehalfOf ? { onBehalfOf: declared.onBehalfOf } : {}),
  };
}
