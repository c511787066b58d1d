import type { PlannedStep } from "../../engine/runner.js";
import { isPending } from "../../engine/status.js";
import { renderHuman } from "../../output/human.js";
import { renderJson } from "../../output/json.js";
import { rerunArgs } from "../../output/rerun.js";
import { type SyncCommandName, syncSteps } from "../../resources/sync-steps.js";
import { loadEnvironment, manifestPath, selectRegions } from "../config.js";
import { type CliIO, EXIT_ERROR, EXIT_OK, EXIT_PENDING } from "../io.js";
import type { AwsCommandOptions } from "../options.js";
import { outputModeFor, runStepsCommand, type StepsCommand } from "../run-steps.js";
import { assertOutIsForPlans, savePlan } from "../saved-plan.js";

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
  assertOutIsForPlans(options.out, dryRun);
  const plans: PlannedStep[] = [];
  const spec: StepsCommand = {
    command,
    config,
    regions,
    steps: syncSteps(command),
    options,
    dryRun,
    rerunArgs: rerunArgs(options, io.cwd),
    stepOptions: { rerunArgs: rerunArgs(options, io.cwd) },
    plans,
  };
  const result = await runStepsCommand(spec, io);
  const saved = options.out
    ? await savePlan(options.out, spec, result, plans, manifestPath(options.manifest, io.cwd), io)
    : undefined;

  if (options.json) io.stdout.write(`${saved ? JSON.stringify(saved, null, 2) : renderJson(result)}\n`);
  else
    io.stdout.write(
      renderHuman(result, {
        color: outputModeFor(options, io).color,
        width: io.stdout.columns,
        verbose: Boolean(options.verbose),
      }),
    );

  if (result.errors.length > 0) return EXIT_ERROR;
  if (
    options.check &&
    result.steps.some((step) => Object.values(step.regions).some((r) => isPending(r.status)))
  )
    return EXIT_PENDING;
  return EXIT_OK;
}
