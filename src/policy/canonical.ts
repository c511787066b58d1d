/**
 * Parse policy documents as AWS returns them and compare them the way AWS means them, so a
 * policy is rewritten only when it really differs (SPEC §4: "compared structurally").
 */
import {
  type ConditionBlock,
  type OneOrMany,
  type PolicyDocument,
  type PolicyStatement,
  type Principal,
  STATEMENT_KEYS,
} from "./types.js";

/** A policy document (or statement) that is not valid JSON or not shaped like a policy. */
export class PolicyParseError extends Error {
  override name = "PolicyParseError";
}

/** A document whose `Statement` is always a list. */
export type NormalizedPolicyDocument = Omit<PolicyDocument, "Statement"> & { Statement: PolicyStatement[] };

/**
 * Read a policy document from JSON text or pass an object through. IAM returns role and inline
 * policies URL-encoded (RFC 3986) and the SDK does not decode them (AWS-FACTS §5.3), so text that
 * starts with `%7B` is decoded first.
 */
export function parsePolicyDocument(input: string | PolicyDocument): PolicyDocument {
  if (typeof input !== "string") return checkDocumentShape(input);
  let text = input.trim();
  if (/^%7B/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      throw new PolicyParseError("The policy document is not valid URL-encoded text");
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PolicyParseError(`The policy document is not valid JSON: ${(error as Error).message}`);
  }
  return checkDocumentShape(parsed);
}

/** Read one statement from JSON text or pass an object through. */
export function parsePolicyStatement(input: string | PolicyStatement): PolicyStatement {
  if (typeof input !== "string") return checkStatementShape(input);
  try {
    return checkStatementShape(JSON.parse(input));
  } catch (error) {
    if (error instanceof PolicyParseError) throw error;
    throw new PolicyParseError(`The policy statement is not valid JSON: ${(error as Error).message}`);
  }
}

/** The statements of a document as a list (a lone statement object is a list of one). */
export function statementsOf(doc: PolicyDocument): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

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

function checkDocumentShape(value: unknown): PolicyDocument {
  if (!isPlainObject(value)) throw new PolicyParseError("The policy document must be a JSON object");
  const statement = value.Statement;
  if (statement === undefined) throw new PolicyParseError("The policy document has no Statement");
  for (const s of Array.isArray(statement) ? statement : [statement]) checkStatementShape(s);
  return value as unknown as PolicyDocument;
}

function checkStatementShape(value: unknown): PolicyStatement {
  if (!isPlainObject(value)) throw new PolicyParseError("Each policy statement must be a JSON object");
  return value as unknown as PolicyStatement;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value or list of values as a list. */
export function toList<T>(value: OneOrMany<T> | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
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
