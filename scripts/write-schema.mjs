#!/usr/bin/env node
// Writes schema/yolo.schema.json: the output of the built CLI's `yolo schema`, byte for byte
// (editors read this file through the `# yaml-language-server: $schema=…` line that `yolo init`
// writes). Builds first when dist/ is missing or older than src/. A test compares the file with
// `yolo schema`, so run this after changing the manifest schema: `node scripts/write-schema.mjs`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "schema", "yolo.schema.json");
const cli = join(root, "dist", "cli.js");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function fail(message, output) {
  if (output) process.stderr.write(output);
  console.error(`write-schema: ${message}`);
  process.exit(1);
}

if (!existsSync(cli) || statSync(cli).mtimeMs < newestMtime(join(root, "src"))) {
  const build = spawnSync("npm", ["run", "build"], {
    cwd: root,
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  if (build.status !== 0) fail("npm run build failed.", `${build.stdout ?? ""}${build.stderr ?? ""}`);
}

const schema = spawnSync(process.execPath, [join(root, "bin", "yolo.js"), "schema"], {
  cwd: root,
  encoding: "utf8",
});
if (schema.status !== 0) fail(`yolo schema exited with ${schema.status}.`, schema.stderr);
JSON.parse(schema.stdout); // refuse to write anything that is not JSON

const before = existsSync(target) ? readFileSync(target, "utf8") : undefined;
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, schema.stdout);
console.error(
  `${before === schema.stdout ? "Unchanged" : "Wrote"} ${relative(process.cwd(), target) || target}.`,
);
