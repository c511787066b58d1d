/**
 * PutTargets answers HTTP 200 even when an entry fails (AWS-FACTS §4.2): the target step must
 * treat FailedEntryCount > 0 as an error. The real emulator never fails yolo's own entry, so a
 * stub client stands in for the one call.
 */
import { PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { describe, expect, it } from "vitest";
import type { AwsClients } from "../../src/aws/clients.js";
import { silentProgress } from "../../src/engine/progress.js";
import { runSteps } from "../../src/engine/runner.js";
import type { RunContext } from "../../src/engine/step.js";
import { eventBridgeTargetStep } from "../../src/resources/eventbridge-target.js";
import { environmentConfig } from "../helpers/manifests.js";

const config = environmentConfig({ logging: { enabled: true } });

describe("the EventBridge target step", () => {
  it("fails with the entry's error when PutTargets reports FailedEntryCount", async () => {
    const sent: unknown[] = [];
    const events = {
      send: async (command: unknown) => {
        sent.push(command);
        if (command instanceof PutTargetsCommand)
          return {
            FailedEntryCount: 1,
            FailedEntries: [
              {
                TargetId: "ivs-cloudwatch-logs",
                ErrorCode: "ValidationException",
                ErrorMessage: "bad target",
              },
            ],
          };
        return { Targets: [] };
      },
    };
    const run: RunContext = {
      config,
      account: "000000000000",
      clients: { events: async () => events } as unknown as AwsClients,
      dryRun: false,
      concurrency: 8,
      stepsInRun: new Set(["eventbridge-target"]),
      options: {},
      warn: () => {},
    };
    const result = await runSteps([eventBridgeTargetStep], ["us-east-1"], run, silentProgress);
    const region = result.steps[0].regions["us-east-1"];
    expect(region.status).toBe("FAILED");
    expect(region.error).toContain("ValidationException: bad target");
    const put = sent.find((c) => c instanceof PutTargetsCommand) as PutTargetsCommand;
    expect(put.input.Targets).toEqual([
      {
        Id: "ivs-cloudwatch-logs",
        Arn: "arn:aws:logs:us-east-1:000000000000:log-group:/aws/ivs/yolo-production-acme-live",
      },
    ]);
  });
});
