/**
 * `npm run demo` as a newcomer runs it, piped: the sync against the local emulator, its table,
 * the environment variables and the emulator note each printed once, then "What next". The demo
 * keeps its state beside examples/yolo.yml, so it runs in a copy of the checkout's layout (its own
 * scripts/ and examples/, the built dist/ and src/ linked) and never touches the checkout's state.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const built = existsSync(join(root, "dist", "cli.js"));
if (!built)
  console.warn("test/newcomer/demo.test.ts skipped: dist/cli.js is missing (npm test builds it first).");

/** A folder laid out like the checkout, for the demo to run in. */
function demoCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), "yolo-demo-"));
  for (const folder of ["scripts", "examples", "bin"]) mkdirSync(join(dir, folder));
  copyFileSync(join(root, "scripts", "demo.mjs"), join(dir, "scripts", "demo.mjs"));
  copyFileSync(join(root, "examples", "yolo.yml"), join(dir, "examples", "yolo.yml"));
  copyFileSync(join(root, "bin", "yolo.js"), join(dir, "bin", "yolo.js"));
  for (const linked of ["dist", "src", "node_modules", "package.json"])
    symlinkSync(join(root, linked), join(dir, linked));
  return dir;
}

function runDemo(dir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const key of Object.keys(env)) if (key.startsWith("AWS_")) delete env[key];
  const run = spawnSync(process.execPath, [join(dir, "scripts", "demo.mjs")], {
    cwd: dir,
    env,
    encoding: "utf8",
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}`, stdout: run.stdout, stderr: run.stderr };
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe("npm run demo", () => {
  it.skipIf(!built)("prints the env block and the emulator note once, then converges on a second run", () => {
    const dir = demoCheckout();
    const first = runDemo(dir);
    expect(first.status, first.output).toBe(0);
    expect(first.stdout).toMatch(
      /Synced production on the local emulator in .*: \d+ created, 0 changed, 0 failed\./,
    );
    expect(count(first.output, "AWS_IVS_REGIONS=us-east-1,eu-west-1,ap-northeast-1")).toBe(1);
    expect(count(first.output, "AWS_IVS_STORAGE_CONFIGURATION_ARN_EU_WEST_1=")).toBe(1);
    expect(count(first.output, "Running against the local emulator")).toBe(1);
    expect(count(first.output, "Environment variables (")).toBe(1);
    expect(first.stderr).toContain("What next:");
    expect(first.stderr).toContain("--write .env.production");
    expect(existsSync(join(dir, "examples", ".yolo", "local", "state.json"))).toBe(true);

    const second = runDemo(dir);
    expect(second.status, second.output).toBe(0);
    expect(second.stderr).toContain("expect SYNCED everywhere");
    expect(second.stdout).toMatch(/: 0 created, 0 changed, 0 failed\./);
    expect(count(second.output, "AWS_IVS_REGIONS=")).toBe(1);
    expect(count(second.output, "Running against the local emulator")).toBe(1);
  });
});
