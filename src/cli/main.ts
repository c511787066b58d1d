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
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
