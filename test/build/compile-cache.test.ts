/**
 * `bin/yolo.js` turns on Node's compile cache where Node has one (22.1 and later): the code V8
 * compiled for dist/ is kept in the OS temp directory, so the next run skips most compiling.
 * Node 20 has no such cache; there the CLI runs as before and writes nothing there.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import module from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const bin = resolve(import.meta.dirname, "../../bin/yolo.js");
const nodeHasCompileCache =
  typeof (module as { enableCompileCache?: unknown }).enableCompileCache === "function";
const scratch: string[] = [];

/** Run `yolo --version` with the OS temp directory at a fresh `dir`; what is in it afterwards. */
function runWithTempDir(extraEnv: NodeJS.ProcessEnv = {}): {
  code: number | null;
  files: string[];
  dir: string;
} {
  const dir = mkdtempSync(join(tmpdir(), "yolo-compile-cache-"));
  scratch.push(dir);
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: dir, ...extraEnv };
  delete env.NODE_COMPILE_CACHE;
  if (!("NODE_DISABLE_COMPILE_CACHE" in extraEnv)) delete env.NODE_DISABLE_COMPILE_CACHE;
  const run = spawnSync(process.execPath, [bin, "--version"], { env, encoding: "utf8" });
  const cache = join(dir, "node-compile-cache");
  const files = existsSync(cache) ? readdirSync(cache, { recursive: true }).map(String) : [];
  return { code: run.status, files, dir };
}

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the compile cache", () => {
  it.runIf(nodeHasCompileCache)("keeps the compiled CLI in the temp directory after a run (Node 22+)", () => {
    const run = runWithTempDir();
    expect(run.code).toBe(0);
    expect(run.files.length).toBeGreaterThan(0);
  });

  it.runIf(nodeHasCompileCache)("is off with NODE_DISABLE_COMPILE_CACHE=1", () => {
    const run = runWithTempDir({ NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(run.code).toBe(0);
    expect(run.files).toEqual([]);
  });

  it.runIf(!nodeHasCompileCache)(
    "is not there on Node 20: the CLI runs and leaves the temp directory empty",
    () => {
      const run = runWithTempDir();
      expect(run.code).toBe(0);
      expect(readdirSync(run.dir)).toEqual([]);
    },
  );
});
