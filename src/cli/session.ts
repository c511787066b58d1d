/**
 * The CLI's AWS session: `--local` starts the emulator in-process (state in .yolo/local/ beside
 * the manifest) and hands its endpoint to aws/session.ts, which knows nothing of the emulator.
 */
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
  // The emulator makes .yolo/local/ on its first write: a dry run creates nothing.
  const stateFile = localStateFile(manifestPath);
  const { startEmulator } = await import("../emulator/index.js");
  // The run ends with the emulator: a change it could not write would be lost, so it stops serving.
  const emulator = await startEmulator({
    stateFile,
    defaultAccount: LOCAL_ACCOUNT,
    onStateWriteError: "stop",
  });
  return { url: emulator.url, stateFile, close: () => emulator.close() };
}
