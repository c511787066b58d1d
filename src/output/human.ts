/**
 * What a person sees on stdout after a sync or destroy: yolo's table with one column per region,
 * the changes, notes, warnings and errors, the environment variables, and one closing line.
 * Rendered from the same RunResult as the JSON output.
 */
import { dotenvEntries, formatDotenv, hasEnvValues } from "../engine/env-vars.js";
import { NOTHING_TO_DELETE } from "../engine/plan.js";
import type { RegionResult, RunMessage, RunResult, StepResult } from "../engine/result.js";
import { isPending, type Status, statusLabel } from "../engine/status.js";
import { formatDuration, pad, paint, paintStatus, visibleWidth } from "./ansi.js";
import { type ChangeLine, describeChange, describeCreated, describeDeleted } from "./changes.js";
import { commandLine, rerunArgsOf } from "./rerun.js";
import { type Column, renderTable, tableWidth } from "./table.js";

/** The region key of the global (IAM) step. */
const GLOBAL = "global";

export interface HumanOptions {
  color: boolean;
  /** Terminal columns: a table wider than this is shown one region per line instead. */
  width?: number;
  /**
   * `--verbose`: whole documents (policies, patterns) under their lines, values never cut, and
   * what a real run created or deleted listed too (a plan always lists it).
   */
  verbose?: boolean;
}

/** Short step names for the change, note and message lists ("recording bucket"). */
const STEP_LABELS: Record<string, string> = {
  "mediaconvert-role": "MediaConvert role",
  "recording-bucket": "recording bucket",
  "storage-configuration": "storage configuration",
  "encoder-configuration": "encoder configuration",
  "log-group": "log group",
  "eventbridge-rule": "EventBridge rule",
  "eventbridge-target": "EventBridge target",
};

/** A step id as a short name for people. */
export function stepLabel(step: string): string {
  return STEP_LABELS[step] ?? step.replace(/-/g, " ");
}

/** The whole human summary, ending in a newline. */
export function renderHuman(result: RunResult, options: HumanOptions): string {
  if (nothingLeftToDestroy(result)) return renderNothingLeft(result, options);
  const sections = [
    renderStepsTable(result, options),
    renderCreations(result, options),
    renderChanges(result, options),
    renderDeletions(result, options),
    renderNotes(result, options),
    renderMessages("Warnings:", result.warnings, "yellow", options),
    renderMessages("Errors:", result.errors, "red", options),
    renderEnvBlock(result, options),
    [closingLine(result, options)],
  ].filter((lines) => lines.length > 0);
  return `${sections.map((lines) => lines.join("\n")).join("\n\n")}\n`;
}

function statusCell(status: Status, color: boolean): string {
  return paintStatus(status, statusLabel(status), color);
}

/**
 * The region columns: the run's regions, then any region the manifest no longer lists where
 * sync found leftovers; just `global` when only the IAM step has any.
 */
function regionColumns(result: RunResult): string[] {
  const extra = [...new Set(result.steps.flatMap((step) => Object.keys(step.regions)))].filter(
    (region) => region !== GLOBAL && !result.regions.includes(region),
  );
  if (result.regions.length > 0 || extra.length > 0) return [...result.regions, ...extra.sort()];
  return result.steps.some((step) => step.regions[GLOBAL]) ? [GLOBAL] : [];
}

/** `# | Step | Status | one column per region | Elapsed`, or one region per line when too wide. */
export function renderStepsTable(result: RunResult, options: HumanOptions): string[] {
  if (result.steps.length === 0) return [];
  const regions = regionColumns(result);
  const columns: Column[] = [
    { header: "#", align: "right" },
    { header: "Step" },
    { header: "Status" },
    ...regions.map((region) => ({ header: region })),
    { header: "Elapsed", align: "right" },
  ];
  const rows = result.steps.map((step, i) => [
    String(i + 1),
    step.description,
    statusCell(step.status, options.color),
    ...regions.map((region, column) => regionCell(step, region, column, regions, options.color)),
    formatDuration(step.elapsedMs),
  ]);
  const lines = renderTable(columns, rows, { color: options.color, gap: 2, indent: " " });
  if (options.width === undefined || tableWidth(lines) <= options.width) return lines;
  return renderStepsList(result, options);
}

function regionCell(
  step: StepResult,
  region: string,
  column: number,
  regions: string[],
  color: boolean,
): string {
  const own = step.regions[region];
  if (own) return statusCell(own.status, color);
  // The global step has no region: its status goes under the first region column.
  const global = step.regions[GLOBAL];
  if (global && region !== GLOBAL && !regions.includes(GLOBAL)) {
    return column === 0 ? `${GLOBAL}: ${statusCell(global.status, color)}` : "";
  }
  // The step did not run in this region (a region selected after the step ran elsewhere).
  return paint("dim", "-", color);
}

/** The narrow layout: each step, then one indented line per region. */
function renderStepsList(result: RunResult, options: HumanOptions): string[] {
  const rows: string[][] = [];
  result.steps.forEach((step, i) => {
    rows.push([
      String(i + 1),
      step.description,
      statusCell(step.status, options.color),
      formatDuration(step.elapsedMs),
    ]);
    for (const [region, regionResult] of Object.entries(step.regions)) {
      rows.push(["", `  ${region}`, statusCell(regionResult.status, options.color), ""]);
    }
  });
  const columns: Column[] = [
    { header: "#", align: "right" },
    { header: "Step" },
    { header: "Status" },
    { header: "Elapsed", align: "right" },
  ];
  return renderTable(columns, rows, { color: options.color, gap: 2, indent: " " });
}

interface ListRow {
  region: string;
  step: string;
  text: string;
}

/** `  region  step  text` lines, the first two columns aligned; continuation lines indented. */
function renderList(rows: ListRow[]): string[] {
  const regionWidth = Math.max(0, ...rows.map((row) => visibleWidth(row.region)));
  const stepWidth = Math.max(0, ...rows.map((row) => visibleWidth(row.step)));
  return rows.map((row) => {
    const cells: string[] = [];
    if (regionWidth > 0) cells.push(pad(row.region, regionWidth));
    if (stepWidth > 0) cells.push(pad(row.step, stepWidth));
    const lead = `  ${cells.map((cell) => `${cell}  `).join("")}`;
    const [first, ...more] = row.text.split("\n");
    return [lead + first, ...more.map((line) => " ".repeat(visibleWidth(lead)) + line)].join("\n");
  });
}

/** Statuses whose changes the list shows; creations and deletions are already told by the table. */
function listsChanges(status: Status): boolean {
  return !["CREATED", "WOULD_CREATE", "DELETED", "WOULD_DELETE", "ORPHANED", "SKIPPED"].includes(status);
}

function eachRegionResult(
  result: RunResult,
  visit: (step: StepResult, region: string, regionResult: RegionResult) => void,
) {
  for (const step of result.steps) {
    for (const [region, regionResult] of Object.entries(step.regions)) visit(step, region, regionResult);
  }
}

/** `attribute: text`, then its document (with `--verbose`), diff lines coloured. */
function changeLineText(line: ChangeLine, options: HumanOptions, indent = ""): string {
  const head = `${indent}${line.attribute}:${line.text === "" ? "" : ` ${line.text}`}`;
  const detail = (line.detail ?? []).map((text) => {
    const colour = text.startsWith("+ ") ? "green" : text.startsWith("- ") ? "red" : undefined;
    const shown = `${indent}    ${text}`;
    return colour ? paint(colour, shown, options.color) : shown;
  });
  return [head, ...detail].join("\n");
}

/** "Pending changes:" (dry-run) or "Changes:", attribute by attribute, before → after. */
export function renderChanges(result: RunResult, options: HumanOptions): string[] {
  const rows: ListRow[] = [];
  eachRegionResult(result, (step, region, regionResult) => {
    if (!listsChanges(regionResult.status)) return;
    for (const change of regionResult.changes) {
      for (const line of describeChange(change, { verbose: options.verbose }))
        rows.push({ region, step: stepLabel(step.id), text: changeLineText(line, options) });
    }
  });
  if (rows.length === 0) return [];
  return [paint("bold", result.dryRun ? "Pending changes:" : "Changes:", options.color), ...renderList(rows)];
}

/**
 * One row per resource a plan makes or removes: region, step and its name, then one indented line
 * per attribute — what `terraform plan` shows for a resource it will create or destroy.
 */
function resourceRows(
  result: RunResult,
  status: Status,
  describe: typeof describeCreated,
  options: HumanOptions,
): ListRow[] {
  const rows: ListRow[] = [];
  eachRegionResult(result, (step, region, regionResult) => {
    if (regionResult.status !== status) return;
    const lines = regionResult.changes.flatMap((change) =>
      describe(change, regionResult.resource, { verbose: options.verbose }),
    );
    const text = [regionResult.resource ?? "", ...lines.map((line) => changeLineText(line, options, "  "))];
    rows.push({ region, step: stepLabel(step.id), text: text.join("\n") });
  });
  return rows;
}

/**
 * "Would create:" of a plan (and "Created:" of a run with `--verbose`): each resource with the
 * attributes it will have — names, video, retention, policy statements by Sid, tags.
 */
export function renderCreations(result: RunResult, options: HumanOptions): string[] {
  if (!result.dryRun && !options.verbose) return [];
  const rows = resourceRows(result, result.dryRun ? "WOULD_CREATE" : "CREATED", describeCreated, options);
  if (rows.length === 0) return [];
  return [paint("bold", result.dryRun ? "Would create:" : "Created:", options.color), ...renderList(rows)];
}

/**
 * "Pending deletions:" of a destroy plan (and "Deleted:" of a run with `--verbose`): region, step
 * and the resource that would go, with what goes with it (policies, recordings).
 */
export function renderDeletions(result: RunResult, options: HumanOptions): string[] {
  if (!result.dryRun && !options.verbose) return [];
  const rows = resourceRows(result, result.dryRun ? "WOULD_DELETE" : "DELETED", describeDeleted, options);
  if (rows.length === 0) return [];
  return [
    paint("bold", result.dryRun ? "Pending deletions:" : "Deleted:", options.color),
    ...renderList(rows),
  ];
}

/** A destroy that found nothing of the app: every step of every region SKIPPED, nothing failed. */
function nothingLeftToDestroy(result: RunResult): boolean {
  if (!result.command.startsWith("destroy") || result.errors.length > 0) return false;
  let all = true;
  eachRegionResult(result, (_step, _region, regionResult) => {
    if (regionResult.status !== "SKIPPED") all = false;
  });
  return all;
}

/**
 * One line instead of a table of SKIPPED steps, after the notes that say more than "nothing to
 * delete" (a part switched off, the role left alone under --region) and any warnings.
 */
function renderNothingLeft(result: RunResult, options: HumanOptions): string {
  const [, part] = result.command.split(":");
  const where = result.local ? " on the local emulator" : "";
  const line = `Nothing left to destroy for ${result.environment}${part ? ` (${part})` : ""}${where}.`;
  const sections = [
    renderNotes(result, options, { facts: false, skipReason: NOTHING_TO_DELETE }),
    renderMessages("Warnings:", result.warnings, "yellow", options),
    [line],
  ].filter((lines) => lines.length > 0);
  return `${sections.map((lines) => lines.join("\n")).join("\n\n")}\n`;
}

/** Why a step was skipped, retained or adopted: one line per step, status and reason. */
function renderNotes(
  result: RunResult,
  options: HumanOptions,
  only: { facts: boolean; skipReason?: string } = { facts: true },
): string[] {
  const groups = new Map<string, { step: StepResult; status: Status; reason: string; regions: string[] }>();
  eachRegionResult(result, (step, region, regionResult) => {
    if (regionResult.status === "FAILED" || !regionResult.reason) return;
    if (regionResult.reason === only.skipReason) return;
    const key = `${step.id}\u0000${regionResult.status}\u0000${regionResult.reason}`;
    const group = groups.get(key) ?? {
      step,
      status: regionResult.status,
      reason: regionResult.reason,
      regions: [],
    };
    group.regions.push(region);
    groups.set(key, group);
  });
  const facts = only.facts ? (result.notes ?? []).map((note) => `  ${note}`) : [];
  if (groups.size === 0) return facts.length > 0 ? [paint("bold", "Notes:", options.color), ...facts] : [];
  const rows = [...groups.values()].map((group) => ({
    region:
      group.regions.length === Object.keys(group.step.regions).length && group.regions.length > 1
        ? "all regions"
        : group.regions.join(", "),
    step: stepLabel(group.step.id),
    text: `${paintStatus(group.status, statusLabel(group.status), options.color)}: ${group.reason}`,
  }));
  return [paint("bold", "Notes:", options.color), ...facts, ...renderList(rows)];
}

function renderMessages(
  title: string,
  messages: RunMessage[],
  colour: "yellow" | "red",
  options: HumanOptions,
): string[] {
  if (messages.length === 0) return [];
  const rows = messages.map((message) => ({
    region: message.region ?? "",
    step: message.step ? stepLabel(message.step) : "",
    text: message.message,
  }));
  return [paint(colour, title, options.color), ...renderList(rows)];
}

/** The dotenv lines, with how to write them; only when there is at least one value. */
export function renderEnvBlock(result: RunResult, _options: HumanOptions): string[] {
  if (!hasEnvValues(result.env)) return [];
  const entries = dotenvEntries(result.regions, result.env);
  const write = commandLine("env", result.environment, rerunArgsOf(result), [
    "--write",
    `.env.${result.environment}`,
  ]);
  const title = result.dryRun
    ? `Environment variables (existing values only; ${write} writes them):`
    : `Environment variables (${write} writes them):`;
  const lines = formatDotenv(entries).trimEnd().split("\n");
  return [title, ...lines.map((line) => `  ${line}`)];
}

function count(result: RunResult, predicate: (regionResult: RegionResult) => boolean): number {
  let n = 0;
  eachRegionResult(result, (_step, _region, regionResult) => {
    if (predicate(regionResult)) n++;
  });
  return n;
}

/** The one closing line: what happened, in numbers, and what to do next. */
export function closingLine(result: RunResult, options: HumanOptions): string {
  const [verb, part] = result.command.split(":");
  const where = result.local ? " on the local emulator" : "";
  const subject = part ? `${part} for ${result.environment}` : result.environment;
  const failed = count(result, (r) => r.status === "FAILED");
  const elapsed = formatDuration(result.elapsedMs);
  const rerun = commandLine(result.command, result.environment, rerunArgsOf(result));
  const failure = failed > 0 ? ` ${failed} failed (see Errors above).` : "";
  let line: string;

  const orphaned = count(result, (r) => r.status === "ORPHANED");
  const prune = commandLine(result.command, result.environment, rerunArgsOf(result), ["--prune"]);
  const leftovers =
    orphaned > 0
      ? ` ${orphaned} resource${orphaned === 1 ? "" : "s"} the manifest no longer asks for ${orphaned === 1 ? "is" : "are"} ORPHANED: \`${prune}\` deletes ${orphaned === 1 ? "it" : "them"}.`
      : "";
  const pruned = count(result, (r) => r.status === "DELETED");
  const deleted = pruned > 0 ? `, ${pruned} deleted` : "";
  const replacedCount = count(result, (r) => r.status === "REPLACED");
  const replaced = replacedCount > 0 ? `, ${replacedCount} replaced` : "";

  if (verb === "sync" && !result.dryRun) {
    const numbers = `${count(result, (r) => r.status === "CREATED")} created, ${count(result, (r) => r.status === "SYNCED" && r.changes.length > 0)} changed${replaced}${deleted}, ${failed} failed.${leftovers}`;
    line =
      failed > 0
        ? `Sync of ${subject} failed${where} in ${elapsed}: ${numbers}`
        : `Synced ${subject}${where} in ${elapsed}: ${numbers}`;
  } else if (verb === "sync") {
    const pending = count(result, (r) => isPending(r.status) && r.status !== "ORPHANED");
    line =
      pending > 0
        ? `Dry run${where}: nothing was changed. Run \`${rerun}\` to apply (\`--check\` exits 2 here).${leftovers}${failure}`
        : orphaned > 0
          ? `Dry run${where}: nothing was changed, and nothing the manifest asks for would change (\`--check\` exits 2 here).${leftovers}${failure}`
          : failed > 0
            ? `Dry run${where}: nothing was changed.${failure}`
            : `Dry run${where}: nothing was changed, and nothing would change.`;
  } else if (verb === "destroy" && !result.dryRun) {
    const numbers = `${count(result, (r) => r.status === "DELETED")} deleted, ${count(result, (r) => r.status === "RETAINED")} retained, ${failed} failed.`;
    line =
      failed > 0
        ? `Destroy of ${subject} failed${where} in ${elapsed}: ${numbers}`
        : `Destroyed ${subject}${where} in ${elapsed}: ${numbers}`;
  } else if (verb === "destroy") {
    const deleting = count(result, (r) => r.status === "WOULD_DELETE");
    const retained = count(result, (r) => r.status === "RETAINED");
    const kept = retained > 0 ? ` (${retained} would be retained)` : "";
    line =
      deleting > 0
        ? `Dry run${where}: nothing was deleted. Run \`${rerun}\` to delete ${deleting} resource${deleting === 1 ? "" : "s"}${kept}.${failure}`
        : failed > 0
          ? `Dry run${where}: nothing was deleted.${failure}`
          : `Dry run${where}: nothing was deleted, and there is nothing to delete${kept}.`;
  } else {
    line = `${result.command} ${result.environment}${where}: ${statusLabel(result.status)} in ${elapsed}.${failure}`;
  }
  const colour = failed > 0 ? "red" : undefined;
  return colour ? paint(colour, line, options.color) : line;
}
