/**
 * The built CLI (dist/, `npm run build`, which `npm test` runs first) carries its dependencies
 * and only the parts of the SDK's schema files that the commands yolo sends reach.
 */
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { literalSchemaKeys } from "../../scripts/build/literal-schema-keys.js";

const dist = resolve(import.meta.dirname, "../../dist");
const chunks = readdirSync(dist).filter((name) => name.endsWith(".js"));
const read = (name: string) => readFileSync(join(dist, name), "utf8");

describe("literalSchemaKeys", () => {
  it("writes a computed key naming a string constant as that string, and nothing else", () => {
    const source = [
      'const _h = "http";',
      'const _hC = "httpChecksum";',
      "const n0 = 1;",
      'export var PutBucketPolicy$ = [9, n0, "PutBucketPolicy", { [_hC]: "-", [_h]: ["PUT", "/?policy", 200] }];',
      "const other = { [n0]: true, [String(n0)]: false };",
    ].join("\n");
    const out = literalSchemaKeys(source);
    expect(out).toContain('{ "httpChecksum": "-", "http": ["PUT", "/?policy", 200] }');
    expect(out).toContain("{ [n0]: true, [String(n0)]: false }");
    expect(new Function(`${out.replace(/export /g, "")}; return PutBucketPolicy$;`)()).toEqual(
      new Function(`${source.replace(/export /g, "")}; return PutBucketPolicy$;`)(),
    );
  });
});

describe("the built CLI", () => {
  it("keeps the S3 operations yolo sends and drops those it never sends", () => {
    const s3 = chunks.filter((name) => /^s3-/.test(name)).map(read);
    expect(s3).toHaveLength(1);
    for (const used of ["PutBucketPolicy$", "GetBucketTagging$", "ListObjectVersions$"])
      expect(s3[0]).toContain(`var ${used} =`);
    for (const unused of ["RenameObject$", "SelectObjectContent$", "PutBucketInventoryConfiguration$"])
      expect(s3[0]).not.toContain(unused);
  });

  it("imports no package at run time: only Node's built-ins and its own chunks", () => {
    const imported = new Set<string>();
    for (const name of chunks)
      for (const match of read(name).matchAll(
        /(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*"([^"]+)"|import\("([^"]+)"\)/gm,
      ))
        imported.add(match[1] ?? match[2]);
    const builtIn = (spec: string) => spec.startsWith("node:") || builtinModules.includes(spec);
    const external = [...imported].filter((spec) => !builtIn(spec) && !spec.startsWith("./"));
    expect(external).toEqual([]);
  });
});
