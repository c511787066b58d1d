/**
 * The benchmark's measurements: `sync` runs (greenfield and converged, concurrent and sequential)
 * against the emulator process, and the start-up of commands that never touch AWS.
 */
import { join } from "node:path";
import { runNodeProcess } from "./cli-process.js";
import type { EmulatorProcess } from "./emulator-process.js";
import { analyseTraffic, type RunTraffic } from "./log-analysis.js";
import { BENCH_ENVIRONMENT, benchRegions, writeBenchManifest } from "./scenarios.js";

export type Scenario = "greenfield" | "converged";
export type Mode = "concurrent" | "sequential";

export interface Sample {
  wallMs: number;
  peakRssMiB: number;
  traffic: RunTraffic;
}

export interface SyncMeasurement {
  scenario: Scenario;
  regions: number;
  mode: Mode;
  samples: Sample[];
}

export interface BenchContext {
  yoloBin: string;
  emulator: EmulatorProcess;
  runs: number;
  /** The Node binary the CLI runs under (default: the one running the benchmark). */
  node?: string;
  /** Called after each run, for a progress line. */
  onRun?: (label: string, sample: Sample) => void;
}

/**
 * Variables that change how Node itself starts, which the benchmark's children run without, so
 * the numbers are the CLI's and not the machine's set-up: NODE_OPTIONS, and NODE_EXTRA_CA_CERTS,
 * which Node 20 reads and parses at every start, TLS or not (with a whole CA bundle, as on the
 * machine RESULTS.md was measured on, `node -e 0` starts about 50 ms later; the start-up table
 * shows both).
 */
export const NODE_START_VARIABLES: readonly string[] = ["NODE_OPTIONS", "NODE_EXTRA_CA_CERTS"];

/** The environment without {@link NODE_START_VARIABLES}. */
export function withoutNodeStartVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !NODE_START_VARIABLES.includes(key)));
}

/**
 * The child's environment: the emulator's endpoint and fake keys, no developer AWS files, and
 * none of {@link NODE_START_VARIABLES}.
 */
export function emulatorEnvironment(url: string, scratchDir: string): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(withoutNodeStartVariables(process.env)).filter(
      ([key]) => !key.startsWith("AWS_") && !key.startsWith("YOLO_"),
    ),
  );
  return {
    ...inherited,
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: "AKIABENCHMARK",
    AWS_SECRET_ACCESS_KEY: "bench-secret",
    AWS_REGION: "us-east-1",
    AWS_CONFIG_FILE: join(scratchDir, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(scratchDir, "no-aws-credentials"),
    NO_COLOR: "1",
  };
}

async function syncOnce(ctx: BenchContext, dir: string, mode: Mode, extra: string[] = []): Promise<Sample> {
  const args = ["sync", BENCH_ENVIRONMENT, "--json", "--no-progress", ...extra];
  if (mode === "sequential") args.push("--concurrency", "1");
  await ctx.emulator.clearLog();
  const run = await runNodeProcess([ctx.yoloBin, ...args], {
    cwd: dir,
    env: emulatorEnvironment(ctx.emulator.url, dir),
    node: ctx.node,
  });
  if (run.code !== 0) {
    throw new Error(`yolo ${args.join(" ")} exited ${run.code} in ${dir}:\n${run.stderr}\n${run.stdout}`);
  }
  const traffic = analyseTraffic(await ctx.emulator.log());
  return { wallMs: run.wallMs, peakRssMiB: run.peakRssMiB, traffic };
}

/**
 * Greenfield then converged `sync` in `regions` regions: `runs` greenfield runs (the emulator
 * reset before each), then `runs` converged runs on the state the last one left.
 */
export async function measureSync(
  ctx: BenchContext,
  regions: number,
  mode: Mode,
): Promise<SyncMeasurement[]> {
  const dir = writeBenchManifest(regions);
  const greenfield: SyncMeasurement = { scenario: "greenfield", regions, mode, samples: [] };
  const converged: SyncMeasurement = { scenario: "converged", regions, mode, samples: [] };
  for (let i = 0; i < ctx.runs; i++) {
    await ctx.emulator.reset();
    const sample = await syncOnce(ctx, dir, mode);
    greenfield.samples.push(sample);
    ctx.onRun?.(`greenfield ${regions} region(s) ${mode} #${i + 1}`, sample);
  }
  for (let i = 0; i < ctx.runs; i++) {
    const sample = await syncOnce(ctx, dir, mode);
    converged.samples.push(sample);
    ctx.onRun?.(`converged ${regions} region(s) ${mode} #${i + 1}`, sample);
  }
  return [greenfield, converged];
}

/** Converged concurrent runs of one manifest, with sync's leftover search and without it. */
export interface LeftoverSearchMeasurement {
  regions: number;
  /** `sync production`: also reads the IVS regions the manifest does not list. */
  searched: Sample[];
  /** `sync production --region <each listed region>`: the search stays in those regions. */
  listedOnly: Sample[];
}

/**
 * What the leftover search costs a converged run: `runs` interleaved pairs of `sync` and
 * `sync --region <each listed region>` (which searches no other region) on the same state.
 */
export async function measureLeftoverSearch(
  ctx: BenchContext,
  regions: number,
): Promise<LeftoverSearchMeasurement> {
  const dir = writeBenchManifest(regions);
  const only = benchRegions(regions).flatMap((region) => ["--region", region]);
  await ctx.emulator.reset();
  await syncOnce(ctx, dir, "concurrent");
  const result: LeftoverSearchMeasurement = { regions, searched: [], listedOnly: [] };
  for (let i = 0; i < ctx.runs; i++) {
    result.searched.push(await syncOnce(ctx, dir, "concurrent"));
    result.listedOnly.push(await syncOnce(ctx, dir, "concurrent", only));
    ctx.onRun?.(`leftover search ${regions} region(s) #${i + 1}`, result.searched[i]);
  }
  return result;
}

/**
 * Wall times of `times` runs of `node ...nodeArgv` that needs no AWS (exit 0 required):
 * `[yoloBin, "--help"]`, or `["-e", "0"]` for Node's own start-up; `extraEnv` is added to the
 * children's environment.
 */
export async function measureCommand(
  ctx: BenchContext,
  nodeArgv: string[],
  times: number,
  cwd: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ wallMs: number[]; peakRssMiB: number[] }> {
  const wallMs: number[] = [];
  const peakRssMiB: number[] = [];
  for (let i = 0; i < times; i++) {
    const run = await runNodeProcess(nodeArgv, {
      cwd,
      env: { ...emulatorEnvironment(ctx.emulator.url, cwd), ...extraEnv },
      node: ctx.node,
    });
    if (run.code !== 0) throw new Error(`node ${nodeArgv.join(" ")} exited ${run.code}:\n${run.stderr}`);
    wallMs.push(run.wallMs);
    peakRssMiB.push(run.peakRssMiB);
  }
  return { wallMs, peakRssMiB };
}

/** One measurement taken under this Node and under a second one, run by run in turn. */
export interface NodePair<T> {
  here: T;
  there: T;
}

/**
 * Converged concurrent `sync` in `regions` regions under this Node and under `node`, interleaved
 * run by run on the same state, so both see the same moments of a noisy machine. A greenfield run
 * makes everything, and one converged run under `node` goes first (it fills that Node's compile
 * cache, as a user's first run would).
 */
export async function measureConvergedUnderTwoNodes(
  ctx: BenchContext,
  node: string,
  regions: number,
): Promise<NodePair<SyncMeasurement>> {
  const dir = writeBenchManifest(regions);
  const there: BenchContext = { ...ctx, node };
  await ctx.emulator.reset();
  await syncOnce(ctx, dir, "concurrent");
  await syncOnce(there, dir, "concurrent");
  const pair: NodePair<SyncMeasurement> = {
    here: { scenario: "converged", regions, mode: "concurrent", samples: [] },
    there: { scenario: "converged", regions, mode: "concurrent", samples: [] },
  };
  for (let i = 0; i < ctx.runs; i++) {
    pair.here.samples.push(await syncOnce(ctx, dir, "concurrent"));
    pair.there.samples.push(await syncOnce(there, dir, "concurrent"));
    ctx.onRun?.(`converged ${regions} region(s), ${node} #${i + 1}`, pair.there.samples[i]);
  }
  return pair;
}

/**
 * {@link measureCommand} as the benchmark runs it and with `there`'s changes (another Node binary,
 * extra environment variables), one run of each in turn, so both see the same moments of a noisy
 * machine.
 */
export async function measureCommandInTurn(
  ctx: BenchContext,
  there: { node?: string; env?: NodeJS.ProcessEnv },
  nodeArgv: string[],
  times: number,
  cwd: string,
): Promise<NodePair<number[]>> {
  const changed: BenchContext = there.node ? { ...ctx, node: there.node } : ctx;
  const pair: NodePair<number[]> = { here: [], there: [] };
  for (let i = 0; i < times; i++) {
    pair.here.push(...(await measureCommand(ctx, nodeArgv, 1, cwd)).wallMs);
    pair.there.push(...(await measureCommand(changed, nodeArgv, 1, cwd, there.env)).wallMs);
  }
  return pair;
}
