import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { manifestJsonSchema } from "../../src/manifest/index.js";
import { runYolo } from "../helpers/cli.js";

const schemaFile = join(import.meta.dirname, "..", "..", "schema", "yolo.schema.json");
const examples = join(import.meta.dirname, "..", "..", "examples");

describe("schema/yolo.schema.json (what editors read)", () => {
  it("is exactly what `yolo schema` prints today (regenerate with node scripts/write-schema.mjs)", async () => {
    const file = readFileSync(schemaFile, "utf8");
    const printed = await runYolo(["schema"], { cwd: examples });

    expect(printed.code).toBe(0);
    expect(file).toBe(printed.stdout);
    expect(JSON.parse(file)).toEqual(manifestJsonSchema());
  });

  it("is the file examples/yolo.yml points its editor line at", () => {
    const firstLine = readFileSync(join(examples, "yolo.yml"), "utf8").split("\n")[0];
    expect(firstLine).toBe("# yaml-language-server: $schema=../schema/yolo.schema.json");
  });
});
