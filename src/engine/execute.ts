/**
 * Carry out one step's plan in one region: its actions one after another (S3 answers
 * OperationAborted to concurrent changes of one bucket, and later calls rely on earlier ones),
 * each answer read against what the plan says its errors mean.
 */

import { awsMessage, httpStatus, isError } from "../aws/errors.js";
import { StepError } from "../errors/yolo-error.js";
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
}

export interface Executed {
  outputs: StepOutputs;
  warnings: Message[];
  /** An answer meant "keep it": the plan stopped there and the step is RETAINED for this reason. */
  retained?: Message;
}

export function matches(error: unknown, match: ErrorMatch): boolean {
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
  for (const action of plan.actions) {
    if (action.activity) ctx.activity(action.activity);
    const answer = await send(action, ctx);
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
      const answer = action.onError?.find((a) => matches(error, a.when));
      if (!answer) throw error;
      switch (answer.means) {
        case "done":
          return { kind: "ok", value: undefined };
        case "warn":
          return { kind: "warned", warning: answer.message };
        case "fail-after-the-rest":
          return { kind: "failed-for-later", failure: answer.message };
        case "retain":
          return { kind: "retained", reason: answer.message };
        case "fail":
          throw new StepError(ctx.describe(answer.message));
        case "retry":
          if (Date.now() - started + delay > answer.budgetMs) throw error;
          await ctx.retry.sleep(delay);
          delay = Math.min(delay * 2, ctx.retry.maxDelayMs);
      }
    }
  }
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
