/**
 * The emulator as a separate process (`yolo emulator --port 0`), so the benchmark's CLI runs and
 * the emulator never share an event loop, and the admin API the benchmark drives it with.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { LoggedRequest } from "../src/emulator/index.js";

export interface EmulatorProcess {
  url: string;
  reset(): Promise<void>;
  clearLog(): Promise<void>;
  log(): Promise<LoggedRequest[]>;
  stop(): Promise<void>;
}

/** Start `node bin/yolo.js emulator` on a free port with `latencyMs` per request; resolves once it listens. */
export async function startEmulatorProcess(yoloBin: string, latencyMs: number): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    [yoloBin, "emulator", "--port", "0", "--latency", String(latencyMs)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const url = await listeningUrl(child);
  const admin = async (method: string, path: string): Promise<unknown> => {
    const response = await fetch(`${url}/_emulator${path}`, { method });
    if (!response.ok) throw new Error(`emulator admin ${method} ${path}: HTTP ${response.status}`);
    return response.json();
  };
  return {
    url,
    reset: async () => {
      await admin("POST", "/reset");
    },
    clearLog: async () => {
      await admin("DELETE", "/log");
    },
    log: async () => (await admin("GET", "/log")) as LoggedRequest[],
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    let errors = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) =>
      reject(new Error(`the emulator exited (${code}) before listening:\n${errors}`)),
    );
    child.once("error", reject);
  });
}
