/**
 * The reads that need no account (the IVS configuration lists) start while STS is answering, so
 * a converged run is one round trip shorter; with `account-id` set they wait for the account
 * check (test/reliability/account-guard.test.ts: then STS is the only request). Either way the
 * result is the same.
 */
import { describe, expect, it } from "vitest";
import type { LoggedRequest } from "../../src/emulator/index.js";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { ENV } from "../helpers/manifests.js";
import { REGIONS, reliabilityManifest } from "./account.js";

const sts = (log: LoggedRequest[]) => log.find((r) => r.operation === "GetCallerIdentity")!;
const ivsLists = (log: LoggedRequest[]) =>
  log.filter((r) => /^List(Storage|Encoder)Configurations$/.test(r.operation));

describe("reads that need no account", () => {
  const handle = useEmulator();

  it("start before STS has answered, and a converged run makes no write", async () => {
    const dir = manifestDir(reliabilityManifest());
    const env = emulatorEnv(handle.emulator.url);
    expect((await runYolo(["sync", ENV, "--no-progress"], { cwd: dir, env })).code).toBe(0);
    handle.emulator.clearLog();
    handle.emulator.setLatency(150);
    try {
      const run = await runYolo(["sync", ENV, "--json", "--no-progress"], { cwd: dir, env });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).status).toBe("SYNCED");
      const log = handle.emulator.log;
      // The manifest's regions (the leftover search reads the others after STS).
      const lists = ivsLists(log).filter((r) => REGIONS.includes(r.region));
      expect(lists.map((r) => r.region).sort()).toEqual([...REGIONS, ...REGIONS].sort());
      for (const list of lists) expect(list.startedAt).toBeLessThan(sts(log).endedAt);
      // Reads that do need the account (the bucket's name holds it) still follow STS.
      for (const read of log.filter((r) => r.service === "s3"))
        expect(read.startedAt).toBeGreaterThanOrEqual(sts(log).endedAt);
      expect(log.filter((r) => r.mutating)).toEqual([]);
    } finally {
      handle.emulator.setLatency(0);
    }
  });

  it("wait for STS with --concurrency 1, which runs every request one after another", async () => {
    const dir = manifestDir(reliabilityManifest());
    const env = emulatorEnv(handle.emulator.url);
    const run = await runYolo(["sync", ENV, "--dry-run", "--concurrency", "1", "--no-progress"], {
      cwd: dir,
      env,
    });
    expect(run.code).toBe(0);
    const log = handle.emulator.log;
    expect(log[0].operation).toBe("GetCallerIdentity");
    for (const list of ivsLists(log)) expect(list.startedAt).toBeGreaterThanOrEqual(sts(log).endedAt);
  });
});
