/**
 * Ctrl-C (SIGINT), as every command takes it. While a run that writes holds the watch, the first
 * Ctrl-C aborts the run's signal: the engine starts no new write, cuts the ones in flight, and the
 * command shows what really happened and exits 130. Any other time (reads, a dry run, a prompt,
 * the read-only commands) and on a second Ctrl-C, the process exits 130 at once with one line.
 */
import { setMaxListeners } from "node:events";
import { EXIT_INTERRUPTED } from "./io.js";

/** What a run that writes gets while it holds the watch. */
export interface InterruptHold {
  /** Aborted by the first Ctrl-C. */
  signal: AbortSignal;
  /** The run is over: Ctrl-C exits at once again. */
  release(): void;
}

export interface Interrupts {
  /**
   * A run that writes starts: until `release()`, the first Ctrl-C aborts the signal instead of
   * exiting. `again` is the command that converges, for the line a second Ctrl-C prints.
   */
  hold(again: string): InterruptHold;
  /** The command handles Ctrl-C itself (`yolo emulator` stops serving): stop watching. */
  stop(): void;
}

export interface InterruptWatchOptions {
  /** Where the signal comes from (the process). */
  source: Pick<NodeJS.Process, "on" | "off">;
  stderr: NodeJS.WritableStream;
  stdout: NodeJS.WritableStream;
  exit(code: number): void;
  /** The one-document `--json` promise, kept when the process exits at once (undefined: no --json). */
  failureDocument?(message: string): string | undefined;
}

/** Watch for Ctrl-C until `stop()`. */
export function watchInterrupts(options: InterruptWatchOptions): Interrupts {
  let held: { controller: AbortController; again: string } | undefined;
  /** The command that converges, once a run that writes has started (undefined: nothing was written). */
  let lastAgain: string | undefined;

  const exitNow = (message: string) => {
    // Leave a live progress view's line and the terminal's echoed ^C behind.
    options.stderr.write(`\n${message}\n`);
    const document = options.failureDocument?.(message);
    if (document !== undefined) options.stdout.write(`${document}\n`);
    options.exit(EXIT_INTERRUPTED);
  };

  const onSigint = () => {
    if (held && !held.controller.signal.aborted) {
      held.controller.abort();
      return;
    }
    if (held)
      exitNow(
        `Interrupted again: stopped at once, without waiting for the calls in flight (AWS may or may not have carried them out). Run \`${held.again}\` again: it converges.`,
      );
    else if (lastAgain !== undefined) exitNow(`Interrupted. Run \`${lastAgain}\` again: it converges.`);
    else exitNow("Interrupted: nothing was changed.");
  };
  options.source.on("SIGINT", onSigint);

  return {
    hold(again) {
      const mine = { controller: new AbortController(), again };
      // Every request the run sends in flight listens to this one signal (the SDK's retry and
      // HTTP handler each add a listener and remove it when the request settles), so more than
      // ten writes at once are normal, not a leak: without this Node prints a
      // MaxListenersExceededWarning to stderr in the middle of a multi-region sync.
      setMaxListeners(0, mine.controller.signal);
      held = mine;
      lastAgain = again;
      return {
        signal: mine.controller.signal,
        release() {
          if (held === mine) held = undefined;
        },
      };
    },
    stop() {
      options.source.off("SIGINT", onSigint);
    },
  };
}
