/**
 * The policy documents the tool merges. The policy language itself (statements, principals,
 * conditions, requests, decisions) is AWS's, in aws-semantics/policy-types.ts; it is re-exported
 * here for the modules that read it from policy/.
 */
import type { PolicyDocument, PolicyStatement } from "../aws-semantics/policy-types.js";

export * from "../aws-semantics/policy-types.js";

/** One owned statement that a merge adds (`from: null`), replaces, or removes (`to: null`). */
export interface StatementChange {
  sid: string;
  from: PolicyStatement | null;
  to: PolicyStatement | null;
}

/** The merged document and the owned statements that really changed (none ⇒ nothing to write). */
export interface MergeResult {
  document: PolicyDocument;
  changes: StatementChange[];
}
