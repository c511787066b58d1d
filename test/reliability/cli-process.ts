/**
 * The built CLI as a real child process (`node bin/yolo.js …`), for the tests that need what
 * in-process runs cannot give: a SIGKILL, or two runs truly at once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { emulatorEnv } from "../helpers/cli.js";

const root = resolve(import.meta.dirname, "../..");
const yoloBin = resolve(root, "bin/yolo.js");

/** How a child process ended: its code (null when killed), the signal, and its output. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ChildRun {
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<ChildExit>;
}

/** Start `yolo ...args` in `cwd` against the emulator at `url`. Needs `npm run build` (the test script runs it). */
export function spawnYolo(args: string[], cwd: string, url: string): ChildRun {
  if (!existsSync(resolve(root, "dist/cli.js")))
    throw new Error("dist/cli.js is missing: run `npm run build` first (npm test does it).");
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("AWS_")),
  );
  const child = spawn(process.execPath, [yoloBin, ...args], {
    cwd,
    env: { ...inherited, ...emulatorEnv(url) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<ChildExit>((resolveExit, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolveExit({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

/** Resolve once `condition()` holds (checked every 2 ms); reject, with its output, if the process exits first. */
export async function waitUntil(
  condition: () => boolean,
  exited: ChildRun["exited"],
  what: string,
): Promise<void> {
  let output: string | undefined;
  exited.then(
    (run) => {
      output = `exit ${run.code}:\n${run.stderr}${run.stdout}`;
    },
    (error: Error) => {
      output = error.message;
    },
  );
  while (!condition()) {
    if (output !== undefined) throw new Error(`the process exited before ${what} (${output})`);
    await new Promise((resolveTick) => setTimeout(resolveTick, 2));
  }
}
