import { rerunArgs } from "../../output/rerun.js";
import { renderVerifyHuman, renderVerifyJson } from "../../verify/render.js";
import { verifyEnvironment } from "../../verify/run.js";
import { withRerunArgs } from "../../verify/types.js";
import { loadEnvironment, selectRegions } from "../config.js";
import { type CliIO, EXIT_ERROR, EXIT_OK } from "../io.js";
import type { AwsCommandOptions } from "../options.js";
import { outputModeFor } from "../run-steps.js";
import { openSession } from "../session.js";

/**
 * `yolo verify <env>`: read-only checks that recordings can land and IVS events can reach the
 * logs in every selected region. Exit 1 when any check fails, each with a fix.
 */
export async function verifyCommand(
  io: CliIO,
  environment: string,
  options: AwsCommandOptions,
): Promise<number> {
  const config = await loadEnvironment(options.manifest, environment, io.cwd);
  const regions = selectRegions(config, options.region);
  const mode = outputModeFor(options, io);
  const session = await openSession({
    config,
    profile: options.profile,
    local: Boolean(options.local),
    env: io.env,
  });
  try {
    for (const note of session.notes) io.stderr.write(`${note}\n`);
    const report = withRerunArgs(
      await verifyEnvironment({
        config,
        account: session.account,
        regions,
        clients: session.clients,
        concurrency: options.concurrency ?? 8,
      }),
      rerunArgs(options, io.cwd),
    );
    io.stdout.write(
      options.json ? `${renderVerifyJson(report)}\n` : renderVerifyHuman(report, { color: mode.color }),
    );
    return report.ok ? EXIT_OK : EXIT_ERROR;
  } finally {
    await session.close();
  }
}
