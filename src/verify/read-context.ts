/** The read-only StepContext verify hands to a resource's `read` for one region's check. */
import { readOnlyStepContext } from "../engine/read-context.js";
import type { StepId } from "../engine/result.js";
import type { StepContext } from "../engine/step.js";
import type { RegionCheckContext } from "./types.js";

export function readContext(ctx: RegionCheckContext, stepId: StepId): StepContext {
  return readOnlyStepContext({ ...ctx, concurrency: ctx.sequential ? 1 : 2 }, ctx.region, stepId);
}
