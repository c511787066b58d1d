#!/usr/bin/env node
// `npm run demo`: yolo end to end with no AWS account. Builds the CLI when needed, then syncs
// examples/yolo.yml's production environment against the local emulator (`--local`, state in
// examples/.yolo/local/); the sync itself ends with the app's environment variables, so they and
// the emulator note are printed once. Run it twice: the second run finds everything in place and
// reports SYNCED without writing anything.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = "examples/yolo.yml";
const stateFile = join(root, "examples", ".yolo", "local", "state.json");

/** Newest modification time of any file under `dir`. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Run a command in the checkout with the terminal attached (live progress stays live). */
function run(command, args) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  if (result.error) {
    console.error(`demo: could not run ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

const cli = join(root, "dist", "cli.js");
if (!existsSync(cli) || statSync(cli).mtimeMs < newestMtime(join(root, "src"))) {
  console.error(
    `demo: ${existsSync(cli) ? "the build is older than src/" : "not built yet"}; running npm run build first.`,
  );
  // The build's own log is noise unless it fails.
  const build = spawnSync("npm", ["run", "build"], {
    cwd: root,
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ""}${build.stderr ?? ""}`);
    console.error(`demo: the build failed${build.error ? `: ${build.error.message}` : " (see above)"}.`);
    process.exit(1);
  }
}

const again = existsSync(stateFile);
console.error(
  `\nyolo demo: syncing ${manifest} (environment production) against the local AWS emulator:` +
    "\nno AWS account, no credentials, nothing leaves this machine." +
    (again
      ? `\nState from an earlier run is in ${relative(root, stateFile)}: expect SYNCED everywhere, with no write\n(unless examples/yolo.yml changed since).`
      : `\nState will be kept in ${relative(root, stateFile)}: run the demo again to see a converged run.`),
);

const yolo = ["bin/yolo.js"];
// Only the sync: it already prints the environment variables (and the emulator note) at its end;
// a `yolo env` after it would print both a second time.
const args = [...yolo, "sync", "production", "--local", "--manifest", manifest];
console.error(`\n$ yolo ${args.slice(1).join(" ")}`);
const status = run(process.execPath, args);
if (status !== 0) {
  console.error(`\ndemo: \`yolo ${args.slice(1).join(" ")}\` exited with ${status}.`);
  process.exit(status);
}

const next = [
  [
    `node bin/yolo.js sync production --local --dry-run --manifest ${manifest}`,
    "plan only: what would change",
  ],
  [
    `node bin/yolo.js env production --local --manifest ${manifest} --write .env.production`,
    "the environment variables above, into a dotenv file",
  ],
  [
    `node bin/yolo.js verify production --local --manifest ${manifest}`,
    "read-only: can recordings land, do events reach the logs?",
  ],
  [`node bin/yolo.js destroy production --local --yes --manifest ${manifest}`, "tear it all down again"],
  ["npm run demo", "again: a converged run, everything SYNCED"],
  ["docs/getting-started.md", "from here to a real AWS account"],
];
const width = Math.max(...next.map(([what]) => what.length));
console.error(`\nWhat next:\n${next.map(([what, why]) => `  ${what.padEnd(width)}   ${why}`).join("\n")}\n`);
