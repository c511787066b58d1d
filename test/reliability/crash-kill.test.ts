/**
 * Crash anywhere, converge (SPEC §7), with a real crash: a `sync` child process is SIGKILLed
 * right after its k-th write call — its next write hangs in the emulator, so nothing after it
 * happens — for every k from 0 (before the first write) to W−1 (before the last). The next
 * `sync` exits 0 and leaves the account exactly as a clean sync does, with no duplicates.
 *
 * Both the default concurrency (other regions' requests may be in flight at the kill, as in a real
 * crash) and `--concurrency 1` (exactly k writes done, nothing in flight) are crashed.
 */
import { describe, expect, it } from "vitest";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { ENV } from "../helpers/manifests.js";
import { accountSnapshot, cleanSync, missingOrDuplicated, reliabilityManifest } from "./account.js";
import { spawnYolo, waitUntil } from "./cli-process.js";

const dir = manifestDir(reliabilityManifest());
const clean = await cleanSync(dir);
const crashPoints = Array.from({ length: clean.writes }, (_, k) => k);

describe.each([
  { mode: "default concurrency", flags: [] as string[] },
  { mode: "--concurrency 1", flags: ["--concurrency", "1"] },
])("a sync killed right after write k ($mode), then a sync", ({ flags }) => {
  const handle = useEmulator();

  it.each(crashPoints)("killed after write %i: the next sync converges to the clean account", async (k) => {
    const { emulator } = handle;
    emulator.addFault({ mutating: true, nth: k + 1, kind: "hang" });
    const writesStarted = () => emulator.log.filter((r) => r.mutating).length;

    const run = spawnYolo(["sync", ENV, "--json", "--no-progress", ...flags], dir, emulator.url);
    await waitUntil(() => writesStarted() >= k + 1, run.exited, `write ${k + 1} started`);
    run.child.kill("SIGKILL");
    const killed = await run.exited;
    expect(killed.signal).toBe("SIGKILL");
    const hung = emulator.log.filter((r) => r.mutating)[k];
    expect(hung.status, "the write after k never got an answer").toBe(0);
    if (flags.length > 0) expect(writesStarted(), "sequential: nothing else was in flight").toBe(k + 1);

    emulator.clearFaults();
    const again = await runYolo(["sync", ENV, "--json", "--no-progress"], {
      cwd: dir,
      env: emulatorEnv(emulator.url),
    });
    expect(again.code, `${again.stderr}\n${again.stdout}`).toBe(0);
    expect(accountSnapshot(emulator.store)).toEqual(clean.snapshot);
    expect(missingOrDuplicated(emulator.store)).toEqual([]);
  });
});
