/**
 * How the engine reads AWS's answers to a plan's calls: retried while AWS is still settling,
 * stopped when an answer means "keep it", failed naming entries AWS refused inside a 200.
 */
import { describe, expect, it, vi } from "vitest";
import { type ExecuteContext, executePlan } from "../../src/engine/execute.js";
import type { Action, StepPlan } from "../../src/engine/plan.js";

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });
const invalidPrincipal = () => awsError("MalformedPolicy", "Invalid principal in policy");

function planOf(...actions: Action[]): StepPlan {
  return { status: "SYNCED", changes: [], actions };
}

const putPolicy: Action = {
  service: "s3",
  operation: "PutBucketPolicy",
  input: { Bucket: "b", Policy: "{}" },
  onError: [
    { when: { codes: ["MalformedPolicy"], message: "invalid principal" }, means: "retry", budgetMs: 60_000 },
  ],
};

function context(answer: (operation: string, attempt: number) => unknown, delays: number[] = []) {
  const calls: string[] = [];
  const ctx: ExecuteContext = {
    region: "eu-west-1",
    retry: { firstDelayMs: 1_000, maxDelayMs: 10_000, sleep: async (ms) => void delays.push(ms) },
    activity: () => {},
    describe: (m) => (typeof m === "string" ? m : m.text),
    call: async (_service, _region, operation) => {
      calls.push(operation);
      const value = answer(operation, calls.filter((c) => c === operation).length);
      if (value instanceof Error) throw value;
      return value;
    },
  };
  return { ctx, calls };
}

describe("executePlan", () => {
  it("retries an answer the plan marks as settling, with growing delays, until the call succeeds", async () => {
    const delays: number[] = [];
    const { ctx, calls } = context((_op, attempt) => (attempt < 4 ? invalidPrincipal() : {}), delays);
    await executePlan(planOf(putPolicy), ctx);
    expect(calls).toEqual(["PutBucketPolicy", "PutBucketPolicy", "PutBucketPolicy", "PutBucketPolicy"]);
    expect(delays).toEqual([1_000, 2_000, 4_000]);
  });

  it("does not retry an error the answer does not match (another MalformedPolicy)", async () => {
    const error = awsError("MalformedPolicy", "Policy has invalid action");
    const { ctx, calls } = context(() => error);
    await expect(executePlan(planOf(putPolicy), ctx)).rejects.toBe(error);
    expect(calls).toEqual(["PutBucketPolicy"]);
  });

  it("gives up once the retry budget is spent, with AWS's error", async () => {
    const { ctx, calls } = context(() => invalidPrincipal());
    const tight = { ...putPolicy, onError: [{ ...putPolicy.onError![0], budgetMs: 0 } as const] };
    await expect(executePlan(planOf(tight), ctx)).rejects.toThrow(/Invalid principal/);
    expect(calls).toEqual(["PutBucketPolicy"]);
  });

  it("once a retry's budget is spent, gives way to the next answer that matches, and says what it waits for", async () => {
    const conflict = () => Object.assign(awsError("ConflictException", "in use"), { $metadata: {} });
    const deletion: Action = {
      service: "ivs",
      operation: "DeleteStorageConfiguration",
      input: { arn: "arn" },
      onError: [
        { when: { codes: ["ConflictException"] }, means: "retry", budgetMs: 2_500, activity: "waiting…" },
        {
          when: { codes: ["ConflictException"] },
          means: "fail-after-the-rest",
          message: "stop it and re-run",
        },
      ],
    };
    const after: Action = { service: "s3", operation: "DeleteBucketPolicy", input: { Bucket: "b" } };
    const activities: string[] = [];
    const delays: number[] = [];
    const { ctx, calls } = context((op) => (op === "DeleteStorageConfiguration" ? conflict() : {}), delays);
    // The waits take the time they say, so the budget runs out.
    let clock = Date.now();
    const now = vi.spyOn(Date, "now").mockImplementation(() => clock);
    try {
      ctx.retry = {
        ...ctx.retry,
        sleep: async (ms) => {
          delays.push(ms);
          clock += ms;
        },
      };
      ctx.activity = (text) => activities.push(text);
      await expect(executePlan(planOf(deletion, after), ctx)).rejects.toThrow("stop it and re-run");
    } finally {
      now.mockRestore();
    }
    expect(delays).toEqual([1_000]);
    expect(activities).toEqual(["waiting…"]);
    expect(calls).toEqual(["DeleteStorageConfiguration", "DeleteStorageConfiguration", "DeleteBucketPolicy"]);
  });

  it("stops at an answer that means keep it, making no later call", async () => {
    const deleteBucket: Action = {
      service: "s3",
      operation: "DeleteBucket",
      input: { Bucket: "b" },
      onError: [{ when: { codes: ["BucketNotEmpty"] }, means: "retain", message: "objects arrived" }],
    };
    const after: Action = { service: "s3", operation: "DeleteBucketPolicy", input: { Bucket: "b" } };
    const { ctx, calls } = context((op) =>
      op === "DeleteBucket" ? awsError("BucketNotEmpty", "not empty") : {},
    );
    const executed = await executePlan(planOf(deleteBucket, after), ctx);
    expect(executed.retained).toBe("objects arrived");
    expect(calls).toEqual(["DeleteBucket"]);
  });

  it("fails naming the entries S3 refused inside a 200 answer", async () => {
    const deleteObjects: Action = {
      service: "s3",
      operation: "DeleteObjects",
      input: { Bucket: "b", Delete: { Objects: [{ Key: "a" }] } },
      failedEntriesOf: "objects of bucket b",
    };
    const { ctx } = context(() => ({
      Errors: [{ Key: "a", Code: "AccessDenied", Message: "Access Denied" }],
    }));
    await expect(executePlan(planOf(deleteObjects), ctx)).rejects.toThrow(
      "DeleteObjects failed for objects of bucket b: a: AccessDenied Access Denied",
    );
  });
});

describe("executePlan and Ctrl-C (ctx.signal)", () => {
  const write = (operation: string): Action => ({ service: "s3", operation, input: {} });

  it("starts no call once the signal is aborted, and says how far it got", async () => {
    const controller = new AbortController();
    const { ctx, calls } = context((operation) => {
      if (operation === "CreateBucket") controller.abort();
      return {};
    });
    const run = executePlan(
      planOf(write("CreateBucket"), write("PutBucketTagging"), write("PutBucketPolicy")),
      {
        ...ctx,
        signal: controller.signal,
      },
    );
    await expect(run).rejects.toMatchObject({
      name: "InterruptedError",
      message: "interrupted after 1 of 3 writes",
    });
    expect(calls).toEqual(["CreateBucket"]);
  });

  it("makes no call at all when interrupted before it starts", async () => {
    const controller = new AbortController();
    controller.abort();
    const { ctx, calls } = context(() => ({}));
    await expect(
      executePlan(planOf(write("CreateBucket")), { ...ctx, signal: controller.signal }),
    ).rejects.toThrow("interrupted before its first write: nothing changed");
    expect(calls).toEqual([]);
  });

  it("names the call that was in flight when the abort cut it", async () => {
    const controller = new AbortController();
    const { ctx } = context(() => {
      controller.abort();
      return Object.assign(new Error("Request aborted"), { name: "AbortError" });
    });
    await expect(
      executePlan(planOf(write("CreateBucket")), { ...ctx, signal: controller.signal }),
    ).rejects.toThrow("interrupted during CreateBucket (AWS may or may not have carried it out)");
  });

  it("ends a retry's wait at once, with AWS's error, and retries no more", async () => {
    const controller = new AbortController();
    const { ctx, calls } = context(() => invalidPrincipal());
    const waiting: ExecuteContext = {
      ...ctx,
      signal: controller.signal,
      retry: { ...ctx.retry, sleep: () => new Promise(() => controller.abort()) },
    };
    await expect(executePlan(planOf(putPolicy), waiting)).rejects.toThrow(
      /interrupted during PutBucketPolicy/,
    );
    expect(calls).toEqual(["PutBucketPolicy"]);
  });
});
