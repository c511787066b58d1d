/**
 * SPEC §5: every command that talks to AWS takes the same options, so one command line can be
 * re-pointed from `sync` to `verify` or `iam:policy` without an "unknown option" error. Where an
 * option has no effect it is accepted and left out of --help, which lists only what applies and
 * ends with the exit codes and the docs section.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { emulatorEnv, manifestDir, runYolo, silentIO } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { fixtureDir, MANIFEST } from "../iam/fixture.js";

/** The commands that talk to AWS (docs/commands.md's table: "yes", "reads", "one STS call"). */
const AWS_COMMANDS = [
  "sync",
  "sync:iam",
  "sync:recording",
  "sync:logging",
  "destroy",
  "destroy:logging",
  "destroy:recording",
  "destroy:iam",
  "env",
  "verify",
  "iam:policy",
];

/** Each SPEC §5 option as typed, and what the command must receive. */
const SPEC_OPTIONS: { args: string[]; key: string; value: unknown }[] = [
  { args: ["--dry-run"], key: "dryRun", value: true },
  { args: ["--check"], key: "check", value: true },
  { args: ["--json"], key: "json", value: true },
  { args: ["--no-progress"], key: "progress", value: false },
  {
    args: ["--region", "us-east-1", "--region", "eu-west-1"],
    key: "region",
    value: ["us-east-1", "eu-west-1"],
  },
  { args: ["--profile", "acme-prod"], key: "profile", value: "acme-prod" },
  { args: ["--manifest", "other.yml"], key: "manifest", value: "other.yml" },
  { args: ["--concurrency", "1"], key: "concurrency", value: 1 },
  { args: ["--local"], key: "local", value: true },
];

/** The program with every action replaced by one that records the options it was given. */
function parsingProgram(): { program: Command; received: () => Record<string, unknown> | undefined } {
  let options: Record<string, unknown> | undefined;
  const program = buildProgram(silentIO(), () => {});
  for (const command of program.commands)
    command.action((...args: unknown[]) => {
      options = args.at(-2) as Record<string, unknown>;
    });
  return { program, received: () => options };
}

async function parse(args: string[]): Promise<{ error?: CommanderError; options?: Record<string, unknown> }> {
  const { program, received } = parsingProgram();
  try {
    await program.parseAsync(args, { from: "user" });
    return { options: received() };
  } catch (error) {
    if (error instanceof CommanderError) return { error };
    throw error;
  }
}

describe("the SPEC §5 options on every command that talks to AWS", () => {
  it("knows every command it checks", () => {
    const names = buildProgram(silentIO(), () => {}).commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(AWS_COMMANDS));
  });

  for (const command of AWS_COMMANDS) {
    it(`yolo ${command} accepts each of them`, async () => {
      for (const option of SPEC_OPTIONS) {
        const { error, options } = await parse([command, "production", ...option.args]);
        expect(error?.message ?? "", `yolo ${command} ${option.args.join(" ")}`).not.toMatch(
          /unknown option/i,
        );
        expect(error, `yolo ${command} ${option.args.join(" ")}`).toBeUndefined();
        expect(options?.[option.key], `yolo ${command} ${option.args.join(" ")}`).toEqual(option.value);
      }
      const all = await parse([command, "production", ...SPEC_OPTIONS.flatMap((o) => o.args)]);
      expect(all.error).toBeUndefined();
    });
  }

  it("still rejects an option no command has", async () => {
    const { error } = await parse(["iam:policy", "production", "--no-such-option"]);
    expect(error?.code).toBe("commander.unknownOption");
  });
});

/** What `yolo <name> --help` prints, footer included (commander adds the after-text on output). */
function fullHelp(name: string): string {
  const io = silentIO();
  buildProgram(io, () => {})
    .commands.find((c) => c.name() === name)
    ?.outputHelp();
  return (io.stdout as unknown as { read(): Buffer | null }).read()?.toString() ?? "";
}

describe("--help of each command", () => {
  const program = buildProgram(silentIO(), () => {});
  for (const command of program.commands.filter((c) => c.name() !== "help")) {
    it(`yolo ${command.name()} --help lists only the options that apply, then the exit codes and the docs`, () => {
      const help = command.helpInformation();
      // An option is hidden only when it has no effect on this command (options.ts).
      const hidden = command.options.filter((option) => option.hidden);
      for (const option of hidden) expect(help).not.toContain(option.long);
      for (const option of command.options.filter((o) => !o.hidden)) expect(help).toContain(option.long);
      const footer = fullHelp(command.name());
      expect(footer).toMatch(/\nExit codes:\n +0 {2}\S/);
      expect(footer).toMatch(/^ +1 {2}\S/m);
      // Every meaning starts in the same column, however wide its code.
      const codeLines = footer.split("Exit codes:\n")[1].split("\n\n")[0].split("\n");
      const columns = new Set(codeLines.map((line) => /^ +\d+ {2}/.exec(line)?.[0].length));
      expect([...columns], codeLines.join("\n")).toHaveLength(1);
      expect(footer.trimEnd().split("\n").at(-1)).toMatch(/^Docs: docs\/commands\.md, section "yolo .+"$/);
    });
  }

  it("ends with exit code 130 (Ctrl-C) everywhere but yolo emulator, whose Ctrl-C is its way to stop", () => {
    for (const command of program.commands.filter((c) => c.name() !== "help")) {
      const footer = fullHelp(command.name());
      if (command.name() === "emulator") {
        expect(footer).not.toMatch(/^ +130 /m);
        expect(footer).toMatch(/^ +0 {2}stopped with Ctrl-C/m);
      } else expect(footer, command.name()).toMatch(/^ {2}130 {2}interrupted \(Ctrl-C\)/m);
    }
    expect(fullHelp("sync")).toContain("running the same command again converges");
    expect(fullHelp("destroy:iam")).toContain("running the same command again converges");
    expect(fullHelp("verify")).toMatch(/130 {2}interrupted \(Ctrl-C\); nothing was changed/);
  });

  it("verify hides --dry-run, --check and --no-progress; iam:policy hides what it ignores", () => {
    const help = (name: string) => program.commands.find((c) => c.name() === name)?.helpInformation() ?? "";
    for (const flag of ["--dry-run", "--check", "--no-progress"]) expect(help("verify")).not.toContain(flag);
    for (const flag of ["--dry-run", "--check", "--no-progress", "--concurrency"])
      expect(help("iam:policy")).not.toContain(flag);
    expect(help("iam:policy")).toContain("--region");
    expect(help("env")).not.toContain("--no-progress");
    expect(help("sync")).toContain("--no-progress");
  });
});

describe("yolo iam:policy with the common options", () => {
  const handle = useEmulator();

  it("prints the policy with --no-progress (and --local)", async () => {
    const run = await runYolo(["iam:policy", "production", "--no-progress", "--local"], {
      cwd: fixtureDir(),
      env: emulatorEnv(handle.emulator.url),
    });
    expect(run.stderr).not.toMatch(/unknown option/);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).Version).toBe("2012-10-17");
  });

  it("prints the policy with --no-progress for the account from aws.account-id, with no AWS call", async () => {
    handle.emulator.clearLog();
    const run = await runYolo(
      ["iam:policy", "adopting", "--no-progress", "--dry-run", "--concurrency", "2"],
      {
        cwd: fixtureDir(),
        env: emulatorEnv(handle.emulator.url),
      },
    );
    expect(run.code).toBe(0);
    expect(JSON.stringify(JSON.parse(run.stdout))).toContain(":123456789012:");
    expect(handle.emulator.log).toEqual([]);
  });

  it("--region narrows the policy to those IVS regions", async () => {
    const run = await runYolo(["iam:policy", "production", "--local", "--region", "eu-west-1"], {
      cwd: manifestDir(MANIFEST),
      env: emulatorEnv(handle.emulator.url),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("arn:aws:ivs:eu-west-1:");
    expect(run.stdout).not.toContain("arn:aws:ivs:us-east-1:");
    expect(run.stdout).not.toContain("arn:aws:ivs:ap-northeast-1:");
  });
});

describe("yolo env --write with --dry-run and --check", () => {
  const handle = useEmulator();

  it("writes no file with --dry-run; --check exits 2 while the file would change, 0 once it is up to date", async () => {
    const dir = fixtureDir();
    const env = emulatorEnv(handle.emulator.url);
    const dotenv = join(dir, ".env.solo");
    const dry = await runYolo(["env", "solo", "--local", "--write", ".env.solo", "--dry-run"], {
      cwd: dir,
      env,
    });
    expect(dry.code).toBe(0);
    expect(existsSync(dotenv)).toBe(false);
    expect(dry.stderr).toContain("would be updated");
    const check = await runYolo(["env", "solo", "--local", "--write", ".env.solo", "--check"], {
      cwd: dir,
      env,
    });
    expect(check.code).toBe(2);
    expect(existsSync(dotenv)).toBe(false);
    const write = await runYolo(["env", "solo", "--local", "--write", ".env.solo"], { cwd: dir, env });
    expect(write.code).toBe(0);
    const written = readFileSync(dotenv, "utf8");
    const again = await runYolo(["env", "solo", "--local", "--write", ".env.solo", "--check"], {
      cwd: dir,
      env,
    });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("is up to date");
    expect(readFileSync(dotenv, "utf8")).toBe(written);
  });
});

describe("--help of the destroy commands", () => {
  const program = buildProgram(silentIO(), () => {});
  const help = (name: string) => program.commands.find((c) => c.name() === name)?.helpInformation() ?? "";

  it("lists --delete-recordings only where buckets are deleted, and --check on every one", () => {
    expect(help("destroy")).toContain("--delete-recordings");
    expect(help("destroy:recording")).toContain("--delete-recordings");
    for (const name of ["destroy:logging", "destroy:iam"])
      expect(help(name)).not.toContain("--delete-recordings");
    for (const name of ["destroy", "destroy:logging", "destroy:recording", "destroy:iam"])
      expect(help(name)).toContain("--check");
  });

  it("still accepts --delete-recordings on destroy:logging and destroy:iam (one command line fits all)", async () => {
    for (const name of ["destroy:logging", "destroy:iam"]) {
      const { error, options } = await parse([name, "production", "--delete-recordings"]);
      expect(error).toBeUndefined();
      expect(options?.deleteRecordings).toBe(true);
    }
  });

  it("sync:iam has nothing to prune, so no --prune, --yes or --delete-recordings", () => {
    for (const flag of ["--prune", "--yes", "--delete-recordings"])
      expect(help("sync:iam")).not.toContain(flag);
    expect(help("sync:logging")).toContain("--prune");
    expect(help("sync:logging")).not.toContain("--delete-recordings");
  });
});
