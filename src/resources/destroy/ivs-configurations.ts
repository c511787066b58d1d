import type { Change } from "../../engine/result.js";
import { type StepContext, StepError, type StepOutcome } from "../../engine/step.js";
import { ownershipOf } from "../../manifest/names.js";
import { commandLine } from "../../output/rerun.js";
import {
  type ConfigurationKind,
  candidatesNamed,
  deleteUnlessInUse,
  type IvsConfiguration,
} from "../ivs-configurations.js";
import { deletedStatus, destroyOptions, nothingToDelete, plural } from "./common.js";

export interface DestroyConfigurationsInput {
  kind: ConfigurationKind;
  /** The derived name (`yolo-{env}-{app}-ivs-storage`). */
  name: string;
  /** Every configuration of this kind in the region. */
  live: readonly IvsConfiguration[];
  /** Delete one by ARN. */
  remove(arn: string): Promise<void>;
}

/** Delete (or, in a dry-run, plan to delete) every configuration of the app of one kind. */
export async function destroyConfigurations(
  ctx: StepContext,
  input: DestroyConfigurationsInput,
): Promise<StepOutcome> {
  const { environment: env, app } = ctx.config;
  // Throws (the step fails, nothing of this kind is deleted here) when one is tagged for another app.
  const doomed = [...candidatesNamed(input.live, input.kind, input.name, env, app)].sort((a, b) =>
    a.arn < b.arn ? -1 : 1,
  );
  if (doomed.length === 0) return nothingToDelete();

  const notes: string[] = [];
  if (doomed.length > 1)
    notes.push(`${plural(doomed.length, input.kind)} named ${input.name} (duplicates included)`);
  if (doomed.some((c) => ownershipOf(c.tags, env, app).kind === "untagged")) notes.push("adopted (untagged)");
  const changes: Change[] = doomed.map((c) => ({ attribute: "arn", from: c.arn, to: null }));

  if (!ctx.dryRun) {
    const inUse = await deleteUnlessInUse(
      ctx,
      input.kind,
      doomed.map((c) => c.arn),
      input.remove,
    );
    if (inUse.length > 0) {
      const { command, rerunArgs } = destroyOptions(ctx);
      const deleted = doomed.length - inUse.length;
      // IVS's own message says the same (stop the composition): yolo's sentence alone is enough.
      throw new StepError(
        `${input.kind} ${inUse.join(", ")} is in use by a composition, so it was not deleted. ` +
          "Stop the composition (StopComposition), wait for it to end, and re-run " +
          `\`${commandLine(command, env, rerunArgs)}\`.${deleted > 0 ? ` ${plural(deleted, `other ${input.kind}`)} deleted.` : ""}`,
      );
    }
  }
  return {
    status: deletedStatus(ctx),
    resource: doomed.length === 1 ? doomed[0].arn : input.name,
    changes,
    ...(notes.length > 0 ? { reason: notes.join("; ") } : {}),
  };
}
