/**
 * What the emulated account holds, in forms two runs can be compared by: a normalised snapshot
 * (random ids, ARNs' ids, timestamps and counters removed; sets sorted; policies by Sid) and a
 * count of each of the app's resources per region.
 */
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorStore } from "../../src/emulator/state.js";
import { names } from "../../src/manifest/names.js";
import { emulatorEnv, runYolo } from "../helpers/cli.js";
import { ACCOUNT } from "../helpers/emulator.js";
import { APP, ENV, manifestYaml } from "../helpers/manifests.js";

export const REGIONS = ["us-east-1", "eu-west-1"];

/** The manifest the reliability tests sync: recording, logging and MediaConvert on, in `regions`. */
export function reliabilityManifest(regions: readonly string[] = REGIONS): string {
  return manifestYaml({
    homeRegion: regions[0],
    mediaconvert: true,
    regions,
    logging: true,
    recording: true,
  });
}

/** Keys whose values differ between two identical runs: creation times, generated ids, counters. */
const VOLATILE_KEYS = new Set([
  "seq",
  "sequence",
  "createdAt",
  "createdAtMs",
  "createDate",
  "creationTime",
  "lastUpdatedTime",
  "lastModified",
  "roleId",
  "policySid",
]);

/** IVS configuration ids and the Sid IVS gives its bucket-policy statement are random. */
function withoutRandomIds(text: string): string {
  return text
    .replace(/(storage-configuration|encoder-configuration)\/[A-Za-z0-9]+/g, "$1/<id>")
    .replace(/CompositeWrite-[A-Za-z0-9]+/g, "CompositeWrite-<id>");
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Sid of the statement IVS adds to a bucket policy when a storage configuration is created. */
const IVS_STATEMENT = /^CompositeWrite-/;

function withoutIvsStatements(policy: any): any {
  if (!Array.isArray(policy?.Statement)) return policy;
  return { ...policy, Statement: policy.Statement.filter((s: any) => !IVS_STATEMENT.test(s?.Sid ?? "")) };
}

function normalise(value: unknown, options: SnapshotOptions): unknown {
  if (typeof value === "string") {
    if (value.startsWith("{") && value.includes('"Statement"')) {
      try {
        const policy = JSON.parse(value);
        return {
          policy: normalise(options.withoutIvsStatements ? withoutIvsStatements(policy) : policy, options),
        };
      } catch {
        // not JSON after all: compare as text
      }
    }
    return withoutRandomIds(value);
  }
  // AWS treats tags, statements, actions, targets and attached policies as sets.
  if (Array.isArray(value))
    return value
      .map((item) => normalise(item, options))
      .sort((a, b) => (canonicalJson(a) < canonicalJson(b) ? -1 : 1));
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([key]) => !VOLATILE_KEYS.has(key));
    // A map keyed by random ids (IVS ARNs) becomes a sorted list, so duplicates stay visible.
    if (entries.some(([key]) => withoutRandomIds(key) !== key)) {
      return entries
        .map(([, item]) => normalise(item, options))
        .sort((a, b) => (canonicalJson(a) < canonicalJson(b) ? -1 : 1));
    }
    return Object.fromEntries(
      entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, item]) => [key, normalise(item, options)]),
    );
  }
  return value;
}

export interface SnapshotOptions {
  /**
   * Leave out the `CompositeWrite-*` statements IVS adds to a bucket policy (yolo neither owns nor
   * re-creates them; its own `IVSRealtimeRecording` statement grants the same).
   */
  withoutIvsStatements?: boolean;
}

/** The account's state as a user would compare it: names, settings, tags, policies by Sid. */
export function accountSnapshot(store: EmulatorStore, options: SnapshotOptions = {}): unknown {
  return normalise(JSON.parse(JSON.stringify(store)), options);
}

/** How many of each of the app's resources exist in one region (1 each after a good sync). */
export interface RegionCounts {
  bucket: number;
  storageConfigurations: number;
  encoderConfigurations: number;
  logGroup: number;
  rule: number;
  target: number;
}

export function regionCounts(store: EmulatorStore, region: string): RegionCounts {
  const regional = store.regional[`${ACCOUNT}/${region}`] ?? {};
  const ivs = regional.ivs ?? {};
  const rule = regional.events?.rules?.[names.eventBridgeRule(ENV, APP)];
  const bucket = names.recordingBucket(ENV, APP, region);
  return {
    bucket: Object.values(store.global.s3?.buckets ?? {}).filter(
      (b: any) => b.name === bucket && b.region === region,
    ).length,
    storageConfigurations: Object.values(ivs.storageConfigurations ?? {}).filter(
      (c: any) => c.name === names.storageConfiguration(ENV, APP),
    ).length,
    encoderConfigurations: Object.values(ivs.encoderConfigurations ?? {}).filter(
      (c: any) => c.name === names.encoderConfiguration(ENV, APP),
    ).length,
    logGroup: Object.keys(regional.logs?.logGroups ?? {}).filter((name) => name === names.logGroup(ENV, APP))
      .length,
    rule: rule ? 1 : 0,
    target: (rule?.targets ?? []).filter((t: any) => t.Id === names.eventBridgeTargetId).length,
  };
}

/** How many MediaConvert roles of this app exist (IAM is global). */
export function roleCount(store: EmulatorStore): number {
  const role = names.mediaConvertRole(ENV, APP);
  return Object.values(store.global.iam?.roles ?? {}).filter((r: any) => r.roleName === role).length;
}

/** A clean greenfield `sync` in `dir` on a fresh emulator: how many writes it made, and the account it left. */
export async function cleanSync(
  dir: string,
): Promise<{ writes: number; store: EmulatorStore; snapshot: unknown }> {
  const emulator = await startEmulator();
  try {
    const run = await runYolo(["sync", ENV, "--json", "--no-progress"], {
      cwd: dir,
      env: emulatorEnv(emulator.url),
    });
    if (run.code !== 0) throw new Error(`a clean sync failed:\n${run.stderr}\n${run.stdout}`);
    return {
      writes: emulator.log.filter((r) => r.mutating).length,
      store: JSON.parse(JSON.stringify(emulator.store)),
      snapshot: accountSnapshot(emulator.store),
    };
  } finally {
    await emulator.close();
  }
}

/** What is not there exactly once (each region's resources, the role); empty when all is well. */
export function missingOrDuplicated(store: EmulatorStore, regions: readonly string[] = REGIONS): string[] {
  const problems: string[] = [];
  for (const region of regions) {
    const counts = regionCounts(store, region);
    for (const [kind, count] of Object.entries(counts))
      if (count !== 1) problems.push(`${region}: ${count} ${kind}`);
  }
  const roles = roleCount(store);
  if (roles !== 1) problems.push(`${roles} MediaConvert roles`);
  return problems;
}
