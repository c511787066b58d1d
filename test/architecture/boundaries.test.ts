/**
 * The boundaries between the folders of src/, as a table: a file in `from` may not import any
 * module in the folders of `mayNotImport`. Every `.ts` file under src/ is parsed with the
 * TypeScript parser; its import specifiers (`import … from`, `import "…"`, `export … from`,
 * dynamic `import("…")`, `import("…")` types) are resolved, when relative, to the src folder they
 * land in. Package and `node:` imports are not folders of src/ and are not checked here.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

interface BoundaryRule {
  /** A folder of src/ (`emulator`), whose files the rule applies to. */
  from: string;
  /** The folders of src/ those files may not import. */
  mayNotImport: string[];
  reason: string;
}

/** Every folder of src/. A folder added to src/ must be added here (a test says so). */
const FOLDERS = [
  "aws",
  "aws-semantics",
  "cli",
  "emulator",
  "engine",
  "errors",
  "export",
  "iam",
  "manifest",
  "output",
  "policy",
  "resources",
  "verify",
];

const others = (...except: string[]) => FOLDERS.filter((folder) => !except.includes(folder));

const RULES: BoundaryRule[] = [
  {
    from: "aws-semantics",
    mayNotImport: others("aws-semantics"),
    reason:
      "AWS semantics (event patterns, policy evaluation, AWS errors) are shared by the emulator and the tool, so they import neither",
  },
  {
    from: "errors",
    mayNotImport: others("errors"),
    reason:
      "yolo's one error module (user error, AWS error, bug) is used by every part of the tool, so it depends on none",
  },
  {
    from: "emulator",
    mayNotImport: others("emulator", "aws-semantics"),
    reason:
      "the emulator plays AWS: its rules come from AWS's models and facts and its semantics from aws-semantics/, never from the tool it tests",
  },
  ...others("cli", "emulator").map(
    (from): BoundaryRule => ({
      from,
      mayNotImport: ["emulator"],
      reason: "only the CLI starts the emulator (for --local); the tool reaches it over HTTP like AWS",
    }),
  ),
  {
    from: "output",
    mayNotImport: ["aws", "resources"],
    reason: "output renders results and errors as values; it neither calls AWS nor knows the resources",
  },
  {
    from: "aws",
    mayNotImport: ["cli"],
    reason: "the AWS access layer serves every command; the CLI uses it, not the other way round",
  },
  {
    from: "export",
    mayNotImport: ["aws", "emulator", "cli", "output", "verify"],
    reason:
      "the export renders the desired state as templates with no AWS call: it reads the manifest and the builders sync plans with, never the AWS access layer, and how it is printed is the CLI's business",
  },
  {
    from: "resources",
    mayNotImport: ["output"],
    reason: "resources produce plans and results as data; how they are shown is output's business",
  },
];

interface ImportEdge {
  /** The importing file, relative to the repository (`src/output/x.ts`). */
  file: string;
  /** The specifier as written (`../aws/clients.js`). */
  specifier: string;
}

/**
 * Imports the allow-list tolerates although a rule forbids them, each `file → specifier`. Empty:
 * resources/ return plans whose messages name commands as data, and output/ spells them.
 */
const KNOWN_VIOLATIONS: readonly ImportEdge[] = [];

interface Violation extends ImportEdge {
  /** The folder the specifier resolves to. */
  target: string;
  rule: BoundaryRule;
}

/** Every module specifier a TypeScript file names, in source order. */
function importSpecifiers(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      specifiers.push(node.moduleSpecifier.text);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      specifiers.push(node.arguments[0].text);
    else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    )
      specifiers.push(node.argument.literal.text);
    else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    )
      specifiers.push(node.moduleReference.expression.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** The src folder a path (relative to the repository, `/`-separated) is in, if any. */
function srcFolderOf(file: string): string | undefined {
  const parts = path.posix.normalize(file).split("/");
  return parts[0] === "src" && parts.length > 2 ? parts[1] : undefined;
}

/** The src folder a relative specifier of `file` lands in; undefined for packages and outside src/. */
function targetFolder(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  return srcFolderOf(path.posix.join(path.posix.dirname(file), specifier));
}

/** Every import of `files` that a rule forbids and the allow-list does not tolerate. */
function checkBoundaries(
  files: { file: string; text: string }[],
  rules: readonly BoundaryRule[],
  allowed: readonly ImportEdge[] = [],
): Violation[] {
  const violations: Violation[] = [];
  for (const { file, text } of files) {
    const from = srcFolderOf(file);
    const applying = rules.filter((rule) => rule.from === from);
    if (applying.length === 0) continue;
    for (const specifier of importSpecifiers(file, text)) {
      const target = targetFolder(file, specifier);
      if (target === undefined || target === from) continue;
      if (allowed.some((edge) => edge.file === file && edge.specifier === specifier)) continue;
      for (const rule of applying)
        if (rule.mayNotImport.includes(target)) violations.push({ file, specifier, target, rule });
    }
  }
  return violations;
}

function describeViolation(v: Violation): string {
  return `${v.file} imports ${v.specifier} (${v.target}/): ${v.rule.from}/ may not import ${v.target}/ because ${v.rule.reason}`;
}

// ---------------------------------------------------------------------------------------------
// The project's files

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function sourceFiles(dir = "src"): { file: string; text: string }[] {
  const files: { file: string; text: string }[] = [];
  for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...sourceFiles(relative));
    else if (entry.name.endsWith(".ts"))
      files.push({ file: relative, text: readFileSync(path.join(repoRoot, relative), "utf8") });
  }
  return files;
}

describe("folder boundaries in src/", () => {
  const files = sourceFiles();

  it("no file imports a folder its folder may not import", () => {
    expect(checkBoundaries(files, RULES, KNOWN_VIOLATIONS).map(describeViolation)).toEqual([]);
  });

  it("every known violation still exists (remove it from the allow-list once it is fixed)", () => {
    const stale = KNOWN_VIOLATIONS.filter((edge) =>
      checkBoundaries(
        files.filter((f) => f.file === edge.file),
        RULES,
      ).every((v) => v.specifier !== edge.specifier),
    );
    expect(stale).toEqual([]);
  });

  it("the table knows every folder of src/, and names only folders that exist", () => {
    const folders = readdirSync(path.join(repoRoot, "src"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual([...FOLDERS].sort());
    for (const rule of RULES) {
      expect(FOLDERS).toContain(rule.from);
      for (const folder of rule.mayNotImport) expect(FOLDERS).toContain(folder);
    }
  });

  it("finds imports in the project's files (the checker is not vacuous)", () => {
    const edges = files.flatMap(({ file, text }) => importSpecifiers(file, text).map((s) => `${file} ${s}`));
    expect(edges).toContain("src/cli/session.ts ../emulator/index.js");
    expect(edges).toContain("src/verify/logging-checks.ts ../aws-semantics/event-pattern.js");
  });
});

describe("the boundary checker", () => {
  const outputRule = RULES.find((rule) => rule.from === "output" && rule.mayNotImport.includes("aws"))!;

  it("catches a forbidden import and names the file, the import and the rule", () => {
    const fake = {
      file: "src/output/x.ts",
      text: 'import type { AwsClients } from "../aws/clients.js";\nexport const x = 1;\n',
    };
    const violations = checkBoundaries([fake], RULES);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      file: "src/output/x.ts",
      specifier: "../aws/clients.js",
      target: "aws",
      rule: outputRule,
    });
    expect(describeViolation(violations[0])).toBe(
      `src/output/x.ts imports ../aws/clients.js (aws/): output/ may not import aws/ because ${outputRule.reason}`,
    );
  });

  it("reads export-from, side-effect, dynamic and type imports, multi-line, and ignores comments and strings", () => {
    const text = [
      "// import { a } from '../aws/comment.js';",
      '/* export * from "../aws/block-comment.js"; */',
      'const s = "import(\\"../aws/in-a-string.js\\")";',
      "import {",
      "  describeAwsError,",
      "  httpStatus,",
      '} from "../aws/errors.js";',
      'export { session } from "../aws/session.js";',
      'import "../resources/index.js";',
      "export async function f() {",
      '  return import("../aws/clients.js");',
      "}",
      'export type T = import("../resources/types.js").Kind;',
      'import { ok } from "../engine/result.js";',
      'import { local } from "./table.js";',
      'import { readFileSync } from "node:fs";',
    ].join("\n");
    const found = checkBoundaries([{ file: "src/output/y.ts", text }], RULES).map(
      (v) => `${v.specifier} → ${v.target}`,
    );
    expect(found).toEqual([
      "../aws/errors.js → aws",
      "../aws/session.js → aws",
      "../resources/index.js → resources",
      "../aws/clients.js → aws",
      "../resources/types.js → resources",
    ]);
  });

  it("resolves from nested folders, and tolerates exactly what the allow-list names", () => {
    const nested = { file: "src/resources/destroy/z.ts", text: 'import { c } from "../../output/rerun.js";' };
    expect(checkBoundaries([nested], RULES).map((v) => v.rule.from)).toEqual(["resources"]);
    expect(
      checkBoundaries([nested], RULES, [{ file: nested.file, specifier: "../../output/rerun.js" }]),
    ).toEqual([]);
    expect(
      checkBoundaries([nested], RULES, [
        { file: "src/resources/other.ts", specifier: "../../output/rerun.js" },
      ]),
    ).toHaveLength(1);
  });

  it("lets the CLI import the emulator and nobody else", () => {
    const text = 'const { startEmulator } = await import("../emulator/index.js");';
    expect(checkBoundaries([{ file: "src/cli/a.ts", text }], RULES)).toEqual([]);
    expect(checkBoundaries([{ file: "src/aws/a.ts", text }], RULES).map((v) => v.rule.from)).toEqual(["aws"]);
  });
});

/**
 * `yolo verify` reads what it checks through the resources' reads (issue #13): its folder names
 * no AWS SDK package and none of yolo's SDK modules (src/aws/sdk/), so it sends no request of
 * its own (no allow-list is left). A verify file that imports one has gone back to its own copy
 * of a read.
 */
describe("verify reads through the resources", () => {
  it("src/verify/ imports no AWS SDK package and no SDK module of src/aws/sdk/", () => {
    const sdkImports = sourceFiles("src/verify").flatMap(({ file, text }) =>
      importSpecifiers(file, text)
        .filter(
          (s) =>
            s.startsWith("@aws-sdk/") ||
            path.posix.join(path.posix.dirname(file), s).startsWith("src/aws/sdk/"),
        )
        .map((s) => `${file} ${s}`),
    );
    expect(sdkImports).toEqual([]);
  });

  it("the checks call the resources' reads", () => {
    const calls: Record<string, string[]> = {
      "src/verify/recording-checks.ts": [
        "readStorageConfigurations(",
        "readEncoderConfigurations(",
        "readBucketLocation(",
        "readBucketPolicy(",
      ],
      "src/verify/logging-checks.ts": [
        "readEnvironmentLogGroups(",
        "readLogsResourcePolicies(",
        "readRuleDefinition(",
        "readTarget(",
      ],
    };
    for (const [file, reads] of Object.entries(calls)) {
      const source = readFileSync(path.join(repoRoot, file), "utf8");
      for (const call of reads) expect(source).toContain(call);
    }
  });
});
