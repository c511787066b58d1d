/**
 * RESULTS.md, written from the measured numbers only: the machine, the tables, the targets and,
 * for each missed target, the arithmetic that explains it and what would close it.
 */
import { OWNERS } from "./bundle-sources.js";
import type {
  LeftoverSearchMeasurement,
  Mode,
  NodePair,
  Sample,
  Scenario,
  SyncMeasurement,
} from "./measure.js";
import { PHASES, type PhaseTimes, type ProfileSummary, REQUESTS_PHASE } from "./profile.js";
import { formatMs, median } from "./stats.js";

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the benchmark started and ended (other work skews the times). */
  loadAverage: { start: number; end: number };
}

export interface BenchResults {
  date: string;
  machine: Machine;
  latencyMs: number;
  runs: number;
  rssMethod: string;
  syncs: SyncMeasurement[];
  /** Converged concurrent runs against an emulator with no latency (the CLI's CPU cost). */
  cpuOnly: SyncMeasurement[];
  /** Converged runs with sync's leftover search and with `--region` (no search elsewhere). */
  leftovers: LeftoverSearchMeasurement[];
  /** Where the time goes (bench/profile.ts): the saved build before, and this one. */
  profile: { before?: ProfileSummary; after: Omit<ProfileSummary, "command" | "latencyMs" | "runs"> };
  /** Wall times (ms) of plain `node -e 0`, `yolo --help` and `yolo validate`. */
  nodeStartup: number[];
  /**
   * `node -e 0` with the Node start-up variables the benchmark's children run without, as this
   * machine sets them (bench/measure.ts NODE_START_VARIABLES), in turn with plain runs; absent
   * when the machine sets none.
   */
  machineNodeStartup?: { variables: string[]; plain: number[]; withVariables: number[] };
  /** Converged syncs and start-ups under this Node and a second one (`--node`), when asked for. */
  otherNode?: NodeComparison;
  help: number[];
  validate: number[];
  /** Peak RSS (MiB) of every CLI run, for the RSS target. */
  allRssMiB: number[];
}

/** What `--node PATH` measures: each row under this Node and under that one, run by run in turn. */
export interface NodeComparison {
  version: string;
  /** Converged concurrent syncs, 1 and 7 regions, at the benchmark's latency and at 0 ms. */
  syncs: ({ latencyMs: number } & NodePair<SyncMeasurement>)[];
  nodeStartup: NodePair<number[]>;
  help: NodePair<number[]>;
}

interface Summary {
  wallMs: number;
  total: number;
  reads: number;
  writes: number;
  maxPerRegion: number;
  criticalPath: number;
  peakRssMiB: number;
  byRegion: Record<string, number>;
  /** Operations that wrote in any sample (to explain a converged run that wrote). */
  writeOperations: string[];
}

function summarise(measurement: SyncMeasurement): Summary {
  const samples = measurement.samples;
  const of = (pick: (s: (typeof samples)[number]) => number) => median(samples.map(pick));
  const regions = new Set(samples.flatMap((s) => Object.keys(s.traffic.byRegion)));
  const byRegion: Record<string, number> = {};
  const order = (region: string) => (region === "global" ? "~" : region);
  for (const region of [...regions].sort((a, b) => order(a).localeCompare(order(b))))
    byRegion[region] = of((s) => s.traffic.byRegion[region]?.total ?? 0);
  return {
    wallMs: of((s) => s.wallMs),
    total: of((s) => s.traffic.total),
    reads: of((s) => s.traffic.reads),
    writes: of((s) => s.traffic.writes),
    maxPerRegion: of((s) => s.traffic.maxPerRegion),
    criticalPath: of((s) => s.traffic.criticalPath),
    peakRssMiB: of((s) => s.peakRssMiB),
    byRegion,
    writeOperations: [...new Set(samples.flatMap((s) => s.traffic.writeOperations))].sort(),
  };
}

function find(results: BenchResults, scenario: Scenario, regions: number, mode: Mode): Summary | undefined {
  const measurement = results.syncs.find(
    (m) => m.scenario === scenario && m.regions === regions && m.mode === mode,
  );
  return measurement ? summarise(measurement) : undefined;
}

type Cell = string | number;

/** A markdown table with its columns padded, as the project's formatter (biome) lays tables out. */
function table(header: string[], rows: Cell[][]): string[] {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(3, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  return [line(cells[0]), line(widths.map((w) => "-".repeat(w))), ...cells.slice(1).map(line)];
}

function syncTable(results: BenchResults): string[] {
  const header = [
    "scenario",
    "regions",
    "mode",
    "wall (median)",
    "wall (min–max)",
    "requests",
    "reads",
    "writes",
    "max requests in one region",
    "critical path (requests)",
    "peak RSS",
  ];
  const rows = results.syncs.map((m) => {
    const s = summarise(m);
    const walls = m.samples.map((x) => x.wallMs);
    return [
      m.scenario,
      m.regions,
      m.mode === "sequential" ? "sequential (`--concurrency 1`)" : "concurrent (default)",
      formatMs(s.wallMs),
      `${formatMs(Math.min(...walls))}–${formatMs(Math.max(...walls))}`,
      s.total,
      s.reads,
      s.writes,
      s.maxPerRegion,
      s.criticalPath,
      `${s.peakRssMiB.toFixed(0)} MiB`,
    ];
  });
  return table(header, rows);
}

function speedUpTable(results: BenchResults): string[] {
  const rows: Cell[][] = [];
  const keys = new Set(results.syncs.map((m) => `${m.scenario}/${m.regions}`));
  for (const key of keys) {
    const [scenario, regions] = key.split("/") as [Scenario, string];
    const fast = find(results, scenario, Number(regions), "concurrent");
    const slow = find(results, scenario, Number(regions), "sequential");
    if (!fast || !slow) continue;
    rows.push([
      scenario,
      regions,
      formatMs(fast.wallMs),
      formatMs(slow.wallMs),
      `${(slow.wallMs / fast.wallMs).toFixed(1)}×`,
    ]);
  }
  return table(["scenario", "regions", "concurrent", "sequential", "speed-up"], rows);
}

function startupTable(results: BenchResults): string[] {
  const line = (label: string, values: number[]): Cell[] => [
    label,
    values.length,
    formatMs(median(values)),
    formatMs(Math.min(...values)),
    formatMs(Math.max(...values)),
  ];
  return table(
    ["command", "runs", "median", "min", "max"],
    [
      line("`node -e 0` (Node itself, for reference)", results.nodeStartup),
      line("`yolo --help`", results.help),
      line("`yolo validate production`", results.validate),
    ],
  );
}

/** Node's start with and without the machine's own start-up variables, when it sets any. */
function machineStartupLines(results: BenchResults): string[] {
  const machine = results.machineNodeStartup;
  if (!machine) return [];
  const names = machine.variables.join(" and ");
  const several = machine.variables.length > 1;
  return [
    "",
    `This machine sets ${names}, ${several ? "variables that change" : "a variable that changes"} how Node ` +
      `itself starts. Every child process above ran without ${several ? "them" : "it"} (bench/measure.ts), so ` +
      "the rows measure the CLI, not the machine's set-up. `node -e 0` with and without, one run of each " +
      `in turn: ${formatMs(median(machine.withVariables))} with, ${formatMs(median(machine.plain))} without ` +
      `(medians of ${machine.plain.length}). A user whose shell sets ${names} pays the difference on every ` +
      "yolo run, as on every Node program.",
  ];
}

function cpuOnlyTable(results: BenchResults): string[] {
  const rows = results.cpuOnly.map((m) => {
    const s = summarise(m);
    const walls = m.samples.map((x) => x.wallMs);
    const withLatency = find(results, "converged", m.regions, "concurrent");
    return [
      m.regions,
      formatMs(s.wallMs),
      `${formatMs(Math.min(...walls))}–${formatMs(Math.max(...walls))}`,
      withLatency ? formatMs(withLatency.wallMs) : "–",
      s.total,
      s.writes,
      `${s.peakRssMiB.toFixed(0)} MiB`,
    ];
  });
  return table(
    [
      "regions",
      "wall at 0 ms (median)",
      "wall at 0 ms (min–max)",
      `wall at ${results.latencyMs} ms`,
      "requests",
      "writes",
      "peak RSS",
    ],
    rows,
  );
}

function leftoverTable(results: BenchResults): string[] {
  const rows = results.leftovers.map((m) => {
    const wall = (samples: Sample[]) => median(samples.map((x) => x.wallMs));
    const requests = (samples: Sample[]) => median(samples.map((x) => x.traffic.total));
    const depth = (samples: Sample[]) => median(samples.map((x) => x.traffic.criticalPath));
    const unlisted = Object.keys(m.searched[0]?.traffic.byRegion ?? {}).filter(
      (region) => region !== "global" && !(region in (m.listedOnly[0]?.traffic.byRegion ?? {})),
    );
    const added = requests(m.searched) - requests(m.listedOnly);
    return [
      m.regions,
      unlisted.length,
      requests(m.searched),
      requests(m.listedOnly),
      `${added} (${unlisted.length > 0 ? (added / unlisted.length).toFixed(0) : "–"} per region)`,
      `${depth(m.searched)} / ${depth(m.listedOnly)}`,
      formatMs(wall(m.searched)),
      formatMs(wall(m.listedOnly)),
      formatMs(wall(m.searched) - wall(m.listedOnly)),
    ];
  });
  return table(
    [
      "listed regions",
      "regions searched",
      "requests",
      "requests with `--region`",
      "added",
      "critical path",
      "wall",
      "wall with `--region`",
      "added wall",
    ],
    rows,
  );
}

/** A profile's milliseconds, whole (its sampling makes fractions noise). */
const wholeMs = (value: number) => `${Math.round(value)} ms`;

function profileTable(results: BenchResults): string[] {
  const { before, after } = results.profile;
  const columns: [string, PhaseTimes][] = [];
  if (before) columns.push([`sync, before`, before.sync]);
  columns.push([`sync, after`, after.sync]);
  if (before) columns.push([`env, before`, before.env]);
  columns.push([`env, after`, after.env]);
  return table(
    ["where the time goes", ...columns.map(([name]) => name)],
    [
      ...PHASES.map((phase) => [phase, ...columns.map(([, times]) => wholeMs(times[phase]))]),
      ["**wall (profiled run)**", ...columns.map(([, times]) => wholeMs(times.wall))],
    ],
  );
}

/** The requests phase of this build's profiles, split by whose code each sample ran in. */
function ownersTable(results: BenchResults): string[] {
  const { sync, env } = results.profile.after;
  if (!sync.owners || !env.owners) return [];
  return table(
    ["whose code (requests and planning)", "sync", "env"],
    [
      ...OWNERS.map((owner) => [
        owner,
        wholeMs(sync.owners?.[owner] ?? 0),
        wholeMs(env.owners?.[owner] ?? 0),
      ]),
      ["**requests and planning**", wholeMs(sync[REQUESTS_PHASE]), wholeMs(env[REQUESTS_PHASE])],
    ],
  );
}

/** Each `--node` comparison row: this Node's median beside the other's. */
function otherNodeTable(results: BenchResults): string[] {
  const other = results.otherNode;
  if (!other) return [];
  const wall = (m: SyncMeasurement) => formatMs(summarise(m).wallMs);
  const rows = other.syncs.map((row) => [
    `converged \`sync\`, ${row.here.regions} region${row.here.regions === 1 ? "" : "s"}, ${row.latencyMs} ms per request`,
    wall(row.here),
    wall(row.there),
  ]);
  rows.push(["`yolo --help`", formatMs(median(other.help.here)), formatMs(median(other.help.there))]);
  rows.push([
    "`node -e 0`",
    formatMs(median(other.nodeStartup.here)),
    formatMs(median(other.nodeStartup.there)),
  ]);
  return table(["median wall", `Node ${results.machine.node}`, `Node ${other.version}`], rows);
}

function perRegionTable(results: BenchResults, regions: number): string[] {
  const s = find(results, "converged", regions, "concurrent");
  if (!s) return [];
  return table(["region", "requests"], Object.entries(s.byRegion));
}

interface Target {
  name: string;
  goal: string;
  measured: string;
  met: boolean;
  /** When missed: why, from the numbers, and what would close it. */
  why: string;
}

/** One sentence on whose code the profiled sync's requests and planning ran, when it was measured. */
function ownersSentence(results: BenchResults): string {
  const owners = results.profile.after.sync.owners;
  if (!owners) return "";
  const of = (owner: (typeof OWNERS)[number]) => wholeMs(owners[owner]);
  return (
    ` In the profiled sync, yolo's own code ran ${of("yolo (src/)")} of the requests and planning; ` +
    `the AWS SDK ${of("AWS SDK (@aws-sdk, @smithy)")} and Node.js's own modules ` +
    `${of("Node.js (HTTP, sockets, streams, crypto, timers)")}.`
  );
}

function targets(results: BenchResults): Target[] {
  const L = results.latencyMs;
  const startup = median(results.help);
  const node = median(results.nodeStartup);
  const out: Target[] = [];
  const conv = find(results, "converged", 7, "concurrent");
  const convSeq = find(results, "converged", 7, "sequential");
  const green = find(results, "greenfield", 7, "concurrent");
  const budget = (s: Summary) => {
    const network = s.criticalPath * L;
    const rest = s.wallMs - startup - network;
    return (
      `The wall time splits into CLI start-up (≈ ${formatMs(startup)}, the \`--help\` time; Node alone is ` +
      `${formatMs(node)}), ${s.criticalPath} dependent round trips × ${L} ms = ${formatMs(network)}, and ` +
      `${formatMs(Math.max(0, rest))} of loading the SDK clients, signing and JSON/XML work.`
    );
  };
  const conv1 = find(results, "converged", 1, "concurrent");
  if (conv) {
    out.push({
      name: "converged `sync`, 7 regions: wall",
      goal: "≤ 350 ms",
      measured: formatMs(conv.wallMs),
      met: conv.wallMs <= 350,
      why:
        `${budget(conv)} Closing it means less CPU before and between the round trips ` +
        `(the profile table shows where it goes) or fewer dependent round trips.${ownersSentence(results)}`,
    });
  }
  if (conv1) {
    out.push({
      name: "converged `sync`, 1 region: wall",
      goal: "≤ 300 ms",
      measured: formatMs(conv1.wallMs),
      met: conv1.wallMs <= 300,
      why: `${budget(conv1)} The profile table shows where the CPU time goes.`,
    });
  }
  if (conv) {
    if (convSeq) {
      const ratio = convSeq.wallMs / conv.wallMs;
      const ceiling = (startup + convSeq.total * L) / (startup + conv.criticalPath * L);
      out.push({
        name: "converged `sync`, 7 regions: speed-up over `--concurrency 1`",
        goal: "≥ 6×",
        measured: `${ratio.toFixed(1)}×`,
        met: ratio >= 6,
        why:
          `Sequential is ≈ ${convSeq.total} requests × ${L} ms plus start-up; concurrent cannot beat start-up plus ` +
          `${conv.criticalPath} round trips, so the ratio's ceiling here is ≈ ${ceiling.toFixed(1)}×. ` +
          "Cutting start-up or the critical path raises it.",
      });
    }
    out.push({
      name: "converged `sync`, 7 regions: writes",
      goal: "0",
      measured: String(conv.writes),
      met: conv.writes === 0,
      why:
        `A converged run wrote (${conv.writeOperations.join(", ")}): a step re-writes something that ` +
        "already matches; comparing before writing closes it.",
    });
    out.push({
      name: "converged `sync`, 7 regions: requests per region",
      goal: "≤ 15",
      measured: String(conv.maxPerRegion),
      met: conv.maxPerRegion <= 15,
      why: "Some step reads more than it needs in each region; the per-region table shows where.",
    });
  }
  if (green) {
    out.push({
      name: "greenfield `sync`, 7 regions: wall",
      goal: "< 3 s",
      measured: formatMs(green.wallMs),
      met: green.wallMs < 3000,
      why: `${budget(green)} Closing it means shortening the chain of dependent writes per region.`,
    });
  }
  out.push({
    name: "`yolo --help` wall",
    goal: "< 100 ms",
    measured: formatMs(startup),
    met: startup < 100,
    why:
      `Node alone starts in ${formatMs(node)} here, so ${formatMs(Math.max(0, startup - node))} is yolo's own ` +
      "loading; keep `--help` from importing anything but the command table.",
  });
  const rss = Math.max(...results.allRssMiB);
  out.push({
    name: "peak RSS of any CLI run",
    goal: "< 120 MiB",
    measured: `${rss.toFixed(0)} MiB`,
    met: rss < 120,
    why: "The SDK clients are the bulk; load only the services a command uses.",
  });
  return out;
}

/** The whole RESULTS.md. */
export function renderResults(results: BenchResults): string {
  const m = results.machine;
  const all = targets(results);
  const missed = all.filter((t) => !t.met);
  return [
    "# Benchmark results",
    "",
    "Written by `npm run bench` (bench/run.ts) from the numbers it measured; do not edit by hand.",
    "",
    `- Date: ${results.date}`,
    `- Machine: ${m.cpus} CPU(s) (${m.cpuModel}), ${m.memoryGiB.toFixed(1)} GiB memory, ${m.platform}, Node ${m.node}; ` +
      `1-minute load average ${m.loadAverage.start.toFixed(2)} at the start, ${m.loadAverage.end.toFixed(2)} at the end`,
    `- Emulator: a separate \`yolo emulator\` process with ${results.latencyMs} ms injected latency per request`,
    `- Each sync row is the median of ${results.runs} runs of \`node bin/yolo.js sync production --json --no-progress\` ` +
      "as a child process (wall = spawn to exit, Node start-up included); greenfield runs start from a reset " +
      "emulator, converged runs follow a completed sync. Recording, logging and MediaConvert are on.",
    "- Requests come from the emulator's log. STS and IAM calls are account-wide and not counted in any region.",
    "- Critical path: the longest chain of requests where each starts after the previous one ended " +
      "(the round trips no concurrency can overlap). A request the CLI is still too busy to send when " +
      "another has ended counts as following it, so a CPU-bound run can measure deeper than its " +
      "requests depend on each other (a converged sync's deepest dependency is 2: STS beside the IVS " +
      "lists, then the reads that need the account and GetEncoderConfiguration).",
    `- Peak RSS: ${results.rssMethod}.`,
    ...(Math.max(m.loadAverage.start, m.loadAverage.end) >= m.cpus / 2
      ? [
          "- The machine was busy with other work while this ran (see the load average): wall times " +
            "are pessimistic and vary run to run (the min–max column); request counts do not depend on load, " +
            "critical paths can grow with it.",
        ]
      : []),
    "",
    "## sync",
    "",
    ...syncTable(results),
    "",
    "## Speed-up over the sequential baseline",
    "",
    ...speedUpTable(results),
    "",
    "## CPU-only cost: converged sync with 0 ms emulator latency",
    "",
    "The same converged runs against a second emulator that answers at once: the wall time left " +
      "is Node's start-up and the CLI's own work. With few CPUs the emulator's own work competes with " +
      `the CLI's (${results.machine.cpus} here): at 0 ms every answer comes while the CLI is still busy, ` +
      "where at 50 ms it comes while the CLI waits, so a 0 ms row can come out above its 50 ms one.",
    "",
    ...cpuOnlyTable(results),
    "",
    ...(results.otherNode
      ? [
          `## Node ${results.machine.node} beside Node ${results.otherNode.version}`,
          "",
          `Converged syncs (median of ${results.runs} runs), \`--help\` and \`node -e 0\` (10 runs) under ` +
            `Node ${results.machine.node} and Node ${results.otherNode.version} (\`npm run bench -- --node PATH\`), ` +
            "one run of each in turn on the same state, so both columns see the same moments of the machine " +
            "(the tables above were measured at other moments). Under Node 22 bin/yolo.js turns on Node's " +
            "compile cache, so a run after the first reuses the code V8 compiled for dist/ (one converged " +
            "run there goes first to fill it); Node 20 has no such cache. The targets below are measured " +
            `under Node ${results.machine.node}.`,
          "",
          ...otherNodeTable(results),
          "",
        ]
      : []),
    "## The leftover search",
    "",
    "`sync` also looks for the app's resources in the IVS regions the manifest does not list " +
      "(reported ORPHANED). Each row: the median of " +
      `${results.runs} converged \`sync production\` runs beside as many of \`sync production --region …\` naming ` +
      "every listed region, which keeps the search in those regions; interleaved, on the same state.",
    "",
    ...leftoverTable(results),
    "",
    "## Where the time goes (CPU profile)",
    "",
    `A converged 7-region \`sync production --json\` and \`env production --json\` at ${results.latencyMs} ms ` +
      "per request under `node --cpu-prof` (bench/profile.ts; median of " +
      `${results.runs} runs each), each profile sample put in one bucket by what is on its stack. ` +
      "Node start-up is the `node -e 0` time; exit is the wall time after the profile ends, which is " +
      "mostly Node writing the profile file (it grows with the code loaded): without the profiler a run " +
      "exits a few milliseconds after its last answer. " +
      "Profiling itself slows a run, so the profiled wall is above the table above.",
    ...(results.profile.before
      ? [
          "",
          `"Before" is ${results.profile.before.label}, measured by \`${results.profile.before.command}\` ` +
            "into bench/profile-before.json (on the same machine, at another time: compare its shares more than its milliseconds).",
        ]
      : []),
    "",
    ...profileTable(results),
    "",
    "The requests-and-planning row of this build, split by whose code each of its samples was in " +
      "(the function running when the sample was taken, mapped to its source by the bundle's module " +
      "comments): yolo's own modules under src/, the AWS SDK, Node.js's own modules (the HTTP client, " +
      "sockets, streams, hashing, timers, promises) and the other bundled packages.",
    "",
    ...ownersTable(results),
    "",
    "## Requests per region, converged sync, 7 regions",
    "",
    ...perRegionTable(results, 7),
    "",
    "## Start-up (no AWS calls)",
    "",
    ...startupTable(results),
    ...machineStartupLines(results),
    "",
    "## Targets",
    "",
    ...table(
      ["target", "goal", "measured", "met"],
      all.map((t) => [t.name, t.goal, t.measured, t.met ? "yes" : "**no**"]),
    ),
    "",
    ...(missed.length === 0
      ? ["Every target is met."]
      : [
          "## Missed targets",
          "",
          ...missed.flatMap((t) => [`- **${t.name}** (${t.measured}, goal ${t.goal}): ${t.why}`]),
        ]),
    "",
  ].join("\n");
}
