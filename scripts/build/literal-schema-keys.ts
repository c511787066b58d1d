/**
 * An esbuild plugin for the built CLI: lets the bundler drop the parts of each AWS SDK client's
 * schema file that yolo never sends.
 *
 * Every `@aws-sdk/client-*` ships its whole API as one `dist-es/schemas/schemas_0.js`: a list of
 * `const` arrays, one per shape and operation, with trait objects keyed by computed names
 * (`{ [_h]: ["PUT", "/?policy", 200] }` where `const _h = "http"`). esbuild must assume a computed
 * key may run code, so it keeps every array, used or not: about 80 KB of S3's 250 KB chunk is
 * operations yolo never calls, evaluated at every start. Writing those keys as the string
 * literals they are (`{ "http": [...] }`) changes nothing at run time and lets tree shaking
 * remove what no imported command reaches.
 */
import { readFile } from "node:fs/promises";
import type { Plugin } from "esbuild";

/** The SDK's schema files: `@aws-sdk/client-<service>/dist-es/schemas/schemas_<n>.js`. */
export const SCHEMA_FILE = /@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

/** `source` with each `[name]:` key, where `const name = "…"` is a plain string, as that string. */
export function literalSchemaKeys(source: string): string {
  const strings = new Map<string, string>();
  for (const match of source.matchAll(/^const ([A-Za-z_$][\w$]*) = ("[^"\\\n]*");$/gm))
    strings.set(match[1], match[2]);
  return source.replace(/\[([A-Za-z_$][\w$]*)\]:/g, (key, name: string) => {
    const value = strings.get(name);
    return value === undefined ? key : `${value}:`;
  });
}

export const literalSchemaKeysPlugin: Plugin = {
  name: "literal-schema-keys",
  setup(build) {
    build.onLoad({ filter: SCHEMA_FILE }, async (args) => ({
      contents: literalSchemaKeys(await readFile(args.path, "utf8")),
      loader: "js",
    }));
  },
};
