import { isPending } from "../../engine/status.js";
import { renderHuman } from "../../output/human.js";
import { renderJson } from "../../output/json.js";
import { rerunArgs } from "../../output/rerun.js";
import { type SyncCommandName, syncSteps } from "../../resources/sync-steps.js";
import { loadEnvironment, selectRegions } from "../config.js";
import { type CliIO, EXIT_ERROR, EXIT_OK, EXIT_PENDING } from "../io.js";
import type { AwsCommandOptions } from "../options.js";
import { outputModeFor, runStepsCommand } from "../run-steps.js";

/** `yolo sync`, `sync:iam`, `sync:recording`, `sync:logging` (SPEC §4). */
export async function syncCommand(
  command: SyncCommandName,
  environment: string,
  options: AwsCommandOptions,
  io: CliIO,
): Promise<number> {
  const config = await loadEnvironment(options.manifest, environment, io.cwd);
  const regions = selectRegions(config, options.region);
  const dryRun = Boolean(options.dryRun || options.check);
  const result = await runStepsCommand(
    {
      command,
      config,
      regions,
      steps: syncSteps(command),
      options,
      dryRun,
      rerunArgs: rerunArgs(options, io.cwd),
      stepOptions: { rerunArgs: rerunArgs(options, io.cwd) },
    },
    io,
  );

  if (options.json) io.stdout.write(`${renderJson(result)}\n`);
  else
    io.stdout.write(
      renderHuman(result, { color: outputModeFor(options, io).color, width: io.stdout.columns }),
    );

  if (result.errors.length > 0) return EXIT_ERROR;
  if (
    options.check &&
    result.steps.some((step) => Object.values(step.regions).some((r) => isPending(r.status)))
  )
    return EXIT_PENDING;
  return EXIT_OK;
}
