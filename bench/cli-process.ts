/**
 * Run the built CLI as a child process, the way a user's shell does, and measure its wall time
 * (spawn to exit, Node's start-up included) and its peak resident set size.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const GNU_TIME = "/usr/bin/time";

/**
 * Where GNU time is missing, a preload (a data: URL, so no file has to be shipped) writes the
 * process's own `maxRSS` (KiB) at exit.
 */
const RSS_PRELOAD = `data:text/javascript,${encodeURIComponent(
  'import { writeFileSync } from "node:fs";' +
    'process.on("exit", () => writeFileSync(process.env.YOLO_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));',
)}`;

/** How peak RSS is measured on this machine (named in RESULTS.md). */
export const RSS_METHOD = existsSync(GNU_TIME)
  ? "`/usr/bin/time -f %M` on the CLI process"
  : "`process.resourceUsage().maxRSS` at exit (a preload)";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak resident set size in MiB. */
  peakRssMiB: number;
}

export interface CliRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The Node binary to run (default: the one running the benchmark). */
  node?: string;
}

/** Run `node ...nodeArgv` (e.g. `[yoloBin, "sync", env]`); resolves when it exits. */
export async function runNodeProcess(nodeArgv: string[], options: CliRunOptions): Promise<CliRun> {
  const scratch = mkdtempSync(join(tmpdir(), "yolo-bench-rss-"));
  const rssFile = join(scratch, "maxrss");
  const gnuTime = existsSync(GNU_TIME);
  const node = options.node ?? process.execPath;
  const command = gnuTime ? GNU_TIME : node;
  const argv = gnuTime
    ? ["-f", "%M", "-o", rssFile, node, ...nodeArgv]
    : ["--import", RSS_PRELOAD, ...nodeArgv];
  const env = gnuTime ? options.env : { ...options.env, YOLO_BENCH_RSS_FILE: rssFile };

  const started = performance.now();
  const child = spawn(command, argv, { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (exitCode) => resolve(exitCode ?? -1));
  });
  const wallMs = performance.now() - started;
  try {
    const kib = Number(readFileSync(rssFile, "utf8").trim().split("\n").pop());
    return { code, stdout, stderr, wallMs, peakRssMiB: kib / 1024 };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
