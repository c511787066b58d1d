/**
 * What every command that deletes shares (destroy, `sync --prune`): the plan a person confirms,
 * the refusal without a terminal and without `--yes`, and the final report.
 */
import type { RunResult } from "../engine/result.js";
import type { Status } from "../engine/status.js";
import { renderHuman } from "../output/human.js";
import { renderJson } from "../output/json.js";
import { type CliIO, EXIT_ERROR, EXIT_OK } from "./io.js";
import type { AwsCommandOptions } from "./options.js";
import { outputModeFor } from "./run-steps.js";

/**
 * No `--yes` and stdin not a terminal: delete nothing, exit 1. The plan is still shown — with
 * `--json` as the one document on stdout, carrying the refusal as an error.
 */
export function refuse(plan: RunResult, deletions: number, options: AwsCommandOptions, io: CliIO): number {
  if (options.json) {
    const refused: RunResult = {
      ...plan,
      errors: [...plan.errors, { step: "confirmation", message: REFUSED }],
    };
    io.stdout.write(`${renderJson(refused)}\n`);
  } else showPlan(plan, options, io);
  io.stderr.write(
    `Refusing to delete without confirmation: stdin is not a terminal. Re-run the same command with --yes to delete ${plural(deletions, "resource")}. Nothing was deleted.\n`,
  );
  return EXIT_ERROR;
}

/** The error a refused `--json` run reports. */
const REFUSED = "refused: stdin is not a terminal; pass --yes to delete without asking";

export function countStatus(result: RunResult, status: Status): number {
  let n = 0;
  for (const step of result.steps)
    for (const region of Object.values(step.regions)) if (region.status === status) n++;
  return n;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The final result on stdout (human or JSON); exit 1 when anything failed. */
export function report(result: RunResult, options: AwsCommandOptions, io: CliIO): number {
  if (options.json) io.stdout.write(`${renderJson(result)}\n`);
  else
    io.stdout.write(
      renderHuman(result, {
        color: outputModeFor(options, io).color,
        width: io.stdout.columns,
        verbose: Boolean(options.verbose),
      }),
    );
  return result.errors.length > 0 ? EXIT_ERROR : EXIT_OK;
}

/**
 * The plan a person confirms: the table and notes without the dry-run closing line (it would
 * say "run … to delete", while the question comes next). With `--json` stdout is kept for the
 * one final document, so the plan goes to stderr.
 */
export function showPlan(plan: RunResult, options: AwsCommandOptions, io: CliIO): void {
  const toStderr = Boolean(options.json);
  const stream = toStderr ? io.stderr : io.stdout;
  const color = !toStderr && outputModeFor(options, io).color;
  const text = renderHuman(plan, { color, width: stream.columns, verbose: Boolean(options.verbose) });
  const lines = text.trimEnd().split("\n");
  lines.pop();
  const retained = countStatus(plan, "RETAINED");
  const summary = `This deletes ${plural(countStatus(plan, "WOULD_DELETE"), "resource")}${retained > 0 ? ` (${retained} retained)` : ""} in account ${plan.account}.`;
  stream.write(`${lines.join("\n").trimEnd()}\n\n${summary}\n`);
}
