/**
 * Helpers for the tests that look at what a terminal shows: why a pseudo-terminal test cannot
 * run here, shell quoting for `script -c`, and a small screen model of the bytes a run wrote.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

/**
 * Why the built CLI cannot be run in a pseudo-terminal on this machine (no dist/, or no
 * `script` from util-linux), warned once under `testFile`'s name; undefined when it can.
 */
export function pseudoTerminalSkipReason(testFile: string): string | undefined {
  const reason = !existsSync(join(root, "dist", "cli.js"))
    ? "dist/cli.js is missing: run `npm run build` (npm test does it first)"
    : spawnSync("script", ["--version"], { encoding: "utf8" }).status !== 0
      ? "`script` (util-linux) is not installed, so no pseudo-terminal can be opened"
      : undefined;
  if (reason) console.warn(`${testFile} skipped: ${reason}.`);
  return reason;
}

/** `text` as one word for a POSIX shell. */
export const shellQuote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

/**
 * The rows a terminal shows after these bytes, for the sequences the live view uses: cursor up,
 * carriage return, clear line; colours change no character. Any other sequence throws when
 * `strict` (the live view must not use it), and is passed over otherwise.
 */
export function terminalScreen(bytes: string, { strict = false } = {}): string[] {
  const screen: string[] = [""];
  let row = 0;
  let col = 0;
  for (const [token, count, command] of bytes.matchAll(/\x1b\[\??([\d;]*)([A-Za-z])|\r|\n|[^\x1b\r\n]/gu)) {
    if (command === "A") row = Math.max(0, row - Number(count || 1));
    else if (command === "K") screen[row] = "";
    else if (command === "m" || (command && !strict)) continue;
    else if (command) throw new Error(`unexpected escape sequence ${JSON.stringify(token)}`);
    else if (token === "\r") col = 0;
    else if (token === "\n") {
      row++;
      col = 0;
      screen[row] ??= "";
    } else {
      const line = screen[row].padEnd(col);
      screen[row] = line.slice(0, col) + token + line.slice(col + 1);
      col++;
    }
  }
  return screen;
}
