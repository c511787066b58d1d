import { describe, expect, it } from "vitest";
import type { AwsClients } from "../../src/aws/clients.js";
import { silentProgress } from "../../src/engine/progress.js";
import type { StepId } from "../../src/engine/result.js";
import { GLOBAL, runSteps } from "../../src/engine/runner.js";
import type { ResourceStep, RunContext } from "../../src/engine/step.js";
import { StepError } from "../../src/errors/yolo-error.js";
import { environmentConfig } from "../helpers/manifests.js";

const config = environmentConfig({
  mediaconvert: true,
  regions: ["us-east-1", "eu-west-1"],
  logging: { enabled: true },
  recording: { enabled: true },
});

function context(steps: ResourceStep<any>[], concurrency = 8): RunContext {
  return {
    config,
    account: "000000000000",
    clients: {} as AwsClients,
    dryRun: false,
    concurrency,
    stepsInRun: new Set(steps.map((s) => s.id)),
    options: {},
    warn: () => {},
  };
}

/** A step that records when its read and plan ran, and can fail in one region. */
function step(
  id: StepId,
  events: string[],
  options: { dependsOn?: StepId[]; failIn?: string; scope?: "region" | "global" } = {},
) {
  const s: ResourceStep<string> = {
    id,
    description: `Sync IVS ${id.replace(/-/g, " ")}`,
    scope: options.scope ?? "region",
    dependsOn: options.dependsOn ?? [],
    gate: () => ({ enabled: true }),
    async read(ctx) {
      events.push(`read ${id}@${ctx.region}`);
      await new Promise((r) => setTimeout(r, 5));
      return "live";
    },
    plan(ctx) {
      events.push(`apply ${id}@${ctx.region}`);
      if (options.failIn === ctx.region) throw new StepError(`boom in ${ctx.region}`);
      return {
        status: "CREATED",
        resource: `${id}-${ctx.region}`,
        changes: [],
        outputs: { seen: ctx.outputsOf("mediaconvert-role")?.roleArn as string },
        actions: [],
      };
    },
  };
  return s;
}

describe("runSteps", () => {
  it("starts every step's read at once, before any apply, when running concurrently", async () => {
    const events: string[] = [];
    const steps = [
      step("recording-bucket", events),
      step("storage-configuration", events, { dependsOn: ["recording-bucket"] }),
    ];
    await runSteps(steps, ["us-east-1", "eu-west-1"], context(steps), silentProgress);
    const firstApply = events.findIndex((e) => e.startsWith("apply"));
    expect(events.slice(0, firstApply).filter((e) => e.startsWith("read"))).toHaveLength(4);
  });

  it("applies a step only after its dependency in the same region", async () => {
    const events: string[] = [];
    const steps = [
      step("storage-configuration", events, { dependsOn: ["recording-bucket"] }),
      step("recording-bucket", events),
    ];
    await runSteps(steps, ["us-east-1"], context(steps), silentProgress);
    expect(events.indexOf("apply recording-bucket@us-east-1")).toBeLessThan(
      events.indexOf("apply storage-configuration@us-east-1"),
    );
  });

  it("keeps a failure inside its region and marks dependants not attempted", async () => {
    const events: string[] = [];
    const steps = [
      step("recording-bucket", events, { failIn: "eu-west-1" }),
      step("storage-configuration", events, { dependsOn: ["recording-bucket"] }),
      step("log-group", events),
    ];
    const run = await runSteps(steps, ["us-east-1", "eu-west-1"], context(steps), silentProgress);
    const [bucket, storage, logs] = run.steps;
    expect(bucket.status).toBe("FAILED");
    expect(bucket.regions["us-east-1"].status).toBe("CREATED");
    expect(bucket.regions["eu-west-1"].error).toBe("boom in eu-west-1");
    expect(storage.regions["eu-west-1"]).toMatchObject({
      status: "FAILED",
      reason: "not attempted: recording bucket failed",
    });
    expect(storage.regions["us-east-1"].status).toBe("CREATED");
    expect(logs.regions["eu-west-1"].status).toBe("CREATED");
    expect(events).not.toContain("apply storage-configuration@eu-west-1");
    expect(run.errors.map((e) => `${e.region} ${e.step}`)).toEqual([
      "eu-west-1 recording-bucket",
      "eu-west-1 storage-configuration",
    ]);
  });

  it("runs a global step once under the region key `global` and hands its outputs to regional steps", async () => {
    const events: string[] = [];
    const role: ResourceStep<string> = {
      ...step("mediaconvert-role", events, { scope: "global" }),
      plan: () => ({
        status: "CREATED",
        changes: [],
        outputs: { roleArn: "arn:aws:iam::000000000000:role/r" },
        actions: [],
      }),
    };
    const steps = [role, step("recording-bucket", events, { dependsOn: ["mediaconvert-role"] })];
    const run = await runSteps(steps, ["us-east-1", "eu-west-1"], context(steps), silentProgress);
    expect(Object.keys(run.steps[0].regions)).toEqual([GLOBAL]);
    expect(run.outputs["eu-west-1"]["recording-bucket"]?.seen).toBe("arn:aws:iam::000000000000:role/r");
  });

  it("with concurrency 1 runs each read and apply one after another, region by region", async () => {
    const events: string[] = [];
    const steps = [step("recording-bucket", events), step("log-group", events)];
    await runSteps(steps, ["us-east-1", "eu-west-1"], context(steps, 1), silentProgress);
    expect(events).toEqual([
      "read recording-bucket@us-east-1",
      "apply recording-bucket@us-east-1",
      "read log-group@us-east-1",
      "apply log-group@us-east-1",
      "read recording-bucket@eu-west-1",
      "apply recording-bucket@eu-west-1",
      "read log-group@eu-west-1",
      "apply log-group@eu-west-1",
    ]);
  });

  it("skips a gated-off step with its reason and calls nothing", async () => {
    const events: string[] = [];
    const gated: ResourceStep<string> = {
      ...step("log-group", events),
      gate: () => ({ enabled: false, reason: "logging disabled" }),
    };
    const run = await runSteps([gated], ["us-east-1"], context([gated]), silentProgress);
    expect(run.steps[0].regions["us-east-1"]).toMatchObject({
      status: "SKIPPED",
      reason: "logging disabled",
    });
    expect(events).toEqual([]);
  });
});

describe("concurrent reads inside a step", () => {
  it("all finish before a failed step is reported, so no request outlives the run", async () => {
    let finished = 0;
    const slowRead = () => new Promise<void>((resolve) => setTimeout(() => resolve(void finished++), 30));
    const failing: ResourceStep<unknown> = {
      id: "recording-bucket",
      description: "Sync recording bucket",
      scope: "region",
      dependsOn: [],
      gate: () => ({ enabled: true }),
      read: (ctx) =>
        ctx.all([
          async () => {
            throw new StepError("NoSuchBucket");
          },
          slowRead,
          slowRead,
        ] as const),
      plan: () => ({ status: "SYNCED", changes: [], actions: [] }),
    };
    const run = await runSteps([failing], ["us-east-1"], context([failing]), silentProgress);
    expect(run.steps[0].status).toBe("FAILED");
    expect(finished).toBe(2);
  });
});

describe("runSteps and Ctrl-C (RunContext.signal)", () => {
  it("cuts the write in flight, starts nothing after it, and marks what did not finish as interrupted", async () => {
    const controller = new AbortController();
    const sent: string[] = [];
    const s3 = {
      send(command: { constructor: { name: string } }, options?: { abortSignal?: AbortSignal }) {
        sent.push(command.constructor.name);
        controller.abort();
        return new Promise((_resolve, reject) => {
          const signal = options?.abortSignal;
          if (signal?.aborted) reject(Object.assign(new Error("Request aborted"), { name: "AbortError" }));
          signal?.addEventListener("abort", () =>
            reject(Object.assign(new Error("Request aborted"), { name: "AbortError" })),
          );
        });
      },
    };
    const writing = (id: StepId, dependsOn: StepId[] = []): ResourceStep<string> => ({
      id,
      description: `Sync IVS ${id}`,
      scope: "region",
      dependsOn,
      gate: () => ({ enabled: true }),
      resourceName: () => `${id}-name`,
      read: async () => "live",
      plan: () => ({
        status: "CREATED",
        changes: [],
        actions: [{ service: "s3", operation: "PutBucketTagging", input: { Bucket: "b" } }],
      }),
    });
    const nothingToDo: ResourceStep<string> = {
      ...writing("log-group"),
      read: () => new Promise((r) => setTimeout(() => r("live"), 20)),
      plan: () => ({ status: "SYNCED", changes: [], actions: [] }),
    };
    const steps = [
      writing("recording-bucket"),
      writing("storage-configuration", ["recording-bucket"]),
      nothingToDo,
    ];
    const run = await runSteps(
      steps,
      ["us-east-1"],
      {
        ...context(steps),
        clients: { s3: async () => s3 } as unknown as AwsClients,
        signal: controller.signal,
      },
      silentProgress,
    );
    const region = (id: StepId) => run.steps.find((s) => s.id === id)?.regions["us-east-1"];
    expect(sent).toEqual(["PutBucketTaggingCommand"]);
    expect(region("recording-bucket")).toMatchObject({
      status: "FAILED",
      interrupted: true,
      resource: "recording-bucket-name",
      error: "interrupted during PutBucketTagging (AWS may or may not have carried it out)",
    });
    expect(region("storage-configuration")).toMatchObject({
      status: "FAILED",
      interrupted: true,
      error: "interrupted before it started: nothing changed",
    });
    // A read that shows nothing to do is the truth, interrupted or not.
    expect(region("log-group")).toMatchObject({ status: "SYNCED" });
    expect(region("log-group")?.interrupted).toBeUndefined();
    // The interruption is told once, by the CLI, not once per stopped row.
    expect(run.errors).toEqual([]);
  });
});
