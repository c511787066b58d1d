import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RegionResult } from "../../src/engine/result.js";
import { stripAnsi } from "../../src/output/ansi.js";
import { createProgressReporter, progressTitle } from "../../src/output/progress.js";
import { terminalScreen } from "../helpers/terminal.js";

/** A stream that keeps what is written, shaped like a terminal when asked. */
function fakeStream(size: { columns?: number; rows?: number } = {}) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { columns?: number; rows?: number; isTTY?: boolean };
  Object.assign(stream, size);
  return { stream, text: () => chunks.join(""), writes: () => chunks.length };
}

/** What a terminal shows after these bytes; the live view may use no sequence the model does not know. */
function screenOf(bytes: string): string[] {
  const screen = terminalScreen(bytes, { strict: true });
  return screen.filter((line, i) => line !== "" || i < screen.length - 1);
}

const info = {
  command: "sync",
  environment: "production",
  account: "123456789012",
  regions: ["us-east-1", "eu-west-1", "ap-northeast-1"],
  local: false,
  dryRun: false,
};
const done = (status: RegionResult["status"], extra: Partial<RegionResult> = {}): RegionResult => ({
  status,
  changes: [],
  elapsedMs: 412,
  ...extra,
});

afterEach(() => {
  vi.useRealTimers();
});

describe("progressTitle", () => {
  it("names the command, environment, account and region count", () => {
    expect(progressTitle(info)).toBe("yolo sync production · account 123456789012 · 3 regions");
    expect(progressTitle({ ...info, regions: ["eu-west-1"], local: true, dryRun: true })).toBe(
      "yolo sync production · account 123456789012 · 1 region · local emulator · dry run",
    );
  });
});

describe("plain progress", () => {
  it("prints the title and one line per finished step and region, without ANSI", () => {
    const { stream, text } = fakeStream();
    const progress = createProgressReporter({ mode: "plain", stream, color: true });
    progress.begin(info);
    progress.stepStarted("mediaconvert-role", "Sync MediaConvert role", "global");
    progress.stepActivity("mediaconvert-role", "global", "creating role…");
    progress.stepFinished("mediaconvert-role", "Sync MediaConvert role", "global", done("CREATED"));
    progress.stepStarted("recording-bucket", "Sync IVS realtime recording bucket", "eu-west-1");
    progress.stepFinished(
      "recording-bucket",
      "Sync IVS realtime recording bucket",
      "eu-west-1",
      done("WOULD_SYNC"),
    );
    progress.stepFinished(
      "storage-configuration",
      "Sync IVS storage configuration",
      "eu-west-1",
      done("FAILED", { error: "not attempted: recording bucket failed" }),
    );
    progress.end();

    expect(text()).toBe(
      [
        "yolo sync production · account 123456789012 · 3 regions",
        "[global] Sync MediaConvert role: CREATED (0.4s)",
        "[eu-west-1] Sync IVS realtime recording bucket: WOULD SYNC (0.4s)",
        "[eu-west-1] Sync IVS storage configuration: FAILED (0.4s) — not attempted: recording bucket failed",
        "",
      ].join("\n"),
    );
  });

  it("names a step Ctrl-C stopped INTERRUPTED, with how far it got", () => {
    const { stream, text } = fakeStream();
    const progress = createProgressReporter({ mode: "plain", stream, color: false });
    progress.begin(info);
    progress.interrupted?.();
    progress.stepFinished(
      "log-group",
      "Sync IVS CloudWatch log group",
      "us-east-1",
      done("FAILED", { error: "interrupted after 1 of 3 writes", interrupted: true }),
    );
    progress.end();
    expect(text().split("\n")[1]).toBe(
      "[us-east-1] Sync IVS CloudWatch log group: INTERRUPTED (0.4s) — interrupted after 1 of 3 writes",
    );
  });
});

describe("no progress", () => {
  it("prints nothing at all", () => {
    const { stream, writes } = fakeStream();
    const progress = createProgressReporter({ mode: "none", stream, color: true });
    progress.begin(info);
    progress.stepStarted("log-group", "Sync IVS CloudWatch log group", "us-east-1");
    progress.stepFinished("log-group", "Sync IVS CloudWatch log group", "us-east-1", done("CREATED"));
    progress.end();
    expect(writes()).toBe(0);
  });
});

describe("live progress", () => {
  it("redraws rows in place with ANSI, spinner while running, ✔/✖ when done", () => {
    vi.useFakeTimers();
    const { stream, text } = fakeStream({ columns: 120, rows: 40 });
    const progress = createProgressReporter({ mode: "live", stream, color: false });
    progress.begin(info);
    progress.stepStarted("recording-bucket", "Sync IVS realtime recording bucket", "us-east-1");
    progress.stepStarted("recording-bucket", "Sync IVS realtime recording bucket", "eu-west-1");
    progress.stepActivity("recording-bucket", "eu-west-1", "creating bucket…");
    vi.advanceTimersByTime(80);
    const firstFrame = text();
    expect(firstFrame).toContain("creating bucket…");
    expect(firstFrame).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] IVS realtime recording bucket\s+us-east-1/);

    progress.stepFinished(
      "recording-bucket",
      "Sync IVS realtime recording bucket",
      "us-east-1",
      done("CREATED"),
    );
    progress.stepFinished(
      "recording-bucket",
      "Sync IVS realtime recording bucket",
      "eu-west-1",
      done("FAILED", { error: "AccessDenied" }),
    );
    vi.advanceTimersByTime(80);
    const redraw = text().slice(firstFrame.length);
    // Cursor up over the two rows drawn before, then each line cleared and written again.
    expect(redraw.startsWith("\x1b[2A")).toBe(true);
    expect(redraw).toContain("\x1b[2K");
    expect(stripAnsi(redraw)).toMatch(/✔ IVS realtime recording bucket\s+us-east-1\s+CREATED/);
    expect(stripAnsi(redraw)).toMatch(/✖ IVS realtime recording bucket\s+eu-west-1\s+FAILED — AccessDenied/);
    progress.end();
  });

  it("marks a change still pending (a dry run's WOULD_*, a leftover ORPHANED) with ~, not ✔", () => {
    vi.useFakeTimers();
    const { stream, text } = fakeStream({ columns: 120, rows: 40 });
    const progress = createProgressReporter({ mode: "live", stream, color: false });
    progress.begin({ ...info, dryRun: true });
    const rows: [string, RegionResult["status"]][] = [
      ["us-east-1", "WOULD_CREATE"],
      ["eu-west-1", "WOULD_SYNC"],
      ["ap-northeast-1", "SYNCED"],
      ["us-west-2", "ORPHANED"],
    ];
    for (const [region, status] of rows)
      progress.stepFinished("log-group", "Sync IVS CloudWatch log group", region, done(status));
    progress.stepFinished(
      "encoder-configuration",
      "Sync IVS encoder configuration",
      "us-east-1",
      done("WOULD_REPLACE"),
    );
    progress.stepFinished("mediaconvert-role", "Sync MediaConvert role", "global", done("SKIPPED"));
    progress.end();

    const screen = stripAnsi(text());
    expect(screen).toMatch(/ {2}~ IVS CloudWatch log group\s+us-east-1\s+WOULD CREATE/);
    expect(screen).toMatch(/ {2}~ IVS CloudWatch log group\s+eu-west-1\s+WOULD SYNC/);
    expect(screen).toMatch(/ {2}✔ IVS CloudWatch log group\s+ap-northeast-1\s+SYNCED/);
    expect(screen).toMatch(/ {2}~ IVS CloudWatch log group\s+us-west-2\s+ORPHANED/);
    expect(screen).toMatch(/ {2}~ IVS encoder configuration\s+us-east-1\s+WOULD REPLACE/);
    expect(screen).toMatch(/ {2}✔ MediaConvert role\s+global\s+SKIPPED/);
    expect(screen).not.toMatch(/✔ .*WOULD/);
  });

  it("on Ctrl-C stops redrawing, then draws the view once as it ended: stopped rows INTERRUPTED, ✖", () => {
    vi.useFakeTimers();
    const { stream, text } = fakeStream({ columns: 160, rows: 40 });
    const progress = createProgressReporter({ mode: "live", stream, color: false });
    progress.begin(info);
    progress.stepFinished(
      "recording-bucket",
      "Sync IVS realtime recording bucket",
      "us-east-1",
      done("CREATED"),
    );
    for (const region of ["us-east-1", "eu-west-1"])
      progress.stepStarted("storage-configuration", "Sync IVS storage configuration", region);
    vi.advanceTimersByTime(80);
    progress.interrupted?.();
    const before = text().length;
    const stopped = (error: string) => done("FAILED", { error, interrupted: true });
    progress.stepFinished(
      "storage-configuration",
      "Sync IVS storage configuration",
      "us-east-1",
      stopped("interrupted during CreateStorageConfiguration (AWS may or may not have carried it out)"),
    );
    progress.stepFinished(
      "storage-configuration",
      "Sync IVS storage configuration",
      "eu-west-1",
      stopped("interrupted before it started: nothing changed"),
    );
    vi.advanceTimersByTime(1000);
    expect(text().length, "no redraw between Ctrl-C and the end").toBe(before);
    expect(vi.getTimerCount()).toBe(0);
    progress.end();

    const screen = screenOf(text()).map((line) => line.trimEnd());
    expect(screen).toEqual([
      "yolo sync production · account 123456789012 · 3 regions",
      expect.stringMatching(/^ {2}✔ IVS realtime recording bucket\s+us-east-1\s+CREATED$/),
      expect.stringMatching(
        /^ {2}✖ IVS storage configuration\s+us-east-1\s+INTERRUPTED — interrupted during CreateStorageConfiguration \(AWS may or may not have carried it out\)$/,
      ),
      expect.stringMatching(
        /^ {2}✖ IVS storage configuration\s+eu-west-1\s+INTERRUPTED — interrupted before it started: nothing changed$/,
      ),
    ]);
  });

  it("leaves a clean screen: the title, then each row once, in step then region order", () => {
    vi.useFakeTimers();
    const { stream, text } = fakeStream({ columns: 120, rows: 40 });
    const progress = createProgressReporter({ mode: "live", stream, color: true });
    progress.begin(info);
    progress.stepStarted("mediaconvert-role", "Sync MediaConvert role", "global");
    for (const region of ["eu-west-1", "us-east-1", "ap-northeast-1"])
      progress.stepStarted("recording-bucket", "Sync IVS realtime recording bucket", region);
    vi.advanceTimersByTime(80);
    progress.stepFinished("mediaconvert-role", "Sync MediaConvert role", "global", done("CREATED"));
    progress.stepActivity("recording-bucket", "eu-west-1", "creating bucket…");
    vi.advanceTimersByTime(160);
    for (const region of ["ap-northeast-1", "us-east-1", "eu-west-1"]) {
      progress.stepFinished(
        "recording-bucket",
        "Sync IVS realtime recording bucket",
        region,
        done("CREATED"),
      );
      vi.advanceTimersByTime(80);
    }
    progress.end();

    const screen = screenOf(text()).map((line) => line.trimEnd());
    expect(screen).toHaveLength(5);
    expect(screen[0]).toBe("yolo sync production · account 123456789012 · 3 regions");
    expect(screen[1]).toMatch(/^ {2}✔ MediaConvert role\s+global\s+CREATED$/);
    expect(screen.slice(2).map((line) => line.split(/\s{2,}/)[2])).toEqual([
      "us-east-1",
      "eu-west-1",
      "ap-northeast-1",
    ]);
    for (const line of screen.slice(2))
      expect(line).toMatch(/^ {2}✔ IVS realtime recording bucket\s+\S+\s+CREATED$/);
  });

  it("stops its timer on end() and writes nothing afterwards", () => {
    vi.useFakeTimers();
    const { stream, text } = fakeStream({ columns: 100 });
    const progress = createProgressReporter({ mode: "live", stream, color: true });
    progress.begin(info);
    progress.stepStarted("log-group", "Sync IVS CloudWatch log group", "us-east-1");
    expect(vi.getTimerCount()).toBe(1);
    progress.stepFinished("log-group", "Sync IVS CloudWatch log group", "us-east-1", done("CREATED"));
    progress.end();
    expect(vi.getTimerCount()).toBe(0);
    // The final state is on screen after end(), even between two ticks.
    expect(stripAnsi(text())).toMatch(/✔ IVS CloudWatch log group\s+us-east-1\s+CREATED/);
    const length = text().length;
    progress.end();
    progress.stepFinished("log-group", "Sync IVS CloudWatch log group", "eu-west-1", done("CREATED"));
    vi.advanceTimersByTime(1000);
    expect(text().length).toBe(length);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("colours only when asked", () => {
    vi.useFakeTimers();
    const plain = fakeStream();
    const painted = fakeStream();
    for (const [{ stream }, color] of [
      [plain, false],
      [painted, true],
    ] as const) {
      const progress = createProgressReporter({ mode: "live", stream, color });
      progress.begin(info);
      progress.stepFinished("log-group", "Sync IVS CloudWatch log group", "us-east-1", done("CREATED"));
      progress.end();
    }
    expect(plain.text()).not.toMatch(/\x1b\[[0-9;]*m/);
    expect(painted.text()).toContain("\x1b[32mCREATED\x1b[39m");
  });

  it("prints finished rows for good when the rows would not fit on the screen", () => {
    vi.useFakeTimers();
    const { stream, text } = fakeStream({ columns: 100, rows: 6 });
    const progress = createProgressReporter({ mode: "live", stream, color: false });
    progress.begin({
      ...info,
      regions: ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1", "ap-northeast-1"],
    });
    for (const region of [
      "us-east-1",
      "us-west-2",
      "eu-west-1",
      "eu-central-1",
      "ap-south-1",
      "ap-northeast-1",
    ]) {
      progress.stepStarted("log-group", "Sync IVS CloudWatch log group", region);
    }
    for (const region of ["us-east-1", "us-west-2", "eu-west-1"]) {
      progress.stepFinished("log-group", "Sync IVS CloudWatch log group", region, done("SYNCED"));
    }
    vi.advanceTimersByTime(80);
    // Never moves the cursor higher than the screen holds.
    const ups = [...text().matchAll(/\x1b\[(\d+)A/g)].map((m) => Number(m[1]));
    for (const up of ups) expect(up).toBeLessThanOrEqual(4);
    progress.end();
    const final = stripAnsi(text());
    for (const region of ["us-east-1", "us-west-2", "eu-west-1"])
      expect(final).toMatch(new RegExp(`✔ IVS CloudWatch log group\\s+${region}\\s+SYNCED`));
    // Every row is on the screen exactly once.
    const screen = screenOf(text());
    expect(screen).toHaveLength(7);
    expect(new Set(screen).size).toBe(7);
  });
});
