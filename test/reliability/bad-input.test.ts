/**
 * Bad input never reaches AWS: `yolo sync <env>` on every manifest of the bad-manifest corpus —
 * with an AWS endpoint configured and reachable — exits 1, says what is wrong and on which line,
 * and the emulator sees zero requests (not even the STS account check).
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { emulatorEnv, runYolo } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";

const corpus = resolve(import.meta.dirname, "../fixtures/bad-manifests");
const fixtures = readdirSync(corpus)
  .filter((name) => name.endsWith(".yml"))
  .sort();

/** The corpus's header: `# expect: <fragment> @ <line or ->`, optional `# env:` and `# load:`. */
function header(name: string) {
  const text = readFileSync(join(corpus, name), "utf8");
  const lines = text.split("\n");
  const expected = /^# expect: (.+) @ (\d+|-)$/.exec(lines[0] ?? "");
  if (!expected) throw new Error(`${name}: first line must be "# expect: <fragment> @ <line>"`);
  const directive = (key: string) =>
    lines.map((line) => new RegExp(`^# ${key}: (.+)$`).exec(line)?.[1]).find((v) => v !== undefined);
  return {
    fragment: expected[1],
    line: expected[2] === "-" ? undefined : Number(expected[2]),
    // Without `# env:` the file is wrong as a whole: sync the first environment it defines.
    env: directive("env") ?? /^environments:\s*\n\s+([^\s:#]+):/m.exec(text)?.[1] ?? "production",
    load: directive("load"),
  };
}

describe("yolo sync on a bad manifest", () => {
  const handle = useEmulator();

  it("has a corpus of at least 30 bad manifests", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  it.each(fixtures)("%s: exit 1, the message and its line, zero AWS requests", async (name) => {
    const expected = header(name);
    const manifest = expected.load ? resolve(corpus, expected.load) : join(corpus, name);
    const run = await runYolo(["sync", expected.env, "--manifest", manifest, "--no-progress"], {
      cwd: corpus,
      env: emulatorEnv(handle.emulator.url),
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(expected.fragment);
    if (expected.line !== undefined) expect(run.stderr).toContain(`${basename(manifest)}:${expected.line}:`);
    expect(handle.emulator.log).toEqual([]);
  });

  it.each(fixtures)("%s with --json: one FAILED document, each message on one line", async (name) => {
    const expected = header(name);
    const manifest = expected.load ? resolve(corpus, expected.load) : join(corpus, name);
    const run = await runYolo(["sync", expected.env, "--manifest", manifest, "--json"], {
      cwd: corpus,
      env: emulatorEnv(handle.emulator.url),
    });

    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ command: "sync", environment: expected.env, status: "FAILED" });
    const messages: string[] = doc.errors.map((error: { message: string }) => error.message);
    expect(messages.join("\n")).toContain(expected.fragment);
    // Written for a script: no line breaks, and no run of spaces that aligned a second line.
    for (const message of messages) expect(message).not.toMatch(/\n|\S {3,}\S/);
    expect(handle.emulator.log).toEqual([]);
  });
});
