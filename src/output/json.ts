/**
 * The `--json` documents (SPEC §6): a stable contract for CI and scripts, built from the same
 * result object as the human output, with keys in the documented order.
 */
import { dotenvEntries, REGION_VALUE_KEYS } from "../engine/env-vars.js";
import type { Change, RegionEnv, RegionResult, RunMessage, RunResult, StepResult } from "../engine/result.js";

/** The `--json` document of a sync or destroy run, pretty-printed (no trailing newline). */
export function renderJson(result: RunResult): string {
  return JSON.stringify(jsonDocument(result), null, 2);
}

/** The `--json` document as a plain object (what {@link renderJson} prints). */
export function jsonDocument(result: RunResult): Record<string, unknown> {
  return {
    command: result.command,
    environment: result.environment,
    account: result.account,
    dryRun: result.dryRun,
    ...(result.local ? { local: true } : {}),
    regions: [...result.regions],
    // An error wins (SPEC §6): a run that reports an error is FAILED, whatever its steps say
    // (a refused confirmation leaves every step at WOULD_DELETE).
    status: result.errors.length > 0 ? "FAILED" : result.status,
    steps: result.steps.map(jsonStep),
    env: jsonEnv(result.regions, result.env),
    warnings: result.warnings.map(jsonMessage),
    errors: result.errors.map(jsonMessage),
  };
}

/** What `yolo env <env> --json` reads. */
export interface EnvReport {
  environment: string;
  account: string;
  /** IVS regions in the manifest's order. */
  regions: string[];
  env: RegionEnv;
}

/** `yolo env <env> --json`: per-region values, and `dotenv` holding exactly the dotenv lines. */
export function renderEnvJson(report: EnvReport): string {
  return JSON.stringify(
    {
      environment: report.environment,
      account: report.account,
      regions: [...report.regions],
      env: jsonEnv(report.regions, report.env),
      dotenv: Object.fromEntries(dotenvEntries(report.regions, report.env)),
    },
    null,
    2,
  );
}

function jsonStep(step: StepResult) {
  return {
    id: step.id,
    description: step.description,
    status: step.status,
    elapsedMs: Math.round(step.elapsedMs),
    regions: Object.fromEntries(
      Object.entries(step.regions).map(([region, result]) => [region, jsonRegion(result)]),
    ),
  };
}

function jsonRegion(result: RegionResult) {
  return {
    status: result.status,
    ...(result.resource !== undefined ? { resource: result.resource } : {}),
    changes: result.changes.map(jsonChange),
    ...(result.reason !== undefined ? { reason: singleLine(result.reason) } : {}),
    ...(result.error !== undefined ? { error: singleLine(result.error) } : {}),
  };
}

function jsonChange(change: Change) {
  // `undefined` would drop the key from the document; absent is `null` in the contract.
  return { attribute: change.attribute, from: change.from ?? null, to: change.to ?? null };
}

function jsonMessage(message: RunMessage) {
  return {
    ...(message.region !== undefined ? { region: message.region } : {}),
    ...(message.step !== undefined ? { step: message.step } : {}),
    message: singleLine(message.message),
  };
}

/**
 * A message written for a terminal (wrapped lines, the indent that lines them up under the
 * first) as one line for JSON, where padding and line breaks are noise to the script reading it.
 */
export function singleLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

/** Regions in the run's order, keys in the documented order; regions without values left out. */
function jsonEnv(regions: string[], env: RegionEnv): RegionEnv {
  const ordered: RegionEnv = {};
  const known = [...regions, ...Object.keys(env).filter((region) => !regions.includes(region))];
  for (const region of known) {
    const values = env[region];
    if (!values) continue;
    const keys = [
      ...REGION_VALUE_KEYS.filter((key) => values[key] !== undefined),
      ...Object.keys(values).filter((key) => !(REGION_VALUE_KEYS as readonly string[]).includes(key)),
    ];
    if (keys.length === 0) continue;
    ordered[region] = Object.fromEntries(keys.map((key) => [key, values[key]]));
  }
  return ordered;
}
