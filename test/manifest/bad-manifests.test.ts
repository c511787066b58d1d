import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  loadManifest,
  ManifestError,
  ManifestErrors,
  resolveEnvironment,
  validateManifest,
} from "../../src/manifest/index.js";

const corpus = resolve(import.meta.dirname, "../fixtures/bad-manifests");

interface Fixture {
  file: string;
  fragment: string;
  /** The line the error must report; undefined when it has no place in the file. */
  line: number | undefined;
  env?: string;
  load?: string;
}

function readFixture(name: string): Fixture {
  const file = join(corpus, name);
  const header = readFileSync(file, "utf8").split("\n");
  const expect = /^# expect: (.+) @ (\d+|-)$/.exec(header[0] ?? "");
  if (!expect) throw new Error(`${name}: first line must be "# expect: <fragment> @ <line>"`);
  const directive = (key: string) =>
    header.map((line) => new RegExp(`^# ${key}: (.+)$`).exec(line)?.[1]).find((value) => value !== undefined);
  return {
    file,
    fragment: expect[1],
    line: expect[2] === "-" ? undefined : Number(expect[2]),
    env: directive("env"),
    load: directive("load"),
  };
}

/** What a user running `yolo validate [env]` (or any command on that env) would be told. */
async function problemsOf(fixture: Fixture): Promise<ManifestError[]> {
  try {
    const manifest = await loadManifest(fixture.load ? resolve(corpus, fixture.load) : fixture.file);
    if (fixture.env === undefined) return validateManifest(manifest);
    resolveEnvironment(manifest, fixture.env);
    return [];
  } catch (error) {
    if (error instanceof ManifestError) return [error];
    if (error instanceof ManifestErrors) return [...error.errors];
    throw error;
  }
}

const fixtures = readdirSync(corpus)
  .filter((name) => name.endsWith(".yml"))
  .sort();

describe("bad-manifest corpus", () => {
  it("holds at least 30 manifests", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  it.each(fixtures)("%s is refused with the expected message and line", async (name) => {
    const fixture = readFixture(name);
    const problems = await problemsOf(fixture);
    const formatted = problems.map((problem) => problem.format());
    const match = problems.find((problem) => problem.format().includes(fixture.fragment));
    expect(
      match,
      `no error mentions ${JSON.stringify(fixture.fragment)}; got:\n${formatted.join("\n")}`,
    ).toBeDefined();
    expect(match?.line).toBe(fixture.line);
    const where = match!.format().split("  ")[0];
    if (fixture.line === undefined) {
      expect(where).not.toMatch(/:\d+:\d+$/);
    } else {
      expect(where).toMatch(new RegExp(`${name.replace(".", "\\.")}:${fixture.line}:${match?.column}$`));
      expect(match?.column).toBeGreaterThanOrEqual(1);
    }
  });

  it.each(fixtures)("%s: every problem also says what is allowed or what to do", async (name) => {
    const problems = await problemsOf(readFixture(name));
    for (const problem of problems) expect(problem.allowed, problem.format()).toMatch(/\S/);
  });
});
