/**
 * Two `sync` processes on the same greenfield environment at once (two CI jobs, or a developer
 * and CI). Buckets, log groups, rules, targets and the role have unique names in AWS, so the race
 * leaves exactly one of each; IVS storage and encoder configurations do not (their names are not
 * unique and their create calls take no idempotency token), so each racing run may create its own
 * and SPEC §3 has the next run keep one and delete the rest. After one more `sync`, exactly one of
 * everything, and the account a clean sync leaves.
 */
import { describe, expect, it } from "vitest";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { ENV } from "../helpers/manifests.js";
import {
  accountSnapshot,
  cleanSync,
  missingOrDuplicated,
  REGIONS,
  regionCounts,
  reliabilityManifest,
  roleCount,
} from "./account.js";
import { spawnYolo } from "./cli-process.js";

const dir = manifestDir(reliabilityManifest());
const clean = await cleanSync(dir);

describe("two syncs racing on a greenfield environment", () => {
  const handle = useEmulator();

  it("leave one bucket, log group, rule, target and role; one more sync leaves one of everything", async () => {
    const args = ["sync", ENV, "--json", "--no-progress"];
    const [first, second] = await Promise.all([
      spawnYolo(args, dir, handle.emulator.url).exited,
      spawnYolo(args, dir, handle.emulator.url).exited,
    ]);
    for (const run of [first, second]) {
      // Losing a create race is not an error: "already exists" means it is there.
      expect(run.code, run.stdout).toBe(0);
      expect(JSON.parse(run.stdout).command).toBe("sync");
    }
    for (const region of REGIONS) {
      const counts = regionCounts(handle.emulator.store, region);
      expect(counts, region).toMatchObject({ bucket: 1, logGroup: 1, rule: 1, target: 1 });
      // At least the winner's, at most one per racing run.
      for (const count of [counts.storageConfigurations, counts.encoderConfigurations]) {
        expect(count, region).toBeGreaterThanOrEqual(1);
        expect(count, region).toBeLessThanOrEqual(2);
      }
    }
    expect(roleCount(handle.emulator.store)).toBe(1);

    const again = await runYolo(args, { cwd: dir, env: emulatorEnv(handle.emulator.url) });
    expect(again.code, again.stdout).toBe(0);
    expect(missingOrDuplicated(handle.emulator.store)).toEqual([]);
    // As a clean sync leaves it, but for the statement IVS added for a configuration now deleted:
    // IVS adds one per create and yolo does not re-create it (its own statement grants the same).
    const ownStatements = { withoutIvsStatements: true };
    expect(accountSnapshot(handle.emulator.store, ownStatements)).toEqual(
      accountSnapshot(clean.store, ownStatements),
    );
  });
});
