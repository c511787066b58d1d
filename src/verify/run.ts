/**
 * `yolo verify` as a computation: every check of every selected region (regions concurrently,
 * gated like sync), read-only, gathered into one report for the renderers.
 */
import type { AwsClients } from "../aws/clients.js";
import { mapLimit } from "../engine/concurrency.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import { loggingChecks } from "./logging-checks.js";
import { recordingChecks } from "./recording-checks.js";
import type { RegionCheckContext, VerifyCheck, VerifyReport } from "./types.js";

export interface VerifyInput {
  config: EnvironmentConfig;
  account: string;
  regions: string[];
  clients: AwsClients;
  /** Regions at once; 1 also runs each region's reads one at a time. */
  concurrency: number;
}

/** Which groups of checks the manifest turns on, and why the others are off. */
export function checkGroups(config: EnvironmentConfig): {
  recording: boolean;
  logging: boolean;
  skipped: string[];
} {
  const recording = config.ivsEnabled && config.recording.enabled;
  const logging = config.ivsEnabled && config.logging.enabled;
  const skipped: string[] = [];
  if (!config.ivsEnabled) skipped.push("recording and logging: aws.ivs is off");
  else {
    if (!recording) skipped.push("recording: aws.ivs.recording.real_time is off");
    if (!logging) skipped.push("logging: aws.ivs.logging is off");
  }
  return { recording, logging, skipped };
}

/** Run the checks the manifest calls for, in every region. Makes no write call. */
export async function verifyEnvironment(input: VerifyInput): Promise<VerifyReport> {
  const groups = checkGroups(input.config);
  const sequential = input.concurrency <= 1;
  const perRegion = await mapLimit(input.regions, input.concurrency, async (region) => {
    const ctx: RegionCheckContext = {
      config: input.config,
      account: input.account,
      region,
      clients: input.clients,
      sequential,
    };
    const recording = async () => (groups.recording ? recordingChecks(ctx) : []);
    const logging = async () => (groups.logging ? loggingChecks(ctx) : []);
    if (sequential) return [...(await recording()), ...(await logging())];
    const [r, l] = await Promise.all([recording(), logging()]);
    return [...r, ...l];
  });
  const checks: VerifyCheck[] = perRegion.flat();
  return {
    environment: input.config.environment,
    account: input.account,
    regions: input.regions,
    checks,
    skipped: groups.skipped,
    ok: checks.every((check) => check.ok),
  };
}
