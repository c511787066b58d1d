/**
 * Carry out one step's plan in one region: its actions one after another (S3 answers
 * OperationAborted to concurrent changes of one bucket, and later calls rely on earlier ones),
 * each answer read against what the plan says its errors mean.
 */

import { awsMessage, describeAwsError, httpStatus, isError } from "../aws/errors.js";
import { InterruptedError, StepError } from "../errors/yolo-error.js";
import type { Action, ErrorMatch, Message, StepPlan } from "./plan.js";
import type { StepOutputs } from "./step.js";

/** Backoff of retried answers; tests shorten it. */
export interface RetryTiming {
  firstDelayMs: number;
  maxDelayMs: number;
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_RETRY_TIMING: RetryTiming = {
  firstDelayMs: 1_000,
  maxDelayMs: 10_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface ExecuteContext {
  /** The region the calls go to (IAM's: the home region). */
  region: string;
  retry: RetryTiming;
  activity(text: string): void;
  /** Turn a message with commands in it into text (output/ renders the commands). */
  describe(message: Message): string;
  call(
    service: Action["service"],
    region: string,
    operation: string,
    input: Record<string, unknown>,
  ): Promise<unknown>;
  /**
   * Aborted on Ctrl-C: no action starts after it, a retry wait ends, and `call` (which gets the
   * same signal) cuts the request in flight. The plan then throws an {@link InterruptedError}.
   */
  signal?: AbortSignal;
}

export interface Executed {
  outputs: StepOutputs;
  warnings: Message[];
  /** An answer meant "keep it": the plan stopped there and the step is RETAINED for this reason. */
  retained?: Message;
}

export function matches(error: unknown, match: ErrorMatch): boolean {
  if (match.anyError) return true;
  const byCode = match.codes.length > 0 && isError(error, ...match.codes);
  const byStatus = match.httpStatus !== undefined && httpStatus(error) === match.httpStatus;
  if (!byCode && !byStatus) return false;
  return match.message === undefined || new RegExp(match.message, "i").test(awsMessage(error));
}

/** Run the plan's actions in order; the outputs and warnings they add. */
export async function executePlan(plan: StepPlan, ctx: ExecuteContext): Promise<Executed> {
  const outputs: StepOutputs = {};
  const warnings: Message[] = [];
  const failures: Message[] = [];
  let done = 0;
  for (const action of plan.actions) {
    if (ctx.signal?.aborted)
      throw new InterruptedError(
        done === 0
          ? "interrupted before its first write: nothing changed"
          : `interrupted after ${done} of ${plan.actions.length} writes`,
      );
    if (action.activity) ctx.activity(action.activity);
    let answer: Answer;
    try {
      answer = await send(action, ctx);
    } catch (error) {
      if (!ctx.signal?.aborted) throw error;
      throw new InterruptedError(
        `interrupted during ${action.operation} (AWS may or may not have carried it out)`,
      );
    }
    done++;
    if (answer.kind === "warned") {
      warnings.push(answer.warning);
      continue;
    }
    if (answer.kind === "retained") return { outputs, warnings, retained: answer.reason };
    if (answer.kind === "failed-for-later") {
      failures.push(answer.failure);
      continue;
    }
    if (action.failedEntriesOf) failOnFailedEntries(action, answer.value);
    for (const [name, value] of Object.entries(action.outputs ?? {}))
      outputs[name] = typeof value === "object" ? pick(answer.value, value.fromAnswer) : value;
  }
  if (failures.length > 0) throw new StepError(failures.map(ctx.describe).join(" "));
  return { outputs, warnings };
}

type Answer =
  | { kind: "ok"; value: unknown }
  | { kind: "warned"; warning: Message }
  | { kind: "failed-for-later"; failure: Message }
  | { kind: "retained"; reason: Message };

async function send(action: Action, ctx: ExecuteContext): Promise<Answer> {
  const started = Date.now();
  let delay = ctx.retry.firstDelayMs;
  for (;;) {
    try {
      return {
        kind: "ok",
        value: await ctx.call(action.service, action.region ?? ctx.region, action.operation, action.input),
      };
    } catch (error) {
      const matching = (action.onError ?? []).filter((a) => matches(error, a.when));
      // A retry whose budget is spent gives way to the next answer (a message that says what to do).
      const spent = (a: (typeof matching)[number]) =>
        a.means === "retry" && Date.now() - started + delay > a.budgetMs;
      const answer = matching.find((a) => !spent(a)) ?? matching.at(-1);
      if (!answer) throw error;
      switch (answer.means) {
        case "done":
          return { kind: "ok", value: undefined };
        case "warn":
          return { kind: "warned", warning: told(answer, error) };
        case "fail-after-the-rest":
          return { kind: "failed-for-later", failure: told(answer, error) };
        case "retain":
          return { kind: "retained", reason: told(answer, error) };
        case "fail":
          throw new StepError(ctx.describe(answer.message));
        case "retry":
          if (spent(answer)) throw error;
          if (answer.activity) ctx.activity(answer.activity);
          await untilAborted(ctx.retry.sleep(delay), ctx.signal);
          if (ctx.signal?.aborted) throw error;
          delay = Math.min(delay * 2, ctx.retry.maxDelayMs);
      }
    }
  }
}

/** An answer's message; one that matches any error ends with AWS's, which is then all it knows. */
function told(answer: { when: ErrorMatch; message: Message }, error: unknown): Message {
  if (!answer.when.anyError) return answer.message;
  const detail = ` (${describeAwsError(error)})`;
  return typeof answer.message === "string"
    ? `${answer.message}${detail}`
    : { ...answer.message, text: `${answer.message.text}${detail}` };
}

/** `wait`, cut short when `signal` aborts. */
function untilAborted(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return wait;
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done);
    wait.then(done, done);
  });
}

interface EntriesAnswer {
  /** EventBridge. */
  FailedEntryCount?: number;
  FailedEntries?: { ErrorCode?: string; ErrorMessage?: string }[];
  /** S3 DeleteObjects. */
  Errors?: { Key?: string; Code?: string; Message?: string }[];
}

function failOnFailedEntries(action: Action, value: unknown): void {
  const answer = (value ?? {}) as EntriesAnswer;
  const failures = [
    ...(answer.FailedEntryCount ? (answer.FailedEntries ?? []) : []).map(
      (f) => `${f.ErrorCode}: ${f.ErrorMessage}`,
    ),
    ...(answer.Errors ?? []).map((e) => `${e.Key}: ${e.Code} ${e.Message ?? ""}`.trim()),
  ];
  if (failures.length === 0 && !answer.FailedEntryCount) return;
  throw new StepError(`${action.operation} failed for ${action.failedEntriesOf}: ${failures.join("; ")}`);
}

/** `storageConfiguration.arn` out of an SDK answer. */
function pick(value: unknown, path: string): string | boolean | undefined {
  let at: unknown = value;
  for (const key of path.split(".")) at = (at as Record<string, unknown> | undefined)?.[key];
  return typeof at === "string" || typeof at === "boolean" ? at : undefined;
}
