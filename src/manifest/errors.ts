import { isAbsolute, relative } from "node:path";
import { YoloError } from "../errors/yolo-error.js";

/** Longest value an error echoes back whole; a longer one is cut, saying how long it was. */
const ECHO_MAX = 60;

/**
 * A value from the file as an error echoes it: whole when short, else its start and its length
 * (`"xxxx…" (5000 characters)` when `quote`d), so one bad value cannot flood the terminal.
 */
export function cut(text: string, quote = false): string {
  const chars = [...text];
  const shown = chars.length <= ECHO_MAX ? text : `${chars.slice(0, ECHO_MAX - 20).join("")}…`;
  const quoted = quote ? JSON.stringify(shown) : shown;
  return chars.length <= ECHO_MAX ? quoted : `${quoted} (${chars.length} characters)`;
}

/** What a manifest problem is made of: where, which key, what was found, what is allowed. */
/**
 * A number as messages and descriptions print it: thousands separators only where they help
 * (8,500,000 but 1920). Written out rather than `toLocaleString`, whose first call loads ICU's
 * number formatting: about 10 ms of every run's start-up when the schema's descriptions are built.
 */
export function formatNumber(value: number): string {
  if (!Number.isInteger(value) || Math.abs(value) < 10_000) return String(value);
  return String(value).replace(/\B(?=(\d{3})+$)/g, ",");
}

export interface ManifestProblem {
  /** The manifest file, as it was given to the loader. */
  file: string;
  /** 1-based line of the offending node, when the problem has a place in the file. */
  line?: number;
  /** 1-based column of the offending node. */
  column?: number;
  /** Key path such as `environments.production.aws.ivs.regions[1]`; empty for the whole file. */
  path: string;
  /** What the file holds there, rendered like YAML (`"ap-southeast-2"`, `15`, `true`, `nothing`). */
  found?: string;
  /** What is allowed, or what to do next: the second line of the printed error. */
  allowed?: string;
  /** The problem, in one sentence: `"ap-southeast-2" has no IVS real-time.` */
  message: string;
}

/**
 * One problem in the manifest: the user's mistake, found before any AWS call. `format()` prints
 * it the way UX.md shows, with the place first so editors and terminals can jump to it:
 *
 * ```
 * yolo.yml:7:31  environments.production.aws.ivs.regions[1]: "ap-southeast-2" has no IVS real-time.
 *                Use one of: us-east-1, us-west-2, …
 * ```
 */
export class ManifestError extends YoloError implements ManifestProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly path: string;
  readonly found?: string;
  readonly allowed?: string;

  constructor(problem: ManifestProblem) {
    super("manifest", problem.message);
    this.name = "ManifestError";
    this.file = problem.file;
    this.line = problem.line;
    this.column = problem.column;
    this.path = problem.path;
    this.found = problem.found;
    this.allowed = problem.allowed;
  }

  /** `file:line:col` (or just the file), with the file shown relative to `cwd` when inside it. */
  where(cwd: string = process.cwd()): string {
    const file = displayFile(this.file, cwd);
    return this.line === undefined ? file : `${file}:${this.line}:${this.column ?? 1}`;
  }

  /** The error as a person reads it: place, key path and problem, then what is allowed. */
  format(cwd: string = process.cwd()): string {
    const where = this.where(cwd);
    const head = `${where}  ${this.path ? `${this.path}: ` : ""}${this.message}`;
    if (!this.allowed) return head;
    const indent = " ".repeat(where.length + 2);
    return [head, ...this.allowed.split("\n").map((line) => indent + line)].join("\n");
  }

  /** The plain fields, for `yolo validate --json`. */
  toJSON(): ManifestProblem {
    const { file, line, column, path, found, allowed, message } = this;
    return { file, line, column, path, found, allowed, message };
  }
}

/** Every problem found in a manifest at once, so a user fixes them in one pass. */
export class ManifestErrors extends YoloError {
  readonly errors: readonly ManifestError[];

  constructor(errors: readonly ManifestError[]) {
    super("manifest", formatAll(errors, process.cwd()));
    this.name = "ManifestErrors";
    this.errors = errors;
  }

  /** Each error formatted, separated by a blank line. */
  format(cwd: string = process.cwd()): string {
    return formatAll(this.errors, cwd);
  }
}

/** True for the errors this module throws: print them with `.format()` and exit 1. */
export function isManifestError(error: unknown): error is ManifestError | ManifestErrors {
  return error instanceof ManifestError || error instanceof ManifestErrors;
}

function formatAll(errors: readonly ManifestError[], cwd: string): string {
  return errors.map((error) => error.format(cwd)).join("\n\n");
}

function displayFile(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}
