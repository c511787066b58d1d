import { callAws } from "../aws/call.js";
import { describeAwsError } from "../aws/errors.js";
import { InterruptedError, StepError } from "../errors/yolo-error.js";
import { describeMessage } from "../output/rerun.js";
import { mapLimit, runAll } from "./concurrency.js";
import { DEFAULT_RETRY_TIMING, executePlan } from "./execute.js";
import { type Message, planFingerprint, plannedStatus, type StepPlan } from "./plan.js";
import type { ProgressReporter } from "./progress.js";
import type { RegionResult, RunMessage, StepId, StepResult } from "./result.js";
import { highestStatus } from "./status.js";
import {
  AfterIdentity,
  type EarlyReadContext,
  type ResourceStep,
  type RunContext,
  type StepContext,
  type StepOutcome,
  type StepOutputs,
  stepKey,
} from "./step.js";

export const GLOBAL = "global";

/** The error of a step Ctrl-C stopped before it made any call. */
const NOT_STARTED = "interrupted before it started: nothing changed";

export interface StepsRun {
  steps: StepResult[];
  /** region → step → outputs (the global step's under `global`). */
  outputs: Record<string, Partial<Record<StepId, StepOutputs>>>;
  errors: RunMessage[];
  /** What each step planned in each region, and what it read (the plan is a function of it). */
  plans: PlannedStep[];
}

/** One step's plan in one region, as the run computed it. */
export interface PlannedStep {
  step: StepId;
  region: string;
  plan: StepPlan;
  fingerprint: string;
  live: unknown;
}

/** The applied outcome with what only the answers told (a new configuration's ARN) filled in. */
function withAnswers(outcome: StepOutcome, plan: StepPlan, outputs: StepOutputs): StepOutcome {
  const after = plan.knownAfterApply;
  const known = (name: string | undefined) => (name === undefined ? undefined : outputs[name]);
  const resource = known(after?.resource);
  return {
    ...outcome,
    ...(typeof resource === "string" ? { resource } : {}),
    changes: plan.changes.map((change) => {
      const to = known(after?.changes?.[change.attribute]);
      return to === undefined ? change : { ...change, to };
    }),
    outputs,
  };
}

interface Finished {
  outcome: StepOutcome;
  failed: boolean;
}

/**
 * Run resource steps over regions: regions concurrently (at most `ctx.concurrency` at once),
 * inside a region every step's reads at once and each apply after its dependencies. A failure
 * stays inside its region; dependants report "not attempted".
 */
export async function runSteps(
  steps: ResourceStep[],
  regions: string[],
  run: RunContext,
  progress: ProgressReporter,
): Promise<StepsRun> {
  const sequential = run.concurrency <= 1;
  const done = new Map<string, Promise<Finished>>();
  const results = new Map<string, RegionResult>();
  const outputs: StepsRun["outputs"] = {};
  const key = stepKey;
  const plans: PlannedStep[] = [];
  const text = (message: Message) =>
    describeMessage(
      message,
      run.config.environment,
      (run.options.rerunArgs as string[] | undefined) ?? [],
      run.dryRun,
    );
  const failure = (error: unknown) =>
    error instanceof StepError ? text(error.detail) : describeAwsError(error);
  const warnAll = (step: StepId, region: string, messages: readonly Message[] | undefined) => {
    for (const message of messages ?? []) run.warn({ region, step, message: text(message) });
  };

  const ownerRegion = (id: StepId, region: string) =>
    steps.find((s) => s.id === id)?.scope === "global" ? GLOBAL : region;
  const failed = new Set<string>();
  const shared = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    if (!shared.has(key)) shared.set(key, read());
    return shared.get(key) as Promise<T>;
  };

  const startStep = (step: ResourceStep, region: string): Promise<Finished> => {
    // Elapsed is the step's own work (its read and its apply), not the time spent waiting for
    // the steps it depends on.
    let workMs = 0;
    const timed = async <T>(work: () => Promise<T>): Promise<T> => {
      const start = Date.now();
      try {
        return await work();
      } finally {
        workMs += Date.now() - start;
      }
    };
    const context: StepContext = {
      ...run,
      region,
      stepId: step.id,
      outputsOf: (id) => outputs[ownerRegion(id, region)]?.[id],
      failed: (id) => failed.has(key(id, ownerRegion(id, region))),
      activity: (text) => progress.stepActivity(step.id, region, text),
      once,
      all: (thunks) => runAll(thunks, sequential),
    };
    const finish = (outcome: StepOutcome, error?: string, interrupted = false): Finished => {
      const result: RegionResult = {
        status: outcome.status,
        ...(outcome.resource !== undefined ? { resource: outcome.resource } : {}),
        changes: outcome.changes ?? [],
        ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
        ...(error !== undefined ? { error } : {}),
        ...(interrupted ? { interrupted: true } : {}),
        elapsedMs: workMs,
      };
      results.set(key(step.id, region), result);
      if (outcome.outputs) {
        outputs[region] ??= {};
        outputs[region][step.id] = outcome.outputs;
      }
      progress.stepFinished(step.id, step.description, region, result);
      if (outcome.status === "FAILED") failed.add(key(step.id, region));
      return { outcome, failed: outcome.status === "FAILED" };
    };

    const interrupted = (resource: string | undefined, how: string) =>
      finish({ status: "FAILED", ...(resource !== undefined ? { resource } : {}) }, how, true);

    const gate = step.gate(run.config);
    if (!gate.enabled) return Promise.resolve(finish({ status: "SKIPPED", reason: text(gate.reason) }));
    if (run.signal?.aborted) return Promise.resolve(interrupted(step.resourceName?.(context), NOT_STARTED));
    progress.stepStarted(step.id, step.description, region);

    const given = run.lives?.get(key(step.id, region));
    const early = run.early
      ?.get(key(step.id, region))
      ?.then((live) => (live instanceof AfterIdentity ? live.rest(context) : live));
    const reading = (
      given !== undefined ? Promise.resolve(given) : (early ?? timed(() => step.read(context)))
    ).then(
      (live) => ({ ok: true as const, live }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    return (async () => {
      const live = await reading;
      const resource = step.resourceName?.(context);
      for (const dependency of step.softDependsOn ?? [])
        await done.get(key(dependency, ownerRegion(dependency, region)));
      for (const dependency of step.dependsOn) {
        if (!run.stepsInRun.has(dependency)) continue;
        const upstream = done.get(key(dependency, ownerRegion(dependency, region)));
        if (upstream && (await upstream).failed) {
          if (run.signal?.aborted) return interrupted(resource, NOT_STARTED);
          const message = `not attempted: ${steps.find((s) => s.id === dependency)?.description.replace(/^\w+ (IVS )?(realtime )?/, "") ?? dependency} failed`;
          return finish({ status: "FAILED", resource, reason: message }, message);
        }
      }
      if (!live.ok) return finish({ status: "FAILED", resource }, failure(live.error));
      try {
        const plan = step.plan(context, live.live);
        plans.push({ step: step.id, region, plan, fingerprint: planFingerprint(plan), live: live.live });
        warnAll(step.id, region, plan.warnings);
        const outcome: StepOutcome = {
          status: run.dryRun ? plannedStatus(plan) : plan.status,
          ...(plan.resource !== undefined ? { resource: plan.resource } : {}),
          changes: plan.changes,
          ...(plan.reason !== undefined ? { reason: text(plan.reason) } : {}),
          outputs: plan.outputs,
        };
        if (run.dryRun || plan.actions.length === 0) return finish(outcome);
        const executed = await timed(() =>
          executePlan(plan, {
            region: step.scope === "global" ? run.config.homeRegion : region,
            retry: run.retry ?? DEFAULT_RETRY_TIMING,
            activity: context.activity,
            describe: text,
            call: (service, at, operation, input) =>
              callAws(run.clients, service, at, operation, input, run.signal),
            ...(run.signal ? { signal: run.signal } : {}),
          }),
        );
        warnAll(step.id, region, executed.warnings);
        if (executed.retained !== undefined)
          return finish({ ...outcome, status: "RETAINED", changes: [], reason: text(executed.retained) });
        return finish(withAnswers(outcome, plan, { ...plan.outputs, ...executed.outputs }));
      } catch (error) {
        if (error instanceof InterruptedError) return interrupted(resource, error.message);
        if (run.signal?.aborted) return interrupted(resource, "interrupted");
        return finish({ status: "FAILED", resource }, failure(error));
      }
    })();
  };

  const globalSteps = steps.filter((s) => s.scope === "global");
  const regionalSteps = steps.filter((s) => s.scope === "region");

  for (const step of globalSteps) {
    const promise = startStep(step, GLOBAL);
    done.set(key(step.id, GLOBAL), promise);
    if (sequential) await promise;
  }

  await mapLimit(regions, Math.max(1, run.concurrency), async (region) => {
    for (const step of regionalSteps) {
      const promise = startStep(step, region);
      done.set(key(step.id, region), promise);
      if (sequential) await promise;
    }
    await Promise.all(regionalSteps.map((step) => done.get(key(step.id, region))));
  });
  await Promise.all(done.values());

  const errors: RunMessage[] = [];
  const stepResults: StepResult[] = steps.map((step) => {
    const keys = step.scope === "global" ? [GLOBAL] : regions;
    const regionResults: Record<string, RegionResult> = {};
    for (const region of keys) {
      const result = results.get(key(step.id, region));
      if (!result) continue;
      regionResults[region] = result;
      // An interrupted step is told once for the whole run (the CLI's interruption error).
      if (result.status === "FAILED" && !result.interrupted) {
        const message = result.error ?? result.reason ?? "failed";
        // Name the resource unless the message already does (ownership refusals do).
        const named =
          result.resource && !message.includes(result.resource) ? `${result.resource}: ${message}` : message;
        errors.push({ region, step: step.id, message: named });
      }
    }
    const all = Object.values(regionResults);
    return {
      id: step.id,
      description: step.description,
      status: highestStatus(all.map((r) => r.status)),
      elapsedMs: Math.max(0, ...all.map((r) => r.elapsedMs)),
      regions: regionResults,
    };
  });
  return { steps: stepResults, outputs, errors, plans };
}

/**
 * Start the `readEarly` of every enabled step, for a run whose account is not known yet: in the
 * regions `runSteps` starts first (at most `concurrency` of them), never with `--concurrency 1`.
 * A failed read is told when the run reaches its step (or is moot: the account check failed).
 */
export function startEarlyReads(
  steps: ResourceStep[],
  regions: string[],
  run: Omit<RunContext, "account">,
): Map<string, Promise<unknown>> {
  const reads = new Map<string, Promise<unknown>>();
  if (run.concurrency <= 1) return reads;
  const shared = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    if (!shared.has(key)) shared.set(key, read());
    return shared.get(key) as Promise<T>;
  };
  for (const step of steps) {
    if (!step.readEarly || !step.gate(run.config).enabled) continue;
    for (const region of step.scope === "global" ? [GLOBAL] : regions.slice(0, run.concurrency)) {
      const context: EarlyReadContext = {
        ...run,
        region,
        stepId: step.id,
        activity: () => {},
        once,
        all: (thunks) => runAll(thunks, false),
      };
      const read = step.readEarly(context);
      read.catch(() => {});
      reads.set(stepKey(step.id, region), read);
    }
  }
  return reads;
}
