/**
 * EventBridge event patterns: validation and matching, as pure functions.
 *
 * Supported: exact values (a leaf is an array = any of its values), nested objects, `$or`, and the
 * content filters `prefix`, `suffix`, `equals-ignore-case`, `anything-but` (a value, a list, or
 * `{prefix}` / `{suffix}` / `{equals-ignore-case}`), `exists`, `numeric`, `wildcard` and `cidr` (IPv4 only).
 * Semantics follow the EventBridge user guide "Event patterns" / "Content filtering":
 * an event array matches when any of its elements matches; a missing field matches only
 * `{"exists": false}`; numbers compare by value; `exists` only applies to leaves.
 */

/** An event pattern: field → list of accepted values/filters, or a nested pattern. */
export type EventPattern = { [field: string]: EventPatternNode };
export type EventPatternNode = EventPattern | PatternValue[] | EventPattern[];
type PatternValue = string | number | boolean | null | Record<string, unknown>;

/** A pattern that EventBridge would refuse; `message` is what InvalidEventPatternException carries. */
export class EventPatternError extends Error {
  constructor(reason: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
    this.name = "EventPatternError";
  }
}

const NUMERIC_OPERATORS = new Set(["<", "<=", "=", ">", ">=", "!="]);
const ANYTHING_BUT_FILTERS = new Set(["prefix", "suffix", "equals-ignore-case", "wildcard"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return (
    value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean"
  );
}

/** Parse and validate a pattern as PutRule receives it (a JSON string). Throws EventPatternError. */
export function parseEventPattern(text: string): EventPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EventPatternError(`Filter is not valid JSON: ${(error as Error).message}`);
  }
  assertValidEventPattern(parsed);
  return parsed;
}

/** Why a parsed pattern is invalid, or undefined when it is valid. */
export function eventPatternProblem(pattern: unknown): string | undefined {
  try {
    assertValidEventPattern(pattern);
    return undefined;
  } catch (error) {
    if (error instanceof EventPatternError) return error.message;
    throw error;
  }
}

/** Throws EventPatternError unless `pattern` is a valid event pattern object. */
export function assertValidEventPattern(pattern: unknown): asserts pattern is EventPattern {
  if (!isPlainObject(pattern)) throw new EventPatternError("Filter is not an object");
  if (Object.keys(pattern).length === 0) throw new EventPatternError("Empty event pattern is not allowed");
  validateObject(pattern, "");
}

function validateObject(pattern: Record<string, unknown>, at: string): void {
  for (const [field, node] of Object.entries(pattern)) {
    const path = at ? `${at}.${field}` : field;
    if (field === "$or") {
      validateOr(node, path);
    } else if (Array.isArray(node)) {
      if (node.length === 0) throw new EventPatternError(`Empty arrays are not allowed (at ${path})`);
      for (const value of node) validateValue(value, path);
    } else if (isPlainObject(node)) {
      if (Object.keys(node).length === 0)
        throw new EventPatternError(`Empty objects are not allowed (at ${path})`);
      validateObject(node, path);
    } else {
      throw new EventPatternError(
        `Match value must be String, number, true, false, or null (at ${path}: leaves must be arrays)`,
      );
    }
  }
}

function validateOr(node: unknown, path: string): void {
  if (!Array.isArray(node) || node.length < 2)
    throw new EventPatternError(`"$or" must be an array of at least 2 patterns (at ${path})`);
  for (const branch of node) {
    if (!isPlainObject(branch) || Object.keys(branch).length === 0)
      throw new EventPatternError(`"$or" branches must be non-empty objects (at ${path})`);
    validateObject(branch, path);
  }
}

function validateValue(value: unknown, path: string): void {
  if (isScalar(value)) return;
  if (Array.isArray(value)) throw new EventPatternError(`Nested arrays are not allowed (at ${path})`);
  const filter = value as Record<string, unknown>;
  const keys = Object.keys(filter);
  if (keys.length !== 1)
    throw new EventPatternError(`A content filter must have exactly one key (at ${path})`);
  const [kind] = keys;
  const argument = filter[kind];
  switch (kind) {
    case "prefix":
    case "suffix":
      if (typeof argument === "string") return;
      if (
        isPlainObject(argument) &&
        Object.keys(argument).length === 1 &&
        typeof argument["equals-ignore-case"] === "string"
      )
        return;
      throw new EventPatternError(`${kind} match pattern must be a string (at ${path})`);
    case "equals-ignore-case":
    case "wildcard":
      if (typeof argument !== "string")
        throw new EventPatternError(`${kind} match pattern must be a string (at ${path})`);
      if (kind === "wildcard" && argument.includes("**"))
        throw new EventPatternError(`Consecutive wildcard characters are not allowed (at ${path})`);
      return;
    case "exists":
      if (typeof argument !== "boolean")
        throw new EventPatternError(`exists match pattern must be either true or false (at ${path})`);
      return;
    case "numeric":
      validateNumeric(argument, path);
      return;
    case "anything-but":
      validateAnythingBut(argument, path);
      return;
    case "cidr":
      if (typeof argument !== "string" || !parseIpv4Cidr(argument))
        throw new EventPatternError(
          `cidr match pattern must be an IPv4 CIDR block (at ${path}; the emulator does not match IPv6)`,
        );
      return;
    default:
      throw new EventPatternError(`Unrecognized match type ${kind} (at ${path})`);
  }
}

function validateNumeric(argument: unknown, path: string): void {
  if (!Array.isArray(argument) || argument.length === 0 || argument.length % 2 !== 0)
    throw new EventPatternError(`Value of numeric must be an array of operator/number pairs (at ${path})`);
  for (let i = 0; i < argument.length; i += 2) {
    if (typeof argument[i] !== "string" || !NUMERIC_OPERATORS.has(argument[i] as string))
      throw new EventPatternError(`Unrecognized numeric range operator: ${String(argument[i])} (at ${path})`);
    if (typeof argument[i + 1] !== "number" || !Number.isFinite(argument[i + 1]))
      throw new EventPatternError(`Value of ${argument[i]} must be numeric (at ${path})`);
  }
  if (argument.length > 4)
    throw new EventPatternError(`Too many terms in numeric range expression (at ${path})`);
}

function validateAnythingBut(argument: unknown, path: string): void {
  if (typeof argument === "string" || typeof argument === "number") return;
  if (Array.isArray(argument)) {
    if (argument.length === 0) throw new EventPatternError(`Empty arrays are not allowed (at ${path})`);
    const allStrings = argument.every((v) => typeof v === "string");
    const allNumbers = argument.every((v) => typeof v === "number");
    if (!allStrings && !allNumbers)
      throw new EventPatternError(
        `Inside anything but list, all values must be strings or all numbers (at ${path})`,
      );
    return;
  }
  if (isPlainObject(argument)) {
    const keys = Object.keys(argument);
    if (keys.length === 1 && ANYTHING_BUT_FILTERS.has(keys[0])) {
      const inner = argument[keys[0]];
      if (typeof inner === "string") return;
      if (Array.isArray(inner) && inner.length > 0 && inner.every((v) => typeof v === "string")) return;
    }
  }
  throw new EventPatternError(
    `Value of anything-but must be an array, a string, a number, or a prefix/suffix/equals-ignore-case/wildcard filter (at ${path})`,
  );
}

/**
 * Whether an event matches a (valid) pattern. Every field of the pattern must match; `$or`
 * matches when any of its branches does.
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, event);
}

function matchObject(pattern: EventPattern, value: unknown): boolean {
  const object = isPlainObject(value) ? value : undefined;
  for (const [field, node] of Object.entries(pattern)) {
    if (field === "$or") {
      if (!(node as EventPattern[]).some((branch) => matchObject(branch, value))) return false;
      continue;
    }
    const child = object?.[field];
    if (Array.isArray(node)) {
      if (!matchLeaf(node as PatternValue[], child, object !== undefined && field in object)) return false;
    } else if (!matchObject(node as EventPattern, child)) {
      return false;
    }
  }
  return true;
}

/** The leaf values of an event field: an array contributes each element; objects are not leaves. */
function leafValues(value: unknown): unknown[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v) => !isPlainObject(v) && !Array.isArray(v));
}

function matchLeaf(filters: PatternValue[], value: unknown, present: boolean): boolean {
  const values = present ? leafValues(value) : [];
  return filters.some((filter) => {
    if (isPlainObject(filter) && "exists" in filter) return filter.exists === values.length > 0;
    return values.some((v) => matchValue(filter, v));
  });
}

function matchValue(filter: PatternValue, value: unknown): boolean {
  if (!isPlainObject(filter)) return scalarEquals(filter, value);
  const [kind] = Object.keys(filter);
  const argument = filter[kind];
  switch (kind) {
    case "prefix":
      return typeof value === "string" && affixMatches(argument, value, "prefix");
    case "suffix":
      return typeof value === "string" && affixMatches(argument, value, "suffix");
    case "equals-ignore-case":
      return typeof value === "string" && value.toLowerCase() === (argument as string).toLowerCase();
    case "wildcard":
      return typeof value === "string" && wildcardMatches(argument as string, value);
    case "numeric":
      return typeof value === "number" && numericMatches(argument as (string | number)[], value);
    case "anything-but":
      return anythingButMatches(argument, value);
    case "cidr":
      return typeof value === "string" && cidrContains(argument as string, value);
    default:
      return false;
  }
}

function scalarEquals(expected: string | number | boolean | null, value: unknown): boolean {
  if (typeof expected === "number") return typeof value === "number" && value === expected;
  return value === expected;
}

function affixMatches(argument: unknown, value: string, side: "prefix" | "suffix"): boolean {
  const ignoreCase = isPlainObject(argument);
  const affix = ignoreCase ? (argument["equals-ignore-case"] as string) : (argument as string);
  const subject = ignoreCase ? value.toLowerCase() : value;
  const wanted = ignoreCase ? affix.toLowerCase() : affix;
  return side === "prefix" ? subject.startsWith(wanted) : subject.endsWith(wanted);
}

function wildcardMatches(pattern: string, value: string): boolean {
  const regex = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${regex}$`, "s").test(value);
}

function ipv4ToNumber(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function parseIpv4Cidr(text: string): { base: number; bits: number } | undefined {
  const [address, bits, ...rest] = text.split("/");
  const base = ipv4ToNumber(address);
  if (
    base === undefined ||
    rest.length > 0 ||
    bits === undefined ||
    !/^\d{1,2}$/.test(bits) ||
    Number(bits) > 32
  )
    return undefined;
  return { base, bits: Number(bits) };
}

function cidrContains(cidr: string, value: string): boolean {
  const block = parseIpv4Cidr(cidr);
  const address = ipv4ToNumber(value);
  if (!block || address === undefined) return false;
  const size = 2 ** (32 - block.bits);
  return Math.floor(address / size) === Math.floor(block.base / size);
}

function numericMatches(terms: (string | number)[], value: number): boolean {
  for (let i = 0; i < terms.length; i += 2) {
    const bound = terms[i + 1] as number;
    const ok =
      terms[i] === "<"
        ? value < bound
        : terms[i] === "<="
          ? value <= bound
          : terms[i] === "="
            ? value === bound
            : terms[i] === ">"
              ? value > bound
              : terms[i] === ">="
                ? value >= bound
                : value !== bound;
    if (!ok) return false;
  }
  return true;
}

function anythingButMatches(argument: unknown, value: unknown): boolean {
  if (isPlainObject(argument)) {
    if (typeof value !== "string") return false;
    const [kind] = Object.keys(argument);
    const inner = argument[kind];
    const candidates = Array.isArray(inner) ? (inner as string[]) : [inner as string];
    return !candidates.some((candidate) => matchValue({ [kind]: candidate }, value));
  }
  const excluded = Array.isArray(argument) ? argument : [argument];
  if (value === null || typeof value === "boolean") return true;
  return !excluded.some((candidate) => scalarEquals(candidate as string | number, value));
}
