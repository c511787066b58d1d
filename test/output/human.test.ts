import { describe, expect, it } from "vitest";
import type { RegionResult, RunResult, StepResult } from "../../src/engine/result.js";
import type { Status } from "../../src/engine/status.js";
import { stripAnsi } from "../../src/output/ansi.js";
import { renderHuman } from "../../src/output/human.js";

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const ANSI = /\x1b\[/;

const region = (status: Status, extra: Partial<RegionResult> = {}): RegionResult => ({
  status,
  changes: [],
  elapsedMs: 200,
  ...extra,
});

function step(
  id: StepResult["id"],
  description: string,
  status: Status,
  regions: Record<string, RegionResult>,
  elapsedMs = 1200,
): StepResult {
  return { id, description, status, elapsedMs, regions };
}

function everywhere(status: Status): Record<string, RegionResult> {
  return Object.fromEntries(REGIONS.map((name) => [name, region(status)]));
}

function result(overrides: Partial<RunResult> = {}): RunResult {
  return {
    command: "sync",
    environment: "production",
    account: "123456789012",
    dryRun: false,
    local: false,
    regions: REGIONS,
    status: "CREATED",
    elapsedMs: 2900,
    steps: [
      step("mediaconvert-role", "Sync MediaConvert role", "CREATED", { global: region("CREATED") }, 400),
      step("recording-bucket", "Sync IVS realtime recording bucket", "CREATED", {
        "us-east-1": region("CREATED"),
        "eu-west-1": region("SYNCED", {
          changes: [{ attribute: "objectOwnership", from: "ObjectWriter", to: "BucketOwnerPreferred" }],
        }),
        "ap-northeast-1": region("SYNCED"),
      }),
      step("log-group", "Sync IVS CloudWatch log group", "CREATED", everywhere("CREATED"), 300),
    ],
    env: {
      "us-east-1": {
        AWS_IVS_REALTIME_RECORDINGS_BUCKET: "yolo-production-acme-live-ivs-recordings-us-east-1",
      },
      "eu-west-1": {
        AWS_IVS_REALTIME_RECORDINGS_BUCKET: "yolo-production-acme-live-ivs-recordings-eu-west-1",
      },
    },
    warnings: [],
    errors: [],
    ...overrides,
  };
}

function tableRow(text: string, description: string): string[] {
  const line = text.split("\n").find((l) => l.includes(description));
  expect(line, `a table row for ${description}`).toBeDefined();
  return line!.trim().split(/\s{2,}/);
}

describe("renderHuman: the table", () => {
  it("has a column per region, the merged status, and the global step under the first region", () => {
    const text = renderHuman(result(), { color: false });
    const header = text.split("\n")[0];
    expect(header.trim().split(/\s{2,}/)).toEqual([
      "#",
      "Step",
      "Status",
      "us-east-1",
      "eu-west-1",
      "ap-northeast-1",
      "Elapsed",
    ]);
    expect(tableRow(text, "Sync MediaConvert role")).toEqual([
      "1",
      "Sync MediaConvert role",
      "CREATED",
      "global: CREATED",
      "0.4s",
    ]);
    expect(tableRow(text, "Sync IVS realtime recording bucket")).toEqual([
      "2",
      "Sync IVS realtime recording bucket",
      "CREATED",
      "CREATED",
      "SYNCED",
      "SYNCED",
      "1.2s",
    ]);
    // Each region's status sits under its own header.
    const lines = text.split("\n");
    const bucketLine = lines.find((l) => l.includes("recording bucket"))!;
    expect(bucketLine.indexOf("SYNCED")).toBe(header.indexOf("eu-west-1"));
  });

  it("writes statuses in yolo's words, with a space", () => {
    const dry = result({
      dryRun: true,
      status: "WOULD_SYNC",
      steps: [
        step("log-group", "Sync IVS CloudWatch log group", "WOULD_SYNC", {
          ...everywhere("SYNCED"),
          "us-east-1": region("WOULD_SYNC"),
        }),
      ],
    });
    const text = renderHuman(dry, { color: false });
    expect(tableRow(text, "Sync IVS CloudWatch log group").slice(2, 4)).toEqual(["WOULD SYNC", "WOULD SYNC"]);
    expect(text).not.toContain("WOULD_SYNC");
  });

  it("shows one region per line when the table is wider than the terminal", () => {
    const text = renderHuman(result(), { color: false, width: 60 });
    expect(text).toMatch(/^\s+eu-west-1\s+SYNCED$/m);
    expect(text).toMatch(/^\s+global\s+CREATED$/m);
    for (const line of text.split("\n").slice(0, 12)) expect(line.length).toBeLessThanOrEqual(60);
  });
});

describe("renderHuman: colour", () => {
  it("has no ANSI at all when colour is off", () => {
    const failing = result({
      errors: [{ region: "eu-west-1", step: "log-group", message: "boom" }],
      warnings: [{ message: "careful" }],
    });
    expect(renderHuman(failing, { color: false })).not.toMatch(ANSI);
  });

  it("colours statuses when on: green CREATED, yellow WOULD SYNC, red FAILED, dim SKIPPED", () => {
    const mixed = result({
      dryRun: true,
      steps: [
        step("recording-bucket", "Sync IVS realtime recording bucket", "FAILED", {
          "us-east-1": region("WOULD_SYNC"),
          "eu-west-1": region("FAILED", { error: "boom" }),
          "ap-northeast-1": region("SKIPPED"),
        }),
        step("log-group", "Sync IVS CloudWatch log group", "CREATED", everywhere("CREATED")),
      ],
    });
    const text = renderHuman(mixed, { color: true });
    expect(text).toContain("\x1b[32mCREATED\x1b[39m");
    expect(text).toContain("\x1b[33mWOULD SYNC\x1b[39m");
    expect(text).toContain("\x1b[31mFAILED\x1b[39m");
    expect(text).toContain("\x1b[2mSKIPPED\x1b[22m");
    // Colour never moves the columns.
    expect(stripAnsi(text)).toBe(renderHuman(mixed, { color: false }));
  });
});

describe("renderHuman: changes, messages, env and the closing line", () => {
  it("says a tag that is not there is absent, as every other change does", () => {
    const text = renderHuman(
      result({
        steps: [
          step("log-group", "Sync IVS CloudWatch log group", "SYNCED", {
            "us-east-1": region("SYNCED", {
              changes: [{ attribute: "tags", from: { "yolo:app": null }, to: { "yolo:app": "acme-live" } }],
            }),
          }),
        ],
      }),
      { color: false },
    );
    expect(text).toMatch(/^ {2}us-east-1 {2}log group {2}tags: yolo:app absent → yolo:app=acme-live$/m);
  });

  it("lists changes with region, step and before → after", () => {
    const text = renderHuman(result(), { color: false });
    expect(text).toContain("Changes:");
    expect(text).toMatch(
      /^ {2}eu-west-1 {2}recording bucket {2}object ownership: ObjectWriter → BucketOwnerPreferred$/m,
    );
  });

  it("summarises a bucket policy change by statement Sid, not the whole JSON", () => {
    const before = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "CompositeWrite-abc",
          Effect: "Allow",
          Principal: { Service: "ivs-composite.eu-west-1.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::b/*",
        },
        {
          Sid: "MediaConvertRead",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:role/r" },
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::b/*",
        },
      ],
    };
    const after = {
      Version: "2012-10-17",
      Statement: [
        // Same meaning, other spelling: not a change.
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:*"],
          Resource: ["arn:aws:s3:::b/*", "arn:aws:s3:::b"],
          Condition: { Bool: { "aws:SecureTransport": false } },
        },
        {
          Sid: "CompositeWrite-abc",
          Effect: "Allow",
          Principal: { Service: "ivs-composite.eu-west-1.amazonaws.com" },
          Action: ["s3:PutObject", "s3:PutObjectAcl"],
          Resource: "arn:aws:s3:::b/*",
        },
        {
          Sid: "IVSRealtimeRecording",
          Effect: "Allow",
          Principal: { Service: "ivs-composite.eu-west-1.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::b/*",
        },
      ],
    };
    const dry = result({
      dryRun: true,
      steps: [
        step("recording-bucket", "Sync IVS realtime recording bucket", "WOULD_SYNC", {
          ...everywhere("SYNCED"),
          "eu-west-1": region("WOULD_SYNC", {
            changes: [{ attribute: "policy", from: JSON.stringify(before), to: JSON.stringify(after) }],
          }),
        }),
      ],
    });
    const text = renderHuman(dry, { color: false });
    expect(text).toContain("Pending changes:");
    expect(text).toContain("policy statement IVSRealtimeRecording: absent → present");
    expect(text).toContain("policy statement MediaConvertRead: present → absent");
    expect(text).toContain("policy statement CompositeWrite-abc: changed (Action)");
    expect(text).not.toContain("DenyInsecureTransport");
    expect(text).not.toContain('"Statement"');
  });

  it("cuts long values instead of printing them whole", () => {
    const long = "x".repeat(500);
    const text = renderHuman(
      result({
        steps: [
          step("eventbridge-rule", "Sync IVS EventBridge rule", "SYNCED", {
            ...everywhere("SYNCED"),
            "us-east-1": region("SYNCED", {
              changes: [{ attribute: "description", from: long, to: "YOLO managed IVS state change events" }],
            }),
          }),
        ],
      }),
      { color: false },
    );
    const line = text.split("\n").find((l) => l.includes("description:"))!;
    expect(line).toContain("…");
    expect(line.length).toBeLessThan(200);
    expect(line).toContain("→ YOLO managed IVS state change events");
  });

  it("lists warnings and errors with their region and step", () => {
    const text = renderHuman(
      result({
        status: "FAILED",
        warnings: [
          {
            region: "eu-west-1",
            step: "recording-bucket",
            message: "MediaConvertRead left out: run yolo sync:iam production",
          },
        ],
        errors: [
          {
            region: "ap-northeast-1",
            step: "log-group",
            message: "LimitExceededException: too many (HTTP 400)",
          },
        ],
      }),
      { color: false },
    );
    const warnings = text.indexOf("Warnings:");
    const errors = text.indexOf("Errors:");
    expect(warnings).toBeGreaterThan(text.indexOf("Sync IVS CloudWatch log group"));
    expect(errors).toBeGreaterThan(warnings);
    expect(text).toMatch(
      /^ {2}eu-west-1 {2}recording bucket {2}MediaConvertRead left out: run yolo sync:iam production$/m,
    );
    expect(text).toMatch(
      /^ {2}ap-northeast-1 {2}log group {2}LimitExceededException: too many \(HTTP 400\)$/m,
    );
  });

  it("prints the environment variables as dotenv lines with the hint", () => {
    const text = renderHuman(result(), { color: false });
    expect(text).toContain(
      "Environment variables (yolo env production --write .env.production writes them):",
    );
    expect(text).toContain(
      "  AWS_IVS_REGIONS=us-east-1,eu-west-1,ap-northeast-1\n  AWS_IVS_REGION=us-east-1\n",
    );
    expect(text).toContain(
      "  AWS_IVS_REALTIME_RECORDINGS_BUCKET_EU_WEST_1=yolo-production-acme-live-ivs-recordings-eu-west-1\n",
    );
    expect(text).not.toContain("AP_NORTHEAST_1");
  });

  it("ends with the sync summary line", () => {
    const text = renderHuman(result(), { color: false });
    expect(text.endsWith("Synced production in 2.9s: 5 created, 1 changed, 0 failed.\n")).toBe(true);
  });

  it("counts replaced configurations beside created and changed ones", () => {
    const replacing = result({
      status: "REPLACED",
      steps: [
        step("encoder-configuration", "Sync IVS encoder configuration", "REPLACED", everywhere("REPLACED")),
      ],
    });
    expect(renderHuman(replacing, { color: false })).toMatch(
      /Synced production in 2\.9s: 0 created, 0 changed, 3 replaced, 0 failed\.\n$/,
    );
  });

  it("counts failures and says the sync failed", () => {
    const failing = result({
      status: "FAILED",
      steps: [
        step("log-group", "Sync IVS CloudWatch log group", "FAILED", {
          ...everywhere("CREATED"),
          "eu-west-1": region("FAILED", { error: "boom" }),
        }),
      ],
      errors: [{ region: "eu-west-1", step: "log-group", message: "boom" }],
    });
    expect(renderHuman(failing, { color: false })).toMatch(
      /Sync of production failed in 2\.9s: 2 created, 0 changed, 1 failed\.\n$/,
    );
  });

  it("tells a dry-run that nothing changed and how to apply", () => {
    const dry = result({
      dryRun: true,
      steps: [step("log-group", "Sync IVS CloudWatch log group", "WOULD_CREATE", everywhere("WOULD_CREATE"))],
      env: {},
    });
    const text = renderHuman(dry, { color: false });
    expect(text.trimEnd().split("\n").at(-1)).toBe(
      "Dry run: nothing was changed. Run `yolo sync production` to apply (`--check` exits 2 here).",
    );
    expect(text).not.toContain("Environment variables");
  });

  it("says clearly when it ran against the local emulator", () => {
    const text = renderHuman(result({ local: true, account: "000000000000" }), { color: false });
    expect(text).toMatch(/Synced production on the local emulator in 2\.9s/);
    expect(text).toContain("yolo env production --local --write .env.production");
  });

  it("uses destroy's words: deleted and retained", () => {
    const destroyed = result({
      command: "destroy",
      status: "DELETED",
      steps: [
        step("recording-bucket", "Destroy IVS realtime recording bucket", "DELETED", {
          "us-east-1": region("DELETED"),
          "eu-west-1": region("RETAINED", {
            reason: "holds 3 recordings; pass --delete-recordings to delete them",
          }),
          "ap-northeast-1": region("DELETED"),
        }),
      ],
      env: {},
    });
    const text = renderHuman(destroyed, { color: false });
    expect(text).toMatch(/eu-west-1 {2}recording bucket {2}RETAINED: holds 3 recordings/);
    expect(text.trimEnd().split("\n").at(-1)).toBe(
      "Destroyed production in 2.9s: 2 deleted, 1 retained, 0 failed.",
    );
  });
});

describe("renderHuman: destroy", () => {
  const destroyResult = (dryRun: boolean, steps: StepResult[]) =>
    result({ command: "destroy", dryRun, status: dryRun ? "WOULD_DELETE" : "SKIPPED", steps, env: {} });

  it("a plan lists the pending deletions: region, step and the resource's name", () => {
    const plan = destroyResult(true, [
      step("recording-bucket", "Destroy IVS realtime recording bucket", "WOULD_DELETE", {
        "us-east-1": region("WOULD_DELETE", {
          resource: "yolo-production-acme-live-ivs-recordings-us-east-1",
        }),
        "eu-west-1": region("RETAINED", {
          resource: "yolo-production-acme-live-ivs-recordings-eu-west-1",
          reason: "holds 3 objects; --delete-recordings empties and deletes it",
        }),
        "ap-northeast-1": region("SKIPPED", { reason: "nothing to delete" }),
      }),
      step("mediaconvert-role", "Destroy MediaConvert role", "WOULD_DELETE", {
        global: region("WOULD_DELETE", { resource: "yolo-production-acme-live-mediaconvert-role" }),
      }),
    ]);
    const text = renderHuman(plan, { color: false });
    const section = text.slice(text.indexOf("Pending deletions:")).split("\n\n")[0].split("\n");
    expect(section).toEqual([
      "Pending deletions:",
      "  us-east-1  recording bucket   yolo-production-acme-live-ivs-recordings-us-east-1",
      "  global     MediaConvert role  yolo-production-acme-live-mediaconvert-role",
    ]);
  });

  it("a destroy that found nothing prints one line, after the notes that say more than 'nothing to delete'", () => {
    const nothing = (role: RegionResult) =>
      destroyResult(false, [
        step("log-group", "Destroy IVS CloudWatch log group", "SKIPPED", {
          "us-east-1": region("SKIPPED", { reason: "nothing to delete" }),
          "eu-west-1": region("SKIPPED", { reason: "nothing to delete" }),
        }),
        step("mediaconvert-role", "Destroy MediaConvert role", "SKIPPED", { global: role }),
      ]);
    expect(renderHuman(nothing(region("SKIPPED", { reason: "nothing to delete" })), { color: false })).toBe(
      "Nothing left to destroy for production.\n",
    );
    const limited = renderHuman(
      nothing(
        region("SKIPPED", {
          reason: "global: not limited by --region; run `yolo destroy:iam production` to remove the role",
        }),
      ),
      { color: false },
    );
    expect(limited).toBe(
      "Notes:\n  global  MediaConvert role  SKIPPED: global: not limited by --region; run `yolo destroy:iam production` to remove the role\n\nNothing left to destroy for production.\n",
    );
  });
});
