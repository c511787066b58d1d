import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors/yolo-error.js";

import { formatError, redactSecrets } from "../../src/output/errors.js";

function sdkError(name: string, message: string, status?: number): Error {
  const error = new Error(message);
  error.name = name;
  if (status !== undefined) Object.assign(error, { $metadata: { httpStatusCode: status } });
  return error;
}

describe("formatError", () => {
  it("lets a manifest error format itself (file:line:col and all)", () => {
    class ManifestErrorLike extends Error {
      format() {
        return 'yolo.yml:7:31  environments.production.aws.ivs.regions[1]: "ap-southeast-2" has no IVS real-time.';
      }
    }
    expect(formatError(new ManifestErrorLike("x"))).toBe(
      'yolo.yml:7:31  environments.production.aws.ivs.regions[1]: "ap-southeast-2" has no IVS real-time.',
    );
    const many = Object.assign(new Error("2 errors"), {
      errors: [new ManifestErrorLike("a"), new ManifestErrorLike("b")],
    });
    expect(formatError(many).split("\n\n")).toHaveLength(2);
  });

  it("prints a user error's message as it is", () => {
    const message =
      'The AWS account is 210987654321 but yolo.yml says account-id "123456789012" (environment production). Nothing was changed.';
    expect(formatError(new UserError(message))).toBe(message);
  });

  it("says what to do when there are no credentials", () => {
    const error = sdkError("CredentialsProviderError", "Could not load credentials from any providers");
    expect(formatError(error)).toBe(
      "No AWS credentials found. Set AWS_PROFILE, pass --profile, or run with --local to try yolo without an account. Nothing was changed.",
    );
  });

  it("names a profile that does not exist", () => {
    const error = sdkError(
      "CredentialsProviderError",
      "Could not resolve credentials using profile: [acme-prod] in configuration/credentials file(s).",
    );
    expect(formatError(error)).toMatch(/^The AWS profile "acme-prod" was not found/);
    expect(formatError(error)).toContain("--profile");
  });

  it("tells an expired SSO session to log in again", () => {
    const error = sdkError(
      "CredentialsProviderError",
      "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.",
    );
    expect(formatError(error)).toMatch(/SSO session has expired\. Run `aws sso login`/);
  });

  it("explains AWS rejecting the credentials, with the error's name", () => {
    expect(
      formatError(
        sdkError("InvalidClientTokenId", "The security token included in the request is invalid.", 403),
      ),
    ).toMatch(/does not recognise .*\(InvalidClientTokenId\)/);
    expect(
      formatError(sdkError("ExpiredToken", "The security token included in the request is expired", 400)),
    ).toMatch(/have expired/);
    expect(
      formatError(sdkError("AccessDenied", "User: arn:aws:iam::123456789012:user/ci is not authorized", 403)),
    ).toContain("yolo iam:policy");
  });

  it("says which file could not be read", () => {
    const error = Object.assign(new Error("ENOENT: no such file or directory, open '/app/yolo.yml'"), {
      code: "ENOENT",
      path: "/app/yolo.yml",
    });
    expect(formatError(error)).toBe("/app/yolo.yml: no such file or directory.");
  });

  it("calls an unexpected error a bug", () => {
    expect(formatError(new TypeError("x is undefined"))).toMatch(
      /^yolo: unexpected error: x is undefined\nThis is a bug in yolo/,
    );
    expect(formatError("plain string")).toBe("yolo: plain string");
  });

  it("never prints a secret", () => {
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const error = new Error(
      `bad config: aws_secret_access_key = ${secret}, aws_session_token=IQoJb3JpZ2luX2VjEXAMPLETOKEN key AKIAIOSFODNN7EXAMPLE`,
    );
    const text = formatError(error);
    expect(text).not.toContain(secret);
    expect(text).not.toContain("IQoJb3JpZ2luX2VjEXAMPLETOKEN");
    expect(text).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(formatError(new UserError(`leaked ${secret} here`))).not.toContain(secret);
  });

  it("keeps ARNs, names, regions and account ids", () => {
    const text =
      "arn:aws:ivs:us-east-1:123456789012:storage-configuration/AbCdEf123456 in yolo-production-acme-live-ivs-recordings-us-east-1";
    expect(redactSecrets(text)).toBe(text);
    const digest = "0123456789abcdef0123456789abcdef01234567";
    expect(redactSecrets(`etag ${digest}`)).toBe(`etag ${digest}`);
  });
});
