/**
 * Run the yolo CLI in-process, as a user would from a shell: arguments, a working directory,
 * environment variables and stdin in; exit code, stdout and stderr out.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable, Writable } from "node:stream";
import type { CliIO } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/program.js";
import type { LoggedRequest } from "../../src/emulator/index.js";
import { type EmulatorHandle, TEST_CREDENTIALS } from "./emulator.js";

export interface RunYoloOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Make stdin look like a terminal (for prompts). */
  stdinTTY?: boolean;
  /** What the user types (stdin ends after it). Without it, stdin is empty and ends at once. */
  stdinText?: string;
  /** A stdin of the test's own (to act when the command starts reading an answer). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Ctrl-C as the test sends it (bin/yolo.js watches the process; in-process runs have none). */
  interrupts?: CliIO["interrupts"];
}

export interface YoloRun {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** The environment that points the real AWS SDK at the emulator at `url`, with the test account's keys. */
export function emulatorEnv(url: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: "x",
    AWS_REGION: "us-east-1",
    // Keep a developer's own AWS files out of the test.
    AWS_CONFIG_FILE: join(tmpdir(), "yolo-test-no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), "yolo-test-no-aws-credentials"),
    NO_COLOR: "1",
    ...extra,
  };
}

/** A temporary directory holding `yolo.yml` with this text. */
export function manifestDir(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), "yolo-cli-"));
  writeFileSync(join(dir, "yolo.yml"), yaml);
  return dir;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Run `yolo ...args`. The AWS SDK reads endpoints and credentials from `process.env`, so the
 * given `env` is also applied to `process.env` for the run and restored afterwards; runs are
 * therefore serialised.
 */
export function runYolo(args: string[], options: RunYoloOptions): Promise<YoloRun> {
  const run = queue.then(() => runOnce(args, options));
  queue = run.catch(() => undefined);
  return run;
}

async function runOnce(args: string[], options: RunYoloOptions): Promise<YoloRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  let stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  if (options.stdin !== undefined) {
    stdin = options.stdin;
  } else if (options.stdinText !== undefined) {
    const input = new PassThrough();
    input.end(options.stdinText);
    stdin = input;
  } else {
    stdin = Readable.from([]);
  }
  if (options.stdinTTY) stdin.isTTY = true;

  const env = options.env ?? {};
  const saved = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(env)) {
    saved.set(key, process.env[key]);
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  const io: CliIO = {
    stdout,
    stderr,
    stdin,
    env: { ...env },
    cwd: options.cwd,
    ...(options.interrupts ? { interrupts: options.interrupts } : {}),
  };
  try {
    const code = await runCli(args, io);
    return { code, stdout: stdout.text, stderr: stderr.text };
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** A run against the emulator, with the requests it made. */
export interface EmulatorRun<Doc> extends YoloRun {
  /** Every request of this run, in arrival order. */
  log: LoggedRequest[];
  /** The requests of this run that change the account. */
  writes: LoggedRequest[];
  /** stdout read as the one JSON document `--json` prints. */
  json(): Doc;
}

/** One region's entry of a step in a `sync`/`destroy` `--json` document (SPEC §6). */
export interface RegionJson {
  status: string;
  resource?: string;
  reason?: string;
}

/** The parts of a `sync`/`destroy` `--json` document the CLI tests read. */
export interface RunJson {
  status: string;
  regions: string[];
  steps: { id: string; status: string; regions: Record<string, RegionJson> }[];
  warnings: { region?: string; step?: string; message: string }[];
}

/**
 * Run `yolo ...args` in `cwd` against the test file's emulator. The emulator's log is cleared
 * first, so afterwards it (and `log`, `writes`) holds only this run's requests.
 */
export async function yoloRun<Doc = any>(
  handle: Pick<EmulatorHandle, "emulator">,
  cwd: string,
  ...args: string[]
): Promise<EmulatorRun<Doc>> {
  handle.emulator.clearLog();
  const run = await runYolo(args, { cwd, env: emulatorEnv(handle.emulator.url) });
  const log = [...handle.emulator.log];
  return {
    ...run,
    log,
    writes: log.filter((entry) => entry.mutating),
    json: () => JSON.parse(run.stdout) as Doc,
  };
}

/** An IO with no input and unread output: enough to build the program and list its commands. */
export function silentIO(): CliIO {
  return {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: {},
    cwd: ".",
  };
}
