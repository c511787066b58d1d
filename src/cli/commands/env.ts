import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { dotenvEntries, formatDotenv, updateDotenv } from "../../engine/env-vars.js";
import { renderEnvJson } from "../../output/json.js";
import { syncSteps } from "../../resources/index.js";
import { loadEnvironment, selectRegions } from "../config.js";
import { type CliIO, EXIT_ERROR, EXIT_OK } from "../io.js";
import type { AwsCommandOptions } from "../options.js";
import { runStepsCommand } from "../run-steps.js";

/**
 * `yolo env <env>`: read the account (the recording steps in dry-run: zero writes) and print
 * the app's variables as dotenv, as JSON, or into a dotenv file (only those keys change).
 */
export async function envCommand(
  io: CliIO,
  environment: string,
  options: AwsCommandOptions & { write?: string },
): Promise<number> {
  const config = await loadEnvironment(options.manifest, environment, io.cwd);
  const regions = selectRegions(config, options.region);
  const result = await runStepsCommand(
    {
      command: "env",
      config,
      regions,
      steps: syncSteps("sync:recording"),
      options: { ...options, progress: false },
      dryRun: true,
    },
    io,
  );
  const entries = dotenvEntries(regions, result.env);
  for (const error of result.errors) io.stderr.write(`${error.region}  ${error.step}: ${error.message}\n`);

  if (options.write) {
    const file = resolve(io.cwd, options.write);
    let existing: string | undefined;
    try {
      existing = readFileSync(file, "utf8");
    } catch {
      existing = undefined;
    }
    writeFileSync(file, updateDotenv(existing, entries));
    if (!options.json) io.stderr.write(`Wrote ${entries.length} variables to ${file}.\n`);
  }
  if (options.json)
    io.stdout.write(`${renderEnvJson({ environment, account: result.account, regions, env: result.env })}\n`);
  else if (!options.write) io.stdout.write(formatDotenv(entries));
  if (!config.recording.enabled || !config.ivsEnabled)
    io.stderr.write(
      `Recording is not enabled for ${environment} (aws.ivs.recording.real_time): there are no recording variables.\n`,
    );
  return result.errors.length > 0 ? EXIT_ERROR : EXIT_OK;
}
