/** Which part of the manifest switches each step on: a step whose gate is closed is SKIPPED with the reason. */
import type { ResourceStep } from "../engine/step.js";

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
