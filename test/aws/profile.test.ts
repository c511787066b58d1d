import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { s3EndpointOverridden } from "../../src/aws/clients.js";
import { profileVariable, resolveProfile } from "../../src/aws/profile.js";

describe("profile resolution (SPEC §5)", () => {
  const dir = mkdtempSync(join(tmpdir(), "yolo-profile-"));
  const manifestPath = join(dir, "yolo.yml");
  writeFileSync(
    join(dir, ".env"),
    "# app settings\nAPP_KEY=x\nYOLO_PROD_EU_AWS_PROFILE='from-dotenv' # comment\n",
  );

  it("names the variable after the environment, upper-cased with - turned into _", () => {
    expect(profileVariable("prod-eu")).toBe("YOLO_PROD_EU_AWS_PROFILE");
  });

  it("prefers --profile, then the process environment, then the .env beside the manifest", () => {
    const env = { YOLO_PROD_EU_AWS_PROFILE: "from-env" };
    expect(resolveProfile({ profile: "cli", environment: "prod-eu", manifestPath, env }).profile).toBe("cli");
    expect(resolveProfile({ environment: "prod-eu", manifestPath, env }).profile).toBe("from-env");
    expect(resolveProfile({ environment: "prod-eu", manifestPath, env: {} })).toEqual({
      profile: "from-dotenv",
      source: `YOLO_PROD_EU_AWS_PROFILE in ${join(dir, ".env")}`,
    });
  });

  it("falls back to the SDK's default chain when nothing names a profile", () => {
    expect(resolveProfile({ environment: "staging", manifestPath, env: {} })).toEqual({});
  });
});

describe("S3 path-style addressing", () => {
  it("is on whenever an endpoint is overridden, by option or by the SDK's variables", () => {
    expect(s3EndpointOverridden({ endpoint: "http://127.0.0.1:4566", env: {} })).toBe(true);
    expect(s3EndpointOverridden({ env: { AWS_ENDPOINT_URL: "http://localhost:4566" } })).toBe(true);
    expect(s3EndpointOverridden({ env: { AWS_ENDPOINT_URL_S3: "http://localhost:4566" } })).toBe(true);
    expect(s3EndpointOverridden({ env: {} })).toBe(false);
    expect(
      s3EndpointOverridden({
        env: { AWS_ENDPOINT_URL: "http://x", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" },
      }),
    ).toBe(false);
  });
});
