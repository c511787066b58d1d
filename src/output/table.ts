/**
 * A plain text table in yolo's shape: one header row, columns padded to their widest cell,
 * separated by spaces. Cells may carry ANSI colour; widths count only visible characters.
 */
import { pad, paint, visibleWidth } from "./ansi.js";

export interface Column {
  header: string;
  align?: "left" | "right";
}

export interface TableOptions {
  color: boolean;
  /** Spaces between columns. */
  gap?: number;
  /** Text before every line. */
  indent?: string;
}

/** The lines of the table (header first), without trailing spaces. */
export function renderTable(columns: Column[], rows: string[][], options: TableOptions): string[] {
  const gap = " ".repeat(options.gap ?? 2);
  const indent = options.indent ?? "";
  const widths = columns.map((column, i) =>
    Math.max(visibleWidth(column.header), ...rows.map((row) => visibleWidth(row[i] ?? ""))),
  );
  const line = (cells: string[]) =>
    (indent + cells.map((cell, i) => pad(cell, widths[i], columns[i].align ?? "left")).join(gap)).replace(
      /\s+$/,
      "",
    );
  const header = line(columns.map((column) => column.header));
  return [paint("bold", header, options.color), ...rows.map(line)];
}

/** The widest visible line. */
export function tableWidth(lines: string[]): number {
  return Math.max(0, ...lines.map(visibleWidth));
}
