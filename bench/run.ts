/**
 * `npm run bench`: greenfield and converged `sync` in 1, 3 and 7 IVS regions against a separate
 * emulator process with injected latency, concurrent and sequential (`--concurrency 1`), plus
 * converged runs against a second emulator with no latency (the CPU-only cost), the cost of
 * sync's leftover search (converged `sync` with and without `--region`), `--help` and
 * `validate` start-up, and a CPU profile of a converged sync and `yolo env` (bench/profile.ts)
 * beside the saved one of the build before (bench/profile-before.json); writes bench/RESULTS.md.
 *
 * Options: `--latency MS` (default 50), `--runs N` (default 5), `--out FILE` (default bench/RESULTS.md),
 * `--node PATH`: also run the converged syncs, `--help` and `node -e 0` under that Node binary
 * (e.g. a Node 22, where bin/yolo.js turns on Node's compile cache), in turn with this one's.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { RSS_METHOD } from "./cli-process.js";
import { startEmulatorProcess } from "./emulator-process.js";
import {
  type BenchContext,
  type Mode,
  measureCommand,
  measureCommandInTurn,
  measureConvergedUnderTwoNodes,
  measureLeftoverSearch,
  measureSync,
  NODE_START_VARIABLES,
  type SyncMeasurement,
} from "./measure.js";
import { type ProfileSummary, profileCommands } from "./profile.js";
import { type BenchResults, type NodeComparison, renderResults } from "./report.js";
import { BENCH_ENVIRONMENT, REGION_COUNTS, writeBenchManifest } from "./scenarios.js";
import { formatMs, median } from "./stats.js";

const root = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    latency: { type: "string", default: "50" },
    runs: { type: "string", default: "5" },
    out: { type: "string", default: resolve(root, "bench/RESULTS.md") },
    node: { type: "string" },
  },
});
const latencyMs = Number(values.latency);
const runs = Number(values.runs);
if (!Number.isFinite(latencyMs) || latencyMs < 0)
  throw new Error(`--latency takes milliseconds, not ${values.latency}`);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs takes a whole number from 1, not ${values.runs}`);

const yoloBin = resolve(root, "bin/yolo.js");
const loadAtStart = loadavg()[0];
const emulator = await startEmulatorProcess(yoloBin, latencyMs);
const instant = await startEmulatorProcess(yoloBin, 0);
process.stderr.write(`emulator at ${emulator.url}, ${latencyMs} ms per request, ${runs} runs per scenario\n`);

const ctx: BenchContext = {
  yoloBin,
  emulator,
  runs,
  onRun: (label, sample) =>
    process.stderr.write(
      `  ${label}: ${formatMs(sample.wallMs)}, ${sample.traffic.total} requests ` +
        `(${sample.traffic.writes} writes), depth ${sample.traffic.criticalPath}, ${sample.peakRssMiB.toFixed(0)} MiB\n`,
    ),
};

/**
 * The converged syncs (1 and 7 regions, at the benchmark's latency and at 0 ms), `--help` and
 * `node -e 0`, each under this Node and under `node` in turn.
 */
async function compareNodes(node: string, dir: string): Promise<NodeComparison> {
  const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  process.stderr.write(`beside ${node} (${version}):\n`);
  const syncs: NodeComparison["syncs"] = [];
  for (const regions of [1, 7])
    for (const [emulatorAt, latency] of [
      [emulator, latencyMs],
      [instant, 0],
    ] as const)
      syncs.push({
        latencyMs: latency,
        ...(await measureConvergedUnderTwoNodes({ ...ctx, emulator: emulatorAt }, node, regions)),
      });
  return {
    version,
    syncs,
    nodeStartup: await measureCommandInTurn(ctx, { node }, ["-e", "0"], 10, dir),
    help: await measureCommandInTurn(ctx, { node }, [yoloBin, "--help"], 10, dir),
  };
}

/**
 * `node -e 0` as this machine would start it (with its own NODE_START_VARIABLES) and as the
 * benchmark's children start (without), one run of each in turn; undefined when it sets none.
 */
async function measureMachineNodeStartup(dir: string): Promise<BenchResults["machineNodeStartup"]> {
  const variables = NODE_START_VARIABLES.filter((key) => process.env[key]);
  if (variables.length === 0) return undefined;
  const env = Object.fromEntries(variables.map((key) => [key, process.env[key]]));
  const { here, there } = await measureCommandInTurn(ctx, { env }, ["-e", "0"], 10, dir);
  return { variables, plain: here, withVariables: there };
}

try {
  const syncs: SyncMeasurement[] = [];
  for (const regions of REGION_COUNTS) {
    for (const mode of ["concurrent", "sequential"] as Mode[]) {
      syncs.push(...(await measureSync(ctx, regions, mode)));
    }
  }

  // The same converged runs with no network time: what is left is the CLI's own CPU cost.
  const cpuOnly: SyncMeasurement[] = [];
  for (const regions of [1, 7]) {
    const [, converged] = await measureSync({ ...ctx, emulator: instant }, regions, "concurrent");
    cpuOnly.push(converged);
  }

  // sync's leftover search: what a converged run pays to look in the regions it does not list.
  const leftovers = [await measureLeftoverSearch(ctx, 1), await measureLeftoverSearch(ctx, 3)];

  const dir = writeBenchManifest(1);
  const nodeStartup = (await measureCommand(ctx, ["-e", "0"], 10, dir)).wallMs;
  const machineNodeStartup = await measureMachineNodeStartup(dir);
  const help = await measureCommand(ctx, [yoloBin, "--help"], 10, dir);
  const validate = await measureCommand(ctx, [yoloBin, "validate", BENCH_ENVIRONMENT], 10, dir);
  process.stderr.write(`  --help: ${help.wallMs.map((ms) => formatMs(ms)).join(", ")}\n`);

  const otherNode = values.node ? await compareNodes(resolve(values.node), dir) : undefined;

  const profiled = await profileCommands(
    { yoloBin, emulatorUrl: emulator.url, nodeStartupMs: median(nodeStartup) },
    runs,
  );
  const beforeFile = resolve(root, "bench/profile-before.json");
  const profileBefore = existsSync(beforeFile)
    ? (JSON.parse(readFileSync(beforeFile, "utf8")) as ProfileSummary)
    : undefined;

  const markdown = renderResults({
    date: new Date().toISOString(),
    machine: {
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model.trim() ?? "unknown",
      memoryGiB: totalmem() / 1024 ** 3,
      node: process.version,
      platform: `${platform()} ${release()}`,
      loadAverage: { start: loadAtStart, end: loadavg()[0] },
    },
    latencyMs,
    runs,
    rssMethod: RSS_METHOD,
    syncs,
    cpuOnly,
    leftovers,
    profile: { before: profileBefore, after: { label: "this build", ...profiled } },
    nodeStartup,
    ...(machineNodeStartup ? { machineNodeStartup } : {}),
    otherNode,
    help: help.wallMs,
    validate: validate.wallMs,
    allRssMiB: [
      ...[...syncs, ...cpuOnly].flatMap((m) => m.samples.map((s) => s.peakRssMiB)),
      ...help.peakRssMiB,
      ...validate.peakRssMiB,
    ],
  });
  writeFileSync(values.out, markdown);
  process.stdout.write(markdown);
  process.stderr.write(`wrote ${values.out}\n`);
} finally {
  await emulator.stop();
  await instant.stop();
}
