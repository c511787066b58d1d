import { type Command, InvalidArgumentError, Option } from "commander";

/** Options every command that talks to AWS takes (SPEC §5). */
export interface AwsCommandOptions {
  dryRun?: boolean;
  check?: boolean;
  json?: boolean;
  progress?: boolean;
  region?: string[];
  profile?: string;
  manifest?: string;
  concurrency?: number;
  local?: boolean;
  /** With --dry-run or --check: write the plan to this file (`yolo apply FILE`). */
  out?: string;
  /** The human plan with whole documents (`sync*`, `destroy*`, `apply`); no effect on --json. */
  verbose?: boolean;
}

/** The SPEC §5 options, by the name commander stores them under. */
export type AwsOptionName = Exclude<keyof AwsCommandOptions, "out" | "verbose">;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`use a whole number from 1 up.`);
  return n;
}

const MANIFEST_HELP = "the manifest file (default: ./yolo.yml)";

export function addManifestOption(command: Command): Command {
  return command.option("--manifest <path>", MANIFEST_HELP);
}

/** The common wording of each option; a command may say what it means there instead. */
const HELP: Record<AwsOptionName, string> = {
  dryRun: "plan only: read the account, report the differences, write nothing",
  check: "like --dry-run, and exit 2 when anything would change (a CI drift gate)",
  manifest: MANIFEST_HELP,
  json: "print one JSON document on stdout and nothing else there",
  progress: "print no progress while working",
  region: "only this configured IVS region (repeatable)",
  profile: "AWS profile (default: YOLO_{ENV}_AWS_PROFILE, else the SDK's default chain)",
  concurrency: "regions at once; 1 runs everything one at a time",
  local: "run against the local emulator (state in .yolo/local/), no AWS account needed",
};

/** The order options are added in (and so listed by --help). */
export const AWS_OPTIONS: readonly AwsOptionName[] = [
  "dryRun",
  "check",
  "manifest",
  "json",
  "progress",
  "region",
  "profile",
  "concurrency",
  "local",
];

/** The flag a user types for each option. */
export const AWS_OPTION_FLAGS: Record<AwsOptionName, string> = {
  dryRun: "--dry-run",
  check: "--check",
  manifest: "--manifest",
  json: "--json",
  progress: "--no-progress",
  region: "--region",
  profile: "--profile",
  concurrency: "--concurrency",
  local: "--local",
};

export interface AwsOptionsSpec {
  /** What an option means on this command, where that differs from the common wording. */
  help?: Partial<Record<AwsOptionName, string>>;
  /**
   * Options this command accepts without effect, so that one set of options works on every
   * command that talks to AWS (SPEC §5): `verify --dry-run` is already read-only. They are
   * left out of `--help`, which lists only what applies.
   */
  noEffect?: readonly AwsOptionName[];
}

/** Add every SPEC §5 option; those in `noEffect` are accepted but hidden from --help. */
export function addAwsOptions(command: Command, spec: AwsOptionsSpec = {}): Command {
  for (const name of AWS_OPTIONS) {
    const option = awsOption(name, spec.help?.[name] ?? HELP[name]);
    if (spec.noEffect?.includes(name)) option.hideHelp();
    command.addOption(option);
  }
  return command;
}

function awsOption(name: AwsOptionName, help: string): Option {
  switch (name) {
    case "manifest":
      return new Option("--manifest <path>", help);
    case "region":
      return new Option("--region <region>", help).argParser(collect);
    case "profile":
      return new Option("--profile <name>", help);
    case "concurrency":
      return new Option("--concurrency <n>", help).argParser(positiveInteger).default(8);
    default:
      return new Option(AWS_OPTION_FLAGS[name], help);
  }
}

/** `--out <file>` on the commands that plan (`sync*`, `destroy*`): save the plan for `yolo apply`. */
export const OUT_HELP = "with --dry-run or --check: write the plan as JSON for `yolo apply <file>`";

/** `--verbose` on the commands that show a plan or what they did (`sync*`, `destroy*`, `apply`). */
export const VERBOSE_HELP =
  "show whole documents (policies, event patterns) and uncut values in the plan; list what a run created or deleted too; --json is unchanged";
