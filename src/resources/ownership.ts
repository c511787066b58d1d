/**
 * What every destroy plan shares: the switches `destroy` hands the steps, the "nothing to delete"
 * plan, and the one ownership rule — delete only what is this app's (yolo-tagged for it, or
 * untagged with the derived name); a resource tagged for another app or environment fails its
 * step and is left alone.
 */

import { NOTHING_TO_DELETE, noActions, type StepPlan } from "../engine/plan.js";
import type { PlanContext } from "../engine/step.js";
import { StepError } from "../errors/yolo-error.js";
import { ownershipOf, type Tags } from "../manifest/names.js";

/** The switches `destroy.ts` hands the steps through `RunContext.options`. */
export interface DestroyStepOptions {
  /** The command being run (`destroy:recording`), for "re-run …" hints. */
  command: string;
  /** `--delete-recordings`: empty buckets that hold objects, then delete them. */
  deleteRecordings: boolean;
  /** The options to repeat in "re-run …" hints (`--local`, `--manifest`, `--region`, …). */
  rerunArgs: string[];
}

/** The destroy options of a run (defaults when a step runs outside `destroy`). */
export function destroyOptions(ctx: Pick<PlanContext, "options">): DestroyStepOptions {
  const options = ctx.options as Partial<DestroyStepOptions>;
  return {
    command: options.command ?? "destroy",
    deleteRecordings: options.deleteRecordings === true,
    rerunArgs: options.rerunArgs ?? [],
  };
}

/** The plan of a step that finds none of the app's resources. */
export function nothingToDelete(resource?: string): StepPlan {
  return noActions({
    status: "SKIPPED",
    ...(resource !== undefined ? { resource } : {}),
    changes: [],
    reason: NOTHING_TO_DELETE,
  });
}

/**
 * Refuse a resource whose yolo tags name another app or environment; returns "adopted
 * (untagged)" for one with the derived name and no yolo tags (what a crash between create and
 * tag leaves behind), which is deleted like one of ours.
 */
export function claimForDeletion(ctx: PlanContext, what: string, tags: Tags | undefined): string | undefined {
  const { environment: env, app } = ctx.config;
  const owner = ownershipOf(tags, env, app);
  if (owner.kind === "untagged") return "adopted (untagged)";
  if (owner.kind === "ours") return undefined;
  const whose =
    owner.app !== undefined && owner.app !== app
      ? `app "${owner.app}" (tag yolo:app)`
      : `environment "${owner.environment ?? "(none)"}" (tag yolo:environment)`;
  throw new StepError(`${what} belongs to ${whose}. yolo will not delete it.`);
}

/** `s` for counts other than one. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
