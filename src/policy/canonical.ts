/**
 * Compare policy documents the way AWS means them, so a policy is rewritten only when it really
 * differs (SPEC §4: "compared structurally"). Reading them is AWS semantics
 * (aws-semantics/policy-document.ts), re-exported here for the modules that read it from policy/.
 */
import {
  parsePolicyDocument,
  parsePolicyStatement,
  statementsOf,
  toList,
} from "../aws-semantics/policy-document.js";
import {
  type ConditionBlock,
  type OneOrMany,
  type PolicyDocument,
  type PolicyStatement,
  type Principal,
  STATEMENT_KEYS,
} from "./types.js";

export {
  PolicyParseError,
  parsePolicyDocument,
  parsePolicyStatement,
  statementsOf,
  toList,
} from "../aws-semantics/policy-document.js";

/** A document whose `Statement` is always a list. */
export type NormalizedPolicyDocument = Omit<PolicyDocument, "Statement"> & { Statement: PolicyStatement[] };

/**
 * The canonical form of a document: every list a sorted, de-duplicated array (a string equals a
 * one-element list), condition values as strings (AWS returns `true` as `"true"`), an account id
 * principal as its root ARN (AWS rewrites it so), statements in a fixed order (by Sid, then the
 * statements without Sid by content), keys in a fixed order.
 * Used for comparison; write the documents the builders produce, not this form.
 */
export function canonicalPolicy(input: string | PolicyDocument): NormalizedPolicyDocument {
  const doc = parsePolicyDocument(input);
  const statements = statementsOf(doc).map(canonicalStatement);
  // Statement order carries no meaning in IAM: Sid'd statements sort by Sid, the others by content.
  const withSid = statements.filter((s) => s.Sid !== undefined);
  const withoutSid = statements.filter((s) => s.Sid === undefined);
  withSid.sort((a, b) => compareStrings(a.Sid!, b.Sid!) || compareStrings(stringify(a), stringify(b)));
  withoutSid.sort((a, b) => compareStrings(stringify(a), stringify(b)));
  const canonical: NormalizedPolicyDocument = { Statement: [...withSid, ...withoutSid] };
  if (doc.Version !== undefined) canonical.Version = doc.Version;
  if (doc.Id !== undefined) canonical.Id = doc.Id;
  return withKeysInOrder(canonical, ["Version", "Id", "Statement"]);
}

/** Whether two documents mean the same thing structurally (see {@link canonicalPolicy}). */
export function policiesEqual(a: string | PolicyDocument, b: string | PolicyDocument): boolean {
  return stringify(canonicalPolicy(a)) === stringify(canonicalPolicy(b));
}

/** The canonical form of one statement (see {@link canonicalPolicy}). */
export function canonicalStatement(input: string | PolicyStatement): PolicyStatement {
  const statement = parsePolicyStatement(input);
  const canonical: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(statement)) {
    if (value === undefined) continue;
    switch (key) {
      case "Action":
      case "NotAction":
      case "Resource":
      case "NotResource":
        canonical[key] = sortedValues(value as OneOrMany<string>);
        break;
      case "Principal":
      case "NotPrincipal":
        canonical[key] = canonicalPrincipal(value as Principal);
        break;
      case "Condition": {
        const condition = canonicalCondition(value as ConditionBlock);
        // An empty Condition block constrains nothing: same as none.
        if (Object.keys(condition).length > 0) canonical[key] = condition;
        break;
      }
      default:
        canonical[key] = sortKeysDeep(value);
    }
  }
  return withKeysInOrder(canonical, STATEMENT_KEYS) as unknown as PolicyStatement;
}

/** Whether two statements mean the same thing structurally (see {@link canonicalPolicy}). */
export function statementsEqual(a: string | PolicyStatement, b: string | PolicyStatement): boolean {
  return stringify(canonicalStatement(a)) === stringify(canonicalStatement(b));
}

/**
 * Whether two JSON values are equal, ignoring the order of object keys (list order counts). For
 * documents other than policies that AWS may return re-serialised, such as EventBridge patterns.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return stringify(sortKeysDeep(a)) === stringify(sortKeysDeep(b));
}

const ACCOUNT_ID = /^\d{12}$/;

function canonicalPrincipal(principal: Principal): Principal | Record<string, string[]> {
  if (typeof principal === "string") return principal;
  const canonical: Record<string, string[]> = {};
  for (const type of Object.keys(principal).sort(compareStrings)) {
    const values = (principal as Record<string, OneOrMany<string> | undefined>)[type];
    if (values === undefined) continue;
    const list = toList(values).map((v) =>
      type === "AWS" && ACCOUNT_ID.test(v) ? `arn:aws:iam::${v}:root` : v,
    );
    canonical[type] = sortedValues(list);
  }
  return canonical;
}

function canonicalCondition(condition: ConditionBlock): Record<string, Record<string, string[]>> {
  const canonical: Record<string, Record<string, string[]>> = {};
  for (const operator of Object.keys(condition).sort(compareStrings)) {
    const keys = condition[operator] ?? {};
    const entries: Record<string, string[]> = {};
    for (const key of Object.keys(keys).sort(compareStrings)) {
      entries[key] = sortedValues(toList(keys[key]).map(String));
    }
    if (Object.keys(entries).length > 0) canonical[operator] = entries;
  }
  return canonical;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sortedValues(values: OneOrMany<string>): string[] {
  return [...new Set(toList(values))].sort(compareStrings);
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isPlainObject(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareStrings)) sorted[key] = sortKeysDeep(value[key]);
  return sorted;
}

function withKeysInOrder<T extends object>(object: T, order: readonly string[]): T {
  const record = object as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of order) if (key in record) ordered[key] = record[key];
  for (const key of Object.keys(record).sort(compareStrings))
    if (!(key in ordered)) ordered[key] = record[key];
  return ordered as T;
}

/** Code-unit order: deterministic, independent of the locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function stringify(value: unknown): string {
  return JSON.stringify(value);
}
