import { describe, expect, it } from "vitest";
import { createAwsClients, environmentCredentials } from "../../src/aws/clients.js";

describe("credentials from the environment, without the provider chain", () => {
  const keys = { AWS_ACCESS_KEY_ID: "AKIAENV", AWS_SECRET_ACCESS_KEY: "env-secret" };

  it("takes the key pair (and session token) when no profile is asked for", () => {
    expect(environmentCredentials(keys)).toEqual({ accessKeyId: "AKIAENV", secretAccessKey: "env-secret" });
    expect(environmentCredentials({ ...keys, AWS_SESSION_TOKEN: "tok" })).toEqual({
      accessKeyId: "AKIAENV",
      secretAccessKey: "env-secret",
      sessionToken: "tok",
    });
  });

  it("leaves profiles, half pairs, expirations and scopes to the SDK's chain", () => {
    expect(environmentCredentials(keys, "dev")).toBeUndefined();
    expect(environmentCredentials({ ...keys, AWS_PROFILE: "dev" })).toBeUndefined();
    expect(environmentCredentials({ AWS_ACCESS_KEY_ID: "AKIAENV" })).toBeUndefined();
    expect(
      environmentCredentials({ ...keys, AWS_CREDENTIAL_EXPIRATION: "2030-01-01T00:00:00Z" }),
    ).toBeUndefined();
    expect(environmentCredentials({ ...keys, AWS_CREDENTIAL_SCOPE: "us-east-1" })).toBeUndefined();
  });

  it("gives clients those credentials as they are (no chain function)", async () => {
    const clients = createAwsClients({ env: keys, endpoint: "http://127.0.0.1:1" });
    try {
      const sts = await clients.sts("us-east-1");
      const credentials = await sts.config.credentials();
      expect(credentials).toMatchObject({ accessKeyId: "AKIAENV", secretAccessKey: "env-secret" });
    } finally {
      clients.destroy();
    }
  });
});
