/**
 * Destroy and a composition that still uses the app's configurations. IVS refuses to delete a
 * configuration "used by a Composition" (409) until StopComposition has completed: a composition
 * that is STOPPING is waited for (the emulator's `compositionStopMs` window), one that is ACTIVE
 * or STARTING is not — destroy says to stop it and re-run.
 */
import {
  CreateStageCommand,
  StartCompositionCommand,
  StopCompositionCommand,
} from "@aws-sdk/client-ivs-realtime";
import { describe, expect, it } from "vitest";
import type { RetryTiming } from "../../src/engine/execute.js";
import type { ProgressReporter } from "../../src/engine/progress.js";
import { silentProgress } from "../../src/engine/progress.js";
import { runSteps } from "../../src/engine/runner.js";
import type { RunContext } from "../../src/engine/step.js";
import { destroySteps } from "../../src/resources/destroy-steps.js";
import { emulatorEnv, manifestDir, runYolo, type YoloRun } from "../helpers/cli.js";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { APP, ENV, environmentConfig } from "../helpers/manifests.js";
import { GONE, inventory, manifest } from "./account.js";

const handle = useEmulator();
const REGION = "us-east-1";
/** The stop window the tests turn on: longer than a first retry, far shorter than the wait's budget. */
const STOP_WINDOW_MS = 1_500;

async function yolo(args: string[], cwd: string): Promise<YoloRun> {
  return runYolo([...args, "--no-progress"], { cwd, env: emulatorEnv(handle.emulator.url) });
}

async function yoloJson(args: string[], cwd: string): Promise<{ code: number; doc: any; output: string }> {
  const run = await yolo([...args, "--json"], cwd);
  try {
    return { code: run.code, doc: JSON.parse(run.stdout), output: run.stdout + run.stderr };
  } catch {
    throw new Error(`not one JSON document on stdout (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

function regionResult(doc: any, step: string, region = REGION): any {
  return doc.steps.find((s: any) => s.id === step).regions[region];
}

/** Sync the app, then start a composition recording with its configurations in `region`. */
async function syncedWithComposition(regions: string[], region = REGION) {
  const cwd = manifestDir(manifest(APP, { regions }));
  const sync = await yoloJson(["sync", ENV], cwd);
  expect(sync.code, sync.output).toBe(0);
  const ivs = await handle.clients.ivs(region);
  const stage = (await ivs.send(new CreateStageCommand({ name: "live-show" }))).stage!;
  const { composition } = await ivs.send(
    new StartCompositionCommand({
      stageArn: stage.arn,
      destinations: [
        {
          s3: {
            storageConfigurationArn: sync.doc.env[region].AWS_IVS_STORAGE_CONFIGURATION_ARN,
            encoderConfigurationArns: [sync.doc.env[region].AWS_IVS_ENCODER_CONFIGURATION_ARN],
          },
        },
      ],
    }),
  );
  const stop = () => ivs.send(new StopCompositionCommand({ arn: composition!.arn }));
  return { cwd, arn: composition!.arn!, stop };
}

/** The delete calls the emulator answered, with their error codes. */
const deletes = (operation: string) =>
  handle.emulator.log
    .filter((entry) => entry.operation === operation)
    .map((entry) => entry.errorCode ?? entry.status);

/** `destroy:recording`'s configuration steps, in-process, with the given retry timing. */
async function destroyConfigurations(retry: RetryTiming, options: { dryRun?: boolean } = {}) {
  const activities: string[] = [];
  const progress: ProgressReporter = {
    ...silentProgress,
    stepActivity: (_step, _region, text) => activities.push(text),
  };
  const steps = destroySteps("destroy:recording").filter((s) => s.id !== "recording-bucket");
  const config = environmentConfig({ regions: [REGION], recording: { enabled: true } });
  const run: RunContext = {
    config,
    account: ACCOUNT,
    clients: handle.clients,
    dryRun: options.dryRun ?? false,
    concurrency: 8,
    stepsInRun: new Set(steps.map((s) => s.id)),
    options: { command: "destroy:recording" },
    warn: () => {},
    retry,
  };
  handle.emulator.clearLog();
  const result = await runSteps(steps, [REGION], run, progress);
  const at = (id: string) => result.steps.find((s) => s.id === id)!.regions[REGION];
  return { ...result, at, activities };
}

/** Short real waits, each recorded. */
function quickRetry(): RetryTiming & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    firstDelayMs: 100,
    maxDelayMs: 200,
    sleeps,
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
  };
}

describe("a composition that is still stopping", () => {
  it("destroy says so in a dry run, then waits for it to stop and deletes everything: exit 0", async () => {
    const { cwd, arn, stop } = await syncedWithComposition([REGION]);
    handle.emulator.configure({ compositionStopMs: STOP_WINDOW_MS });
    await stop();

    const planned = await yoloJson(["destroy", ENV, "--dry-run"], cwd);
    expect(planned.code, planned.output).toBe(0);
    for (const step of ["storage-configuration", "encoder-configuration"])
      expect(regionResult(planned.doc, step)).toMatchObject({
        status: "WOULD_DELETE",
        reason: `used by composition ${arn} (STOPPING): would wait up to 2 minutes for it to stop, then delete`,
      });

    // At once, while the composition is STOPPING (the recordings it wrote go too).
    handle.emulator.clearLog();
    const run = await yoloJson(["destroy", ENV, "--yes", "--delete-recordings"], cwd);
    expect(run.code, run.output).toBe(0);
    for (const step of ["storage-configuration", "encoder-configuration", "recording-bucket"])
      expect(regionResult(run.doc, step).status, step).toBe("DELETED");
    for (const operation of ["DeleteStorageConfiguration", "DeleteEncoderConfiguration"]) {
      const answers = deletes(operation);
      expect(answers[0], operation).toBe("ConflictException");
      expect(answers.at(-1), operation).toBe(200);
    }
    expect(await inventory(handle.clients, APP, REGION)).toEqual({ ...GONE, logsPolicy: false });
  });

  it("shows what it waits for in the live view, retrying with the run's timing", async () => {
    const { arn, stop } = await syncedWithComposition([REGION]);
    handle.emulator.configure({ compositionStopMs: 600 });
    await stop();
    const retry = quickRetry();
    const run = await destroyConfigurations(retry);
    expect(run.errors).toEqual([]);
    expect(run.at("storage-configuration").status).toBe("DELETED");
    expect(run.at("encoder-configuration").status).toBe("DELETED");
    expect(run.activities).toContain(`waiting for composition ${arn} to stop…`);
    expect(retry.sleeps.length).toBeGreaterThan(0);
    expect(Math.max(...retry.sleeps)).toBeLessThanOrEqual(200);
    // One read of the compositions serves both steps.
    expect(handle.emulator.log.filter((e) => e.operation === "ListCompositions")).toHaveLength(1);
    expect(handle.emulator.log.filter((e) => e.operation === "GetComposition")).toHaveLength(1);
  });

  it("sync --prune waits for it too, in a region the manifest no longer lists", async () => {
    const { stop } = await syncedWithComposition([REGION, "eu-west-1"], "eu-west-1");
    handle.emulator.configure({ compositionStopMs: STOP_WINDOW_MS });
    await stop();
    const cwd = manifestDir(manifest(APP, { regions: [REGION] }));

    // Without --prune, sync only reports the leftovers: it reads no composition.
    handle.emulator.clearLog();
    const report = await yoloJson(["sync", ENV], cwd);
    expect(report.code, report.output).toBe(0);
    expect(regionResult(report.doc, "storage-configuration", "eu-west-1").status).toBe("ORPHANED");
    expect(handle.emulator.log.filter((e) => /Composition/.test(e.operation))).toEqual([]);

    const pruned = await yoloJson(["sync", ENV, "--prune", "--yes", "--delete-recordings"], cwd);
    expect(pruned.code, pruned.output).toBe(0);
    expect(regionResult(pruned.doc, "storage-configuration", "eu-west-1").status).toBe("DELETED");
    expect(regionResult(pruned.doc, "encoder-configuration", "eu-west-1").status).toBe("DELETED");
    expect(deletes("DeleteStorageConfiguration")[0]).toBe("ConflictException");
  });
});

describe("a composition that is live", () => {
  it("ACTIVE: destroy fails at once with the stop-it-and-re-run error, never waiting; a dry run says so", async () => {
    const { arn } = await syncedWithComposition([REGION]);
    handle.emulator.configure({ compositionStopMs: STOP_WINDOW_MS });
    const retry = quickRetry();

    const planned = await destroyConfigurations(retry, { dryRun: true });
    expect(planned.at("storage-configuration")).toMatchObject({
      status: "WOULD_DELETE",
      reason: `in use by composition ${arn} (ACTIVE): it would not be deleted; stop it first`,
    });

    const run = await destroyConfigurations(retry);
    for (const step of ["storage-configuration", "encoder-configuration"]) {
      expect(run.at(step).status).toBe("FAILED");
      expect(run.at(step).error).toMatch(
        /is in use by a composition, so it was not deleted\. Stop the composition \(StopComposition\), wait for it to end, and re-run/,
      );
    }
    expect(retry.sleeps).toEqual([]);
    expect(deletes("DeleteStorageConfiguration")).toEqual(["ConflictException"]);
    expect(deletes("DeleteEncoderConfiguration")).toEqual(["ConflictException"]);
  });

  it("STARTING: is not waited for either", async () => {
    handle.emulator.configure({ compositionStartMs: 60_000 });
    const { arn } = await syncedWithComposition([REGION]);
    const retry = quickRetry();
    const planned = await destroyConfigurations(retry, { dryRun: true });
    expect(planned.at("storage-configuration").reason).toBe(
      `in use by composition ${arn} (STARTING): it would not be deleted; stop it first`,
    );
    const run = await destroyConfigurations(retry);
    expect(run.at("storage-configuration").status).toBe("FAILED");
    expect(retry.sleeps).toEqual([]);
  });
});
