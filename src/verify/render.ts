/** The two views of a verify report: one line per check for people, one JSON document for scripts. */
import { paint } from "../output/ansi.js";
import type { VerifyReport } from "./types.js";

/**
 * `✔ us-east-1  bucket policy lets IVS write recordings`, or for a failed check
 * `✖ eu-west-1  …: what was found — fix: what to do`; then a one-line summary.
 */
export function renderVerifyHuman(report: VerifyReport, options: { color: boolean }): string {
  const { color } = options;
  const width = Math.max(0, ...report.checks.map((check) => check.region.length));
  const lines = report.checks.map((check) => {
    const region = check.region.padEnd(width);
    if (check.ok) return `${paint("green", "✔", color)} ${region}  ${check.check}`;
    const fix = check.fix ? ` — fix: ${check.fix}` : "";
    return `${paint("red", "✖", color)} ${region}  ${check.check}: ${check.detail}${fix}`;
  });
  for (const skipped of report.skipped) lines.push(paint("dim", `- not checked (${skipped})`, color));
  const failed = report.checks.filter((check) => !check.ok).length;
  const total = report.checks.length;
  const where = `${report.environment} (account ${report.account}, ${report.regions.join(", ")})`;
  if (total === 0) lines.push(`Nothing to verify for ${where}.`);
  else if (failed === 0) lines.push(paint("green", `Verified ${where}: all ${total} checks passed.`, color));
  else lines.push(paint("red", `Verified ${where}: ${failed} of ${total} checks failed.`, color));
  return `${lines.join("\n")}\n`;
}

/** `{environment, account, regions, checks: [{region, id, check, ok, detail, fix}], skipped, ok}` */
export function renderVerifyJson(report: VerifyReport): string {
  return JSON.stringify(
    {
      environment: report.environment,
      account: report.account,
      regions: report.regions,
      checks: report.checks.map((check) => ({
        region: check.region,
        id: check.id,
        check: check.check,
        ok: check.ok,
        detail: check.detail,
        fix: check.fix ?? null,
      })),
      skipped: report.skipped,
      ok: report.ok,
    },
    null,
    2,
  );
}
