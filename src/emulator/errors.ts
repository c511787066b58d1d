/**
 * An AWS error as a service returns it. Each protocol module renders it in its own wire shape
 * (S3 `<Error><Code>`, IVS `x-amzn-ErrorType` + `exceptionMessage`, JSON 1.1 `__type`,
 * Query `<ErrorResponse>`).
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra members for the error body (S3: BucketName, Region…; query: Type). */
    readonly extra: Record<string, string> = {},
    /** Extra response headers (S3 HeadBucket: x-amz-bucket-region). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export function isAwsError(error: unknown): error is AwsError {
  return error instanceof AwsError;
}
