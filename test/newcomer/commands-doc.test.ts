import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../src/cli/help.js";
import { buildProgram } from "../../src/cli/program.js";
import { STATUSES } from "../../src/engine/status.js";
import { silentIO } from "../helpers/cli.js";

const docs = join(import.meta.dirname, "..", "..", "docs");
const commandsDoc = readFileSync(join(docs, "commands.md"), "utf8");

const program = buildProgram(silentIO(), () => {});

/** `yolo sync <env>`, `yolo validate [env]`, `yolo schema`: how a command is named in headings. */
function usage(command: Command): string {
  const args = command.registeredArguments.map((arg) =>
    arg.required ? `<${arg.name()}>` : `[${arg.name()}]`,
  );
  return ["yolo", command.name(), ...args].join(" ");
}

/** The `##` section whose heading names this command in backticks. */
function sectionFor(command: Command): string | undefined {
  const sections = commandsDoc.split(/^## /m).slice(1);
  return sections.find((section) => section.split("\n")[0].includes(`\`${usage(command)}\``));
}

describe("docs/commands.md follows the CLI (program.ts)", () => {
  const commands = program.commands.filter((command) => command.name() !== "help");

  it("registers the commands this test expects to find", () => {
    expect(commands.map((command) => command.name())).toEqual(
      expect.arrayContaining([
        "sync",
        "destroy",
        "env",
        "verify",
        "validate",
        "schema",
        "init",
        "iam:policy",
        "emulator",
      ]),
    );
  });

  for (const command of commands) {
    it(`documents ${usage(command)} and every one of its options in its own section`, () => {
      const section = sectionFor(command);
      expect(section, `no "## " heading naming \`${usage(command)}\` in docs/commands.md`).toBeDefined();
      for (const option of command.options) {
        expect(section, `${usage(command)}: ${option.long} is not documented`).toContain(`\`${option.long}`);
        const fallback = option.defaultValue;
        if (fallback !== undefined && typeof fallback !== "boolean") {
          expect(
            section,
            `${usage(command)}: the default of ${option.long} (${fallback}) is not documented`,
          ).toContain(String(fallback));
        }
      }
    });

    it(`lists in the option table of ${usage(command)} only options it takes`, () => {
      const section = sectionFor(command) ?? "";
      // A section may document several commands (`sync` and its parts): any of theirs counts.
      const heading = section.split("\n")[0];
      const sharing = commands.filter((other) => heading.includes(`\`${usage(other)}\``));
      const taken = new Set(sharing.flatMap((other) => other.options.map((option) => option.long)));
      const rows = [...section.matchAll(/^\| `(--[a-z-]+)/gm)].map((match) => match[1]);
      for (const row of rows)
        expect(taken, `${usage(command)} documents ${row}, which it rejects`).toContain(row);
    });
  }

  it("documents the program's own options, the exit codes and every status", () => {
    for (const option of program.options) expect(commandsDoc).toContain(`${option.long}`);
    for (const code of ["`0`", "`1`", "`2`"]) expect(commandsDoc).toContain(`| ${code} |`);
    for (const status of STATUSES) expect(commandsDoc).toContain(`\`${status}\``);
    expect(commandsDoc).toContain(STATUSES.join(" > "));
  });

  it("lists every exit code a --help footer names, 130 (Ctrl-C) included, and says what Ctrl-C does", () => {
    const codes = new Set(Object.values(EXIT_CODES).flatMap((group) => group.map(([code]) => code)));
    expect([...codes]).toContain("130");
    for (const code of codes) expect(commandsDoc).toContain(`| \`${code}\` |`);
    expect(commandsDoc).toMatch(/^### Ctrl-C$/m);
  });
});
