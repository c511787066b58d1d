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

export interface ChildRun {
  child: ChildProcess;
  /** Resolves when the process has exited: its code (null when killed) and signal, and its output. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
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
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolveExit, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolveExit({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

/** Resolve once `condition()` holds (checked every 2 ms); reject if the process exits first. */
export async function waitUntil(
  condition: () => boolean,
  exited: Promise<unknown>,
  what: string,
): Promise<void> {
  let hasExited = false;
  const markExited = () => {
    hasExited = true;
  };
  exited.then(markExited, markExited);
  while (!condition()) {
    if (hasExited) throw new Error(`the process exited before ${what}`);
    await new Promise((resolveTick) => setTimeout(resolveTick, 2));
  }
}
