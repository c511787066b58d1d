import type { Interrupts } from "./interrupt.js";

/** The process around a command, passed in so tests can run the CLI in-process. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Ctrl-C (bin/yolo.js watches the process; in-process runs have none, or a test's own). */
  interrupts?: Interrupts;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Exit codes (SPEC §5): 0 success, 1 error, 2 `--check` found pending changes, 130 Ctrl-C. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_PENDING = 2;
/** Interrupted by Ctrl-C (SIGINT): 128 + 2, as shells report a process SIGINT ended. */
export const EXIT_INTERRUPTED = 130;
