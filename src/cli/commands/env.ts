import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { allEnvKeys, dotenvEntries, formatDotenv, updateDotenv } from "../../engine/env-vars.js";
import type { RunResult } from "../../engine/result.js";
import { UserError } from "../../errors/yolo-error.js";
import { IVS_REALTIME_REGIONS } from "../../manifest/regions.js";
import { renderEnvJson } from "../../output/json.js";
import { commandLine, rerunArgs } from "../../output/rerun.js";
import { syncSteps } from "../../resources/sync-steps.js";
import { loadEnvironment, selectRegions } from "../config.js";
import { type CliIO, EXIT_ERROR, EXIT_OK, EXIT_PENDING } from "../io.js";
import type { AwsCommandOptions } from "../options.js";
import { runStepsCommand } from "../run-steps.js";

const WHAT: Record<string, string> = {
  "recording-bucket": "recording bucket",
  "storage-configuration": "storage configuration",
  "encoder-configuration": "encoder configuration",
};

/**
 * What the user should know about the values: resources that do not exist yet (their keys are
 * left out) and configurations a sync would replace (the ARN printed is the one in use today).
 */
function valueNotes(result: RunResult, syncHint: string): string[] {
  const notes: string[] = [];
  for (const step of result.steps) {
    for (const [region, r] of Object.entries(step.regions)) {
      if (r.status === "WOULD_CREATE")
        notes.push(`${region}: the ${WHAT[step.id]} does not exist yet; run \`${syncHint}\`.`);
      else if (r.status === "WOULD_REPLACE")
        notes.push(
          `${region}: the ${WHAT[step.id]} differs from the manifest; \`${syncHint}\` replaces it and its ARN changes.`,
        );
    }
  }
  return notes;
}

/**
 * `yolo env <env>`: read the account (the recording steps in dry-run: zero writes) and print
 * the app's variables as dotenv, as JSON, or into a dotenv file (only yolo's keys change).
 * With `--dry-run` (or `--check`, which exits 2 when it would change) `--write` writes no file.
 */
export async function envCommand(
  io: CliIO,
  environment: string,
  options: AwsCommandOptions & { write?: string },
): Promise<number> {
  const config = await loadEnvironment(options.manifest, environment, io.cwd);
  if (options.write && options.region?.length)
    throw new UserError(
      "--write describes every IVS region of the environment in the file; leave out --region (or print one region without --write).",
    );
  const regions = selectRegions(config, options.region);
  const result = await runStepsCommand(
    {
      command: "env",
      config,
      regions,
      steps: syncSteps("sync:recording"),
      options: { ...options, progress: false },
      dryRun: true,
      currentEnv: true,
    },
    io,
  );
  const entries = dotenvEntries(regions, result.env);
  for (const note of result.notes ?? []) io.stderr.write(`${note}\n`);
  for (const error of result.errors) io.stderr.write(`${error.region}  ${error.step}: ${error.message}\n`);
  const syncHint = commandLine("sync:recording", environment, rerunArgs(options, io.cwd));
  for (const note of valueNotes(result, syncHint)) io.stderr.write(`${note}\n`);

  let fileWouldChange = false;
  if (options.write) {
    const file = resolve(io.cwd, options.write);
    let existing: string | undefined;
    try {
      existing = readFileSync(file, "utf8");
    } catch {
      existing = undefined;
    }
    // Keys of resources that no longer exist (or regions no longer listed) are taken out.
    const updated = updateDotenv(existing, entries, allEnvKeys(IVS_REALTIME_REGIONS));
    fileWouldChange = updated !== existing;
    if (options.dryRun || options.check) {
      // --dry-run writes nothing, not even the dotenv file.
      if (!options.json)
        io.stderr.write(
          fileWouldChange
            ? `Dry run: ${file} would be updated (${entries.length} variables); nothing was written.\n`
            : `${file} is up to date (${entries.length} variables); nothing was written.\n`,
        );
    } else if (result.errors.length > 0) {
      // A value missing because its read failed is not a resource gone: its key must stay.
      io.stderr.write(`A read failed, so ${file} was left as it was; nothing was written.\n`);
    } else {
      writeFileSync(file, updated);
      if (!options.json) io.stderr.write(`Wrote ${entries.length} variables to ${file}.\n`);
    }
  }
  if (options.json)
    io.stdout.write(`${renderEnvJson({ environment, account: result.account, regions, env: result.env })}\n`);
  else if (!options.write) io.stdout.write(formatDotenv(entries));
  if (!config.recording.enabled || !config.ivsEnabled)
    io.stderr.write(
      `Recording is not enabled for ${environment} (aws.ivs.recording.real_time): there are no recording variables.\n`,
    );
  if (result.errors.length > 0) return EXIT_ERROR;
  return options.check && fileWouldChange ? EXIT_PENDING : EXIT_OK;
}
