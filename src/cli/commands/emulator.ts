import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { startEmulator } from "../../emulator/index.js";
import { emptyStore, loadStore, saveStore } from "../../emulator/state.js";
import { UserError } from "../../errors/yolo-error.js";
import type { CliIO } from "../io.js";

function portOf(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UserError(
      `--port must be a whole number from 0 to 65535 (0 picks a free port), not "${value}".`,
    );
  return port;
}

function latencyOf(value: string): number {
  const ms = Number(value);
  if (value.trim() === "" || !Number.isFinite(ms) || ms < 0)
    throw new UserError(`--latency must be a number of milliseconds, 0 or more, not "${value}".`);
  return ms;
}

/**
 * Check the state file before serving, so that "State persists in FILE" is true once printed:
 * - a file that does not parse stops the command (and is left as it is) rather than being
 *   replaced by empty state on the first write;
 * - a folder that does not exist stops it too, naming the folder: a typo in the path must not
 *   make folders somewhere unexpected, nor leave the user looking for a file that never appears;
 * - a file that does not exist yet is written now (empty state), so a folder that cannot be
 *   written to is found at start, not on the first write, where it would fail that request.
 */
function prepareStateFile(file: string): void {
  if (existsSync(file)) {
    try {
      loadStore(file);
    } catch (error) {
      throw new UserError(
        `${(error as Error).message}\nFix the file or delete it to start with empty state; the emulator has not touched it.`,
      );
    }
    return;
  }
  const folder = dirname(resolve(file));
  if (!existsSync(folder))
    throw new UserError(
      `--state ${file}: the folder ${folder} does not exist, so the emulator could not keep its state there.\n` +
        `Create it first (mkdir -p ${folder}), or give a file in a folder that exists. The emulator did not start.`,
    );
  if (!statSync(folder).isDirectory())
    throw new UserError(`--state ${file}: ${folder} is not a folder. The emulator did not start.`);
  try {
    saveStore(file, emptyStore());
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserError(
      `--state ${file}: the emulator cannot write there (${reason}). Give a file in a folder you can write to. The emulator did not start.`,
    );
  }
}

/** `yolo emulator`: serve the local AWS emulator in the foreground until interrupted. */
export async function emulatorCommand(
  io: CliIO,
  options: { port: string; state?: string; latency: string },
): Promise<number> {
  const port = portOf(options.port);
  const latencyMs = latencyOf(options.latency);
  if (options.state) prepareStateFile(options.state);
  // Listen for the stop signal before announcing the URL, so a caller that reads the URL and
  // stops the emulator at once still gets a clean exit.
  // Ctrl-C stops the emulator (exit 0), not the way it stops the other commands.
  io.interrupts?.stop();
  const stopped = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  const emulator = await startEmulator({ port, stateFile: options.state, latencyMs }).catch((error) => {
    if ((error as NodeJS.ErrnoException)?.code === "EADDRINUSE")
      throw new UserError(
        `Port ${port} on 127.0.0.1 is in use: pick another with --port (0 picks a free one).`,
      );
    throw error;
  });
  io.stdout.write(`yolo emulator listening on ${emulator.url}\n`);
  io.stderr.write(
    [
      `Point the AWS SDK or CLI at it: AWS_ENDPOINT_URL=${emulator.url} (any access key; region from the signing scope).`,
      options.state
        ? `State persists in ${options.state}.`
        : "State lives in memory (pass --state FILE to keep it).",
      `Admin API: ${emulator.url}/_emulator/{health,log,reset,latency,faults,state}. Ctrl-C stops it.`,
      "",
    ].join("\n"),
  );
  await stopped;
  await emulator.close();
  return 0;
}
