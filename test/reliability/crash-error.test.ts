/**
 * Crash anywhere, converge (SPEC §7): a greenfield `sync` whose k-th write call fails — for every
 * k, not a sample — exits 1; the next `sync` exits 0 and leaves the account exactly as a clean
 * sync does, with no duplicate storage or encoder configuration.
 */
import { describe, expect, it } from "vitest";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { ENV } from "../helpers/manifests.js";
import { accountSnapshot, cleanSync, missingOrDuplicated, reliabilityManifest } from "./account.js";

const dir = manifestDir(reliabilityManifest());
const clean = await cleanSync(dir);
const everyWrite = Array.from({ length: clean.writes }, (_, i) => i + 1);

describe("a sync whose k-th write fails, then a sync without faults", () => {
  const handle = useEmulator();
  const sync = () =>
    runYolo(["sync", ENV, "--json", "--no-progress"], { cwd: dir, env: emulatorEnv(handle.emulator.url) });

  it("makes enough writes to be worth crashing", () => {
    // role, 2 attachments; per region: bucket and its settings, two configurations, log group,
    // retention, Logs policy, rule, target.
    expect(clean.writes).toBeGreaterThanOrEqual(20);
  });

  it.each(everyWrite)(
    "write %i fails: exit 1, then the next sync converges to the clean account",
    async (k) => {
      const { emulator } = handle;
      // A 400 the SDK does not retry, so the k-th write really fails.
      emulator.addFault({
        mutating: true,
        nth: k,
        status: 400,
        code: "ValidationException",
        message: `injected at write ${k}`,
      });

      const failed = await sync();
      expect(failed.code, failed.stdout).toBe(1);
      const injected = emulator.log.filter((r) => r.injected);
      expect(injected).toHaveLength(1);
      expect(injected[0].mutating).toBe(true);
      expect(JSON.parse(failed.stdout).errors.length).toBeGreaterThan(0);

      emulator.clearFaults();
      const again = await sync();
      expect(again.code, `${again.stderr}\n${again.stdout}`).toBe(0);
      expect(accountSnapshot(emulator.store)).toEqual(clean.snapshot);
      expect(missingOrDuplicated(emulator.store)).toEqual([]);
    },
  );
});
