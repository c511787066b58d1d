/**
 * Progress on stderr while a command works: a per-region view redrawn in place on a terminal,
 * one plain line per finished step and region when piped or in CI, or nothing.
 */
import type { ProgressReporter } from "../engine/progress.js";
import type { RegionResult, StepId } from "../engine/result.js";
import { isPending, type Status, statusLabel } from "../engine/status.js";
import { formatDuration, pad, paint, paintStatus, truncate } from "./ansi.js";
import type { ProgressMode } from "./terminal.js";

export interface ProgressOptions {
  mode: ProgressMode;
  stream: NodeJS.WritableStream & { columns?: number; rows?: number };
  color: boolean;
}

type RunInfo = Parameters<ProgressReporter["begin"]>[0];

/** The reporter for the chosen mode. */
export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  switch (options.mode) {
    case "live":
      return new LiveProgress(options.stream, options.color);
    case "plain":
      return new PlainProgress(options.stream);
    case "none":
      return { begin() {}, stepStarted() {}, stepActivity() {}, stepFinished() {}, end() {} };
  }
}

/** `yolo sync production · account 123456789012 · 3 regions` (+ `· local emulator`, `· dry run`). */
export function progressTitle(info: RunInfo): string {
  const parts = [`yolo ${info.command} ${info.environment}`, `account ${info.account}`];
  parts.push(`${info.regions.length} region${info.regions.length === 1 ? "" : "s"}`);
  if (info.local) parts.push("local emulator");
  if (info.dryRun) parts.push("dry run");
  return parts.join(" · ");
}

/** A step's description without yolo's leading verb ("IVS realtime recording bucket"). */
function progressLabel(description: string): string {
  return description.replace(/^Sync /, "");
}

/** A finished row's status for people: `INTERRUPTED` for a step Ctrl-C stopped (FAILED in JSON). */
function rowStatus(result: RegionResult): string {
  return result.interrupted ? "INTERRUPTED" : statusLabel(result.status);
}

/** What follows a status: the error when failed, else the reason (skipped, retained, adopted). */
function detail(result: RegionResult): string {
  const text = result.status === "FAILED" ? (result.error ?? result.reason) : result.reason;
  return text ? text.replace(/\s*\n\s*/g, " ") : "";
}

/** One line per finished step and region, no ANSI: readable in CI logs and pipes. */
class PlainProgress implements ProgressReporter {
  constructor(private readonly stream: NodeJS.WritableStream) {}

  begin(info: RunInfo): void {
    this.stream.write(`${progressTitle(info)}\n`);
  }

  stepStarted(): void {}

  stepActivity(): void {}

  stepFinished(_step: StepId, description: string, region: string, result: RegionResult): void {
    const more = detail(result);
    this.stream.write(
      `[${region}] ${description}: ${rowStatus(result)} (${formatDuration(result.elapsedMs)})${more ? ` — ${more}` : ""}\n`,
    );
  }

  end(): void {}
}

/**
 * The mark of a finished row: ✖ failed, ~ a change still pending (a dry run's WOULD_*, a
 * leftover left ORPHANED: nothing was done), ✔ done or nothing to do.
 */
export function finishedMark(status: Status): string {
  if (status === "FAILED") return "✖";
  return isPending(status) ? "~" : "✔";
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
/** At most one redraw per this many milliseconds. */
const REDRAW_MS = 80;
const CURSOR_UP = (n: number) => `\x1b[${n}A`;
const CLEAR_LINE = "\r\x1b[2K";

interface Row {
  step: StepId;
  label: string;
  region: string;
  activity?: string;
  result?: RegionResult;
}

/**
 * The live view: one row per (step, region), a spinner while it runs and its mark
 * ({@link finishedMark}) with the status when done. Rows are redrawn in place by a timer (unref'd, stopped by `end()`); when the rows
 * would not fit on the screen, finished ones are printed for good above the redrawn area.
 */
class LiveProgress implements ProgressReporter {
  private readonly rows = new Map<string, Row>();
  private readonly committed = new Set<string>();
  private readonly stepOrder: StepId[] = [];
  private regionOrder: string[] = [];
  private drawnLines = 0;
  private frame = 0;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private ended = false;
  /** Ctrl-C: no redraw until `end()`, which shows the view once, as the run ended. */
  private frozen = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { columns?: number; rows?: number },
    private readonly color: boolean,
  ) {}

  begin(info: RunInfo): void {
    if (this.ended) return;
    this.regionOrder = ["global", ...info.regions];
    this.stream.write(`${paint("bold", progressTitle(info), this.color)}\n`);
    this.startTimer();
  }

  stepStarted(step: StepId, description: string, region: string, activity?: string): void {
    const row = this.row(step, description, region);
    if (activity !== undefined) row.activity = activity;
    this.changed();
  }

  stepActivity(step: StepId, region: string, activity: string): void {
    const row = this.rows.get(`${step}@${region}`);
    if (!row || row.result) return;
    row.activity = activity;
    this.changed();
  }

  stepFinished(step: StepId, description: string, region: string, result: RegionResult): void {
    this.row(step, description, region).result = result;
    this.changed();
  }

  interrupted(): void {
    this.frozen = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.draw(true);
  }

  private row(step: StepId, description: string, region: string): Row {
    const key = `${step}@${region}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { step, label: progressLabel(description), region };
      this.rows.set(key, row);
      if (!this.stepOrder.includes(step)) this.stepOrder.push(step);
      if (!this.regionOrder.includes(region)) this.regionOrder.push(region);
    }
    return row;
  }

  private changed(): void {
    if (this.ended) return;
    this.dirty = true;
    this.startTimer();
  }

  private startTimer(): void {
    if (this.timer || this.ended || this.frozen) return;
    this.timer = setInterval(() => this.tick(), REDRAW_MS);
    // Progress must never keep the process alive.
    this.timer.unref?.();
  }

  private tick(): void {
    this.frame = (this.frame + 1) % SPINNER.length;
    const running = [...this.rows.entries()].some(([key, row]) => !row.result && !this.committed.has(key));
    if (this.dirty || running) this.draw(false);
  }

  /** Rows in a stable order: by step (as first seen), then by region (as in the manifest). */
  private sortedRows(): [string, Row][] {
    return [...this.rows.entries()]
      .filter(([key]) => !this.committed.has(key))
      .sort(
        ([, a], [, b]) =>
          this.stepOrder.indexOf(a.step) - this.stepOrder.indexOf(b.step) ||
          this.regionOrder.indexOf(a.region) - this.regionOrder.indexOf(b.region),
      );
  }

  private draw(final: boolean): void {
    this.dirty = false;
    let rows = this.sortedRows();
    const permanent: string[] = [];
    const maxLive = this.stream.rows ? Math.max(3, this.stream.rows - 2) : Number.POSITIVE_INFINITY;

    if (final || rows.length > maxLive) {
      // Finished rows leave the redrawn area and are printed once, for good.
      for (const [key, row] of rows) {
        if (!row.result && !final) continue;
        permanent.push(this.renderRow(row));
        this.committed.add(key);
      }
      rows = rows.filter(([key]) => !this.committed.has(key));
    }
    const live = rows.map(([, row]) => this.renderRow(row));
    if (live.length > maxLive) {
      const hidden = live.length - (maxLive - 1);
      live.splice(maxLive - 1, live.length, paint("dim", `  … and ${hidden} more running`, this.color));
    }

    const lines = [...permanent, ...live];
    let out = this.drawnLines > 0 ? CURSOR_UP(this.drawnLines) : "";
    for (const line of lines) out += `${CLEAR_LINE}${line}\n`;
    // Clear what is left of a taller previous drawing, then come back up.
    const leftover = this.drawnLines - lines.length;
    if (leftover > 0) out += `${`${CLEAR_LINE}\n`.repeat(leftover)}${CURSOR_UP(leftover)}`;
    this.drawnLines = live.length;
    if (out !== "") this.stream.write(out);
  }

  private renderRow(row: Row): string {
    const labelWidth = Math.max(...[...this.rows.values()].map((r) => r.label.length));
    const regionWidth = Math.max(...this.regionOrder.map((region) => region.length));
    const result = row.result;
    const icon = !result ? SPINNER[this.frame] : finishedMark(result.status);
    const prefix = `  ${icon} ${pad(row.label, labelWidth)}  ${pad(row.region, regionWidth)}  `;
    let text = result ? rowStatus(result) : (row.activity ?? "working…");
    const more = result ? detail(result) : "";
    if (more && (result?.status === "FAILED" || result?.status === "RETAINED")) text += ` — ${more}`;
    const columns = this.stream.columns;
    if (columns) text = truncate(text, Math.max(1, columns - 1 - prefix.length));
    if (!this.color) return prefix + text;

    const paintedIcon = !result ? paint("cyan", icon, true) : paintStatus(result.status, icon, true);
    const paintedText = result ? paintStatus(result.status, text, true) : paint("dim", text, true);
    return `  ${paintedIcon}${prefix.slice(2 + icon.length)}${paintedText}`;
  }
}
