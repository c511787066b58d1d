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
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`use a whole number from 1 up.`);
  return n;
}

export function addManifestOption(command: Command): Command {
  return command.option("--manifest <path>", "the manifest file (default: ./yolo.yml)");
}

/** Add the AWS options; `plan` adds --dry-run and --check (commands that change things). */
export function addAwsOptions(command: Command, { plan }: { plan: boolean }): Command {
  if (plan) {
    command
      .option("--dry-run", "plan only: read the account, report the differences, write nothing")
      .option("--check", "like --dry-run, and exit 2 when anything would change (a CI drift gate)")
      .option("--out <file>", "with --dry-run or --check: write the plan as JSON for `yolo apply <file>`");
  }
  addManifestOption(command);
  return command
    .option("--json", "print one JSON document on stdout and nothing else there")
    .option("--no-progress", "print no progress while working")
    .option("--region <region>", "only this configured IVS region (repeatable)", collect)
    .option("--profile <name>", "AWS profile (default: YOLO_{ENV}_AWS_PROFILE, else the SDK's default chain)")
    .addOption(
      new Option("--concurrency <n>", "regions at once; 1 runs everything one at a time")
        .argParser(positiveInteger)
        .default(8),
    )
    .option("--local", "run against the local emulator (state in .yolo/local/), no AWS account needed");
}
