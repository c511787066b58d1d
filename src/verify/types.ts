/** What `yolo verify` checks and reports: read-only facts about one environment, per region. */
import type { AwsClients } from "../aws/clients.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import { commandLine } from "../output/rerun.js";

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

/**
 * The command a fix names, repeating the options verify was given (`--local`, `--manifest`,
 * `--region`, `--profile`) so that it repairs what verify looked at.
 */
export function syncCommandFor(
  part: "recording" | "logging",
  environment: string,
  rerunArgs: readonly string[] = [],
): string {
  return `run \`${commandLine(`sync:${part}`, environment, rerunArgs)}\``;
}

/**
 * The report with every fix's sync command completed with `rerunArgs`. The checks build their
 * fixes from the environment alone; the command that ran them knows the options.
 */
export function withRerunArgs(report: VerifyReport, rerunArgs: readonly string[]): VerifyReport {
  if (rerunArgs.length === 0) return report;
  const complete = (fix: string) =>
    (["recording", "logging"] as const).reduce(
      (text, part) =>
        text.replaceAll(
          syncCommandFor(part, report.environment),
          syncCommandFor(part, report.environment, rerunArgs),
        ),
      fix,
    );
  return {
    ...report,
    checks: report.checks.map((check) => (check.fix ? { ...check, fix: complete(check.fix) } : check)),
  };
}
