/**
 * yolo's one error module: every error it raises on purpose is a YoloError with a kind and a code,
 * an AWS answer is an `aws` error with AWS's code, and anything else is a bug — which is what the
 * person reads at the end of a failed command.
 */
import { S3ServiceException } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import {
  AwsSessionError,
  classifyError,
  StepError,
  UserError,
  YoloError,
} from "../../src/errors/yolo-error.js";
import { ManifestError, ManifestErrors } from "../../src/manifest/errors.js";
import { formatError } from "../../src/output/errors.js";

const manifestError = new ManifestError({
  file: "yolo.yml",
  line: 3,
  column: 5,
  path: "app",
  message: "is required.",
});

describe("the error module", () => {
  it.each([
    ["a manifest problem", manifestError, "manifest"],
    ["several manifest problems", new ManifestErrors([manifestError]), "manifest"],
    ["a refused flag or argument", new UserError("--region needs a value"), "usage"],
    [
      "a session that cannot open",
      new AwsSessionError("The account is 111122223333, not 123456789012."),
      "session",
    ],
    ["a step refused", new StepError({ text: "bucket belongs to app other", commands: [] }), "step"],
  ])("classifies %s as the user's to fix, with its code", (_what, error, code) => {
    expect(error).toBeInstanceOf(YoloError);
    expect(classifyError(error)).toEqual({ kind: "user", code });
  });

  it("classifies an AWS answer as an aws error carrying AWS's own code", () => {
    const answer = new S3ServiceException({
      name: "AccessDenied",
      $fault: "client",
      $metadata: { httpStatusCode: 403 },
      message: "Access Denied",
    });
    expect(classifyError(answer)).toEqual({ kind: "aws", code: "AccessDenied" });
    expect(formatError(answer)).toMatch(/^AWS denied the request: AccessDenied: Access Denied \(HTTP 403\)/);
    expect(formatError(answer)).toContain("`yolo iam:policy <env>` prints the least-privilege policy");
    // When the command named its environment, the hint is the command to run.
    expect(formatError(answer, { environment: "staging" })).toContain(
      "`yolo iam:policy staging` prints the least-privilege policy yolo needs for staging.",
    );
  });

  it("classifies anything else as a bug, and says so to the person", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'arn')");
    expect(classifyError(bug)).toEqual({ kind: "bug", code: "bug" });
    expect(formatError(bug)).toMatch(
      /^yolo: unexpected error: Cannot read properties.*\nThis is a bug in yolo/,
    );
  });

  it("tells the user's errors as they are, without the bug line", () => {
    for (const error of [
      new UserError("--out needs --dry-run or --check"),
      new StepError("refused: not ours"),
    ])
      expect(formatError(error)).toBe(error.message);
  });
});
