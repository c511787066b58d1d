import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openAwsSession } from "../../src/aws/session.js";
import { environmentConfig } from "../helpers/manifests.js";

const config = environmentConfig({ manifestPath: join(tmpdir(), "no-such-dir", "yolo.yml") });

describe("opening an AWS session", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("names the profile when it has no usable credentials, and says nothing was changed", async () => {
    process.env.AWS_CONFIG_FILE = join(tmpdir(), "yolo-no-config");
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(tmpdir(), "yolo-no-credentials");
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_EC2_METADATA_DISABLED = "true";
    await expect(
      openAwsSession({ config, profile: "nosuch", env: process.env, maxAttempts: 1 }),
    ).rejects.toThrow(/The AWS profile "nosuch" was not found.*Nothing was changed\./);
  });
});
