/**
 * `yolo destroy`, `destroy:logging`, `destroy:recording`, `destroy:iam` (SPEC §5): plan the
 * teardown read-only, show it, confirm (typing the environment name on a terminal; `--yes`
 * otherwise), then delete — one AWS session for both passes. Without `--yes` and with stdin not
 * a terminal it refuses before any write call: a pipeline never deletes by accident.
 */
import type { SavedPlan } from "../../engine/plan-file.js";
import type { RunResult } from "../../engine/result.js";
import type { PlannedStep } from "../../engine/runner.js";
import { commandLine, rerunArgs } from "../../output/rerun.js";
import { type DestroyCommandName, destroySteps } from "../../resources/destroy-steps.js";
import type { DestroyStepOptions } from "../../resources/ownership.js";
import { loadEnvironment, manifestPath, selectRegions } from "../config.js";
import { confirmPlan, countStatus, report } from "../deletion.js";
import { type CliIO, EXIT_ERROR, EXIT_OK, EXIT_PENDING } from "../io.js";
import type { AwsCommandOptions } from "../options.js";
import { runStepsCommand, type StepsCommand } from "../run-steps.js";
import { assertOutIsForPlans, savePlan } from "../saved-plan.js";
import { openSession } from "../session.js";

export interface DestroyOptions extends AwsCommandOptions {
  /** Do not ask (required when stdin is not a terminal). */
  yes?: boolean;
  /** Empty buckets that hold recordings, then delete them. */
  deleteRecordings?: boolean;
}

/** Tear down what the sync commands made, for one environment. */
export async function destroyCommand(
  command: DestroyCommandName,
  environment: string,
  options: DestroyOptions,
  io: CliIO,
): Promise<number> {
  const config = await loadEnvironment(options.manifest, environment, io.cwd);
  // --check is a dry-run whose exit code says whether anything would be deleted.
  if (options.check) options = { ...options, dryRun: true };
  assertOutIsForPlans(options.out, Boolean(options.dryRun));
  // A region dropped from the manifest can still be named here, to clean up what is left in it.
  const regions = selectRegions(config, options.region, true);
  const args = rerunArgs(options, io.cwd);
  const steps = destroySteps(command, { regionLimited: Boolean(options.region?.length) });
  const stepOptions: DestroyStepOptions & { regionLimited: boolean } = {
    command,
    deleteRecordings: Boolean(options.deleteRecordings),
    rerunArgs: args,
    // For `yolo apply` of a saved destroy plan: the same steps, the role left alone the same way.
    regionLimited: Boolean(options.region?.length),
  };
  const spec = (dryRun: boolean, planning = false): StepsCommand => ({
    command,
    config,
    regions,
    steps,
    options,
    dryRun,
    planning,
    stepOptions: { ...stepOptions },
    rerunArgs: args,
  });
  const offNote = regions.length === 0 ? ivsOffNote(command, environment, args) : undefined;
  const finish = (result: RunResult) => {
    if (offNote) result.warnings.push({ message: offNote });
    return result;
  };

  const session = await openSession({
    config,
    profile: options.profile,
    local: Boolean(options.local),
    env: io.env,
  });
  try {
    // With --yes nothing is shown before the deletion, so there is no plan to make.
    if (!options.yes || options.dryRun) {
      const plans: PlannedStep[] = [];
      const planSpec = { ...spec(true, !options.dryRun), plans };
      const plan = finish(await runStepsCommand(planSpec, io, session));
      if (options.dryRun) {
        const saved = options.out
          ? await savePlan(options.out, planSpec, plan, plans, manifestPath(options.manifest, io.cwd), io)
          : undefined;
        const code = saved && options.json ? printPlan(saved, plan, io) : report(plan, options, io);
        return code === EXIT_OK && options.check && countStatus(plan, "WOULD_DELETE") > 0
          ? EXIT_PENDING
          : code;
      }

      const deletions = countStatus(plan, "WOULD_DELETE");
      // Nothing would be deleted: the plan already is the result (statuses mean the same in both passes).
      if (deletions === 0) return report({ ...plan, dryRun: false }, options, io);

      // Apply the plan that was confirmed: re-read, and refuse if anything moved while the question was open.
      const confirmed = await confirmPlan({
        plan,
        plans,
        spec: spec(false),
        environment,
        again: "destroy",
        undone: "deleted",
        options,
        io,
        session,
      });
      if ("exit" in confirmed) return confirmed.exit;
      const { lives } = confirmed;
      return report(finish(await runStepsCommand({ ...spec(false), lives }, io, session)), options, io);
    }
    return report(finish(await runStepsCommand(spec(false), io, session)), options, io);
  } finally {
    await session.close();
  }
}

/**
 * With `aws.ivs` off no IVS region is searched: say how to reach resources left in one. `destroy`
 * itself skips the IVS parts then (the manifest switches them off), so it names the part commands.
 */
function ivsOffNote(command: DestroyCommandName, environment: string, args: string[]): string | undefined {
  const unsearched = `aws.ivs is off for ${environment} in the manifest, so no IVS region was searched.`;
  if (command === "destroy:logging" || command === "destroy:recording")
    return `${unsearched} Pass --region R to destroy IVS resources left in region R.`;
  if (command === "destroy") {
    const part = (name: string) => `\`${commandLine(name, environment, args, ["--region", "R"])}\``;
    return `${unsearched} ${part("destroy:logging")} and ${part("destroy:recording")} remove IVS resources left in region R.`;
  }
  return undefined;
}

/** `--json` with `--out`: the plan document is the one document on stdout. */
function printPlan(saved: SavedPlan, plan: RunResult, io: CliIO): number {
  io.stdout.write(`${JSON.stringify(saved, null, 2)}\n`);
  return plan.errors.length > 0 ? EXIT_ERROR : EXIT_OK;
}
