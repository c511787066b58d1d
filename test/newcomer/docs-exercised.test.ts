/**
 * Every command the docs show a user is a real command, and every command is run by some test or
 * by the demo: documentation cannot describe a command nobody exercises.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { silentIO } from "../helpers/cli.js";

const root = join(import.meta.dirname, "..", "..");
const commands = buildProgram(silentIO(), () => {})
  .commands.map((c) => c.name())
  .filter((name) => name !== "help");

function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(ending))
    .map((entry) => join(entry.parentPath, entry.name));
}

const docs = [join(root, "README.md"), ...filesUnder(join(root, "docs"), ".md")];

/** The commands the docs show to run: `yolo <cmd> …` in inline code, or at a line start in code blocks. */
function shownCommands(markdown: string): string[] {
  const found: string[] = [];
  for (const span of markdown.matchAll(/`(?:npx |\$ )?yolo ([a-z](?:[a-z:-]*[a-z])?)/g)) found.push(span[1]);
  for (const block of markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm))
    for (const line of block[1].matchAll(
      /^\s*(?:\$ |- run: |run: )?(?:npx )?yolo ([a-z](?:[a-z:-]*[a-z])?)/gm,
    ))
      found.push(line[1]);
  return found;
}
const documented = new Set(docs.flatMap((file) => shownCommands(readFileSync(file, "utf8"))));
const testText = [...filesUnder(join(root, "test"), ".ts"), join(root, "scripts", "demo.mjs")]
  .filter((file) => !file.endsWith("docs-exercised.test.ts"))
  .map((file) => readFileSync(file, "utf8"))
  .join("\n");

describe("the commands the docs show", () => {
  it("are all commands yolo has", () => {
    expect(documented.size).toBeGreaterThan(5);
    const unknown = [...documented].filter((word) => !commands.includes(word) && word !== "help");
    expect(unknown).toEqual([]);
  });

  it("are each run by a test or by the demo", () => {
    const unexercised = commands.filter(
      (name) => !testText.includes(`"${name}"`) && !testText.includes(`'${name}'`),
    );
    expect(unexercised).toEqual([]);
  });
});
