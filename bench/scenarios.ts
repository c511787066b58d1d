/** The manifests the benchmark syncs: recording, logging and MediaConvert on, in 1, 3 or 7 IVS regions. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IVS_REALTIME_REGIONS } from "../src/manifest/regions.js";

export const BENCH_ENVIRONMENT = "production";
export const REGION_COUNTS = [1, 3, 7] as const;

/** The first `count` IVS real-time regions (7 = all of them). */
export function benchRegions(count: number): string[] {
  return IVS_REALTIME_REGIONS.slice(0, count);
}

/** A temp directory holding a `yolo.yml` for `count` regions; returns the directory. */
export function writeBenchManifest(count: number): string {
  const regions = benchRegions(count);
  const dir = mkdtempSync(join(tmpdir(), `yolo-bench-${count}-`));
  writeFileSync(
    join(dir, "yolo.yml"),
    [
      "name: bench-live",
      "environments:",
      `  ${BENCH_ENVIRONMENT}:`,
      "    aws:",
      `      region: ${regions[0]}`,
      "      mediaconvert: true",
      "      ivs:",
      `        regions: [${regions.join(", ")}]`,
      "        logging: true",
      "        recording:",
      "          real_time: true",
      "",
    ].join("\n"),
  );
  return dir;
}
