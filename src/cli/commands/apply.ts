/**
 * `yolo apply FILE`: apply exactly the plan a `--dry-run --out FILE` wrote. Before any write it
 * checks what the plan rests on — the manifest's content for the environment, the account, and
 * a fresh read of every step in every region — and refuses (exit 1, no write) naming what moved.
 * A plan is applied at most once: the file is marked before the first write.
 */

import { resolve } from "node:path";
import { manifestDigest, type SavedPlan } from "../../engine/plan-file.js";
import type { ResourceStep } from "../../engine/step.js";
import { inEnvironment, UserError } from "../../errors/yolo-error.js";
import { commandLine, rerunArgsOf } from "../../output/rerun.js";
import { DESTROY_COMMANDS, type DestroyCommandName, destroySteps } from "../../resources/destroy-steps.js";
import { SYNC_COMMANDS, type SyncCommandName } from "../../resources/sync-steps.js";
import { loadEnvironment } from "../config.js";
import { report } from "../deletion.js";
import type { CliIO } from "../io.js";
import type { AwsCommandOptions } from "../options.js";
import { runStepsCommand, type StepsCommand } from "../run-steps.js";
import { driftMessage, readPlanFile, recheckPlan, writePlanFile } from "../saved-plan.js";
import { openSession } from "../session.js";
import { type SyncStepOptions, syncSpec } from "./sync.js";

export type ApplyOptions = Pick<
  AwsCommandOptions,
  "json" | "progress" | "profile" | "concurrency" | "verbose"
>;

/** The steps of the destroy command a plan was made by. */
function stepsOf(command: string, options: Record<string, unknown>): ResourceStep<any>[] {
  if ((DESTROY_COMMANDS as readonly string[]).includes(command))
    return destroySteps(command as DestroyCommandName, { regionLimited: options.regionLimited === true });
  throw new UserError(`the plan is of "${command}", which yolo apply cannot apply.`);
}

export async function applyCommand(io: CliIO, file: string, options: ApplyOptions): Promise<number> {
  const plan = await readPlanFile(resolve(io.cwd, file));
  try {
    return await applyPlan(io, file, plan, options);
  } catch (error) {
    // The command line names the file, not the environment: the failure document takes the plan's.
    throw inEnvironment(error, plan.environment);
  }
}

async function applyPlan(io: CliIO, file: string, plan: SavedPlan, options: ApplyOptions): Promise<number> {
  const path = resolve(io.cwd, file);
  // The plan's own options (--local, --manifest, --region, --prune, …): a new plan of the same
  // account and manifest, not of whatever the bare command would reach.
  const rerun = rerunArgsOf({ rerunArgs: plan.options.rerunArgs as string[] | undefined, local: plan.local });
  const remake = `Make a new plan with \`${commandLine(plan.command, plan.environment, rerun, ["--dry-run", "--out", file])}\`.`;
  if (plan.appliedAt)
    throw new UserError(`${file} was applied at ${plan.appliedAt}; a plan is applied once. ${remake}`);

  const config = await loadEnvironment(plan.manifest.path, plan.environment, io.cwd);
  if (manifestDigest(config) !== plan.manifest.digest)
    throw new UserError(
      `${plan.manifest.path}: environment ${plan.environment} changed since the plan was made, so it was not applied. Nothing was changed. ${remake}`,
    );

  const session = await openSession({ config, profile: options.profile, local: plan.local, env: io.env });
  try {
    if (session.account !== plan.account)
      throw new UserError(
        `the plan was made for account ${plan.account}, but these credentials are for ${session.account}. Nothing was changed.`,
      );
    const runOptions = { ...options, local: plan.local };
    // A sync plan runs the same steps and leftover search it was made with (--prune included).
    const spec: StepsCommand = (SYNC_COMMANDS as readonly string[]).includes(plan.command)
      ? syncSpec(
          plan.command as SyncCommandName,
          config,
          plan.regions,
          syncStepOptions(plan.options),
          runOptions,
          false,
        )
      : {
          command: plan.command,
          config,
          regions: plan.regions,
          steps: stepsOf(plan.command, plan.options),
          options: runOptions,
          dryRun: false,
          stepOptions: plan.options,
          rerunArgs: (plan.options.rerunArgs as string[] | undefined) ?? [],
        };
    const { drift, lives } = await recheckPlan(spec, plan.steps, io, session);
    if (drift.length > 0) throw new UserError(driftMessage(drift, remake));

    // Marked before the first write: a run cut short must not be applied again from a stale plan.
    await writePlanFile(path, { ...plan, appliedAt: new Date().toISOString() });
    const result = await runStepsCommand({ ...spec, lives }, io, session);
    return report(result, options, io);
  } finally {
    await session.close();
  }
}

/** A sync plan's step options as saved (a plan made before `--prune` existed has only its hints). */
function syncStepOptions(saved: Record<string, unknown>): SyncStepOptions {
  return {
    rerunArgs: (saved.rerunArgs as string[] | undefined) ?? [],
    command: typeof saved.command === "string" ? saved.command : "sync",
    prune: saved.prune === true,
    deleteRecordings: saved.deleteRecordings === true,
    regionLimited: saved.regionLimited === true,
  };
}
