/**
 * A new AWS account is "pending verification" for IVS: every IVS Create* answers 403
 * PendingVerification. The run says so in one line per failed step, with what to do, no stack,
 * and exits 1.
 */
import { describe, expect, it } from "vitest";
import { manifestDir, yoloRun } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { manifestYaml } from "../helpers/manifests.js";

const handle = useEmulator({ resetBeforeEach: true });

describe("IVS answering PendingVerification", () => {
  it("fails the step with the pending-verification line, exit 1, no stack", async () => {
    const dir = manifestDir(manifestYaml({ regions: ["us-east-1"], recording: true }));
    handle.emulator.addFault({
      service: "ivs",
      operation: "CreateStorageConfiguration",
      status: 403,
      code: "PendingVerification",
      message: "Account pending verification",
      times: 10,
    });
    const human = await yoloRun(handle, dir, "sync:recording", "production", "--no-progress");
    expect(human.code).toBe(1);
    const output = human.stdout + human.stderr;
    const lines = output.split("\n").filter((line) => line.includes("pending verification for Amazon IVS"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Complete the account verification .* then re-run/);
    expect(output).not.toMatch(/\n\s+at /);
    expect(output).not.toContain("bug in yolo");

    handle.emulator.addFault({
      service: "ivs",
      operation: "CreateStorageConfiguration",
      status: 403,
      code: "PendingVerification",
      message: "Account pending verification",
    });
    const json = await yoloRun(handle, dir, "sync:recording", "production", "--json");
    expect(json.code).toBe(1);
    const doc = json.json();
    expect(doc.status).toBe("FAILED");
    expect(doc.errors).toEqual([
      expect.objectContaining({
        region: "us-east-1",
        step: "storage-configuration",
        message: expect.stringMatching(/: This AWS account is pending verification for Amazon IVS/),
      }),
    ]);
  });
});
