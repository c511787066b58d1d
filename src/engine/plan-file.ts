/**
 * A saved plan (`--out FILE`, `yolo apply FILE`): the plan of a dry run written as versioned JSON
 * a person can read, with what it was computed from — the account, the manifest's content for
 * the environment, and a fingerprint of each read — so that applying it later can refuse, before
 * any write, when anything it rests on has moved.
 */
import type { EnvironmentConfig } from "../manifest/types.js";
import { type Action, canonicalJson, plannedStatus, sha256 } from "./plan.js";
import type { Change, StepId } from "./result.js";
import type { PlannedStep } from "./runner.js";
import type { Status } from "./status.js";

export const PLAN_FORMAT_VERSION = 1;

/** One step's plan in one region, as written to the file. */
export interface SavedStep {
  id: StepId;
  region: string;
  status: Status;
  resource?: string;
  changes: Change[];
  actions: Action[];
  /** Digest of what the step read: a re-read with another digest means the resource moved. */
  read: string;
  /** Digest of the plan itself (status, changes, calls). */
  fingerprint: string;
}

export interface SavedPlan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  /** The command whose plan this is (`sync`, `destroy:recording`). */
  command: string;
  environment: string;
  account: string;
  regions: string[];
  local: boolean;
  manifest: { path: string; digest: string };
  /** The switches the steps were planned with (destroy's `deleteRecordings`). */
  options: Record<string, unknown>;
  createdAt: string;
  steps: SavedStep[];
  /** Set once `yolo apply` has run it: a plan is applied at most once. */
  appliedAt?: string;
}

/** The digest of the environment's manifest content: what the plan was computed from. */
export function manifestDigest(config: EnvironmentConfig): string {
  return sha256(canonicalJson(config));
}

/**
 * Digest of a read: what AWS described, without the SDK's per-answer `$metadata` (request id,
 * attempts), which differs on every call; `undefined` values are left out as JSON leaves them out.
 */
export function readDigest(live: unknown): string {
  const described = JSON.stringify(live ?? null, (key, value) => (key === "$metadata" ? undefined : value));
  return sha256(canonicalJson(JSON.parse(described))).slice(0, 16);
}

export function savedSteps(plans: readonly PlannedStep[]): SavedStep[] {
  return plans.map(({ step, region, plan, fingerprint, live }) => ({
    id: step,
    region,
    status: plannedStatus(plan),
    ...(plan.resource !== undefined ? { resource: plan.resource } : {}),
    changes: plan.changes,
    actions: plan.actions,
    read: readDigest(live),
    fingerprint,
  }));
}

/** Where a fresh plan differs from the saved one, one line per step and region. */
export function planDrift(saved: readonly SavedStep[], fresh: readonly SavedStep[]): string[] {
  const key = (s: SavedStep) => `${s.id}@${s.region}`;
  const now = new Map(fresh.map((s) => [key(s), s]));
  const drift: string[] = [];
  const name = (s: SavedStep) => `${s.id} in ${s.region}${s.resource ? ` (${s.resource})` : ""}`;
  for (const before of saved) {
    const after = now.get(key(before));
    now.delete(key(before));
    if (!after) drift.push(`${name(before)}: no longer planned`);
    else if (after.read !== before.read || after.fingerprint !== before.fingerprint)
      drift.push(
        `${name(before)}: changed since the plan was made (planned ${before.status}, now ${after.status}${
          after.fingerprint === before.fingerprint ? ", same changes but a different read" : ""
        })`,
      );
  }
  for (const after of now.values()) drift.push(`${name(after)}: not in the plan`);
  return drift;
}

/** Why a file is not a plan this version can apply, or undefined. */
export function planFileProblem(value: unknown): string | undefined {
  if (!value || typeof value !== "object") return "it is not a JSON object";
  const plan = value as Partial<SavedPlan>;
  if (plan.formatVersion !== PLAN_FORMAT_VERSION)
    return `formatVersion is ${JSON.stringify(plan.formatVersion)}, this yolo reads ${PLAN_FORMAT_VERSION}`;
  for (const field of ["command", "environment", "account", "createdAt"] as const)
    if (typeof plan[field] !== "string") return `"${field}" is missing`;
  if (!Array.isArray(plan.regions) || !Array.isArray(plan.steps)) return `"regions" or "steps" is missing`;
  if (!plan.manifest || typeof plan.manifest.path !== "string" || typeof plan.manifest.digest !== "string")
    return `"manifest" is missing`;
  return undefined;
}
