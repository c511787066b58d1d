/** ANSI colour and width helpers shared by the human renderers (no dependency, no globals). */
import type { Status } from "../engine/status.js";

export type Colour = "green" | "yellow" | "red" | "dim" | "bold" | "cyan";

const CODES: Record<Colour, [number, number]> = {
  green: [32, 39],
  yellow: [33, 39],
  red: [31, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

/** `text` wrapped in the colour's SGR codes when `enabled`, else unchanged. */
export function paint(colour: Colour, text: string, enabled: boolean): string {
  if (!enabled || text === "") return text;
  const [open, close] = CODES[colour];
  return `\x1b[${open}m${text}\x1b[${close}m`;
}

/** The colour a status is shown in (SPEC §6 / UX.md). */
export function statusColour(status: Status): Colour | undefined {
  switch (status) {
    case "CREATED":
    case "REPLACED":
    case "SYNCED":
    case "DELETED":
      return "green";
    case "WOULD_CREATE":
    case "WOULD_REPLACE":
    case "WOULD_SYNC":
    case "WOULD_DELETE":
    case "ORPHANED":
    case "RETAINED":
      return "yellow";
    case "FAILED":
      return "red";
    case "SKIPPED":
      return "dim";
  }
}

/** `text` in the status's colour when `enabled`. */
export function paintStatus(status: Status, text: string, enabled: boolean): string {
  const colour = statusColour(status);
  return colour ? paint(colour, text, enabled) : text;
}

const ANSI_SEQUENCE = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** The text without ANSI escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_SEQUENCE, "");
}

/** How many terminal columns the text takes (ANSI codes take none). */
export function visibleWidth(text: string): number {
  return [...stripAnsi(text)].length;
}

/** `text` padded with spaces to `width` visible columns, on the right or the left. */
export function pad(text: string, width: number, align: "left" | "right" = "left"): string {
  const fill = " ".repeat(Math.max(0, width - visibleWidth(text)));
  return align === "left" ? text + fill : fill + text;
}

/** Plain text cut to `width` columns, ending in `…` when it was cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return chars.slice(0, width).join("");
  return `${chars.slice(0, width - 1).join("")}…`;
}

/** A duration as people read it: `0.4s`, `2.9s`, `1m 05s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
}
