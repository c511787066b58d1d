/**
 * describeAwsError: the one line a region's failed step reports. IVS refuses every Create* on an
 * account AWS has not verified yet (403 PendingVerification): the line says so and what to do.
 */
import { describe, expect, it } from "vitest";
import { describeAwsError, isPendingVerification } from "../../src/aws/errors.js";
import { formatError } from "../../src/output/errors.js";

function sdkError(name: string, message: string, status: number, extra: object = {}): Error {
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, { $metadata: { httpStatusCode: status } }, extra);
}

const pending = () => sdkError("PendingVerification", "Account pending verification", 403);

describe("describeAwsError", () => {
  it("keeps name, message and status of an ordinary AWS error", () => {
    expect(describeAwsError(sdkError("ConflictException", "in use", 409))).toBe(
      "ConflictException: in use (HTTP 409)",
    );
  });

  it("says an account pending IVS verification must be verified, then the command re-run", () => {
    const line = describeAwsError(pending());
    expect(line).toMatch(/pending verification for Amazon IVS/);
    expect(line).toMatch(/Complete the account verification/);
    expect(line).toMatch(/contact AWS Support/);
    expect(line).toMatch(/re-run/);
    expect(line).not.toContain("\n");
  });

  it("recognises PendingVerification by name or by code", () => {
    expect(isPendingVerification(pending())).toBe(true);
    expect(
      isPendingVerification(sdkError("Unknown", "UnknownError", 403, { Code: "PendingVerification" })),
    ).toBe(true);
    expect(isPendingVerification(sdkError("AccessDeniedException", "denied", 403))).toBe(false);
  });
});

describe("formatError of PendingVerification", () => {
  it("is the same one line, with no stack and no bug report, also with YOLO_DEBUG", () => {
    const text = formatError(pending(), { debug: true });
    expect(text).toBe(describeAwsError(pending()));
    expect(text).not.toContain("\n");
    expect(text).not.toMatch(/at .*\.ts|bug in yolo|AWS denied/);
  });
});
