#!/usr/bin/env node
// The `yolo` command: runs the built CLI (run `npm run build` first in a checkout).
import("../dist/cli.js").catch((error) => {
  if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli.js")) {
    console.error("yolo is not built yet: run `npm run build` in the checkout first.");
    process.exit(1);
  }
  throw error;
});
