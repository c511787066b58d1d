import type { CallService } from "../aws/call.js";
import type { AwsSession } from "../aws/session.js";
import { regionEnv } from "../engine/env-vars.js";
import type { RegionEnv, RunMessage, RunResult } from "../engine/result.js";
import { type PlannedStep, runSteps, type StepsRun } from "../engine/runner.js";
import { highestStatus } from "../engine/status.js";
import type { ResourceStep } from "../engine/step.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import { createProgressReporter } from "../output/progress.js";
import { detectOutputMode } from "../output/terminal.js";
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
  const own =
    session ??
    (await openSession({
      config: spec.config,
      profile: spec.options.profile,
      local: Boolean(spec.options.local),
      env: io.env,
      preload: servicesCalled(spec.steps, spec.config),
      preloadRegions: spec.regions,
    }));
  const warnings: RunMessage[] = [];
  const progress = createProgressReporter({
    mode: spec.silent ? "none" : mode.progress,
    stream: io.stderr,
    color: mode.progressColor,
  });
  try {
    progress.begin({
      command: spec.command,
      environment: spec.config.environment,
      account: own.account,
      regions: spec.regions,
      local: own.local,
      dryRun: spec.dryRun && !spec.planning,
    });
    const run = await runSteps(
      spec.steps,
      spec.regions,
      {
        config: spec.config,
        account: own.account,
        clients: own.clients,
        dryRun: spec.dryRun,
        concurrency: spec.options.concurrency ?? 8,
        stepsInRun: stepIds(spec.steps),
        options: spec.stepOptions ?? {},
        warn: (message) => warnings.push(message),
        ...(spec.lives ? { lives: spec.lives } : {}),
      },
      progress,
    );
    spec.plans?.push(...run.plans);
    progress.end();
    return {
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
  } finally {
    progress.end();
    if (!session) await own.close();
  }
}
