import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import {
  DEFAULT_LOG_RETENTION_DAYS,
  DEFAULT_VIDEO,
  IVS_REALTIME_REGIONS,
  isIvsRealtimeRegion,
  LOG_RETENTION_DAYS,
  type ManifestError,
  parseManifest,
  validateManifest,
} from "../../manifest/index.js";
import { manifestPath } from "../config.js";
import { type CliIO, EXIT_ERROR, EXIT_OK } from "../io.js";
import { createLineReader } from "../prompt.js";

/** `yolo init` options, as program.ts declares them. */
export interface InitOptions {
  name?: string;
  environment: string;
  region?: string;
  /** Comma-separated IVS real-time regions. */
  ivsRegions?: string;
  manifest: string;
  force?: boolean;
}

/** What the written manifest is made of. */
export interface InitAnswers {
  name: string;
  environment: string;
  region: string;
  ivsRegions: string[];
}

const FALLBACK_REGION = "us-east-1";
/** Where the schema lives inside the yolo package (written by scripts/write-schema.mjs). */
const SCHEMA_IN_PACKAGE = join("schema", "yolo.schema.json");
const PACKAGE_NAME = "yolo-ivs";

class InitRefused extends Error {}

/**
 * `yolo init`: write a commented yolo.yml. On a terminal it asks for what the flags leave out
 * (defaults shown); without one, the flags are required. The text is validated before it is
 * written, an existing file is kept unless --force, and `.yolo/` (where --local keeps its
 * emulator state) is added to the .gitignore beside the manifest.
 */
export async function initCommand(io: CliIO, options: InitOptions): Promise<number> {
  const file = manifestPath(options.manifest, io.cwd);
  const shown = relative(io.cwd, file) || file;
  if (existsSync(file) && !options.force) {
    io.stderr.write(
      `yolo init: ${shown} already exists and is left as it is. Pass --force to overwrite it.\n`,
    );
    return EXIT_ERROR;
  }

  let answers: InitAnswers;
  try {
    answers = io.stdin.isTTY ? await askAnswers(io, options, file) : answersFromFlags(options);
  } catch (error) {
    if (!(error instanceof InitRefused)) throw error;
    io.stderr.write(`${error.message}\n`);
    return EXIT_ERROR;
  }

  const text = manifestText(answers, schemaReference(dirname(file)));
  const problems = validateManifest(parseManifest(text, file), answers.environment);
  if (problems.length > 0) {
    io.stderr.write(
      `${problems.map((problem) => describeProblem(problem, answers.environment)).join("\n")}\nNothing was written.\n`,
    );
    return EXIT_ERROR;
  }

  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  reportWritten(io, answers, shown, ensureGitignored(dirname(file)));
  return EXIT_OK;
}

/** What was written, the .gitignore change, and the commands to run next (stdout). */
function reportWritten(
  io: CliIO,
  answers: InitAnswers,
  shown: string,
  gitignore: ReturnType<typeof ensureGitignored>,
): void {
  io.stdout.write(
    `Wrote ${shown}: app ${answers.name}, environment ${answers.environment} (home region ${answers.region}), ` +
      `recording and event logging in ${answers.ivsRegions.join(", ")}.\n`,
  );
  const gitignoreShown = relative(io.cwd, gitignore.file) || gitignore.file;
  if (gitignore.change === "created")
    io.stdout.write(`Created ${gitignoreShown} with .yolo/ (--local keeps its emulator state there).\n`);
  if (gitignore.change === "appended")
    io.stdout.write(`Added .yolo/ to ${gitignoreShown} (--local keeps its emulator state there).\n`);
  const manifestFlag = shown === "yolo.yml" ? "" : ` --manifest ${shown}`;
  const next: [string, string][] = [
    [`yolo validate${manifestFlag}`, "check it (no AWS call)"],
    [
      `yolo sync ${answers.environment} --local${manifestFlag}`,
      "try it on the local emulator, no AWS account needed",
    ],
    [
      `yolo sync ${answers.environment} --dry-run${manifestFlag}`,
      "see what it would create in your AWS account",
    ],
  ];
  const width = Math.max(...next.map(([command]) => command.length));
  io.stdout.write(`Next:\n${next.map(([command, why]) => `  ${command.padEnd(width)}   ${why}\n`).join("")}`);
}

/** Without a terminal every answer comes from a flag; a missing one is named. */
function answersFromFlags(options: InitOptions): InitAnswers {
  const missing = [options.name === undefined && "--name", options.region === undefined && "--region"].filter(
    Boolean,
  );
  if (missing.length > 0) {
    throw new InitRefused(
      `yolo init: ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} needed when stdin is not a terminal, ` +
        "e.g. yolo init --name my-app --region us-east-1 --ivs-regions us-east-1,eu-west-1. Nothing was written.",
    );
  }
  const region = options.region as string;
  if (options.ivsRegions === undefined && !isIvsRealtimeRegion(region)) {
    throw new InitRefused(
      `yolo init: --ivs-regions is needed: the home region ${region} has no IVS real-time. ` +
        `Name one or more of ${IVS_REALTIME_REGIONS.join(", ")}. Nothing was written.`,
    );
  }
  return {
    name: options.name as string,
    environment: options.environment,
    region,
    ivsRegions: options.ivsRegions === undefined ? [region] : regionList(options.ivsRegions),
  };
}

/** On a terminal: ask for what the flags leave out, with defaults in brackets. */
async function askAnswers(io: CliIO, options: InitOptions, file: string): Promise<InitAnswers> {
  const reader = createLineReader(io.stdin, io.stderr);
  try {
    const ask = async (question: string, fallback: string | undefined, flag: string): Promise<string> => {
      for (;;) {
        const line = await reader.ask(`${question}${fallback ? ` [${fallback}]` : ""}: `);
        // End of input (Ctrl-D) ends the questions: it is not an answer, not even "the default".
        if (line === undefined)
          throw new InitRefused(`\nyolo init: no answer for ${flag}. Nothing was written.`);
        const answer = line.trim() || fallback;
        if (answer) return answer;
      }
    };
    io.stderr.write(
      `Writing ${relative(io.cwd, file) || file} for environment ${options.environment}. Enter keeps the default in brackets.\n`,
    );
    const name =
      options.name ??
      (await ask("App name (part of every AWS resource name)", defaultAppName(file), "--name"));
    const defaultRegion = io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || FALLBACK_REGION;
    const region =
      options.region ?? (await ask("Home region (the app's AWS region)", defaultRegion, "--region"));
    const ivsRegions =
      options.ivsRegions ??
      (await ask(
        `IVS real-time regions, comma-separated (${IVS_REALTIME_REGIONS.join(", ")})`,
        isIvsRealtimeRegion(region) ? region : FALLBACK_REGION,
        "--ivs-regions",
      ));
    return { name, environment: options.environment, region, ivsRegions: regionList(ivsRegions) };
  } finally {
    reader.close();
  }
}

/** `us-east-1, eu-west-1` → `["us-east-1", "eu-west-1"]` (duplicates are left for the validator). */
function regionList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((region) => region.trim())
    .filter((region) => region !== "");
}

/** The directory's name made into an app name, when that gives a valid one. */
function defaultAppName(file: string): string | undefined {
  const slug = basename(dirname(file))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? undefined : slug;
}

/** Which answer a problem is about, so the message names the flag (or question) to change. */
function describeProblem(problem: ManifestError, environment: string): string {
  const envPath = `environments.${environment}`;
  let subject = problem.path;
  if (problem.path === "name") subject = "--name";
  else if (problem.path === envPath) subject = "--environment";
  else if (problem.path === `${envPath}.aws.region`) subject = "--region";
  else if (problem.path.startsWith(`${envPath}.aws.ivs.regions`)) subject = "--ivs-regions";
  return `yolo init: ${subject}: ${problem.message}${problem.allowed ? `\n  ${problem.allowed.split("\n").join("\n  ")}` : ""}`;
}

// ---------------------------------------------------------------------------------------------
// The file.

/**
 * The `$schema` reference for the editor line: the path from the manifest's folder to the
 * schema file shipped in this yolo package (`schema/yolo.schema.json`), so it always matches
 * the installed version. Relative (POSIX separators, as YAML language servers expect) when the
 * two share a folder below the filesystem root, e.g. `node_modules/yolo-ivs/schema/…`;
 * absolute otherwise (a global install), where a relative path would only obscure it.
 */
export function schemaReference(manifestDir: string): string {
  const root = packageRoot();
  if (!root) return "yolo.schema.json";
  const schemaFile = join(root, SCHEMA_IN_PACKAGE);
  const path = relative(manifestDir, schemaFile);
  const ups = path.split(sep).filter((segment) => segment === "..").length;
  const depth = manifestDir.split(sep).filter(Boolean).length;
  if (isAbsolute(path) || ups >= depth) return schemaFile.split(sep).join("/");
  return path.split(sep).join("/");
}

function packageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      try {
        if (JSON.parse(readFileSync(candidate, "utf8")).name === PACKAGE_NAME) return dir;
      } catch {
        // not ours; keep climbing
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** A scalar as YAML reads it back as the same string: plain when safe, else double-quoted. */
function yamlString(value: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(value)) {
    try {
      if (parseYaml(value) === value) return value;
    } catch {
      // fall through to quoting
    }
  }
  return JSON.stringify(value);
}

/** `key: value` padded so the comments line up, then `# comment`. */
function line(indent: number, code: string, comment?: string): string {
  const text = `${" ".repeat(indent)}${code}`;
  return comment ? `${text.padEnd(40)} # ${comment}` : text;
}

/** The commented manifest `yolo init` writes (SPEC §2), starting with the editor schema line. */
export function manifestText(answers: InitAnswers, schemaRef: string): string {
  const regions = `[${answers.ivsRegions.map(yamlString).join(", ")}]`;
  const retentions = LOG_RETENTION_DAYS.slice(0, 10).join(", ");
  const exampleBucketRegion = answers.ivsRegions.find(isIvsRealtimeRegion) ?? FALLBACK_REGION;
  return [
    `# yaml-language-server: $schema=${schemaRef}`,
    "# ^ editor completion and checks for this file, from the schema that ships with yolo",
    "#   (`yolo schema` prints it: if the path above does not exist on your machine, run",
    "#   `yolo schema > yolo.schema.json` and point the line above at that file instead).",
    "#",
    "# yolo manifest: yolo sync <environment> provisions what it describes in every IVS region.",
    "# Check it with `yolo validate`; try it with no AWS account with `yolo sync <env> --local`.",
    "# Other yolo features keep their own keys (build, deploy, domain, ...) in this file too.",
    "",
    line(
      0,
      `name: ${yamlString(answers.name)}`,
      "app name: lowercase letters, digits, hyphens (in every resource name)",
    ),
    "environments:",
    line(2, `${yamlString(answers.environment)}:`, "environment name: same rule"),
    line(4, "aws:"),
    line(6, `region: ${yamlString(answers.region)}`, "required: the app's home region"),
    line(6, '# account-id: "123456789012"', "optional, quoted: the credentials' account must match"),
    line(6, "# mediaconvert: true", "optional: sync:iam makes the MediaConvert role; buckets grant it read"),
    line(6, "ivs:", "absent or false: no IVS step runs; `ivs: true` = event logging only"),
    line(8, `regions: ${regions}`, "IVS real-time regions (else ivs.region, else aws.region)"),
    line(8, "logging: true", "sync:logging: log group, EventBridge rule and target per region"),
    line(
      8,
      `log-retention-days: ${DEFAULT_LOG_RETENTION_DAYS}`,
      `days, a CloudWatch value: ${retentions}, ...`,
    ),
    line(8, "recording:"),
    line(10, "real_time: true", "sync:recording: bucket, storage and encoder configuration per region"),
    line(10, "# video:", "encoder settings (defaults shown; IVS limits apply)"),
    line(10, `#   width: ${DEFAULT_VIDEO.width}`, "even, 2-1920; width x height at most 1920x1080"),
    line(10, `#   height: ${DEFAULT_VIDEO.height}`),
    line(10, `#   framerate: ${DEFAULT_VIDEO.framerate}`, "1-60"),
    line(10, `#   bitrate: ${DEFAULT_VIDEO.bitrate}`, "bits per second, 1-8500000"),
    line(10, "# expire-after-days: 365", "delete recordings after N days (a lifecycle rule)"),
    line(10, "# buckets:", "adopt an existing bucket for a region instead of creating one"),
    line(10, `#   ${exampleBucketRegion}: my-existing-recordings`),
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// .gitignore

/** Lines that already keep `.yolo/` out of git. */
const IGNORES_YOLO = /^\s*\/?\.yolo\/?(\*\*?)?\s*$/;

/**
 * Make sure the .gitignore in `dir` ignores `.yolo/`, where `--local` keeps the emulator's
 * state (never worth committing): create the file, append the line once, or leave it.
 */
export function ensureGitignored(dir: string): { file: string; change: "created" | "appended" | "present" } {
  const file = join(dir, ".gitignore");
  const entry = "# yolo --local keeps its emulator state here\n.yolo/\n";
  if (!existsSync(file)) {
    writeFileSync(file, entry);
    return { file, change: "created" };
  }
  const text = readFileSync(file, "utf8");
  if (text.split(/\r?\n/).some((existing) => IGNORES_YOLO.test(existing))) return { file, change: "present" };
  writeFileSync(file, `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}${entry}`);
  return { file, change: "appended" };
}
