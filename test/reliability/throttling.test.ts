/**
 * Throttling (SPEC §7): with 30 % of IVS calls throttled, `sync` still converges, and yolo keeps
 * to IVS's rate of 5 calls per second per operation per region — retries included — as AWS
 * counts them: by the arrival times in the emulator's request log.
 */
import {
  CreateEncoderConfigurationCommand,
  CreateStorageConfigurationCommand,
} from "@aws-sdk/client-ivs-realtime";
import { describe, expect, it } from "vitest";
import type { FaultRule, LoggedRequest } from "../../src/emulator/index.js";
import { names } from "../../src/manifest/names.js";
import { emulatorEnv, manifestDir, runYolo, type YoloRun } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { APP, ENV } from "../helpers/manifests.js";
import {
  accountSnapshot,
  cleanSync,
  missingOrDuplicated,
  regionCounts,
  reliabilityManifest,
} from "./account.js";

const THROTTLE: FaultRule = {
  service: "ivs",
  probability: 0.3,
  seed: 42,
  status: 400,
  code: "ThrottlingException",
  message: "Rate exceeded",
};
const IVS_RATE = 5;
const WINDOW_MS = 1000;

/** Every (region, IVS operation) whose calls exceed 5 within some 1-second window, with the count. */
function rateViolations(log: readonly LoggedRequest[]): string[] {
  const calls = new Map<string, number[]>();
  for (const request of log) {
    if (request.service !== "ivs") continue;
    const key = `${request.region} ${request.operation}`;
    calls.set(key, [...(calls.get(key) ?? []), request.startedAt]);
  }
  const violations: string[] = [];
  for (const [key, times] of calls) {
    times.sort((a, b) => a - b);
    let worst = 0;
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i] && t < times[i] + WINDOW_MS).length;
      worst = Math.max(worst, inWindow);
    }
    if (worst > IVS_RATE) violations.push(`${key}: ${worst} calls within ${WINDOW_MS} ms`);
  }
  return violations;
}

/** Every call that was throttled was tried again (same region and operation, later in the log). */
function unretriedThrottles(log: readonly LoggedRequest[]): string[] {
  return log
    .filter((r) => r.errorCode === "ThrottlingException")
    .filter(
      (throttled) =>
        !log.some(
          (r) =>
            r.seq > throttled.seq && r.region === throttled.region && r.operation === throttled.operation,
        ),
    )
    .map((r) => `${r.region} ${r.operation} #${r.seq}`);
}

const dir = manifestDir(reliabilityManifest());
const clean = await cleanSync(dir);

describe("sync with 30 % of IVS calls throttled", () => {
  const handle = useEmulator();
  const sync = () =>
    runYolo(["sync", ENV, "--json", "--no-progress"], { cwd: dir, env: emulatorEnv(handle.emulator.url) });

  /**
   * Sync under throttling until it exits 0 (at most 3 runs: a call throttled on all of its SDK
   * attempts fails the run, as on AWS, and a re-run picks up from there). Each run's log is
   * checked on its own: the rate is the tool's to keep within a run.
   */
  async function syncThrottled(): Promise<{ runs: YoloRun[]; logs: LoggedRequest[][] }> {
    const { emulator } = handle;
    emulator.addFault(THROTTLE);
    const runs: YoloRun[] = [];
    const logs: LoggedRequest[][] = [];
    do {
      emulator.clearLog();
      runs.push(await sync());
      logs.push([...emulator.log]);
    } while (runs.at(-1)?.code !== 0 && runs.length < 3);
    emulator.clearFaults();
    return { runs, logs };
  }

  function expectWellBehaved({ runs, logs }: { runs: YoloRun[]; logs: LoggedRequest[][] }) {
    expect(runs.at(-1)?.code, runs.at(-1)?.stdout).toBe(0);
    // An earlier run may only have failed on a call throttled on every one of its attempts.
    for (const run of runs.slice(0, -1))
      for (const error of JSON.parse(run.stdout).errors)
        expect(error.message).toMatch(/Throttl|not attempted/);
    expect(logs.flat().some((r) => r.errorCode === "ThrottlingException")).toBe(true);
    expect(unretriedThrottles(logs.at(-1) ?? [])).toEqual([]);
    for (const log of logs) expect(rateViolations(log)).toEqual([]);
  }

  it("greenfield: converges to the clean account within IVS's rate", async () => {
    const result = await syncThrottled();
    expectWellBehaved(result);
    expect(accountSnapshot(handle.emulator.store)).toEqual(clean.snapshot);
  });

  it("converged: a second throttled sync writes nothing and stays within IVS's rate", async () => {
    expect((await sync()).code).toBe(0);
    const result = await syncThrottled();
    expectWellBehaved(result);
    expect(result.logs.at(-1)?.filter((r) => r.mutating)).toEqual([]);
    expect(accountSnapshot(handle.emulator.store)).toEqual(clean.snapshot);
  });

  it("a region crowded with duplicates (racing runs): cleans up to one of each within IVS's rate", async () => {
    const region = "us-east-1";
    expect((await sync()).code).toBe(0);
    // What racing runs leave: more configurations with our name and tags (storage quota: 5).
    const ivs = await handle.clients.ivs(region);
    const bucket = names.recordingBucket(ENV, APP, region);
    const tags = (name: string) => ({ "yolo:environment": ENV, "yolo:app": APP, Name: name });
    const storage = names.storageConfiguration(ENV, APP);
    const encoder = names.encoderConfiguration(ENV, APP);
    for (let i = 0; i < 4; i++)
      await ivs.send(
        new CreateStorageConfigurationCommand({
          name: storage,
          s3: { bucketName: bucket },
          tags: tags(storage),
        }),
      );
    // Six more: more than 5 GetEncoderConfiguration and DeleteEncoderConfiguration calls in a region.
    for (let i = 0; i < 6; i++)
      await ivs.send(
        new CreateEncoderConfigurationCommand({
          name: encoder,
          video: { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 },
          tags: tags(encoder),
        }),
      );
    expect(regionCounts(handle.emulator.store, region)).toMatchObject({
      storageConfigurations: 5,
      encoderConfigurations: 7,
    });

    const result = await syncThrottled();
    expectWellBehaved(result);
    expect(missingOrDuplicated(handle.emulator.store)).toEqual([]);
  }, 180_000); // the SDK's throttling backoff (1 s base, doubling) makes this one slow on bad luck
});
