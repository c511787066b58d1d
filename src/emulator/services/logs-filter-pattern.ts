/**
 * A subset of CloudWatch Logs filter-pattern syntax, for FilterLogEvents:
 * - empty pattern: every event;
 * - terms (`ERROR timeout`, `"exact phrase"`): all must occur; `?a ?b`: any of them; `-term`: must not
 *   occur. Matching is case-sensitive substring matching (AWS matches whole terms; close enough
 *   for emulated logs);
 * - JSON patterns `{ $.detail.event_name = "Recording Start" }` with `=`, `!=`, `<`, `<=`, `>`, `>=`,
 *   `*` wildcards in quoted strings, `EXISTS`/`NOT EXISTS`, joined by `&&` or `||` (no parentheses).
 * Space-delimited patterns (`[ip, user, ...]`) are refused with FilterPatternError.
 */

export class FilterPatternError extends Error {}

export type LogMessageFilter = (message: string) => boolean;

/** Compile a filter pattern into a predicate over messages. Throws FilterPatternError. */
export function compileFilterPattern(pattern: string | undefined): LogMessageFilter {
  const text = (pattern ?? "").trim();
  if (text === "") return () => true;
  if (text.startsWith("["))
    throw new FilterPatternError("Space-delimited filter patterns are not supported by the emulator");
  if (text.startsWith("{")) return compileJsonPattern(text);
  return compileTermPattern(text);
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const regex = /([?-]?)"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    tokens.push(match[3] ?? `${match[1]}\u0000${match[2].replace(/\\(.)/g, "$1")}`);
  }
  return tokens;
}

function compileTermPattern(text: string): LogMessageFilter {
  const required: string[] = [];
  const anyOf: string[] = [];
  const excluded: string[] = [];
  for (const token of tokenize(text)) {
    const quoted = token.includes("\u0000");
    const [sign, term] = quoted
      ? token.split("\u0000")
      : /^[?-]/.test(token)
        ? [token[0], token.slice(1)]
        : ["", token];
    if (term === "") throw new FilterPatternError(`Invalid filter pattern term '${token}'`);
    (sign === "?" ? anyOf : sign === "-" ? excluded : required).push(term);
  }
  return (message) =>
    required.every((term) => message.includes(term)) &&
    (anyOf.length === 0 || anyOf.some((term) => message.includes(term))) &&
    !excluded.some((term) => message.includes(term));
}

type Condition = (json: unknown) => boolean;

function compileJsonPattern(text: string): LogMessageFilter {
  if (!text.endsWith("}")) throw new FilterPatternError("Invalid JSON filter pattern: missing '}'");
  const body = text.slice(1, -1).trim();
  if (body.includes("("))
    throw new FilterPatternError("Parentheses in JSON filter patterns are not supported by the emulator");
  const orGroups = body
    .split("||")
    .map((group) => group.split("&&").map((part) => compileCondition(part.trim())));
  return (message) => {
    let json: unknown;
    try {
      json = JSON.parse(message);
    } catch {
      return false;
    }
    return orGroups.some((group) => group.every((condition) => condition(json)));
  };
}

function valueAt(json: unknown, path: string): unknown {
  let current: unknown = json;
  for (const part of path.split(".").filter(Boolean)) {
    const indexed = /^(.*?)\[(\d+)\]$/.exec(part);
    const key = indexed ? indexed[1] : part;
    if (current === null || typeof current !== "object") return undefined;
    current = key ? (current as Record<string, unknown>)[key] : current;
    if (indexed) current = Array.isArray(current) ? current[Number(indexed[2])] : undefined;
  }
  return current;
}

function compileCondition(text: string): Condition {
  const exists = /^\$((?:\.[^\s]+)+)\s+(NOT\s+)?EXISTS$/.exec(text);
  if (exists) return (json) => (valueAt(json, exists[1]) !== undefined) !== Boolean(exists[2]);
  const match = /^\$((?:\.[^\s=!<>]+)+)\s*(=|!=|<=|>=|<|>)\s*(.+)$/.exec(text);
  if (!match) throw new FilterPatternError(`Invalid JSON filter pattern condition '${text}'`);
  const [, path, operator, rawValue] = match;
  const quoted = /^"(.*)"$/.exec(rawValue);
  if (quoted || !/^-?\d+(\.\d+)?$/.test(rawValue)) {
    if (operator !== "=" && operator !== "!=")
      throw new FilterPatternError(`Operator ${operator} needs a number in '${text}'`);
    const wanted = quoted ? quoted[1] : rawValue;
    const regex = new RegExp(
      `^${wanted
        .split("*")
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
      "s",
    );
    return (json) => {
      const value = valueAt(json, path);
      if (value === undefined || (value !== null && typeof value === "object")) return false;
      return regex.test(String(value)) === (operator === "=");
    };
  }
  const bound = Number(rawValue);
  return (json) => {
    const value = valueAt(json, path);
    if (typeof value !== "number") return false;
    switch (operator) {
      case "=":
        return value === bound;
      case "!=":
        return value !== bound;
      case "<":
        return value < bound;
      case "<=":
        return value <= bound;
      case ">":
        return value > bound;
      default:
        return value >= bound;
    }
  };
}
