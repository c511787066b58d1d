/**
 * The plan as a value: what one step intends in one region — the changes a person reads and the
 * AWS calls that carry them out, as data. A resource's `plan` function returns one from the
 * desired state and what it read, without calling AWS; the engine executes it (or, in a dry run,
 * does not), and a saved plan is these values written to a file.
 */
import { createHash } from "node:crypto";
import type { Change } from "./result.js";
import type { Status } from "./status.js";
import type { StepOutputs } from "./step.js";

/** The SDK client an action goes through. */
export type Service = "s3" | "iam" | "ivs" | "logs" | "events";

/** A "run this next" command, rendered by output/ with the options of the run (`yolo sync:iam production --local`). */
export interface NextCommand {
  command: string;
  /** Extra arguments after the repeated options (`--region R`). */
  extra?: string[];
}

/**
 * A message that may name commands to run next: `{0}`, `{1}` … in `text` stand for `commands`
 * rendered by output/ — resources never spell a `yolo …` line themselves.
 */
export interface Hinted {
  text: string;
  commands?: NextCommand[];
  /** The words of a dry run, when they differ ("would be deleted" for "deleted"). */
  plannedText?: string;
}

/** A reason or warning: plain text, or text with commands in it. */
export type Message = string | Hinted;

/** When an answer is an error with one of these codes (or this HTTP status). */
export interface ErrorMatch {
  codes: string[];
  /** Also match on the HTTP status alone (IVS's 409 without a code the SDK maps). */
  httpStatus?: number;
  /** Also require the error message to match (S3's MalformedPolicy "Invalid principal"). */
  message?: string;
  /**
   * Every error, whatever its code: for a call whose failure must not fail the step (cleaning up
   * a leftover beside a resource that is in sync). The answer's message then ends with AWS's.
   */
  anyError?: boolean;
}

export type ErrorAnswer =
  | { when: ErrorMatch; means: "done" }
  | { when: ErrorMatch; means: "fail"; message: Message }
  | { when: ErrorMatch; means: "warn"; message: Message }
  | { when: ErrorMatch; means: "fail-after-the-rest"; message: Message }
  | {
      when: ErrorMatch;
      means: "retry";
      budgetMs: number;
      /** What the live view says while it waits ("waiting for composition … to stop…"). */
      activity?: string;
    }
  | { when: ErrorMatch; means: "retain"; message: Message };

/** The goal is reached already (another run made it since our read; it is gone already). */
export function alreadyDone(...codes: string[]): ErrorAnswer {
  return { when: { codes }, means: "done" };
}

/** Fail the step with this message instead of AWS's. */
export function failWith(message: Message, ...codes: string[]): ErrorAnswer {
  return { when: { codes }, means: "fail", message };
}

/** One AWS call of a plan, with what its errors mean. */
export interface Action {
  service: Service;
  /** The region the call goes to when it is not the step's own (the global role step's bucket-policy edits). */
  region?: string;
  /** The SDK operation (`PutRetentionPolicy`): the `…Command` class of that service's client. */
  operation: string;
  input: Record<string, unknown>;
  /** What the live view says while it runs ("creating log group…"). */
  activity?: string;
  /**
   * What an error answer means, first match wins: `done` (the goal is reached already: another
   * run made it since our read), `fail` (fail the step with this message, not the AWS one),
   * `warn` (go on without this call), `fail-after-the-rest` (go on with the other calls, then
   * fail the step with this message: deleting what can be deleted first), `retry` (with backoff,
   * for up to `budgetMs`: eventual consistency; once the budget is spent, the next answer that
   * matches the error applies, if any), `retain` (stop here: the step is RETAINED with
   * this reason — a bucket that received objects after the plan was made). Any other error fails
   * the step.
   */
  onError?: ErrorAnswer[];
  /**
   * The answer lists entries that failed (EventBridge's PutTargets/RemoveTargets answer 200 with
   * `FailedEntryCount`, S3's DeleteObjects with `Errors`): fail the step naming them and this,
   * e.g. "target X on rule Y".
   */
  failedEntriesOf?: string;
  /** Outputs the step gains once the call succeeded: a literal, or a path into the answer. */
  outputs?: Record<string, string | boolean | { fromAnswer: string }>;
}

/**
 * The status a step reports once its plan is applied (the engine turns it into WOULD_* in a dry
 * run). ORPHANED is a leftover sync reports and leaves alone (`sync --prune` plans DELETED instead).
 */
export type AppliedStatus =
  | "CREATED"
  | "SYNCED"
  | "REPLACED"
  | "DELETED"
  | "RETAINED"
  | "ORPHANED"
  | "SKIPPED";

/** What one step intends in one region. */
export interface StepPlan {
  status: AppliedStatus;
  resource?: string;
  changes: Change[];
  reason?: Message;
  /** Known before any write (names, ARNs that exist); actions may add more. */
  outputs?: StepOutputs;
  /**
   * What only the answers tell (the ARN of a configuration about to be created): once applied,
   * the resource and the `to` of these changes (by attribute) are these outputs' values.
   */
  knownAfterApply?: { resource?: string; changes?: Record<string, string> };
  /** In order; run one after another. */
  actions: Action[];
  warnings?: Message[];
}

/** The status a plan reports in a dry run: what would happen. */
export function plannedStatus(plan: StepPlan): Status {
  const would: Record<AppliedStatus, Status> = {
    CREATED: "WOULD_CREATE",
    SYNCED: plan.changes.length > 0 ? "WOULD_SYNC" : "SYNCED",
    REPLACED: "WOULD_REPLACE",
    DELETED: "WOULD_DELETE",
    RETAINED: "RETAINED",
    ORPHANED: "ORPHANED",
    SKIPPED: "SKIPPED",
  };
  return would[plan.status];
}

/** What a change shows as a value that only AWS's answer will tell (a new configuration's ARN). */
export const KNOWN_AFTER_APPLY = "(known after apply)";

/** The reason a destroy step reports when it finds none of the app's resources. */
export const NOTHING_TO_DELETE = "nothing to delete";

/** Nothing to do: the same status applied or planned. */
export function noActions(plan: Omit<StepPlan, "actions">): StepPlan {
  return { ...plan, actions: [] };
}

/** JSON with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * A plan's fingerprint: what it would change and every call with its input. A plan is a pure
 * function of the manifest, the account and what was read, so a re-read that gives the same
 * fingerprint found the resource as the plan left it to be changed.
 */
export function planFingerprint(plan: StepPlan): string {
  const { status, resource, changes, actions } = plan;
  return sha256(canonicalJson({ status, resource, changes, actions })).slice(0, 16);
}
