/**
 * Recognising AWS errors by what they are (name, HTTP status, message), not by how each SDK client
 * spells them: pure functions on the error value, shared by the AWS access layer, the checks and
 * the output that tells them.
 */

export interface SdkError extends Error {
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { headers?: Record<string, string> };
  Code?: string;
  exceptionMessage?: string;
}

export function errorName(error: unknown): string | undefined {
  return (error as SdkError | undefined)?.name;
}

export function httpStatus(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode;
}

/** True when the error is one of the given names (e.g. "NoSuchBucketPolicy", "ResourceNotFoundException"). */
export function isError(error: unknown, ...names: string[]): boolean {
  const name = errorName(error);
  return name !== undefined && names.includes(name);
}

/** The message AWS sent (IVS puts it in exceptionMessage; S3 HEAD errors have none). */
export function awsMessage(error: unknown): string {
  const e = error as SdkError;
  const message = e?.exceptionMessage ?? e?.message;
  if (!message || message === "UnknownError") {
    const status = httpStatus(error);
    return status ? `HTTP ${status}` : String(error);
  }
  return message;
}

/**
 * IVS answers 403 `PendingVerification` to Create* calls (and stage operations) on an AWS account
 * that AWS has not verified yet — common on new accounts. Nothing yolo or the user's IAM policy
 * can fix: the account has to be verified.
 */
export function isPendingVerification(error: unknown): boolean {
  const e = error as (SdkError & { code?: unknown }) | undefined;
  return [errorName(error), e?.Code, e?.code].includes("PendingVerification");
}

/** The one line a user reads for {@link isPendingVerification}. */
export const PENDING_VERIFICATION_MESSAGE =
  "This AWS account is pending verification for Amazon IVS (PendingVerification, HTTP 403): IVS creates nothing until AWS has verified the account. Complete the account verification AWS asked for (or contact AWS Support to have the account verified), then re-run the same command.";

/** One line for a user: `ConflictException: … (HTTP 409)`. */
export function describeAwsError(error: unknown): string {
  if (isPendingVerification(error)) return PENDING_VERIFICATION_MESSAGE;
  if (!(error instanceof Error)) return String(error);
  const name = errorName(error);
  const status = httpStatus(error);
  if (name === "StepError" || !status) return error.message;
  const message = awsMessage(error);
  return `${name && name !== "Unknown" ? `${name}: ` : ""}${message} (HTTP ${status})`;
}
