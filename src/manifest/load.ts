import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Scalar,
  type Node as YamlNode,
} from "yaml";
import { cut, ManifestError } from "./errors.js";

/** A 1-based place in the manifest file. */
export interface Position {
  line: number;
  column: number;
}

interface NodeBase {
  /** Where the value is written. */
  pos: Position;
  /** Where the key holding this value is written (absent for the document and list items). */
  keyPos?: Position;
}

/** A YAML mapping, with aliases and `<<` merge keys already expanded. */
export interface MapNode extends NodeBase {
  kind: "map";
  entries: Map<string, ManifestNode>;
}

export interface ListNode extends NodeBase {
  kind: "list";
  items: ManifestNode[];
}

export interface ScalarNode extends NodeBase {
  kind: "scalar";
  /** The value as YAML 1.2 reads it: `yes` is the string "yes", `012` is the number 12. */
  value: unknown;
  /** Written in quotes (`"true"` is a string the user meant as a string). */
  quoted: boolean;
  /** Nothing was written (`ivs:` with no value). */
  empty: boolean;
}

/** The manifest as a tree of values that remember where they are written. */
export type ManifestNode = MapNode | ListNode | ScalarNode;

/** A parsed `yolo.yml`: the file it came from and its tree. Validate it before use. */
export interface Manifest {
  file: string;
  root: ManifestNode;
}

/** Aliases can multiply a small file into a huge tree; no real manifest comes near this. */
const MAX_NODES = 100_000;

/**
 * Read and parse the manifest. A missing file, or YAML that does not parse, is a
 * {@link ManifestError} naming the file (and line and column for a syntax error).
 */
export async function loadManifest(file: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw unreadable(file, error);
  }
  return parseManifest(text, file);
}

/** {@link loadManifest}, synchronously. */
export function loadManifestSync(file: string): Manifest {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw unreadable(file, error);
  }
  return parseManifest(text, file);
}

/** Parse manifest text; `file` is only used to say where errors are. */
export function parseManifest(text: string, file: string): Manifest {
  const lineCounter = new LineCounter();
  // Duplicate keys are found by the tree builder below, which knows the key path to name.
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: false });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    // The YAML parser recurses per level and runs out of stack on absurd nesting.
    if (/call stack/i.test(syntaxError.message)) throw tooDeep(file, { line, column: col });
    // The library's own message tells a developer to call another function: say it in our words.
    if (syntaxError.code === "MULTIPLE_DOCS") {
      throw new ManifestError({
        file,
        line,
        column: col,
        path: "",
        message: `holds more than one YAML document: a second one starts here, at line ${line}.`,
        allowed: `${basename(file)} must hold one document: remove this --- line and merge what follows into the first document (or move it to a file of its own).`,
      });
    }
    throw new ManifestError({
      file,
      line,
      column: col,
      path: "",
      message: `YAML syntax error: ${syntaxError.message}`,
      allowed: "Fix the YAML at this place (indentation, quotes and brackets are the usual suspects).",
    });
  }
  const builder = new TreeBuilder(doc, lineCounter, file);
  return { file, root: builder.build(doc.contents, undefined, { line: 1, column: 1 }, []) };
}

/** Far deeper than any manifest (yolo's keys go 7 levels down), and well inside the stack. */
const MAX_DEPTH = 64;

function tooDeep(file: string, at: Position, path: readonly (string | number)[] = []): ManifestError {
  return new ManifestError({
    file,
    line: at.line,
    column: at.column,
    // The first levels say which key holds the value; the rest would be a line of `[0]`s.
    path: path.length > 8 ? `${keyPathText(path.slice(0, 8))}…` : keyPathText(path),
    message: `is nested too deeply (more than ${MAX_DEPTH} levels of maps and lists).`,
    allowed: "yolo's keys go at most 7 levels deep; flatten or remove this value.",
  });
}

/** `environments.production.aws` (the key path of a place, for errors found while parsing). */
function keyPathText(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === "number") return `${text}[${segment}]`;
    const key = cut(segment);
    return text ? `${text}.${key}` : key;
  }, "");
}

class TreeBuilder {
  private count = 0;

  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
    private readonly file: string,
  ) {}

  build(
    node: unknown,
    keyPos: Position | undefined,
    fallback: Position,
    path: readonly (string | number)[],
  ): ManifestNode {
    if (path.length > MAX_DEPTH) throw tooDeep(this.file, this.position(node, fallback), path);
    if (++this.count > MAX_NODES) {
      throw new ManifestError({
        file: this.file,
        path: "",
        message: `expands to more than ${MAX_NODES} values through aliases.`,
        allowed: "Write the manifest without deeply nested aliases.",
      });
    }
    if (isAlias(node)) return this.build(node.resolve(this.doc), keyPos, this.position(node, fallback), path);
    const pos = this.position(node, fallback);
    if (isMap(node)) {
      const entries = new Map<string, ManifestNode>();
      const merged: ManifestNode[] = [];
      for (const pair of node.items) {
        const at = this.position(pair.key, pos);
        if (isMergeKey(pair.key)) {
          merged.push(this.build(pair.value, at, at, path));
          continue;
        }
        const key = keyText(pair.key);
        if (entries.has(key)) throw this.duplicate(key, at, path);
        entries.set(key, this.build(pair.value, at, at, [...path, key]));
      }
      // `<<: *base` (or a list of them): explicit keys win, earlier merged maps win over later ones.
      for (const source of merged.flatMap((m) => (m.kind === "list" ? m.items : [m]))) {
        if (source.kind !== "map") continue;
        for (const [key, value] of source.entries) if (!entries.has(key)) entries.set(key, value);
      }
      return { kind: "map", pos, keyPos, entries };
    }
    if (isSeq(node)) {
      const items = node.items.map((item, i) => this.build(item, undefined, pos, [...path, i]));
      return { kind: "list", pos, keyPos, items };
    }
    if (isScalar(node)) {
      const scalar = node as Scalar;
      const quoted = scalar.type === "QUOTE_DOUBLE" || scalar.type === "QUOTE_SINGLE";
      const empty = scalar.value === null && !scalar.source;
      return { kind: "scalar", pos, keyPos, value: scalar.value, quoted, empty };
    }
    // An empty document, or a key with no value at all.
    return { kind: "scalar", pos, keyPos, value: null, quoted: false, empty: true };
  }

  /** A key written twice in one map: YAML forbids it, and which value wins is anyone's guess. */
  private duplicate(key: string, at: Position, path: readonly (string | number)[]): ManifestError {
    const where = path.length > 0 ? `under ${keyPathText(path)}` : "at the top level";
    return new ManifestError({
      file: this.file,
      line: at.line,
      column: at.column,
      path: keyPathText([...path, key]),
      found: cut(key),
      message: `the key ${cut(key)} appears twice ${where}.`,
      allowed: `Keep one ${cut(key)} ${where} and remove the other.`,
    });
  }

  private position(node: unknown, fallback: Position): Position {
    const range = (node as YamlNode | null | undefined)?.range;
    if (!range) return fallback;
    const { line, col } = this.lineCounter.linePos(range[0]);
    return { line, column: col };
  }
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === "symbol";
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String((key as YamlNode | null)?.toJSON?.() ?? key);
}

function unreadable(file: string, error: unknown): ManifestError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") {
    return new ManifestError({
      file,
      path: "",
      message: "no manifest here: the file does not exist.",
      allowed: "Create one with `yolo init`, or point to it with --manifest PATH.",
    });
  }
  return new ManifestError({
    file,
    path: "",
    message: `cannot be read: ${(error as Error).message}`,
    allowed: "Check the path and its permissions, or point to another file with --manifest PATH.",
  });
}
