/**
 * Saved and confirmed plans on the command line: write a dry run's plan with `--out FILE`, read
 * one back for `yolo apply`, and re-check a plan against a fresh read of the account before it is
 * applied (the same check guards destroy between the prompt and the deletion).
 */

import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { AwsSession } from "../aws/session.js";
import {
  manifestDigest,
  PLAN_FORMAT_VERSION,
  planDrift,
  planFileProblem,
  type SavedPlan,
  type SavedStep,
  savedSteps,
} from "../engine/plan-file.js";
import type { RunResult } from "../engine/result.js";
import type { PlannedStep } from "../engine/runner.js";
import { stepKey } from "../engine/step.js";
import { UserError } from "../errors/yolo-error.js";
import type { CliIO } from "./io.js";
import { runStepsCommand, type StepsCommand } from "./run-steps.js";

/** The plan document of a dry run. */
export function planDocument(
  spec: StepsCommand,
  result: RunResult,
  plans: readonly PlannedStep[],
  manifestFile: string,
): SavedPlan {
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    command: spec.command,
    environment: spec.config.environment,
    account: result.account,
    regions: spec.regions,
    local: result.local,
    manifest: { path: manifestFile, digest: manifestDigest(spec.config) },
    options: { ...(spec.stepOptions ?? {}) },
    createdAt: new Date().toISOString(),
    steps: savedSteps(plans),
  };
}

export async function writePlanFile(path: string, plan: SavedPlan): Promise<void> {
  await writeFile(path, `${JSON.stringify(plan, null, 2)}\n`);
}

/** Read a plan file, or a UserError naming what is wrong with it. */
export async function readPlanFile(path: string): Promise<SavedPlan> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new UserError(
      `${path}: no such plan file. Make one with \`yolo sync <env> --dry-run --out ${path}\`.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path}: not a yolo plan (not JSON: ${(error as Error).message}).`);
  }
  const problem = planFileProblem(value);
  if (problem) throw new UserError(`${path}: not a yolo plan this version can apply: ${problem}.`);
  return value as SavedPlan;
}

export interface Recheck {
  /** One line per step and region that moved since the plan was made; empty when none did. */
  drift: string[];
  /** The fresh reads, by step and region: the real pass plans from them without reading again. */
  lives: Map<string, unknown>;
}

/** Read the account again (no progress, no write) and compare the plan it implies with `saved`. */
export async function recheckPlan(
  spec: StepsCommand,
  saved: readonly SavedStep[],
  io: CliIO,
  session: AwsSession,
): Promise<Recheck> {
  const plans: PlannedStep[] = [];
  const result = await runStepsCommand({ ...spec, dryRun: true, silent: true, plans }, io, session);
  const drift = planDrift(saved, savedSteps(plans));
  for (const error of result.errors) drift.push(`${error.step} in ${error.region}: ${error.message}`);
  return { drift, lives: new Map(plans.map((p) => [stepKey(p.step, p.region), p.live])) };
}

/** The refusal when a plan no longer matches the account: each moved resource, and what to do. */
export function driftMessage(drift: readonly string[], remedy: string): string {
  return [
    "The account changed since the plan was made, so it was not applied:",
    ...drift.map((line) => `  ${line}`),
    `Nothing was changed. ${remedy}`,
  ].join("\n");
}

/** `--out` is for plans: refuse it, before any AWS call, on a run that would write. */
export function assertOutIsForPlans(out: string | undefined, dryRun: boolean): void {
  if (out !== undefined && !dryRun)
    throw new UserError(
      "--out writes a plan, so it goes with --dry-run or --check; `yolo apply FILE` then applies that plan.",
    );
}

/**
 * After a dry run with `--out FILE`: write its plan (not when a step failed: a plan with holes
 * cannot be applied) and say so on stderr. Returns the document, for `--json` to print.
 */
export async function savePlan(
  out: string,
  spec: StepsCommand,
  result: RunResult,
  plans: readonly PlannedStep[],
  manifestFile: string,
  io: CliIO,
): Promise<SavedPlan | undefined> {
  if (result.errors.length > 0) {
    io.stderr.write(`The plan has errors, so it was not written to ${out}.\n`);
    return undefined;
  }
  const plan = planDocument(spec, result, plans, manifestFile);
  await writePlanFile(resolve(io.cwd, out), plan);
  io.stderr.write(`Plan written to ${out}: \`yolo apply ${out}\` applies exactly this plan.\n`);
  return plan;
}
