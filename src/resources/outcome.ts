/**
 * What every sync step shares: its gate (which part of the manifest switches it on) and how its
 * status follows from what it found and changed.
 */
import type { Change } from "../engine/result.js";
import type { Status } from "../engine/status.js";
import type { ResourceStep, StepContext } from "../engine/step.js";
import { commandLine } from "../output/rerun.js";

type Gate = ResourceStep["gate"];

/** The three `sync:recording` steps: IVS on and `recording.real_time`. */
export const recordingGate: Gate = (config) =>
  config.ivsEnabled && config.recording.enabled
    ? { enabled: true }
    : { enabled: false, reason: "recording disabled" };

/** The three `sync:logging` steps: IVS on and logging on (`aws.ivs: true` or `logging: true`). */
export const loggingGate: Gate = (config) =>
  config.ivsEnabled && config.logging.enabled
    ? { enabled: true }
    : { enabled: false, reason: "logging disabled" };

/** `sync:iam`: `aws.mediaconvert`. */
export const mediaConvertGate: Gate = (config) =>
  config.mediaconvert ? { enabled: true } : { enabled: false, reason: "mediaconvert disabled" };

/**
 * CREATED when the step made the resource (WOULD_CREATE in a dry-run); otherwise SYNCED, after
 * any in-place change it lists — or WOULD_SYNC in a dry-run that found a difference.
 */
export function syncStatus(created: boolean, changes: readonly Change[], dryRun: boolean): Status {
  if (created) return dryRun ? "WOULD_CREATE" : "CREATED";
  return dryRun && changes.length > 0 ? "WOULD_SYNC" : "SYNCED";
}

/** A `yolo <command> <env> …` hint for a step's warning, with the options the run was given. */
export function hint(ctx: StepContext, command: string): string {
  const args = (ctx.options.rerunArgs as string[] | undefined) ?? [];
  return `\`${commandLine(command, ctx.config.environment, args)}\``;
}
