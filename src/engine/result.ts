import type { Status } from "./status.js";

/** One attribute that differs between the account and the manifest (or was changed). */
export interface Change {
  attribute: string;
  from: unknown;
  to: unknown;
}

/** What one step did (or would do) in one region (or `global`). */
export interface RegionResult {
  status: Status;
  /** The resource's name or ARN, when it has one. */
  resource?: string;
  changes: Change[];
  /** Why it was skipped, retained or failed; "adopted" etc. */
  reason?: string;
  /** The error message when FAILED. */
  error?: string;
  /**
   * Ctrl-C stopped it before it finished (FAILED, `error` says how far it got); not part of the
   * JSON contract, where the status and error say it.
   */
  interrupted?: boolean;
  elapsedMs: number;
}

export type StepId =
  | "mediaconvert-role"
  | "recording-bucket"
  | "storage-configuration"
  | "encoder-configuration"
  | "log-group"
  | "eventbridge-rule"
  | "eventbridge-target";

export interface StepResult {
  id: StepId;
  description: string;
  status: Status;
  elapsedMs: number;
  /** Keyed by region, or `global` for the IAM step. */
  regions: Record<string, RegionResult>;
}

export interface RunMessage {
  region?: string;
  step?: string;
  message: string;
}

/** Environment variables for the app, per region (SPEC §6). */
export type RegionEnv = Record<string, Record<string, string>>;

/** The one result object a command produces; both renderers read only this. */
export interface RunResult {
  command: string;
  environment: string;
  account: string;
  dryRun: boolean;
  local: boolean;
  regions: string[];
  status: Status;
  steps: StepResult[];
  env: RegionEnv;
  warnings: RunMessage[];
  errors: RunMessage[];
  /** Facts about the run for people (profile used, local emulator); not part of the JSON contract. */
  notes?: string[];
  /**
   * The arguments that chose what the run acted on (`--local`, `--manifest`, `--region`,
   * `--profile`, …), for the "run this next" hints; not part of the JSON contract.
   */
  rerunArgs?: string[];
  /**
   * Ctrl-C stopped the run (see RunContext.signal): the CLI shows the progress as it ended, one
   * line naming the command that converges (the run's, with `rerunArgs` and these `extra`
   * arguments, e.g. `--yes`), and exits 130; not part of the JSON contract.
   */
  interrupted?: { extra: string[] };
  elapsedMs: number;
}
