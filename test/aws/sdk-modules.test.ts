/**
 * src/aws/sdk/*.ts re-export the part of each SDK client yolo uses, so the built CLI bundles only
 * that. Any `…Command` of a client whose name (or operation name, as plan actions carry it)
 * appears in yolo's source outside the emulator must be exported by that service's module, and
 * a module exports no command the source does not name (a dead export is bundled for nothing).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const SERVICES: Record<string, [string, () => Promise<Record<string, unknown>>]> = {
  s3: ["@aws-sdk/client-s3", () => import("../../src/aws/sdk/s3.js")],
  iam: ["@aws-sdk/client-iam", () => import("../../src/aws/sdk/iam.js")],
  ivs: ["@aws-sdk/client-ivs-realtime", () => import("../../src/aws/sdk/ivs.js")],
  logs: ["@aws-sdk/client-cloudwatch-logs", () => import("../../src/aws/sdk/logs.js")],
  events: ["@aws-sdk/client-eventbridge", () => import("../../src/aws/sdk/events.js")],
  sts: ["@aws-sdk/client-sts", () => import("../../src/aws/sdk/sts.js")],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return path.endsWith("src/emulator") || path.endsWith("src/aws/sdk") ? [] : sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

// IAM action names (`s3:DeleteObject`) are not SDK commands: the operation table names them.
const words = new Set(
  sourceFiles(join(root, "src")).flatMap(
    (file) =>
      readFileSync(file, "utf8")
        .replace(/\b[a-z0-9-]+:[A-Z][A-Za-z0-9]*/g, "")
        .match(/[A-Z][A-Za-z0-9]+/g) ?? [],
  ),
);

describe("the SDK modules yolo imports", () => {
  for (const [service, [pkg, load]] of Object.entries(SERVICES)) {
    it(`src/aws/sdk/${service}.ts exports every ${pkg} command the source names`, async () => {
      const full = await import(pkg);
      const narrow = await load();
      const named = Object.keys(full).filter(
        (key) =>
          key.endsWith("Command") && key !== "Command" && (words.has(key) || words.has(key.slice(0, -7))),
      );
      expect(named.length).toBeGreaterThan(0);
      expect(named.filter((key) => !(key in narrow))).toEqual([]);
      for (const key of Object.keys(narrow)) expect(narrow[key]).toBe(full[key]);
    });
  }

  for (const [service, [, load]] of Object.entries(SERVICES)) {
    it(`src/aws/sdk/${service}.ts exports no command the source does not name`, async () => {
      const unused = Object.keys(await load()).filter(
        (key) => key.endsWith("Command") && !words.has(key) && !words.has(key.slice(0, -7)),
      );
      expect(unused).toEqual([]);
    });
  }

  it("nothing outside src/aws/sdk loads an SDK client package itself", () => {
    const offenders = sourceFiles(join(root, "src")).filter((file) =>
      /import\(\s*"@aws-sdk\/client-|^import \{[^}]*\} from "@aws-sdk\/client-/m.test(
        readFileSync(file, "utf8"),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
