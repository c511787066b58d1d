import type { Command } from "commander";

/** Ctrl-C in a run that writes: it stops writing and shows what happened (cli/interrupt.ts). */
const INTERRUPTED_WRITING = [
  "130",
  "interrupted (Ctrl-C): no write started after it; running the same command again converges",
] as const;

/** Ctrl-C anywhere else: the command stops at once. */
const INTERRUPTED = ["130", "interrupted (Ctrl-C); nothing was changed"] as const;

/** Exit codes as each kind of command uses them (SPEC §5), for the end of its --help. */
export const EXIT_CODES = {
  plan: [
    ["0", "success; with --check: nothing would change"],
    ["1", "an error (invalid manifest, wrong account, an AWS error, any region failed); an error wins"],
    ["2", "--check found pending changes, or leftovers the manifest no longer asks for (ORPHANED)"],
    INTERRUPTED_WRITING,
  ],
  destroy: [
    ["0", "success (also when nothing was left to delete); with --check: nothing would be deleted"],
    ["1", "an error, any region failed, or the confirmation was refused"],
    ["2", "--check found something to delete"],
    INTERRUPTED_WRITING,
  ],
  env: [
    ["0", "success"],
    ["1", "an error (invalid manifest, no credentials, a read failed)"],
    ["2", "--check: --write would change the file"],
    INTERRUPTED,
  ],
  apply: [
    ["0", "the plan was applied"],
    [
      "1",
      "an error, any region failed, or the plan was refused (already applied, or the account or manifest moved: nothing written)",
    ],
    [
      "130",
      "interrupted (Ctrl-C): no write started after it; the plan is used up, and the sync or destroy it was made by converges",
    ],
  ],
  verify: [["0", "every check passed"], ["1", "a check failed, or an error"], INTERRUPTED],
  validate: [
    ["0", "the manifest is valid"],
    ["1", "the manifest has problems (all are listed)"],
    INTERRUPTED,
  ],
  simple: [["0", "success"], ["1", "an error"], INTERRUPTED],
  emulator: [
    ["0", "stopped with Ctrl-C (or SIGTERM)"],
    ["1", "an error (the port is in use, the --state file cannot be read)"],
  ],
} as const satisfies Record<string, readonly (readonly [string, string])[]>;

/**
 * End a command's --help with its exit codes and where its documentation is: the section of
 * docs/commands.md whose heading names `heading`.
 */
export function addHelpFooter(
  command: Command,
  codes: readonly (readonly [string, string])[],
  heading: string,
): Command {
  // Codes right-aligned, so every meaning starts in one column ("  0  …" beside "130  …").
  const width = Math.max(...codes.map(([code]) => code.length));
  const lines = codes.map(([code, means]) => `  ${code.padStart(width)}  ${means}`);
  return command.addHelpText(
    "after",
    `\nExit codes:\n${lines.join("\n")}\n\nDocs: docs/commands.md, section "${heading}"\n`,
  );
}
