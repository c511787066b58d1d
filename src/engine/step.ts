import type { CallService } from "../aws/call.js";
import type { AwsClients } from "../aws/clients.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import type { RetryTiming } from "./execute.js";
import type { Message, StepPlan } from "./plan.js";
import type { Change, RunMessage, StepId } from "./result.js";
import type { Status } from "./status.js";

/** Values a step hands to later steps and to the env block (bucket name, ARNs, role ARN). */
export type StepOutputs = Record<string, string | boolean | undefined>;

/** What a step did (or would do) in one region. */
export interface StepOutcome {
  status: Status;
  resource?: string;
  changes?: Change[];
  reason?: string;
  outputs?: StepOutputs;
}

/** Everything a step may use; the same for every step of a run. */
export interface RunContext {
  config: EnvironmentConfig;
  account: string;
  clients: AwsClients;
  dryRun: boolean;
  /** 1 runs every region, step and read one at a time (the PHP original's way). */
  concurrency: number;
  /** The step ids taking part in this run (sync plans later steps as if earlier ones applied). */
  stepsInRun: ReadonlySet<StepId>;
  /** Command-specific switches (destroy: deleteRecordings). */
  options: Record<string, unknown>;
  warn(message: RunMessage): void;
  /** Backoff of retried answers (tests shorten it). */
  retry?: RetryTiming;
  /**
   * What earlier reads found, by `stepKey(step, region)`: given, the step plans from it and does
   * not read again (applying a plan that was just re-checked against a fresh read).
   */
  lives?: ReadonlyMap<string, unknown>;
  /** Reads started while STS was answering (`ResourceStep.readEarly`), by `stepKey(step, region)`. */
  early?: ReadonlyMap<string, Promise<unknown>>;
  /**
   * Aborted by Ctrl-C (a run that writes): no step starts a write after it, writes in flight are
   * cut, and every step that had not finished reports FAILED, marked interrupted. Reads in flight
   * finish (they change nothing); a step whose read shows nothing to do still reports that truth.
   */
  signal?: AbortSignal;
}

/** The key of one step in one region (`log-group@eu-west-1`, `mediaconvert-role@global`). */
export function stepKey(step: StepId, region: string): string {
  return `${step}@${region}`;
}

/**
 * What a step's `plan` may know: the manifest, the account, the region, the run's steps and the
 * outputs of the steps it depends on (planned ones in a dry run). No client: planning is pure.
 */
export interface PlanContext {
  config: EnvironmentConfig;
  account: string;
  region: string;
  stepId: StepId;
  stepsInRun: ReadonlySet<StepId>;
  options: Record<string, unknown>;
  outputsOf(step: StepId): StepOutputs | undefined;
  failed(step: StepId): boolean;
}

/** A step's view while it runs in one region. */
export interface StepContext extends RunContext {
  region: string;
  stepId: StepId;
  /** Outputs of a step this one depends on (same region, or the global step). */
  outputsOf(step: StepId): StepOutputs | undefined;
  /** Whether a step of this run failed (same region, or the global step); for `softDependsOn`. */
  failed(step: StepId): boolean;
  /** Say what the step is doing right now ("creating bucket…"), for the live progress view. */
  activity(text: string): void;
  /**
   * One read several steps of this pass share (the leftover search's ListTargetsByRule answers
   * the rule's probe and its target's): `read` runs once per key per `runSteps` call.
   */
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
  /** Run independent calls concurrently (or one at a time when concurrency is 1). */
  all<T extends readonly (() => Promise<unknown>)[]>(
    thunks: T,
  ): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }>;
}

/**
 * What a read that may start before the account is known uses: the run's manifest, clients and
 * region, and the reads it shares with other steps (`once`), but no other step's outputs, and
 * the account only when it is known (`undefined` while STS is still answering; a read then takes
 * what it needs from AWS's own answers, e.g. an ARN DescribeRule returns).
 */
export type EarlyReadContext = Omit<StepContext, "account" | "outputsOf" | "failed"> & { account?: string };

/**
 * What an early read answers when the rest of it needs the account (a leftover the probe found,
 * whose destroy read names ARNs): the runner makes `rest` with the whole context once STS has
 * answered, instead of the step's `read` again.
 */
export class AfterIdentity<Live> {
  constructor(readonly rest: (ctx: StepContext) => Promise<Live>) {}
}

/**
 * One kind of resource in one region: `read` starts as soon as the region starts (reads do not
 * wait for other steps, so a converged run is a few round trips deep); `apply` runs once every
 * step in `dependsOn` has finished in that region, diffs, and writes unless dry-run.
 */
export interface ResourceStep<Live = unknown> {
  id: StepId;
  description: string;
  scope: "region" | "global";
  /** The SDK services its reads and writes call: their modules load while STS answers. */
  services?: readonly CallService[];
  /** Steps of the same run that must finish (not FAILED) first; absent ones are ignored. */
  dependsOn: StepId[];
  /**
   * Steps of the same run that must finish first, failed or not: the step still runs and asks
   * `ctx.failed(id)` to leave out only what needed them (the bucket policy's MediaConvert
   * statement on the role).
   */
  softDependsOn?: StepId[];
  /** The resource's name in this region, known before any call (named in errors). */
  resourceName?(ctx: StepContext): string;
  /** Gate: when false, the step is SKIPPED with this reason and makes no call. */
  gate(config: EnvironmentConfig): { enabled: true } | { enabled: false; reason: Message };
  read(ctx: StepContext): Promise<Live>;
  /**
   * The same read, for a step whose read needs no other step: it starts while STS is still
   * answering (unless `account-id` asks for the account check first, or with `--concurrency 1`),
   * so its round trips, and the CPU work of making them, overlap the account's instead of
   * following it. It may hand what needs the account to after STS ({@link AfterIdentity}).
   */
  readEarly?(ctx: EarlyReadContext): Promise<Live | AfterIdentity<Live>>;
  /** Pure: what to change and the calls that do it, from what `read` found. */
  plan(ctx: PlanContext, live: Live): StepPlan;
}
