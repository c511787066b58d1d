import type { RunResult } from "../../engine/result.js";
import type { PlannedStep } from "../../engine/runner.js";
import { isPending } from "../../engine/status.js";
import { UserError } from "../../errors/yolo-error.js";
import { rerunArgs } from "../../output/rerun.js";
import { type SyncCommandName, syncRun } from "../../resources/sync-steps.js";
import { loadEnvironment, manifestPath, selectRegions } from "../config.js";
import { confirmPlan, countStatus, printResult } from "../deletion.js";
import { type CliIO, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_PENDING } from "../io.js";
import type { AwsCommandOptions } from "../options.js";
import { runStepsCommand, type StepsCommand } from "../run-steps.js";
import { assertOutIsForPlans, savePlan } from "../saved-plan.js";
import { openSession } from "../session.js";

export interface SyncOptions extends AwsCommandOptions {
  /** Delete the leftovers (ORPHANED) too, with destroy's rules. */
  prune?: boolean;
  /** With --prune: do not ask (required when stdin is not a terminal). */
  yes?: boolean;
  /** With --prune: empty leftover recording buckets that hold objects, then delete them. */
  deleteRecordings?: boolean;
}

/** The steps options a sync run plans with (saved in a plan file, for `yolo apply`). */
export interface SyncStepOptions {
  rerunArgs: string[];
  /** For destroy's hints inside a pruning plan ("re-run …"). */
  command: string;
  prune: boolean;
  deleteRecordings: boolean;
  /** `--region` was given: the leftover search stays in those regions (a feature switched off). */
  regionLimited: boolean;
}

/** The run a sync command makes, from the manifest and its step options (shared with `yolo apply`). */
export function syncSpec(
  command: SyncCommandName,
  config: StepsCommand["config"],
  regions: string[],
  stepOptions: SyncStepOptions,
  options: AwsCommandOptions,
  dryRun: boolean,
): StepsCommand {
  const run = syncRun(command, config, { regionLimited: stepOptions.regionLimited });
  return {
    command,
    config,
    regions,
    steps: run.steps,
    leftovers: run.leftovers,
    order: run.order,
    options,
    dryRun,
    rerunArgs: stepOptions.rerunArgs,
    stepOptions: { ...stepOptions },
  };
}

export async function syncCommand(
  command: SyncCommandName,
  environment: string,
  options: SyncOptions,
  io: CliIO,
): Promise<number> {
  const config = await loadEnvironment(options.manifest, environment, io.cwd);
  const regions = selectRegions(config, options.region);
  const dryRun = Boolean(options.dryRun || options.check);
  const prune = Boolean(options.prune);
  if (!prune && (options.yes || options.deleteRecordings))
    throw new UserError(
      `${options.yes ? "--yes" : "--delete-recordings"} goes with --prune: sync deletes nothing without it.`,
    );
  assertOutIsForPlans(options.out, dryRun);
  const args = rerunArgs(options, io.cwd);
  const stepOptions: SyncStepOptions = {
    rerunArgs: args,
    command,
    prune,
    deleteRecordings: Boolean(options.deleteRecordings),
    regionLimited: Boolean(options.region?.length),
  };
  const spec = (dry: boolean) => syncSpec(command, config, regions, stepOptions, options, dry);

  // Pruning without --yes: show the plan, and delete only what the person confirmed.
  if (prune && !dryRun && !options.yes) return pruneConfirmed(spec, environment, options, io);

  const plans: PlannedStep[] = [];
  const planned = { ...spec(dryRun), plans };
  const result = await runStepsCommand(planned, io);
  const saved = options.out
    ? await savePlan(options.out, planned, result, plans, manifestPath(options.manifest, io.cwd), io)
    : undefined;
  if (options.json && saved) io.stdout.write(`${JSON.stringify(saved, null, 2)}\n`);
  else printResult(result, options, io);
  return exitCode(result, options);
}

function exitCode(result: RunResult, options: AwsCommandOptions): number {
  if (result.interrupted) return EXIT_INTERRUPTED;
  if (result.errors.length > 0) return EXIT_ERROR;
  if (
    options.check &&
    result.steps.some((step) => Object.values(step.regions).some((r) => isPending(r.status)))
  )
    return EXIT_PENDING;
  return EXIT_OK;
}

/**
 * `sync --prune` on a terminal: plan read-only; when it deletes anything, show the plan and ask
 * for the environment's name, then re-read and apply exactly that plan (or nothing, when the
 * account moved meanwhile). Without a terminal it refuses before any write, as destroy does.
 */
async function pruneConfirmed(
  spec: (dryRun: boolean) => StepsCommand,
  environment: string,
  options: SyncOptions,
  io: CliIO,
): Promise<number> {
  const first = spec(false);
  const session = await openSession({
    config: first.config,
    profile: options.profile,
    local: Boolean(options.local),
    env: io.env,
  });
  try {
    const plans: PlannedStep[] = [];
    const plan = await runStepsCommand({ ...spec(true), planning: true, plans }, io, session);
    const deletions = countStatus(plan, "WOULD_DELETE");
    if (deletions === 0 || plan.errors.length > 0) {
      if (plan.errors.length > 0) {
        printResult(plan, options, io);
        return EXIT_ERROR;
      }
      const result = await runStepsCommand(first, io, session);
      printResult(result, options, io);
      return exitCode(result, options);
    }
    const confirmed = await confirmPlan({
      plan,
      plans,
      spec: spec(false),
      environment,
      again: "sync",
      undone: "changed",
      options,
      io,
      session,
    });
    if ("exit" in confirmed) return confirmed.exit;
    const { lives } = confirmed;
    const result = await runStepsCommand({ ...spec(false), lives }, io, session);
    printResult(result, options, io);
    return exitCode(result, options);
  } finally {
    await session.close();
  }
}
