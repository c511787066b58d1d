import { defineConfig } from "tsup";

// One ESM bundle for the CLI; the AWS SDK and the emulator load lazily through dynamic
// import() so `yolo --help` and `yolo validate` never pay for them (code splitting keeps
// them in separate chunks). The AWS SDK (@aws-sdk/*, @smithy/*) is bundled in, from the
// versions npm installed from the lockfile: its ESM builds, only the parts src/aws/sdk/
// re-exports, load several times faster than its hundreds of CommonJS files resolved one by
// one (docs/decisions.md, bench/RESULTS.md).
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
  noExternal: [/^@aws-sdk\//, /^@smithy\//],
});
