#!/usr/bin/env node
// The `yolo` command: runs the built CLI (run `npm run build` first in a checkout).
import module from "node:module";

// Where Node has it (22.1 and later), V8 keeps the code it compiled for dist/ between runs, in
// the OS's temp directory, so a run after the first skips most of the compiling (Node 20 has no
// such cache and compiles every run). NODE_DISABLE_COMPILE_CACHE=1 turns it off.
module.enableCompileCache?.();

import("../dist/cli.js").catch((error) => {
  if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli.js")) {
    console.error("yolo is not built yet: run `npm run build` in the checkout first.");
    process.exit(1);
  }
  throw error;
});
