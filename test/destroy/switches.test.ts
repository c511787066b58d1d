/**
 * `destroy` follows the manifest's feature switches, as sync and `yolo iam:policy` do; the part
 * commands (`destroy:logging`, `destroy:recording`, `destroy:iam`) ignore them on purpose, to
 * remove what a switched-off feature left behind.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { policyAuthorizer } from "../../src/emulator/authorize.js";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { APP, ENV } from "../helpers/manifests.js";
import { generatedPolicy } from "../iam/fixture.js";
import { inventory, manifest, roleExists, SYNCED, writes } from "./account.js";

const handle = useEmulator();
const REGION = "us-east-1";

async function yolo(args: string[], cwd: string) {
  const run = await runYolo([...args, "--no-progress", "--json"], {
    cwd,
    env: emulatorEnv(handle.emulator.url),
  });
  let doc: any;
  try {
    doc = JSON.parse(run.stdout);
  } catch {
    throw new Error(`not one JSON document on stdout (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return { ...run, doc };
}

function regionResult(doc: any, step: string, region: string): any {
  return doc.steps.find((s: any) => s.id === step)?.regions[region];
}

describe("destroy and the feature switches", () => {
  it("skips a part the manifest switches off, naming the part command, which then removes the leftovers", async () => {
    const cwd = manifestDir(manifest(APP, { regions: [REGION], mediaconvert: true }));
    expect((await yolo(["sync", ENV], cwd)).code).toBe(0);
    // Logging and MediaConvert switched off after they were synced: their resources are left over.
    writeFileSync(
      join(cwd, "yolo.yml"),
      manifest(APP, { regions: [REGION], mediaconvert: false, logging: false }),
    );
    handle.emulator.clearLog();

    const run = await yolo(["destroy", ENV, "--yes"], cwd);
    expect(run.code, run.stderr).toBe(0);
    for (const step of ["eventbridge-target", "eventbridge-rule", "log-group"]) {
      expect(regionResult(run.doc, step, REGION), step).toMatchObject({
        status: "SKIPPED",
        reason: "logging is off in the manifest; `yolo destroy:logging production` removes leftovers",
      });
    }
    expect(regionResult(run.doc, "mediaconvert-role", "global")).toMatchObject({
      status: "SKIPPED",
      reason: "mediaconvert is off in the manifest; `yolo destroy:iam production` removes leftovers",
    });
    for (const step of ["storage-configuration", "encoder-configuration", "recording-bucket"])
      expect(regionResult(run.doc, step, REGION).status, step).toBe("DELETED");
    // Not a single call to the switched-off parts' services.
    expect(handle.emulator.log.filter((entry) => ["logs", "events", "iam"].includes(entry.service))).toEqual(
      [],
    );
    expect(await inventory(handle.clients, APP, REGION)).toEqual({
      ...SYNCED,
      bucket: false,
      storageConfigurations: 0,
      encoderConfigurations: 0,
    });
    expect(await roleExists(handle.clients, APP)).toBe(true);

    // The part commands clean up on purpose, switches or not.
    const logging = await yolo(["destroy:logging", ENV, "--yes"], cwd);
    expect(logging.code, logging.stderr).toBe(0);
    expect(logging.doc.status).toBe("DELETED");
    const iam = await yolo(["destroy:iam", ENV, "--yes"], cwd);
    expect(iam.code, iam.stderr).toBe(0);
    expect(regionResult(iam.doc, "mediaconvert-role", "global").status).toBe("DELETED");
    expect(await inventory(handle.clients, APP, REGION)).toMatchObject({
      logGroup: false,
      rule: false,
      target: false,
      logsPolicy: false,
    });
    expect(await roleExists(handle.clients, APP)).toBe(false);
  });

  it("with recording off, runs within the policy `yolo iam:policy` prints for that environment", async () => {
    const cwd = manifestDir(manifest(APP, { regions: [REGION], mediaconvert: true, recording: undefined }));
    expect((await yolo(["sync", ENV], cwd)).code).toBe(0);
    const policy = await generatedPolicy(handle.emulator.url, cwd, ENV);
    handle.emulator.setAuthorizer(policyAuthorizer(policy));
    handle.emulator.clearLog();

    const run = await yolo(["destroy", ENV, "--yes"], cwd);
    expect(run.stdout + run.stderr).not.toMatch(/not authorized/);
    expect(run.code).toBe(0);
    expect(run.doc.status).toBe("DELETED");
    expect(regionResult(run.doc, "recording-bucket", REGION)).toMatchObject({
      status: "SKIPPED",
      reason: "recording is off in the manifest; `yolo destroy:recording production` removes leftovers",
    });
    expect(handle.emulator.log.filter((entry) => /AccessDenied/.test(entry.errorCode ?? ""))).toEqual([]);
    expect(handle.emulator.log.filter((entry) => ["s3", "ivs"].includes(entry.service))).toEqual([]);
    expect(writes(handle.emulator.log).length).toBeGreaterThan(0);
    handle.emulator.setAuthorizer(undefined);
    expect(await roleExists(handle.clients, APP)).toBe(false);
  });
});
