import type { CallService } from "../aws/call.js";
import type { AwsSession } from "../aws/session.js";
import { regionEnv } from "../engine/env-vars.js";
import type { ProgressReporter } from "../engine/progress.js";
import type { RegionEnv, RunMessage, RunResult, StepId, StepResult } from "../engine/result.js";
import { type PlannedStep, runSteps, type StepsRun, startEarlyReads } from "../engine/runner.js";
import { highestStatus } from "../engine/status.js";
import type { ResourceStep, RunContext } from "../engine/step.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import { interruptedError } from "../output/interrupt.js";
import { createProgressReporter } from "../output/progress.js";
import { commandLine } from "../output/rerun.js";
import { detectOutputMode } from "../output/terminal.js";
import { NOT_SEARCHED } from "../resources/leftovers.js";
import { stepIds } from "../resources/sync-steps.js";
import type { CliIO } from "./io.js";
import type { AwsCommandOptions } from "./options.js";
import { openSession } from "./session.js";

export interface StepsCommand {
  command: string;
  config: EnvironmentConfig;
  regions: string[];
  steps: ResourceStep<any>[];
  options: AwsCommandOptions;
  dryRun: boolean;
  /** Command-specific switches for the steps (destroy: deleteRecordings). */
  stepOptions?: Record<string, unknown>;
  /** The options to repeat in "run this next" hints (see output/rerun.ts). */
  rerunArgs?: string[];
  /** A read-only planning pass before a confirmation: the progress title does not say "dry run". */
  planning?: boolean;
  /** Put the ARNs in use today in the env block even when a sync would replace them (yolo env). */
  currentEnv?: boolean;
  /** Show no progress (the re-check before a saved or confirmed plan is applied). */
  silent?: boolean;
  /** Receives each step's plan and what it read (for a saved plan). */
  plans?: PlannedStep[];
  /** Plan from these reads instead of reading again (the re-checked reads of a plan being applied). */
  lives?: ReadonlyMap<string, unknown>;
  /**
   * sync's leftover search: these steps in these regions (IVS regions the manifest does not
   * list), run beside the main steps; only what they find shows in the result.
   */
  leftovers?: { steps: ResourceStep<any>[]; regions: string[] };
  /** The table's row order by step id, when the steps run in another order (leftover steps). */
  order?: StepId[];
}

/** The SDK services the steps this environment enables will call (loaded during the STS call). */
export function servicesCalled(steps: ResourceStep<any>[], config: EnvironmentConfig): CallService[] {
  const services = new Set<CallService>();
  for (const step of steps)
    if (step.gate(config).enabled) for (const s of step.services ?? []) services.add(s);
  return [...services];
}

/** How a command's output looks, from the options and the terminal. */
export function outputModeFor(options: AwsCommandOptions, io: CliIO) {
  return detectOutputMode({
    stdoutIsTTY: Boolean(io.stdout.isTTY),
    stderrIsTTY: Boolean(io.stderr.isTTY),
    env: io.env,
    noProgress: options.progress === false,
    json: Boolean(options.json),
  });
}

/** The app's env block from the steps' outputs (dry-run: only values that already exist). */
export function envFromOutputs(
  regions: string[],
  outputs: StepsRun["outputs"],
  { current = false }: { current?: boolean } = {},
): RegionEnv {
  const env: RegionEnv = {};
  for (const region of regions) {
    const out = outputs[region] ?? {};
    const bucket = out["recording-bucket"];
    const storage = out["storage-configuration"];
    const encoder = out["encoder-configuration"];
    // `current`: also the ARN in use today of a configuration a sync would replace (yolo env).
    const pick = (o: typeof storage, key: string, currentKey: string) =>
      (o?.[key] ?? (current ? o?.[currentKey] : undefined)) as string | undefined;
    const values = regionEnv({
      bucket: bucket?.exists ? (bucket.bucket as string | undefined) : undefined,
      storageConfigurationArn: pick(storage, "storageConfigurationArn", "currentStorageConfigurationArn"),
      encoderConfigurationArn: pick(encoder, "encoderConfigurationArn", "currentEncoderConfigurationArn"),
    });
    if (Object.keys(values).length > 0) env[region] = values;
  }
  return env;
}

/**
 * Open the AWS session, run the steps over the regions with progress, and build the one
 * RunResult both renderers read. The session is closed before returning.
 */
export async function runStepsCommand(
  spec: StepsCommand,
  io: CliIO,
  session?: AwsSession,
): Promise<RunResult> {
  const started = Date.now();
  const mode = outputModeFor(spec.options, io);
  const warnings: RunMessage[] = [];
  const shared = {
    config: spec.config,
    dryRun: spec.dryRun,
    concurrency: spec.options.concurrency ?? 8,
    stepsInRun: stepIds(spec.steps),
    options: spec.stepOptions ?? {},
    warn: (message: RunMessage) => warnings.push(message),
    ...(spec.lives ? { lives: spec.lives } : {}),
  };
  let early: Map<string, Promise<unknown>> | undefined;
  let earlySearch: Map<string, Promise<unknown>> | undefined;
  const left = spec.leftovers;
  const own =
    session ??
    (await openSession({
      config: spec.config,
      profile: spec.options.profile,
      local: Boolean(spec.options.local),
      env: io.env,
      preload: servicesCalled(spec.steps, spec.config),
      preloadRegions: spec.regions,
      ...(spec.lives
        ? {}
        : {
            whileIdentifying: (clients) => {
              early = startEarlyReads(spec.steps, spec.regions, { ...shared, clients });
              if (left)
                earlySearch = startEarlyReads(left.steps, left.regions, {
                  ...shared,
                  clients,
                  stepsInRun: stepIds(left.steps),
                });
            },
          }),
    }));
  const progress = createProgressReporter({
    mode: spec.silent ? "none" : mode.progress,
    stream: io.stderr,
    color: mode.progressColor,
  });
  // A run that writes takes Ctrl-C itself: it stops writing and shows what happened (exit 130).
  const again = (spec.options as { yes?: boolean }).yes ? ["--yes"] : [];
  const hold = spec.dryRun
    ? undefined
    : io.interrupts?.hold(commandLine(spec.command, spec.config.environment, spec.rerunArgs ?? [], again));
  hold?.signal.addEventListener("abort", () => progress.interrupted?.());
  try {
    progress.begin({
      command: spec.command,
      environment: spec.config.environment,
      account: own.account,
      regions: spec.regions,
      local: own.local,
      dryRun: spec.dryRun && !spec.planning,
    });
    const context: RunContext = {
      ...shared,
      account: own.account,
      clients: own.clients,
      ...(early ? { early } : {}),
      ...(hold ? { signal: hold.signal } : {}),
    };
    const main = () => runSteps(spec.steps, spec.regions, context, progress);
    const search =
      left && left.steps.length > 0 && left.regions.length > 0
        ? () =>
            runSteps(
              left.steps,
              left.regions,
              // The search's own early reads: its steps share ids with the listed regions' steps.
              { ...context, early: earlySearch, stepsInRun: stepIds(left.steps) },
              leftoverProgress(progress),
            )
        : undefined;
    // --concurrency 1 runs everything one at a time: the search after the listed regions.
    const [ran, searched] =
      context.concurrency <= 1
        ? [await main(), search ? await search() : undefined]
        : await Promise.all([main(), search?.()]);
    const run = searched ? withLeftovers(ran, searched, warnings) : ran;
    if (spec.order) run.steps = inOrder(run.steps, spec.order);
    spec.plans?.push(...run.plans);
    progress.end();
    const result: RunResult = {
      command: spec.command,
      environment: spec.config.environment,
      account: own.account,
      dryRun: spec.dryRun,
      local: own.local,
      regions: spec.regions,
      status: highestStatus(run.steps.map((s) => s.status)),
      steps: run.steps,
      env: envFromOutputs(spec.regions, run.outputs, { current: spec.currentEnv }),
      warnings,
      errors: run.errors,
      notes: spec.config.ivsEnabled
        ? own.notes
        : [
            ...own.notes,
            `aws.ivs is off for ${spec.config.environment}: every IVS step is skipped and no IVS call is made.`,
          ],
      ...(spec.rerunArgs ? { rerunArgs: spec.rerunArgs } : {}),
      elapsedMs: Date.now() - started,
    };
    if (hold?.signal.aborted) {
      result.interrupted = { extra: again };
      result.errors.unshift({ message: interruptedError(result) });
    }
    return result;
  } finally {
    hold?.release();
    progress.end();
    if (!session) await own.close();
  }
}

/** The search's progress: only what it found (a region with nothing of the app stays out of view). */
function leftoverProgress(progress: ProgressReporter): ProgressReporter {
  return {
    begin() {},
    stepStarted() {},
    stepActivity() {},
    stepFinished(step, description, region, result) {
      if (result.status !== "SKIPPED") progress.stepFinished(step, description, region, result);
    },
    end() {},
  };
}

/**
 * The listed regions' run with what the leftover search found in the others: a region joins a
 * step's results only where something is left (or the search failed); a search the credentials
 * refused is one warning naming the regions and calls, never a silent "nothing left".
 */
function withLeftovers(run: StepsRun, search: StepsRun, warnings: RunMessage[]): StepsRun {
  const refused = new Map<string, Set<string>>();
  const steps = run.steps.map((step) => {
    const found = search.steps.find((s) => s.id === step.id);
    if (!found) return step;
    const regions = { ...step.regions };
    for (const [region, result] of Object.entries(found.regions)) {
      if (result.status !== "SKIPPED") regions[region] = result;
      else if (result.reason?.startsWith(NOT_SEARCHED)) {
        const action = result.reason.slice(NOT_SEARCHED.length).trim();
        refused.set(action, (refused.get(action) ?? new Set()).add(region));
      }
    }
    const all = Object.values(regions);
    return {
      ...step,
      regions,
      status: highestStatus(all.map((r) => r.status)),
      elapsedMs: Math.max(0, ...all.map((r) => r.elapsedMs)),
    };
  });
  for (const [action, regions] of refused)
    warnings.push({
      message: `could not look for leftovers in ${[...regions].join(", ")}: access denied to ${action}. Resources of this app left in those regions are not reported; grant the permission (\`yolo iam:policy\` prints it) to search them.`,
    });
  return {
    steps,
    outputs: run.outputs,
    errors: [...run.errors, ...search.errors],
    plans: [...run.plans, ...search.plans],
  };
}

/** Steps in the table's order. */
function inOrder(steps: StepResult[], order: readonly StepId[]): StepResult[] {
  const rank = (id: StepId) => {
    const at = order.indexOf(id);
    return at < 0 ? order.length : at;
  };
  return [...steps].sort((a, b) => rank(a.id) - rank(b.id));
}
