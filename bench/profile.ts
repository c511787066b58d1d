/**
 * Where a CLI run's time goes: the run under `node --cpu-prof`, each sample put in one bucket by
 * what is on its stack (module loading, the manifest, credentials, requests, rendering, GC, idle
 * waiting for the network), and the rest of the wall time split into Node's own start-up (the
 * `node -e 0` time) and exit.
 *
 * Run alone to profile another build (e.g. the one before a change) and keep its numbers:
 * `node --import tsx bench/profile.ts --bin /path/to/bin/yolo.js --save bench/profile-before.json`;
 * `npm run bench` profiles the current build and prints the saved numbers beside its own.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BundleSources, byOwner, type Owner } from "./bundle-sources.js";
import { runNodeProcess } from "./cli-process.js";
import { startEmulatorProcess } from "./emulator-process.js";
import { emulatorEnvironment, withoutNodeStartVariables } from "./measure.js";
import { BENCH_ENVIRONMENT, writeBenchManifest } from "./scenarios.js";
import { median } from "./stats.js";

/** The buckets, in the order the table lists them. */
export const PHASES = [
  "Node start-up (`node -e 0`)",
  "module loading (resolve, read, compile, evaluate)",
  "command line (commander)",
  "manifest (read, YAML, validate)",
  "credential resolution",
  "requests and planning (SDK build, sign, send, parse; engine)",
  "rendering (output)",
  "garbage collection",
  "V8 other (compile, unattributed)",
  "idle: waiting for the network",
  "exit (after the profile ends)",
] as const;
export type Phase = (typeof PHASES)[number];

/** The phase whose samples are split by whose code they ran in (the owners). */
export const REQUESTS_PHASE: Phase = "requests and planning (SDK build, sign, send, parse; engine)";

/**
 * Milliseconds per phase, and the wall time of the profiled run; `owners` splits the requests
 * phase by whose code each sample was in (absent in profiles saved before it was measured).
 */
export type PhaseTimes = Record<Phase, number> & { wall: number; owners?: Record<Owner, number> };

export interface ProfileSummary {
  /** What was profiled and how (for the table's caption). */
  label: string;
  command: string;
  latencyMs: number;
  runs: number;
  sync: PhaseTimes;
  env: PhaseTimes;
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const named = (pattern: RegExp) => (frame: { functionName: string; url: string }) =>
  pattern.test(frame.functionName);

/** First matching rule wins; rules look at the whole stack (leaf to root). */
const RULES: [Phase, (frame: { functionName: string; url: string }) => boolean][] = [
  ["rendering (output)", named(/^(renderJson|renderHuman|renderEnvJson|renderEnv\w*|jsonDocument)\d*$/)],
  ["manifest (read, YAML, validate)", named(/^(loadEnvironment|loadManifest|resolveEnvironment)\d*$/)],
  ["credential resolution", named(/credential|Credential|ProviderChain/)],
  ["command line (commander)", named(/^(runCli|buildProgram)\d*$/)],
  [
    "module loading (resolve, read, compile, evaluate)",
    (frame) =>
      frame.url.startsWith("node:internal/modules/") || frame.functionName === "compileForInternalLoader",
  ],
];

/**
 * Milliseconds per phase of one profile (without Node start-up and exit, which it cannot see), and
 * the requests phase split by the owner of the function each of its samples was in.
 */
export function classifyProfile(
  profile: CpuProfile,
  sources: BundleSources,
): { phases: Map<Phase, number>; owners: Map<Owner, number> } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const phaseOf = new Map<number, Phase>();
  const classify = (id: number): Phase => {
    const known = phaseOf.get(id);
    if (known) return known;
    const leaf = byId.get(id)?.callFrame.functionName;
    let phase: Phase | undefined;
    if (leaf === "(idle)") phase = "idle: waiting for the network";
    else if (leaf === "(garbage collector)") phase = "garbage collection";
    else if (leaf === "(program)" || leaf === "(root)") phase = "V8 other (compile, unattributed)";
    else {
      const stack: { functionName: string; url: string }[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const node = byId.get(at);
        if (node) stack.push(node.callFrame);
      }
      phase = RULES.find(([, matches]) => stack.some(matches))?.[0] ?? REQUESTS_PHASE;
    }
    phaseOf.set(id, phase);
    return phase;
  };
  const totals = new Map<Phase, number>();
  const owners = new Map<Owner, number>();
  // timeDeltas[i] is the time from sample i-1 to sample i: charge it to sample i.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const phase = classify(id);
    totals.set(phase, (totals.get(phase) ?? 0) + ms);
    const leaf = byId.get(id);
    if (phase === REQUESTS_PHASE && leaf) {
      const owner = sources.ownerOf(leaf.callFrame);
      owners.set(owner, (owners.get(owner) ?? 0) + ms);
    }
  }
  return { phases: totals, owners };
}

export interface ProfileContext {
  yoloBin: string;
  emulatorUrl: string;
  nodeStartupMs: number;
}

/** Run `yolo ...args` under --cpu-prof `runs` times in `dir`; the median of each phase. */
export async function profileRuns(
  ctx: ProfileContext,
  args: string[],
  dir: string,
  runs: number,
): Promise<PhaseTimes> {
  const samples: PhaseTimes[] = [];
  const sources = new BundleSources();
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), "yolo-bench-prof-"));
    try {
      const run = await runNodeProcess(
        ["--cpu-prof", "--cpu-prof-dir", out, "--cpu-prof-interval", "250", ctx.yoloBin, ...args],
        { cwd: dir, env: emulatorEnvironment(ctx.emulatorUrl, dir) },
      );
      if (run.code !== 0) throw new Error(`yolo ${args.join(" ")} exited ${run.code}:\n${run.stderr}`);
      const file = readdirSync(out).find((name) => name.endsWith(".cpuprofile"));
      if (!file) throw new Error(`no CPU profile written for yolo ${args.join(" ")}`);
      const profile = JSON.parse(readFileSync(join(out, file), "utf8")) as CpuProfile;
      const { phases, owners } = classifyProfile(profile, sources);
      const profiled = (profile.endTime - profile.startTime) / 1000;
      const times = { wall: run.wallMs } as PhaseTimes;
      for (const phase of PHASES) times[phase] = phases.get(phase) ?? 0;
      times.owners = byOwner((owner) => owners.get(owner) ?? 0);
      times["Node start-up (`node -e 0`)"] = ctx.nodeStartupMs;
      times["exit (after the profile ends)"] = Math.max(0, run.wallMs - ctx.nodeStartupMs - profiled);
      samples.push(times);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  const result = { wall: median(samples.map((s) => s.wall)) } as PhaseTimes;
  for (const phase of PHASES) result[phase] = median(samples.map((s) => s[phase]));
  result.owners = byOwner((owner) => median(samples.map((s) => s.owners?.[owner] ?? 0)));
  return result;
}

/**
 * Profile a converged 7-region `sync` and `yolo env` (after one sync made everything) against
 * the emulator at `emulatorUrl`.
 */
export async function profileCommands(
  ctx: ProfileContext,
  runs: number,
): Promise<{ sync: PhaseTimes; env: PhaseTimes }> {
  const dir = writeBenchManifest(7);
  const env = emulatorEnvironment(ctx.emulatorUrl, dir);
  const sync = ["sync", BENCH_ENVIRONMENT, "--json", "--no-progress"];
  const first = await runNodeProcess([ctx.yoloBin, ...sync], { cwd: dir, env });
  if (first.code !== 0) throw new Error(`yolo sync exited ${first.code}:\n${first.stderr}`);
  return {
    sync: await profileRuns(ctx, sync, dir, runs),
    env: await profileRuns(ctx, ["env", BENCH_ENVIRONMENT, "--json"], dir, runs),
  };
}

// Alone: profile the build at --bin and save the summary (the "before" column of RESULTS.md).
if (import.meta.filename === resolve(process.argv[1] ?? "")) {
  const { parseArgs } = await import("node:util");
  const { values } = parseArgs({
    options: {
      bin: { type: "string", default: resolve(import.meta.dirname, "../bin/yolo.js") },
      label: { type: "string", default: "this build" },
      latency: { type: "string", default: "50" },
      runs: { type: "string", default: "5" },
      save: { type: "string" },
    },
  });
  const yoloBin = resolve(values.bin);
  const latencyMs = Number(values.latency);
  const runs = Number(values.runs);
  const emulator = await startEmulatorProcess(yoloBin, latencyMs);
  try {
    const dir = writeBenchManifest(1);
    const startups: number[] = [];
    for (let i = 0; i < 10; i++)
      startups.push(
        (await runNodeProcess(["-e", "0"], { cwd: dir, env: withoutNodeStartVariables(process.env) })).wallMs,
      );
    const measured = await profileCommands(
      { yoloBin, emulatorUrl: emulator.url, nodeStartupMs: median(startups) },
      runs,
    );
    const summary: ProfileSummary = {
      label: values.label,
      command: `node --import tsx bench/profile.ts --bin ${values.bin} --label "${values.label}" --runs ${runs}${values.save ? ` --save ${values.save}` : ""}`,
      latencyMs,
      runs,
      ...measured,
    };
    const text = `${JSON.stringify(summary, null, 2)}\n`;
    if (values.save) writeFileSync(values.save, text);
    process.stdout.write(text);
  } finally {
    await emulator.stop();
  }
}
