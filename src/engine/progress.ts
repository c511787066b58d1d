import type { RegionResult, StepId } from "./result.js";

/**
 * What the engine tells while it works. The engine never prints: the CLI passes a reporter
 * (live per-region view on a terminal, plain lines when piped, nothing with --no-progress).
 */
export interface ProgressReporter {
  /** The run begins: title line (command, environment, account, regions). */
  begin(info: {
    command: string;
    environment: string;
    account: string;
    regions: string[];
    local: boolean;
    dryRun: boolean;
  }): void;
  /** A step starts in a region (`global` for IAM), with a short activity text ("creating bucket…"). */
  stepStarted(step: StepId, description: string, region: string, activity?: string): void;
  /** The step's activity in a region changed. */
  stepActivity(step: StepId, region: string, activity: string): void;
  stepFinished(step: StepId, description: string, region: string, result: RegionResult): void;
  /**
   * Ctrl-C: the steps are being stopped. A live view stops redrawing until `end()`, which draws
   * it once more, as it ended.
   */
  interrupted?(): void;
  /** The run is over: stop redrawing, leave the terminal clean. */
  end(): void;
}

export const silentProgress: ProgressReporter = {
  begin() {},
  stepStarted() {},
  stepActivity() {},
  stepFinished() {},
  end() {},
};
