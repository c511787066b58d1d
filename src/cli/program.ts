import { Command, CommanderError, Option } from "commander";
import { environmentOf } from "../errors/yolo-error.js";
import { singleLine } from "../output/json.js";
import { addHelpFooter, EXIT_CODES } from "./help.js";
import { type CliIO, EXIT_ERROR } from "./io.js";
import { addAwsOptions, addManifestOption, OUT_HELP, positiveInteger, VERBOSE_HELP } from "./options.js";

export const VERSION = "0.1.0";

type Action = (io: CliIO, ...args: any[]) => Promise<number>;

/**
 * The command table. Each command's code loads only when it runs (dynamic import), so
 * `yolo --help` and `yolo validate` never load the AWS SDK.
 */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command("yolo")
    .description(
      "Provision and keep in sync the AWS infrastructure for Amazon IVS real-time recording and IVS event logging, in one or many regions, from yolo.yml.",
    )
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();

  const run =
    (load: () => Promise<Action>) =>
    async (...args: any[]) => {
      const action = await load();
      // commander passes (...arguments, options, command); hand the command-specific part on.
      setExit(await action(io, ...args.slice(0, -1)));
    };

  const sync = (name: string, description: string) => {
    const command = addAwsOptions(program.command(`${name} <env>`).description(description), {
      help: {
        check: "like --dry-run, and exit 2 when anything would change or is ORPHANED (a CI drift gate)",
      },
    })
      .option("--out <file>", OUT_HELP)
      .option("--verbose", VERBOSE_HELP);
    // The role is global and not searched for leftovers: sync:iam has nothing to prune.
    if (name !== "sync:iam")
      command
        .option(
          "--prune",
          "also delete what the manifest no longer asks for (ORPHANED), with destroy's rules and confirmation",
        )
        .option("--yes", "with --prune: do not ask for confirmation (required when stdin is not a terminal)");
    if (name === "sync" || name === "sync:recording")
      command.option(
        "--delete-recordings",
        "with --prune: empty leftover recording buckets that hold objects and delete them too",
      );
    return addHelpFooter(command, EXIT_CODES.plan, "yolo sync <env>").action(
      run(async () => {
        const { syncCommand } = await import("./commands/sync.js");
        return (io2: CliIO, env: string, options: any) => syncCommand(name as any, env, options, io2);
      }),
    );
  };
  sync("sync", "sync:iam, then sync:recording, then sync:logging, as one run with one summary");
  sync("sync:iam", "the MediaConvert role (when aws.mediaconvert is on)");
  sync("sync:recording", "recording buckets, IVS storage and encoder configurations in every IVS region");
  sync(
    "sync:logging",
    "log groups, the Logs resource policy, EventBridge rules and targets in every IVS region",
  );

  // Only destroy and destroy:recording delete buckets: elsewhere the flag is accepted and hidden.
  const deleteRecordings = (name: string) => {
    const option = new Option(
      "--delete-recordings",
      "empty recording buckets that hold objects and delete them too",
    );
    return name === "destroy" || name === "destroy:recording" ? option : option.hideHelp();
  };
  const destroy = (name: string, description: string) =>
    addHelpFooter(
      addAwsOptions(program.command(`${name} <env>`).description(description), {
        help: {
          dryRun: "show the plan only: write nothing",
          check: "like --dry-run, and exit 2 when anything would be deleted",
        },
      }),
      EXIT_CODES.destroy,
      "yolo destroy <env>",
    )
      .option("--out <file>", OUT_HELP)
      .option("--verbose", VERBOSE_HELP)
      .option("--yes", "do not ask for confirmation (required when stdin is not a terminal)")
      .addOption(deleteRecordings(name))
      .action(
        run(async () => {
          const { destroyCommand } = await import("./commands/destroy.js");
          return (io2: CliIO, env: string, options: any) => destroyCommand(name as any, env, options, io2);
        }),
      );
  destroy("destroy", "tear down what sync made: logging, then recording, then iam");
  destroy(
    "destroy:logging",
    "remove the EventBridge targets and rules, log groups and (when unused) the Logs resource policy",
  );
  destroy("destroy:recording", "remove storage and encoder configurations, then the recording buckets");
  destroy("destroy:iam", "remove the MediaConvert role");

  addHelpFooter(
    program
      .command("apply <file>")
      .description(
        "apply exactly the plan a --dry-run --out <file> wrote; refuses, writing nothing, when the account or manifest moved",
      )
      .option("--json", "print one JSON document on stdout and nothing else there")
      .option("--no-progress", "print no progress while working")
      .option("--verbose", VERBOSE_HELP)
      .option(
        "--profile <name>",
        "AWS profile (default: YOLO_{ENV}_AWS_PROFILE, else the SDK's default chain)",
      )
      .addOption(
        new Option("--concurrency <n>", "regions at once; 1 runs everything one at a time")
          .argParser(positiveInteger)
          .default(8),
      ),
    EXIT_CODES.apply,
    "yolo apply <file>",
  ).action(
    run(async () => {
      const { applyCommand } = await import("./commands/apply.js");
      return applyCommand;
    }),
  );

  addHelpFooter(
    addAwsOptions(
      program
        .command("env <env>")
        .description("print the app's environment variables (reads the account, writes nothing)"),
      {
        help: {
          dryRun: "with --write: say whether the file would change, and write nothing",
          check: "like --dry-run, and exit 2 when --write would change the file",
        },
        // env never prints progress.
        noEffect: ["progress"],
      },
    ),
    EXIT_CODES.env,
    "yolo env <env>",
  )
    .option("--write <file>", "update exactly these keys in a dotenv file, keeping every other line")
    .action(
      run(async () => {
        const { envCommand } = await import("./commands/env.js");
        return envCommand;
      }),
    );

  addHelpFooter(
    addAwsOptions(
      program
        .command("verify <env>")
        .description(
          "check, read-only, that recordings can land and events can reach the logs in every region",
        ),
      // verify is read-only and already a check; it never prints progress.
      { noEffect: ["dryRun", "check", "progress"] },
    ),
    EXIT_CODES.verify,
    "yolo verify <env>",
  ).action(
    run(async () => {
      const { verifyCommand } = await import("./commands/verify.js");
      return verifyCommand;
    }),
  );

  addHelpFooter(
    addManifestOption(
      program
        .command("validate [env]")
        .description("validate the manifest (every environment when none is named); no AWS call"),
    ),
    EXIT_CODES.validate,
    "yolo validate [env]",
  )
    .option("--json", "print the result as JSON")
    .action(
      run(async () => {
        const { validateCommand } = await import("./commands/validate.js");
        return validateCommand;
      }),
    );

  addHelpFooter(
    program
      .command("schema")
      .description("print the JSON Schema of the manifest keys yolo uses (for editors)"),
    EXIT_CODES.simple,
    "yolo schema",
  ).action(
    run(async () => {
      const { schemaCommand } = await import("./commands/schema.js");
      return schemaCommand;
    }),
  );

  addHelpFooter(
    program.command("init").description("write a commented yolo.yml (asks on a terminal; flags in CI)"),
    EXIT_CODES.simple,
    "yolo init",
  )
    .option("--name <app>", "the app name")
    .option("--environment <env>", "the environment name", "production")
    .option("--region <region>", "the app's home region")
    .option("--ivs-regions <list>", "comma-separated IVS real-time regions")
    .option("--manifest <path>", "where to write it", "yolo.yml")
    .option("--force", "overwrite an existing file")
    .action(
      run(async () => {
        const { initCommand } = await import("./commands/init.js");
        return initCommand;
      }),
    );

  addHelpFooter(
    addAwsOptions(
      program
        .command("iam:policy <env>")
        .description(
          "print the least-privilege IAM policy that runs sync, destroy, env and verify for this environment",
        ),
      {
        help: {
          json: "same output (the policy document is JSON either way)",
          region: "only this configured IVS region (repeatable): the policy covers only these regions",
          profile: "AWS profile, for the account id when aws.account-id is not set",
          local: "use the local emulator's account",
        },
        // It writes nothing, shows no progress and makes one STS call at most.
        noEffect: ["dryRun", "check", "progress", "concurrency"],
      },
    ),
    EXIT_CODES.simple,
    "yolo iam:policy <env>",
  )
    .option("--sync-only", "leave out teardown permissions")
    .action(
      run(async () => {
        const { iamPolicyCommand } = await import("./commands/iam-policy.js");
        return iamPolicyCommand;
      }),
    );

  addHelpFooter(
    addManifestOption(
      program
        .command("export <target> <env>")
        .description(
          "print CloudFormation templates (target: cloudformation) that create what sync creates, for StackSets; no AWS call",
        ),
    ),
    EXIT_CODES.simple,
    "yolo export cloudformation <env>",
  )
    .option("--format <format>", "yaml or json", "yaml")
    .option("--template <which>", "only the regional or the global template")
    .option("--out <dir>", "write each template to a file in this directory instead of printing")
    .option("--retain", "DeletionPolicy Retain on every resource (to hand the environment back to yolo sync)")
    .action(
      run(async () => {
        const { exportCommand } = await import("./commands/export.js");
        return exportCommand;
      }),
    );

  addHelpFooter(
    program
      .command("emulator")
      .description(
        "run the local AWS emulator (S3, IVS real-time, CloudWatch Logs, EventBridge, STS, IAM) in the foreground",
      ),
    EXIT_CODES.emulator,
    "yolo emulator",
  )
    .option("--port <port>", "port on 127.0.0.1", "4566")
    .option("--state <file>", "persist state to this file")
    .option("--latency <ms>", "injected latency per request", "0")
    .action(
      run(async () => {
        const { emulatorCommand } = await import("./commands/emulator.js");
        return emulatorCommand;
      }),
    );

  return program;
}

/** Run the CLI with these arguments (without `node yolo`); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_ERROR;
    const { errorEntries, formatError } = await import("../output/errors.js");
    const environment = environmentOf(error) ?? environmentNamed(argv);
    const options = { debug: Boolean(io.env.YOLO_DEBUG), ...(environment ? { environment } : {}) };
    io.stderr.write(`${formatError(error, options)}\n`);
    // --json promises one JSON document on stdout, also when the command could not start.
    if (argv.includes("--json"))
      io.stdout.write(`${failureDocument(argv, errorEntries(error, options), environment)}\n`);
    return EXIT_ERROR;
  }
  return exitCode;
}

/**
 * The `--json` document of a command that could not start or was stopped at once (Ctrl-C):
 * `{command, environment, status: "FAILED", errors: [{message}]}`, each message on one line;
 * an invalid manifest gives one entry per problem, as `validate --json` does. `environment` is
 * the one the error happened in when known, else the one the command line names (`null` for
 * `apply` when the plan was unreadable).
 */
export function failureDocument(
  argv: string[],
  failure: string | readonly { message: string; [field: string]: unknown }[],
  known?: string,
): string {
  const [command] = positionals(argv);
  const environment = known ?? environmentNamed(argv) ?? null;
  const errors =
    typeof failure === "string"
      ? [{ message: singleLine(failure) }]
      : failure.map((entry) => ({ ...entry, message: singleLine(entry.message) }));
  return JSON.stringify({ command, environment, status: "FAILED", errors }, null, 2);
}

/** The environment the command line names: `export <target> <env>`'s third word, no word of the commands that take none (`apply` takes a plan file), else the second word. */
function environmentNamed(argv: string[]): string | undefined {
  const [command, second, third] = positionals(argv);
  if (command === "export") return third;
  return ["apply", "emulator", "init", "schema"].includes(command) ? undefined : second;
}

/** Options that take no value; every other `--option` consumes the next word unless it has `=`. */
const FLAGS = new Set([
  "--dry-run",
  "--check",
  "--json",
  "--no-progress",
  "--local",
  "--yes",
  "--prune",
  "--delete-recordings",
  "--verbose",
  "--sync-only",
  "--force",
  "--help",
  "--version",
]);

/** The command and its arguments, without options and their values (for the failure document). */
function positionals(argv: string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("-")) words.push(arg);
    else if (!FLAGS.has(arg) && !arg.includes("=")) i++;
  }
  return words;
}
