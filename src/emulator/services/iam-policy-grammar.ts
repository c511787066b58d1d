/**
 * The grammar IAM checks a policy document against before it stores it: the shape every IAM
 * policy shares, then what a trust (assume-role) policy and an identity (permissions) policy each
 * add. Violations are 400 MalformedPolicyDocument with IAM's own messages.
 */
import { STATEMENT_KEYS } from "../../aws-semantics/policy-types.js";
import { AwsError } from "../errors.js";
import type { EmulatorStore } from "../state.js";
import { findRoleByArn } from "./iam-store.js";
import { EMULATOR_USER_NAME } from "./sts.js";

const malformed = (message: string) => new AwsError("MalformedPolicyDocument", message, 400);
const SYNTAX_ERROR = "Syntax errors in policy.";
const DOCUMENT_KEYS = new Set(["Version", "Id", "Statement"]);
const STATEMENT_MEMBERS = new Set<string>(STATEMENT_KEYS);

/** A policy's size as IAM counts it against its quotas: whitespace excluded. */
export function sizeWithoutWhitespace(text: string): number {
  return text.replace(/\s+/g, "").length;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** The statements of a policy document, after the grammar every IAM policy shares. */
function policyStatements(text: string): Record<string, unknown>[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed("This policy contains invalid Json");
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw malformed("This policy contains invalid Json");
  const document = doc as Record<string, unknown>;
  if (Object.keys(document).some((key) => !DOCUMENT_KEYS.has(key))) throw malformed(SYNTAX_ERROR);
  if (
    document.Version !== undefined &&
    document.Version !== "2012-10-17" &&
    document.Version !== "2008-10-17"
  )
    throw malformed("The policy failed legacy parsing");
  if (
    document.Statement === undefined ||
    (Array.isArray(document.Statement) && document.Statement.length === 0)
  )
    throw malformed(SYNTAX_ERROR);
  const statements = asList(document.Statement);
  for (const statement of statements) {
    if (typeof statement !== "object" || statement === null || Array.isArray(statement))
      throw malformed(SYNTAX_ERROR);
    const s = statement as Record<string, unknown>;
    if (Object.keys(s).some((key) => !STATEMENT_MEMBERS.has(key))) throw malformed(SYNTAX_ERROR);
    if (s.Effect !== "Allow" && s.Effect !== "Deny") throw malformed(SYNTAX_ERROR);
    if (s.Action === undefined && s.NotAction === undefined)
      throw malformed("Policy statement must contain actions.");
    for (const action of asList(s.Action ?? s.NotAction)) {
      if (typeof action !== "string") throw malformed(SYNTAX_ERROR);
      if (action !== "*" && !/^[A-Za-z0-9-]+:[A-Za-z0-9*?]*$/.test(action))
        throw malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
    }
    if (
      s.Condition !== undefined &&
      (typeof s.Condition !== "object" || s.Condition === null || Array.isArray(s.Condition))
    )
      throw malformed(SYNTAX_ERROR);
  }
  return statements as Record<string, unknown>[];
}

/** Principals IAM accepts in a trust policy; role ARNs must name an existing role. */
function checkPrincipal(principal: unknown, store: EmulatorStore): void {
  if (principal === "*") return;
  if (typeof principal !== "object" || principal === null || Array.isArray(principal))
    throw malformed(SYNTAX_ERROR);
  for (const [kind, values] of Object.entries(principal as Record<string, unknown>)) {
    for (const value of asList(values)) {
      const invalid = malformed(`Invalid principal in policy: "${kind.toUpperCase()}":"${String(value)}"`);
      if (typeof value !== "string") throw malformed(SYNTAX_ERROR);
      if (kind === "Service") {
        if (!/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/.test(value)) throw invalid;
      } else if (kind === "AWS") {
        if (!awsPrincipalExists(value, store)) throw invalid;
      } else if (kind === "Federated") {
        // Identity providers are not emulated, so only the public web identity providers exist.
        if (
          ![
            "cognito-identity.amazonaws.com",
            "www.amazon.com",
            "graph.facebook.com",
            "accounts.google.com",
          ].includes(value)
        )
          throw invalid;
      } else throw invalid;
    }
  }
}

function awsPrincipalExists(value: string, store: EmulatorStore): boolean {
  if (value === "*" || /^\d{12}$/.test(value) || /^arn:aws:iam::\d{12}:root$/.test(value)) return true;
  if (/^arn:aws:sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+$/.test(value)) return true;
  // The STS caller of every emulated account is the user `emulator`.
  if (new RegExp(`^arn:aws:iam::\\d{12}:user/${EMULATOR_USER_NAME}$`).test(value)) return true;
  return findRoleByArn(store, value) !== undefined;
}

/** A trust (assume-role) policy's grammar: principals required, only STS actions, no resources. */
export function checkTrustPolicyGrammar(text: string, store: EmulatorStore): void {
  for (const statement of policyStatements(text)) {
    if (statement.Resource !== undefined) throw malformed("Has prohibited field Resource");
    if (statement.NotResource !== undefined) throw malformed("Has prohibited field NotResource");
    if (statement.Principal === undefined) throw malformed("Missing required field Principal");
    checkPrincipal(statement.Principal, store);
    for (const action of asList(statement.Action ?? statement.NotAction))
      if (!/^sts:/i.test(String(action)))
        throw malformed("AssumeRole policy may only specify STS AssumeRole actions.");
  }
}

/** An identity (permissions) policy's grammar: resources required, no principal. */
export function checkPermissionsPolicy(text: string): void {
  for (const statement of policyStatements(text)) {
    if (statement.Principal !== undefined || statement.NotPrincipal !== undefined)
      throw malformed("Policy document should not specify a principal.");
    if (statement.Resource === undefined && statement.NotResource === undefined)
      throw malformed("Policy statement must contain resources.");
    for (const resource of asList(statement.Resource ?? statement.NotResource)) {
      if (typeof resource !== "string") throw malformed(SYNTAX_ERROR);
      if (resource !== "*" && !resource.startsWith("arn:"))
        throw malformed(`Resource ${resource} must be in ARN format or "*".`);
    }
  }
}
