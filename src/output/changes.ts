/**
 * Changes as people read them: one short line per attribute, `from → to` for a change, the value
 * alone for what a plan creates or deletes. Policy documents are summarised by statement (which
 * Sids appear, disappear or differ, and what each allows) instead of printed whole; `verbose`
 * adds the whole documents (see documents.ts).
 */
import type { Change } from "../engine/result.js";
import { canonicalPolicy, canonicalStatement, toList } from "../policy/canonical.js";
import type { PolicyStatement, Principal } from "../policy/types.js";
import { truncate } from "./ansi.js";
import { asDocument, documentDiff, documentLines } from "./documents.js";

/** One line of the change list: `attribute: text`, and with `--verbose` the document under it. */
export interface ChangeLine {
  attribute: string;
  text: string;
  /** Whole-document lines (JSON, or a diff marked `- `/`+ `), shown under the line. */
  detail?: string[];
}

export interface DescribeOptions {
  /** Values whole (no cutting) and documents in full under their line. */
  verbose?: boolean;
}

/** How long a value may be before it is cut (ARNs are about 80 characters: keep them whole). */
const MAX_VALUE = 100;
/** The same for the value of a created or deleted attribute, which has a line to itself. */
const MAX_PLANNED_VALUE = 160;

/** The lines a change is shown as (a policy change may give one line per statement). */
export function describeChange(change: Change, options: DescribeOptions = {}): ChangeLine[] {
  const max = options.verbose ? Number.POSITIVE_INFINITY : MAX_VALUE;
  const statement = /^policy\.(.+)$/.exec(change.attribute);
  if (statement) return [withDiff(describeStatementChange(statement[1], change), change, options)];
  const attribute = attributeLabel(change.attribute);
  if (/polic/i.test(change.attribute)) {
    const lines = describePolicyChange(attribute, change);
    if (lines) return options.verbose ? [...lines, documentLine(attribute, change, options)] : lines;
  }
  const line = {
    attribute,
    text: `${formatAttributeValue(change.attribute, change.from, max)} → ${formatAttributeValue(change.attribute, change.to, max)}`,
  };
  return [withDiff(line, change, options)];
}

/**
 * The lines of one attribute of a resource a plan creates: the value it will have. The change
 * naming the resource itself (`bucket`, `role`, `logGroup`) is the heading, not a line; a rule's
 * settings are one line each.
 */
export function describeCreated(change: Change, resource: string | undefined, options: DescribeOptions = {}) {
  return describePlanned(change.attribute, change.to, resource, options);
}

/**
 * The lines of one thing a destroy plan deletes with a resource (its policies, its objects): the
 * value it has today. The change naming the resource itself is the heading, not a line.
 */
export function describeDeleted(change: Change, resource: string | undefined, options: DescribeOptions = {}) {
  if (change.attribute === "objects" && typeof change.from === "number")
    return [{ attribute: "objects", text: `${change.from}, emptied first` }];
  return describePlanned(change.attribute, change.from, resource, options);
}

function describePlanned(
  name: string,
  value: unknown,
  resource: string | undefined,
  options: DescribeOptions,
): ChangeLine[] {
  if (value === null || value === undefined || value === resource) return [];
  const max = options.verbose ? Number.POSITIVE_INFINITY : MAX_PLANNED_VALUE;
  // `policy.SID` of a bucket's own step; `BUCKET.policy.SID` of another step (destroy:iam).
  const statement = /^(?:(.+)\.)?policy\.([^.]+)$/.exec(name);
  if (statement && isRecord(value))
    return [
      {
        attribute: `${statement[1] ? `bucket ${statement[1]} ` : ""}policy statement ${statement[2]}`,
        text: truncate(summariseStatement(value as unknown as PolicyStatement), max),
        ...(options.verbose ? { detail: documentLines(value) } : {}),
      },
    ];
  // A rule: its name is the heading; each other setting is a line of its own.
  if (name !== "tags" && isRecord(value) && resource !== undefined && value.Name === resource)
    return Object.entries(value)
      .filter(([key]) => key !== "Name")
      .flatMap(([key, setting]) => describePlanned(key, setting, resource, options));
  const attribute = attributeLabel(name);
  if (/polic/i.test(name)) {
    const statements = statementsByKey(value);
    if (statements) {
      const lines = [...statements].map(([key, s]) => ({
        attribute: `${attribute} statement ${key}`,
        text: truncate(summariseStatement(s), max),
      }));
      if (!options.verbose) return lines;
      return [...lines, { attribute: `${attribute} document`, text: "", detail: documentLines(value) }];
    }
  }
  const detail = options.verbose && !isFlat(value) ? documentLines(value) : [];
  return [
    {
      attribute,
      text: formatAttributeValue(name, value, max),
      ...(detail.length > 0 ? { detail } : {}),
    },
  ];
}

/** With `--verbose`, a change between documents carries their diff. */
function withDiff(line: ChangeLine, change: Change, options: DescribeOptions): ChangeLine {
  if (!options.verbose || (isFlat(change.from) && isFlat(change.to))) return line;
  const detail = documentDiff(change.from, change.to);
  return detail.length > 0 ? { ...line, detail } : line;
}

/** The whole-document diff of a policy change, as a line of its own after the statement lines. */
function documentLine(attribute: string, change: Change, options: DescribeOptions): ChangeLine {
  return withDiff({ attribute: `${attribute} document`, text: "" }, change, options);
}

/**
 * What a statement does, in one line: `Allow s3:PutObject, s3:PutObjectAcl to
 * ivs-composite.us-east-1.amazonaws.com when aws:SecureTransport=true`. Resources are left out (they are the resource
 * the statement is on); `--verbose` shows the statement whole.
 */
export function summariseStatement(statement: PolicyStatement): string {
  const who = statement.NotPrincipal
    ? `everyone but ${principalText(statement.NotPrincipal)}`
    : statement.Principal
      ? principalText(statement.Principal)
      : "";
  const what = statement.NotAction
    ? `all but ${toList(statement.NotAction).join(", ")}`
    : toList(statement.Action).join(", ");
  const conditions = Object.entries(statement.Condition ?? {}).flatMap(([operator, keys]) =>
    Object.entries(keys).map(([key, values]) => {
      const value = toList(values).map(String).join("|");
      return /^(StringEquals|Bool|NumericEquals|ArnEquals)$/.test(operator)
        ? `${key}=${value}`
        : `${key} ${operator} ${value}`;
    }),
  );
  return [
    statement.Effect,
    what,
    ...(who !== "" ? ["to", who] : []),
    ...(conditions.length > 0 ? ["when", conditions.join(", ")] : []),
  ].join(" ");
}

function principalText(principal: Principal): string {
  if (principal === "*") return "*";
  return Object.values(principal)
    .flatMap((ids) => toList(ids as string | string[]))
    .join(", ");
}

/** An attribute's name for people: a few have a better word than their split camelCase. */
function attributeLabel(attribute: string): string {
  return attribute === "retentionInDays" ? "retention" : humanAttribute(attribute);
}

/** A value as people read it for this attribute (`14 days`, `1280×720, 30 fps, …`), else {@link formatValue}. */
function formatAttributeValue(attribute: string, value: unknown, max: number): string {
  if (attribute === "retentionInDays" && typeof value === "number") return `${value} days`;
  if (attribute === "video" && isRecord(value) && typeof value.width === "number") {
    const { width, height, framerate, bitrate } = value as Record<string, number>;
    return `${width}×${height}, ${framerate} fps, ${bitrate.toLocaleString("en-US")} bit/s`;
  }
  if (attribute === "lifecycle" && isRecord(value) && isRecord(value.Expiration)) {
    const days = value.Expiration.Days;
    if (typeof value.ID === "string" && typeof days === "number")
      return `${value.ID} expires objects after ${days} days${value.Status === "Enabled" ? "" : ` (${String(value.Status)})`}`;
  }
  return formatValue(value, max);
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

/** A value in one short line: `absent` for none, strings bare, small maps as `k=v` (`k absent` for a null), else compact JSON. */
export function formatValue(value: unknown, max = MAX_VALUE): string {
  if (value === null || value === undefined) return "absent";
  if (typeof value === "string") return value === "" ? '""' : truncate(oneLine(value), max);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every(isPrimitive))
    return truncate(`[${value.map(String).join(", ")}]`, max);
  if (isRecord(value) && Object.values(value).every(isPrimitive)) {
    const entries = Object.entries(value).map(([k, v]) => (v === null ? `${k} absent` : `${k}=${String(v)}`));
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

/** A value the one-line form shows whole: a primitive, a flat list or a flat map (not a JSON document). */
function isFlat(value: unknown): boolean {
  if (isPrimitive(value) || value === undefined) return typeof value !== "string" || !asDocument(value);
  if (Array.isArray(value)) return value.every(isPrimitive);
  return isRecord(value) && Object.values(value).every(isPrimitive);
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
