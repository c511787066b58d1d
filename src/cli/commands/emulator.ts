import { startEmulator } from "../../emulator/index.js";
import type { CliIO } from "../io.js";

/** `yolo emulator`: serve the local AWS emulator in the foreground until interrupted. */
export async function emulatorCommand(
  io: CliIO,
  options: { port: string; state?: string; latency: string },
): Promise<number> {
  const emulator = await startEmulator({
    port: Number(options.port),
    stateFile: options.state,
    latencyMs: Number(options.latency),
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
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await emulator.close();
  return 0;
}
