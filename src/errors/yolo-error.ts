/**
 * Every error yolo raises on purpose, in one module, and how any error is classified:
 *
 * - `user`: something the person can fix — the manifest, a flag or argument, the credentials or
 *   account, a resource yolo refuses to touch. Its message is told as it is; exit 1.
 * - `aws`: AWS answered with an error the run did not expect. Told as AWS said it (its code and
 *   HTTP status); exit 1.
 * - `bug`: anything else. Told as a bug in yolo, with how to see the stack (YOLO_DEBUG); exit 1.
 *
 * The codes say which part of yolo raised a `user` error; an `aws` error's code is AWS's own
 * (`AccessDenied`). This module imports nothing, so every folder of the tool may use it.
 */

export type ErrorKind = "user" | "aws" | "bug";

/** Which part of yolo refused: the manifest, the command line, the AWS session, or one step. */
export type YoloErrorCode = "manifest" | "usage" | "session" | "step";

/** The base of yolo's own errors: a message written for the person who ran the command. */
export class YoloError extends Error {
  readonly kind: ErrorKind = "user";
  readonly code: YoloErrorCode;

  constructor(code: YoloErrorCode, message: string) {
    super(message);
    this.name = "YoloError";
    this.code = code;
  }
}

/** A flag, argument, file or answer the command refuses; the CLI prints the message and exits 1. */
export class UserError extends YoloError {
  constructor(message: string) {
    super("usage", message);
    this.name = "UserError";
  }
}

/**
 * A session that cannot open for a reason the user fixes (profile, credentials, account). Its
 * message is told as it is (output/errors.ts) and ends with "Nothing was changed."
 */
export class AwsSessionError extends YoloError {
  constructor(message: string) {
    super("session", message);
    this.name = "AwsSessionError";
  }
}

/** A message with commands in it (engine/plan.ts `Hinted`), as far as this module needs to know. */
interface HasText {
  text: string;
  readonly [more: string]: unknown;
}

/**
 * An error that fails one step with exactly this message (an ownership refusal, entries AWS
 * refused); `detail` keeps a message naming commands so output/ can spell them.
 */
export class StepError extends YoloError {
  readonly detail: string | HasText;

  constructor(message: string | HasText) {
    super("step", typeof message === "string" ? message : message.text);
    this.name = "StepError";
    this.detail = message;
  }
}

/**
 * A step cut short by Ctrl-C: the message says how far it got ("interrupted while CreateBucket
 * was in flight"). The run reports the step FAILED and marked interrupted; the CLI exits 130.
 */
export class InterruptedError extends YoloError {
  constructor(message: string) {
    super("step", message);
    this.name = "InterruptedError";
  }
}

/** What kind of error this is, and its code: yolo's own, AWS's answer, or a bug. */
export function classifyError(error: unknown): { kind: ErrorKind; code: string } {
  if (error instanceof YoloError) return { kind: error.kind, code: error.code };
  if (isAwsAnswer(error)) return { kind: "aws", code: (error as Error).name };
  return { kind: "bug", code: "bug" };
}

/** An error the AWS SDK raised for an answer (it carries the HTTP status in `$metadata`). */
function isAwsAnswer(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status === "number";
}

/** The environment an error happened in, when the command line does not name it (`yolo apply FILE`). */
const environments = new WeakMap<object, string>();

/** Note that `error` happened in `environment` (for the `--json` failure document); returns `error`. */
export function inEnvironment<T>(error: T, environment: string): T {
  if (typeof error === "object" && error !== null) environments.set(error, environment);
  return error;
}

/** The environment {@link inEnvironment} noted for `error`, if any. */
export function environmentOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? environments.get(error) : undefined;
}
