import { defineConfig } from "tsup";

// One ESM bundle for the CLI; the AWS SDK and the emulator load lazily through dynamic
// import() so `yolo --help` and `yolo validate` never pay for them (code splitting keeps
// them in separate chunks).
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
});
