/**
 * Whole documents for `--verbose` plans: a value as indented JSON lines, and two values as a line
 * diff (`- ` before, `+ ` after, two spaces for what both share), the way `terraform plan` shows a
 * policy that changes. Policy documents and statements are compared in their canonical form, so
 * the diff shows what differs in meaning, not in key order or spelling; other documents are
 * compared with their keys sorted.
 */
import { canonicalPolicy, canonicalStatement } from "../policy/canonical.js";

/** A document: an object or array, or a string holding one as JSON (policies are sent as strings). */
export function asDocument(value: unknown): object | undefined {
  if (typeof value === "string") {
    if (!/^\s*[[{]/.test(value)) return undefined;
    try {
      const parsed: unknown = JSON.parse(value);
      return typeof parsed === "object" && parsed !== null ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return typeof value === "object" && value !== null ? value : undefined;
}

/** The value as indented JSON lines; no lines when it is not a document. */
export function documentLines(value: unknown): string[] {
  const document = asDocument(value);
  return document === undefined ? [] : JSON.stringify(document, null, 2).split("\n");
}

/**
 * The lines that turn `from` into `to`, each marked `- `, `+ ` or two spaces; no lines when
 * neither side is a document. An absent side diffs as nothing (every line added or removed).
 */
export function documentDiff(from: unknown, to: unknown): string[] {
  const before = documentLines(comparable(from));
  const after = documentLines(comparable(to));
  if (before.length === 0 && after.length === 0) return [];
  return diffLines(before, after);
}

/** A policy document or statement in canonical form (keys and lists in a fixed order), else as is. */
function comparable(value: unknown): unknown {
  const document = asDocument(value) as Record<string, unknown> | undefined;
  if (document === undefined || Array.isArray(document)) return document;
  try {
    if ("Statement" in document) return canonicalPolicy(document as never);
    if ("Effect" in document) return canonicalStatement(document as never);
  } catch {
    // Not a policy the canonical form reads: compare it key by key.
  }
  return sortedKeys(document);
}

/** The value with every object's keys in alphabetical order (AWS returns them in its own order). */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

/** A line diff by longest common subsequence (documents here are tens of lines). */
export function diffLines(before: string[], after: string[]): string[] {
  const n = before.length;
  const m = after.length;
  // common[i][j]: the length of the longest common subsequence of before[i..] and after[j..].
  const common = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      common[i][j] =
        before[i] === after[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      lines.push(`  ${before[i++]}`);
      j++;
    } else if (i < n && (j >= m || common[i + 1][j] >= common[i][j + 1])) lines.push(`- ${before[i++]}`);
    else lines.push(`+ ${after[j++]}`);
  }
  return lines;
}
