/**
 * "Run this next" command lines: the closing hint of a dry run, the env block's `yolo env …
 * --write`, verify's fixes and destroy's re-run hints. Each repeats the options the user gave
 * that decide *what* the next command acts on (manifest, regions, profile, local emulator), so
 * copying the hint acts on the same account and manifest as the run that printed it.
 */
import { resolve } from "node:path";
import type { Message } from "../engine/plan.js";

/** The options a hint may repeat (a subset of the AWS commands' options). */
export interface RerunOptions {
  manifest?: string;
  region?: string[];
  profile?: string;
  local?: boolean;
  /** `sync --prune`. */
  prune?: boolean;
  deleteRecordings?: boolean;
}

/** The manifest the commands read when `--manifest` is not given. */
const DEFAULT_MANIFEST = "yolo.yml";

/**
 * The arguments to repeat, in the order hints show them: `--local`, `--manifest` (only when it
 * is not the default `./yolo.yml`), every `--region`, `--profile`, `--prune`, `--delete-recordings`.
 */
export function rerunArgs(options: RerunOptions, cwd: string): string[] {
  const args: string[] = [];
  if (options.local) args.push("--local");
  if (options.manifest !== undefined && resolve(cwd, options.manifest) !== resolve(cwd, DEFAULT_MANIFEST))
    args.push("--manifest", options.manifest);
  for (const region of options.region ?? []) args.push("--region", region);
  if (options.profile !== undefined) args.push("--profile", options.profile);
  if (options.prune) args.push("--prune");
  if (options.deleteRecordings) args.push("--delete-recordings");
  return args;
}

/**
 * The options a run (or a saved plan) was given, for its hints; one recorded without them still
 * knows `--local`.
 */
export function rerunArgsOf(source: { rerunArgs?: string[]; local?: boolean }): string[] {
  return source.rerunArgs ?? (source.local ? ["--local"] : []);
}

/** Flags that only some commands take (each takes one value, except `--delete-recordings`). */
const VALUED = new Set(["--manifest", "--region", "--profile"]);

/** The commands `--delete-recordings` means something on (`sync` only with `--prune`, which goes with it). */
const DELETES_RECORDINGS = new Set(["destroy", "destroy:recording", "sync", "sync:recording"]);

/**
 * Keep only the arguments that make sense for `command`: `--delete-recordings` for `destroy`,
 * `destroy:recording` and a pruning `sync` / `sync:recording`; `--prune` for `sync*`; no `--region` for `env` (the dotenv file describes every region: one
 * region's values would overwrite the unsuffixed keys of the first) nor for `destroy:iam` (IAM is
 * global).
 */
export function argsFor(command: string, args: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = VALUED.has(flag) ? args[++i] : undefined;
    if (flag === "--delete-recordings" && !DELETES_RECORDINGS.has(command)) continue;
    if (flag === "--prune" && !command.startsWith("sync")) continue;
    if (flag === "--region" && (command === "env" || command === "destroy:iam")) continue;
    kept.push(flag, ...(value !== undefined ? [value] : []));
  }
  return kept;
}

/** A word as a POSIX shell would need it typed (quoted only when it must be). */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `yolo <command> <environment> <args for that command> <extra>`, e.g.
 * `yolo env production --local --write .env.production`.
 */
export function commandLine(
  command: string,
  environment: string,
  args: readonly string[] = [],
  extra: readonly string[] = [],
): string {
  const given = argsFor(command, args);
  // A switch the run already repeats (`--prune` in a `sync --prune` hint) is said once.
  const repeated = (word: string, i: number) =>
    word.startsWith("--") &&
    (extra[i + 1] === undefined || extra[i + 1].startsWith("--")) &&
    given.includes(word);
  return ["yolo", command, environment, ...given, ...extra.filter((word, i) => !repeated(word, i))]
    .map(shellWord)
    .join(" ");
}

/**
 * A step's reason or warning as text: each `{0}`, `{1}` … becomes the command it stands for,
 * as a backquoted line with the options of the run (resources name commands, output/ spells them).
 */
export function describeMessage(
  message: Message,
  environment: string,
  args: readonly string[] = [],
  dryRun = false,
): string {
  if (typeof message === "string") return message;
  const text = dryRun && message.plannedText !== undefined ? message.plannedText : message.text;
  return text.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const next = message.commands?.[Number(index)];
    return next ? `\`${commandLine(next.command, environment, args, next.extra)}\`` : whole;
  });
}
