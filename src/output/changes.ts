/**
 * Changes as people read them: one short line per attribute, `from → to`. Policy documents are
 * summarised by statement (which Sids appear, disappear or differ) instead of printed whole.
 */
import type { Change } from "../engine/result.js";
import { canonicalPolicy, canonicalStatement } from "../policy/canonical.js";
import type { PolicyStatement } from "../policy/types.js";
import { truncate } from "./ansi.js";

/** One line of the change list: `attribute: text`. */
export interface ChangeLine {
  attribute: string;
  text: string;
}

/** How long a value may be before it is cut (ARNs are about 80 characters: keep them whole). */
const MAX_VALUE = 100;

/** The lines a change is shown as (a policy change may give one line per statement). */
export function describeChange(change: Change): ChangeLine[] {
  const statement = /^policy\.(.+)$/.exec(change.attribute);
  if (statement) return [describeStatementChange(statement[1], change)];
  const attribute = humanAttribute(change.attribute);
  if (/polic/i.test(change.attribute)) {
    const lines = describePolicyChange(attribute, change);
    if (lines) return lines;
  }
  return [{ attribute, text: `${formatValue(change.from)} → ${formatValue(change.to)}` }];
}

/**
 * An attribute name in words: the first word's camelCase split (`retentionInDays` →
 * `retention in days`, `roleArn` → `role ARN`); the rest (names, Sids) is kept as written.
 */
export function humanAttribute(attribute: string): string {
  const [head, ...rest] = attribute.split(" ");
  const words = head
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(" ")
    .map((word, i) =>
      /^arn$/i.test(word) ? "ARN" : i > 0 || /^[A-Z][a-z]/.test(word) ? word.toLowerCase() : word,
    );
  return [words.join(" "), ...rest].join(" ");
}

/** A value in one short line: `absent` for none, strings bare, small maps as `k=v`, else compact JSON. */
export function formatValue(value: unknown, max = MAX_VALUE): string {
  if (value === null || value === undefined) return "absent";
  if (typeof value === "string") return value === "" ? '""' : truncate(oneLine(value), max);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every(isPrimitive))
    return truncate(`[${value.map(String).join(", ")}]`, max);
  if (isRecord(value) && Object.values(value).every(isPrimitive)) {
    const entries = Object.entries(value).map(([k, v]) => `${k}=${String(v)}`);
    return truncate(entries.length > 0 ? entries.join(", ") : "{}", max);
  }
  return truncate(JSON.stringify(value) ?? String(value), max);
}

/** One owned statement, by Sid (the bucket policy's changes): added, removed or which keys changed. */
function describeStatementChange(sid: string, change: Change): ChangeLine {
  const attribute = `policy statement ${sid}`;
  if (!isRecord(change.from)) return { attribute, text: "absent → present" };
  if (!isRecord(change.to)) return { attribute, text: "present → absent" };
  const keys = differingKeys(
    change.from as unknown as PolicyStatement,
    change.to as unknown as PolicyStatement,
  );
  return { attribute, text: `changed (${keys.length > 0 ? keys.join(", ") : "document"})` };
}

/**
 * Statement by statement: added Sids `absent → present`, removed ones `present → absent`,
 * changed ones `changed (Action, Condition)`. Undefined when a side is not a policy document.
 */
function describePolicyChange(attribute: string, change: Change): ChangeLine[] | undefined {
  const from = statementsByKey(change.from);
  const to = statementsByKey(change.to);
  if (from === undefined || to === undefined) return undefined;
  if (from === null && to === null) return undefined;
  if (from === null) return [{ attribute, text: `absent → ${countStatements(to!)}` }];
  if (to === null) return [{ attribute, text: `${countStatements(from)} → absent` }];

  const lines: ChangeLine[] = [];
  for (const [key, statement] of to) {
    const before = from.get(key);
    if (!before) lines.push({ attribute: `${attribute} statement ${key}`, text: "absent → present" });
    else {
      const differing = differingKeys(before, statement);
      if (differing.length > 0)
        lines.push({ attribute: `${attribute} statement ${key}`, text: `changed (${differing.join(", ")})` });
    }
  }
  for (const key of from.keys()) {
    if (!to.has(key)) lines.push({ attribute: `${attribute} statement ${key}`, text: "present → absent" });
  }
  // Same statements, other differences (Version, Id): say so rather than print nothing.
  return lines.length > 0 ? lines : [{ attribute, text: "changed (document)" }];
}

/**
 * Canonical statements keyed by Sid (or `#n` for statements without one); `null` for an absent
 * policy, undefined when the value is not a policy document.
 */
function statementsByKey(value: unknown): Map<string, PolicyStatement> | null | undefined {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value !== "string" && !isRecord(value)) return undefined;
  try {
    const document = canonicalPolicy(value as never);
    const map = new Map<string, PolicyStatement>();
    let unnamed = 0;
    for (const statement of document.Statement) {
      map.set(statement.Sid ?? `#${++unnamed}`, statement);
    }
    return map;
  } catch {
    return undefined;
  }
}

function differingKeys(a: PolicyStatement, b: PolicyStatement): string[] {
  const left = canonicalStatement(a) as unknown as Record<string, unknown>;
  const right = canonicalStatement(b) as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  return keys.filter((key) => JSON.stringify(left[key]) !== JSON.stringify(right[key]));
}

function countStatements(statements: Map<string, PolicyStatement>): string {
  const sids = [...statements.keys()];
  const named = sids.filter((sid) => !sid.startsWith("#"));
  return named.length === sids.length && named.length > 0 && named.length <= 4
    ? `present (${named.join(", ")})`
    : `present (${sids.length} statement${sids.length === 1 ? "" : "s"})`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

function isPrimitive(value: unknown): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
