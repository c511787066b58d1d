/**
 * What every command that deletes shares (destroy, `sync --prune`): the plan a person confirms,
 * the refusal without a terminal and without `--yes`, and the final report.
 */
import type { AwsSession } from "../aws/session.js";
import { savedSteps } from "../engine/plan-file.js";
import type { RunResult } from "../engine/result.js";
import type { PlannedStep } from "../engine/runner.js";
import type { Status } from "../engine/status.js";
import { renderHuman } from "../output/human.js";
import { interruptedLine } from "../output/interrupt.js";
import { renderJson } from "../output/json.js";
import { confirmByTyping } from "./confirm.js";
import { type CliIO, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK } from "./io.js";
import type { AwsCommandOptions } from "./options.js";
import { outputModeFor, type StepsCommand } from "./run-steps.js";
import { driftMessage, type Recheck, recheckPlan } from "./saved-plan.js";

/**
 * No `--yes` and stdin not a terminal: delete nothing, exit 1. The plan is still shown — with
 * `--json` as the one document on stdout, carrying the refusal as an error.
 */
export function refuse(plan: RunResult, deletions: number, options: AwsCommandOptions, io: CliIO): number {
  if (options.json) printRefusal(plan, REFUSED, io);
  else showPlan(plan, options, io);
  io.stderr.write(
    `Refusing to delete without confirmation: stdin is not a terminal. Re-run the same command with --yes to delete ${plural(deletions, "resource")}. Nothing was deleted.\n`,
  );
  return EXIT_ERROR;
}

/** The error a refused `--json` run reports. */
const REFUSED = "refused: stdin is not a terminal; pass --yes to delete without asking";

/** With `--json`: the plan as the one document on stdout, carrying why nothing was done as its confirmation error. */
function printRefusal(plan: RunResult, message: string, io: CliIO): void {
  io.stdout.write(
    `${renderJson({ ...plan, errors: [...plan.errors, { step: "confirmation", message }] })}\n`,
  );
}

export function countStatus(result: RunResult, status: Status): number {
  let n = 0;
  for (const step of result.steps)
    for (const region of Object.values(step.regions)) if (region.status === status) n++;
  return n;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * The final result on stdout, human or JSON. A run Ctrl-C stopped has no table or env block (its
 * progress view showed how each step ended): one line on stderr, and the FAILED document with `--json`.
 */
export function printResult(result: RunResult, options: AwsCommandOptions, io: CliIO): void {
  if (options.json) io.stdout.write(`${renderJson(result)}\n`);
  if (result.interrupted) io.stderr.write(`${interruptedLine(result)}\n`);
  else if (!options.json)
    io.stdout.write(
      renderHuman(result, {
        color: outputModeFor(options, io).color,
        width: io.stdout.columns,
        verbose: Boolean(options.verbose),
      }),
    );
}

/** The final result on stdout (human or JSON); exit 130 when Ctrl-C stopped it, 1 when anything failed. */
export function report(result: RunResult, options: AwsCommandOptions, io: CliIO): number {
  printResult(result, options, io);
  if (result.interrupted) return EXIT_INTERRUPTED;
  return result.errors.length > 0 ? EXIT_ERROR : EXIT_OK;
}

/**
 * Show the plan, ask for the environment name, then read the account again: the reads to apply
 * exactly the confirmed plan from, or the exit code when stdin is not a terminal (`refuse`), the
 * answer was wrong or something moved while the question was open (nothing is deleted then).
 */
export async function confirmPlan(input: {
  plan: RunResult;
  plans: readonly PlannedStep[];
  spec: StepsCommand;
  environment: string;
  /** The command to run again for a new plan (`sync`, `destroy`). */
  again: string;
  /** What a wrong answer leaves undone: `deleted` (destroy), `changed` (a sync that would also prune). */
  undone: "deleted" | "changed";
  options: AwsCommandOptions;
  io: CliIO;
  session: AwsSession;
}): Promise<{ lives: Recheck["lives"] } | { exit: number }> {
  const { plan, options, io, session, environment } = input;
  if (!io.stdin.isTTY) return { exit: refuse(plan, countStatus(plan, "WOULD_DELETE"), options, io) };
  showPlan(plan, options, io);
  const confirmed = await confirmByTyping(
    io,
    `Delete these resources from ${session.account}? Type the environment name to confirm:`,
    environment,
  );
  if (!confirmed) {
    io.stderr.write(`The answer was not "${environment}". Nothing was ${input.undone}.\n`);
    if (options.json)
      printRefusal(
        plan,
        `not confirmed: the answer was not "${environment}"; nothing was ${input.undone}`,
        io,
      );
    return { exit: EXIT_ERROR };
  }
  const { drift, lives } = await recheckPlan(input.spec, savedSteps([...input.plans]), io, session);
  if (drift.length === 0) return { lives };
  io.stderr.write(`${driftMessage(drift, `Run the ${input.again} again to see the new plan.`)}\n`);
  if (options.json)
    printRefusal(plan, `the account changed after the plan was shown: ${drift.join("; ")}`, io);
  return { exit: EXIT_ERROR };
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
