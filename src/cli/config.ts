import { resolve } from "node:path";
import { UserError } from "../errors/yolo-error.js";
import { loadManifest, resolveEnvironment } from "../manifest/index.js";
import { isIvsRealtimeRegion } from "../manifest/regions.js";
import type { EnvironmentConfig } from "../manifest/types.js";

/** The manifest path: `--manifest`, else yolo.yml in the working directory. */
export function manifestPath(option: string | undefined, cwd: string): string {
  return resolve(cwd, option ?? "yolo.yml");
}

/** Load and validate the manifest and pick the environment; throws before any AWS call. */
export async function loadEnvironment(
  option: string | undefined,
  environment: string,
  cwd: string,
): Promise<EnvironmentConfig> {
  const manifest = await loadManifest(manifestPath(option, cwd));
  return resolveEnvironment(manifest, environment);
}

/**
 * `--region R` (repeatable) narrows the run to those configured IVS regions. With
 * `allowUnlisted` (destroy), an IVS region the manifest no longer lists is accepted too, so a
 * region dropped from `ivs.regions` can still be cleaned up.
 */
export function selectRegions(
  config: EnvironmentConfig,
  requested: string[] | undefined,
  allowUnlisted = false,
): string[] {
  if (!requested || requested.length === 0) return config.regions;
  for (const region of requested) {
    if (config.regions.includes(region)) continue;
    if (allowUnlisted && isIvsRealtimeRegion(region)) continue;
    throw new UserError(
      `--region ${region}: not one of this environment's IVS regions (${config.regions.join(", ") || "none"}).` +
        (allowUnlisted ? " It must at least be an IVS real-time region." : ""),
    );
  }
  // Keep the manifest's order: the first configured region gets the unsuffixed env keys.
  const wanted = new Set(requested);
  return [
    ...config.regions.filter((r) => wanted.has(r)),
    ...[...wanted].filter((r) => !config.regions.includes(r)),
  ];
}
