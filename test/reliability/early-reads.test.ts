/**
 * Reads need no account: they start while STS is answering, so a converged run's round trips
 * (and the CPU work of making them) overlap the account's instead of following it. The tags of
 * the log group and the rule are read by the ARN DescribeLogGroups and DescribeRule answer, as
 * GetEncoderConfiguration follows its List. With `account-id` set they wait for the account check
 * (test/reliability/account-guard.test.ts: then STS is the only request). Either way the result
 * is the same.
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
/** Resolves once `count` has not changed for 300 ms (at most 10 s). */
async function quiet(count: () => number): Promise<void> {
  const started = Date.now();
  let last = -1;
  let since = Date.now();
  while (Date.now() - started < 10_000) {
    const now = count();
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= 300) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The reads that follow another read of theirs: by the ARN it answered, or the List's. */
const FOLLOWS: Record<string, string[]> = {
  ListTagsForResource: ["DescribeLogGroups", "DescribeRule"],
  GetEncoderConfiguration: ["ListEncoderConfigurations"],
};

describe("reads that need no account", () => {
  const handle = useEmulator();

  it("start before STS has answered, and a converged run makes no write", async () => {
    const dir = manifestDir(reliabilityManifest());
    const env = emulatorEnv(handle.emulator.url);
    expect((await runYolo(["sync", ENV, "--no-progress"], { cwd: dir, env })).code).toBe(0);
    handle.emulator.clearLog();
    // STS's first answer is held back until the other requests stop coming; the SDK then retries it.
    handle.emulator.addFault({ service: "sts", operation: "GetCallerIdentity", nth: 1, kind: "hang" });
    const running = runYolo(["sync", ENV, "--json", "--no-progress"], { cwd: dir, env });
    await quiet(() => handle.emulator.log.length);
    handle.emulator.clearFaults();
    const run = await running;
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).status).toBe("SYNCED");
    const log = handle.emulator.log;
    const held = log.find((r) => r.operation === "GetCallerIdentity" && r.status === 0)!;
    const lists = ivsLists(log).filter((r) => REGIONS.includes(r.region));
    expect(lists.map((r) => r.region).sort()).toEqual([...REGIONS, ...REGIONS].sort());
    // Every read came while STS had not answered: in the manifest's regions and the leftover search's.
    const reads = log.filter((r) => r.service !== "sts");
    expect(new Set(reads.map((r) => r.service))).toEqual(new Set(["s3", "ivs", "logs", "events", "iam"]));
    expect(reads.some((r) => !REGIONS.includes(r.region) && r.region !== "us-east-1")).toBe(true);
    for (const read of reads) expect(read.startedAt, read.operation).toBeLessThan(held.endedAt);
    // What follows a read starts once that read has answered.
    for (const read of log.filter((r) => r.operation in FOLLOWS)) {
      const before = log.filter(
        (r) => r.region === read.region && FOLLOWS[read.operation].includes(r.operation),
      );
      expect(before.some((r) => r.endedAt <= read.startedAt)).toBe(true);
    }
    expect(log.filter((r) => r.mutating)).toEqual([]);
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
