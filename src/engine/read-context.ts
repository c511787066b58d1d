/**
 * A StepContext for reading only, outside a run (`yolo verify`): the same clients, account and
 * concurrency a run has, no outputs of other steps, nothing failed, no progress, dry-run. A
 * resource's `read` needs nothing more, so verify reads through it instead of keeping copies.
 */
import type { AwsClients } from "../aws/clients.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import { runAll } from "./concurrency.js";
import type { StepId } from "./result.js";
import type { StepContext } from "./step.js";

export interface ReadOnlyInput {
  config: EnvironmentConfig;
  account: string;
  clients: AwsClients;
  /** 1 runs each read's calls one at a time. */
  concurrency: number;
}

export function readOnlyStepContext(input: ReadOnlyInput, region: string, stepId: StepId): StepContext {
  const sequential = input.concurrency <= 1;
  return {
    config: input.config,
    account: input.account,
    clients: input.clients,
    dryRun: true,
    concurrency: input.concurrency,
    stepsInRun: new Set<StepId>(),
    options: {},
    warn: () => {},
    region,
    stepId,
    outputsOf: () => undefined,
    failed: () => false,
    activity: () => {},
    once: (_key, read) => read(),
    all: (thunks) => runAll(thunks, sequential),
  };
}
