/** A check whose read AWS refused or failed: it fails, and says what to look at. */
import { describeAwsError } from "../aws-semantics/errors.js";
import type { RegionCheckContext, VerifyCheck } from "./types.js";

/** The verdict of a check that could not read what it needs (permissions, throttling, an outage). */
export function readFailure(
  ctx: RegionCheckContext,
  error: unknown,
): Pick<VerifyCheck, "ok" | "detail" | "fix"> {
  return {
    ok: false,
    detail: `could not check: ${describeAwsError(error)}`,
    fix: `make sure these credentials may read it (\`yolo iam:policy ${ctx.config.environment}\` prints the permissions verify needs), then run \`yolo verify ${ctx.config.environment}\` again`,
  };
}
