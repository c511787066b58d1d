import { defineConfig } from "tsup";
import { literalSchemaKeysPlugin } from "./scripts/build/literal-schema-keys.js";

// One ESM bundle for the CLI; the AWS SDK and the emulator load lazily through dynamic
// import() so `yolo --help` and `yolo validate` never pay for them (code splitting keeps
// them in separate chunks). Every dependency is bundled in, from the versions npm installed
// from the lockfile: the AWS SDK's ESM builds, only the parts src/aws/sdk/ re-exports, load
// several times faster than its hundreds of CommonJS files resolved one by one, and commander,
// yaml and fast-xml-parser are spared the same resolution (docs/decisions.md, bench/RESULTS.md).
// The CommonJS ones among them call require() for Node's built-ins, so each chunk gets one.
export default defineConfig({
  entry: { cli: "src/cli/main.ts", emulator: "src/emulator/index.ts" },
  format: ["esm"],
  target: "node20",
  platform: "node",
  splitting: true,
  sourcemap: false,
  clean: true,
  dts: false,
  outDir: "dist",
  noExternal: [/^@aws-sdk\//, /^@smithy\//, "commander", "yaml", "fast-xml-parser"],
  banner: {
    js: 'import { createRequire as __yoloCreateRequire } from "node:module"; const require = __yoloCreateRequire(import.meta.url);',
  },
  esbuildPlugins: [literalSchemaKeysPlugin],
});
