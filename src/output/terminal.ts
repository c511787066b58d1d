/** How output looks on this terminal: the one decision about colour and progress. */

export type ProgressMode = "live" | "plain" | "none";

export interface OutputMode {
  /** ANSI colour in the results on stdout. */
  color: boolean;
  /** ANSI colour in the progress on stderr (live mode only ever uses it). */
  progressColor: boolean;
  /** live: redrawn in place on a terminal; plain: one line per finished step; none. */
  progress: ProgressMode;
}

export interface TerminalFacts {
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** `--no-progress` */
  noProgress: boolean;
  /** `--json` */
  json: boolean;
}

/**
 * Colour only on a terminal, never with `NO_COLOR` set (to any value) or with `--json`; progress
 * live on a terminal stderr, plain when piped or in CI (`CI` set), none with `--no-progress`.
 * A `TERM=dumb` terminal cannot redraw or colour, so it is treated as piped.
 */
export function detectOutputMode(facts: TerminalFacts): OutputMode {
  const { env } = facts;
  const dumb = env.TERM === "dumb";
  const colourAllowed = env.NO_COLOR === undefined && !dumb && !facts.json;
  const inCi = env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0";
  let progress: ProgressMode = "plain";
  if (facts.noProgress) progress = "none";
  else if (facts.stderrIsTTY && !inCi && !dumb) progress = "live";
  return {
    color: colourAllowed && facts.stdoutIsTTY,
    progressColor: colourAllowed && facts.stderrIsTTY && progress === "live",
    progress,
  };
}
