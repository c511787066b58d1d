import { watchInterrupts } from "./interrupt.js";
import { processIO } from "./io.js";
import { failureDocument, runCli } from "./program.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const argv = process.argv.slice(2);
const interrupts = watchInterrupts({
  source: process,
  stderr: process.stderr,
  stdout: process.stdout,
  exit: (code) => process.exit(code),
  failureDocument: (message) => (argv.includes("--json") ? failureDocument(argv, message) : undefined),
});

runCli(argv, { ...processIO(), interrupts }).then(
  (code) => {
    process.exitCode = code;
    exitOnceWritten(code);
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);

/**
 * The command is done and nothing it started is still running (runs settle every request before
 * answering; the emulator's state is written synchronously), so exit as soon as stdout and stderr
 * have taken what was written (pipes are asynchronous on some systems) rather than letting Node
 * tear down the whole heap on the way out, 20 ms or more of every run (docs/decisions.md). Should
 * a stream never confirm (closed early), the loop still empties and the process ends with `code`.
 */
function exitOnceWritten(code: number): void {
  let waiting = 2;
  const flushed = () => {
    if (--waiting === 0) process.exit(code);
  };
  process.stdout.write("", flushed);
  process.stderr.write("", flushed);
}
