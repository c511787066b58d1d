/**
 * `yolo sync`, `sync:iam`, `sync:recording`, `sync:logging` (SPEC §4). Besides what the manifest
 * asks for, sync looks for what it no longer asks for (resources/leftovers.ts) and reports it
 * ORPHANED; `--prune` deletes those with destroy's rules and destroy's confirmation: the
 * environment's name typed on a terminal, or `--yes`; refused without either.
 */
import { savedSteps } from "../../engine/plan-file.js";
import type { RunResult } from "../../engine/result.js";
import type { PlannedStep } from "../../engine/runner.js";
import { isPending } from "../../engine/status.js";
import { UserError } from "../../errors/yolo-error.js";
import { renderHuman } from "../../output/human.js";
import { renderJson } from "../../output/json.js";
import { rerunArgs } from "../../output/rerun.js";
import { type SyncCommandName, syncRun } from "../../resources/sync-steps.js";
import { loadEnvironment, manifestPath, selectRegions } from "../config.js";
import { confirmByTyping } from "../confirm.js";
import { countStatus, refuse, showPlan } from "../deletion.js";
import { type CliIO, EXIT_ERROR, EXIT_OK, EXIT_PENDING } from "../io.js";
import type { AwsCommandOptions } from "../options.js";
import { outputModeFor, runStepsCommand, type StepsCommand } from "../run-steps.js";
import { assertOutIsForPlans, driftMessage, recheckPlan, savePlan } from "../saved-plan.js";
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
  if (options.json) io.stdout.write(`${saved ? JSON.stringify(saved, null, 2) : renderJson(result)}\n`);
  else print(result, options, io);
  return exitCode(result, options);
}

function print(result: RunResult, options: AwsCommandOptions, io: CliIO): void {
  if (options.json) io.stdout.write(`${renderJson(result)}\n`);
  else
    io.stdout.write(
      renderHuman(result, {
        color: outputModeFor(options, io).color,
        width: io.stdout.columns,
        verbose: Boolean(options.verbose),
      }),
    );
}

function exitCode(result: RunResult, options: AwsCommandOptions): number {
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
        print(plan, options, io);
        return EXIT_ERROR;
      }
      const result = await runStepsCommand(first, io, session);
      print(result, options, io);
      return exitCode(result, options);
    }
    if (!io.stdin.isTTY) return refuse(plan, deletions, options, io);
    showPlan(plan, options, io);
    const confirmed = await confirmByTyping(
      io,
      `Delete these resources from ${session.account}? Type the environment name to confirm:`,
      environment,
    );
    if (!confirmed) {
      io.stderr.write(`The answer was not "${environment}". Nothing was changed.\n`);
      return EXIT_ERROR;
    }
    const { drift, lives } = await recheckPlan(spec(false), savedSteps(plans), io, session);
    if (drift.length > 0) {
      io.stderr.write(`${driftMessage(drift, "Run the sync again to see the new plan.")}\n`);
      if (options.json)
        io.stdout.write(
          `${renderJson({ ...plan, errors: [...plan.errors, { step: "confirmation", message: `the account changed after the plan was shown: ${drift.join("; ")}` }] })}\n`,
        );
      return EXIT_ERROR;
    }
    const result = await runStepsCommand({ ...spec(false), lives }, io, session);
    print(result, options, io);
    return exitCode(result, options);
  } finally {
    await session.close();
  }
}
