import { relative } from "node:path";
import {
  environmentNames,
  loadManifest,
  resolveEnvironment,
  validateManifest,
} from "../../manifest/index.js";
import { manifestPath } from "../config.js";
import { type CliIO, EXIT_ERROR, EXIT_OK } from "../io.js";

/** `yolo validate [env]`: check the manifest (all environments, or one); no AWS call. */
export async function validateCommand(
  io: CliIO,
  environment: string | undefined,
  options: { manifest?: string; json?: boolean },
): Promise<number> {
  const file = manifestPath(options.manifest, io.cwd);
  const manifest = await loadManifest(file);
  const problems = validateManifest(manifest, environment);
  const shown = relative(io.cwd, file) || file;
  if (problems.length > 0) {
    if (options.json)
      io.stdout.write(
        `${JSON.stringify({ manifest: file, valid: false, errors: problems.map((p) => p.toJSON()) }, null, 2)}\n`,
      );
    else
      io.stderr.write(
        `${problems.map((p) => p.format()).join("\n\n")}\n\n${shown}: ${problems.length} problem${problems.length === 1 ? "" : "s"}.\n`,
      );
    return EXIT_ERROR;
  }
  const environments = environment ? [environment] : environmentNames(manifest);
  const summaries = environments.map((name) => {
    const config = resolveEnvironment(manifest, name);
    const parts = [
      config.ivsEnabled ? `IVS in ${config.regions.join(", ")}` : "IVS off",
      config.recording.enabled && config.ivsEnabled ? "recording" : undefined,
      config.logging.enabled && config.ivsEnabled
        ? `logging (${config.logging.retentionDays} days)`
        : undefined,
      config.mediaconvert ? "mediaconvert" : undefined,
    ].filter(Boolean);
    return { environment: name, regions: config.regions, summary: parts.join(", ") };
  });
  if (options.json)
    io.stdout.write(`${JSON.stringify({ manifest: file, valid: true, environments: summaries }, null, 2)}\n`);
  else {
    io.stdout.write(`${shown} is valid.\n`);
    for (const s of summaries) io.stdout.write(`  ${s.environment}: ${s.summary}\n`);
  }
  return EXIT_OK;
}
