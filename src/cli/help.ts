import type { Command } from "commander";

/** Exit codes as each kind of command uses them (SPEC §5), for the end of its --help. */
export const EXIT_CODES = {
  plan: [
    ["0", "success; with --check: nothing would change"],
    ["1", "an error (invalid manifest, wrong account, an AWS error, any region failed); an error wins"],
    ["2", "--check found pending changes, or leftovers the manifest no longer asks for (ORPHANED)"],
  ],
  destroy: [
    ["0", "success (also when nothing was left to delete); with --check: nothing would be deleted"],
    ["1", "an error, any region failed, or the confirmation was refused"],
    ["2", "--check found something to delete"],
  ],
  env: [
    ["0", "success"],
    ["1", "an error (invalid manifest, no credentials, a read failed)"],
    ["2", "--check: --write would change the file"],
  ],
  apply: [
    ["0", "the plan was applied"],
    [
      "1",
      "an error, any region failed, or the plan was refused (already applied, or the account or manifest moved: nothing written)",
    ],
  ],
  verify: [
    ["0", "every check passed"],
    ["1", "a check failed, or an error"],
  ],
  validate: [
    ["0", "the manifest is valid"],
    ["1", "the manifest has problems (all are listed)"],
  ],
  simple: [
    ["0", "success"],
    ["1", "an error"],
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
  const lines = codes.map(([code, means]) => `  ${code}  ${means}`);
  return command.addHelpText(
    "after",
    `\nExit codes:\n${lines.join("\n")}\n\nDocs: docs/commands.md, section "${heading}"\n`,
  );
}
