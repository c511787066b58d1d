/**
 * What a run Ctrl-C stopped says (the live view above it shows how each step ended): one line for
 * people, one error for `--json`, each naming the command whose re-run converges.
 */
import type { RunResult } from "../engine/result.js";
import { commandLine, rerunArgsOf } from "./rerun.js";

/** The command that converges: the run's own, with the options that chose what it acted on. */
export function convergingCommand(result: RunResult): string {
  return commandLine(
    result.command,
    result.environment,
    rerunArgsOf(result),
    result.interrupted?.extra ?? [],
  );
}

function unfinished(result: RunResult): { stopped: number; total: number } {
  const all = result.steps.flatMap((step) => Object.values(step.regions));
  return { stopped: all.filter((r) => r.interrupted).length, total: all.length };
}

/** The one line on stderr after the progress view. */
export function interruptedLine(result: RunResult): string {
  const { stopped, total } = unfinished(result);
  return `Interrupted (Ctrl-C): ${stopped} of ${total} steps did not finish; the rest ended as shown. Run \`${convergingCommand(result)}\` again: it converges.`;
}

/** The interruption as the run's error (the `--json` document's first). */
export function interruptedError(result: RunResult): string {
  const { stopped, total } = unfinished(result);
  return `interrupted (Ctrl-C): ${stopped} of ${total} steps did not finish (their regions say how far each got); run \`${convergingCommand(result)}\` again to converge`;
}
