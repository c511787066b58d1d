/**
 * The CLI's AWS session: `--local` starts the emulator in-process (state in .yolo/local/ beside
 * the manifest) and hands its endpoint to aws/session.ts, which knows nothing of the emulator.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import {
  type AwsSession,
  LOCAL_ACCOUNT,
  type LocalEndpoint,
  localStateFile,
  openAwsSession,
  type SessionOptions,
} from "../aws/session.js";

export interface CliSessionOptions extends Omit<SessionOptions, "local"> {
  /** `--local`: run against the emulator, started here. */
  local: boolean;
}

/** Open AWS access for a command, starting the local emulator first for `--local`. */
export async function openSession(options: CliSessionOptions): Promise<AwsSession> {
  const local = options.local ? await startLocalEmulator(options.config.manifestPath) : undefined;
  return openAwsSession({ ...options, local });
}

async function startLocalEmulator(manifestPath: string): Promise<LocalEndpoint> {
  const stateFile = localStateFile(manifestPath);
  mkdirSync(dirname(stateFile), { recursive: true });
  const { startEmulator } = await import("../emulator/index.js");
  const emulator = await startEmulator({ stateFile, defaultAccount: LOCAL_ACCOUNT });
  return { url: emulator.url, stateFile, close: () => emulator.close() };
}
