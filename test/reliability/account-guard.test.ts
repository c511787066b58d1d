/**
 * The account guard (SPEC §7): when `aws.account-id` names another account than the credentials
 * reach, the run stops before any write — exit 1, a message naming both accounts, and the only
 * request AWS sees is the STS account check.
 */
import { describe, expect, it } from "vitest";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { ENV } from "../helpers/manifests.js";
import { reliabilityManifest } from "./account.js";

const MANIFEST_ACCOUNT = "123456789012";
const dir = manifestDir(
  reliabilityManifest().replace(
    "      mediaconvert: true\n",
    `      mediaconvert: true\n      account-id: "${MANIFEST_ACCOUNT}"\n`,
  ),
);

describe("a manifest for another account", () => {
  const handle = useEmulator();

  it.each([
    ["sync", ENV],
    ["sync:iam", ENV],
    ["sync:recording", ENV],
    ["sync:logging", ENV],
    ["destroy", ENV, "--yes"],
  ])("yolo %s %s: exit 1 naming both accounts, and only the STS read", async (...args) => {
    const run = await runYolo([...args, "--no-progress"], {
      cwd: dir,
      env: emulatorEnv(handle.emulator.url),
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(MANIFEST_ACCOUNT);
    expect(run.stderr).toContain(ACCOUNT);
    expect(handle.emulator.log.map((r) => `${r.service}:${r.operation}`)).toEqual(["sts:GetCallerIdentity"]);
    expect(handle.emulator.store.regional).toEqual({});
  });
});
