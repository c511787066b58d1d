/** What `yolo verify` checks and reports: read-only facts about one environment, per region. */
import type { AwsClients } from "../aws/clients.js";
import type { EnvironmentConfig } from "../manifest/types.js";

/** The checks, in the order they are reported within a region. */
export type CheckId =
  | "recording-bucket"
  | "bucket-policy"
  | "storage-configuration"
  | "encoder-configuration"
  | "log-group"
  | "logs-resource-policy"
  | "eventbridge-rule"
  | "eventbridge-target";

/** One check in one region. */
export interface VerifyCheck {
  region: string;
  id: CheckId;
  /** What must hold, in words ("bucket policy lets IVS write recordings"). */
  check: string;
  ok: boolean;
  /** What was found. */
  detail: string;
  /** What to do about a failed check (undefined when it passed). */
  fix?: string;
}

/** Everything `yolo verify` found, for both renderers. */
export interface VerifyReport {
  environment: string;
  account: string;
  regions: string[];
  checks: VerifyCheck[];
  /** Which gated groups of checks did not run, and why ("recording: …"). */
  skipped: string[];
  ok: boolean;
}

/** What the checks of one region work from. */
export interface RegionCheckContext {
  config: EnvironmentConfig;
  account: string;
  region: string;
  clients: AwsClients;
  /** Run the region's reads one at a time (`--concurrency 1`). */
  sequential: boolean;
}

/** The commands a fix names. */
export function syncCommandFor(part: "recording" | "logging", environment: string): string {
  return `run \`yolo sync:${part} ${environment}\``;
}
