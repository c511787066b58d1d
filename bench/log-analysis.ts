/**
 * What one CLI run did, read from the emulator's request log: how many requests, how many of them
 * writes, how they spread over regions, and how deep the chain of dependent round trips was.
 */
import type { LoggedRequest } from "../src/emulator/index.js";

/** STS and IAM are account-wide: their calls are counted under this key, not a region's. */
export const GLOBAL = "global";
const GLOBAL_SERVICES = new Set(["sts", "iam"]);

export interface RequestCounts {
  total: number;
  reads: number;
  writes: number;
}

export interface RunTraffic extends RequestCounts {
  /** Region (or `global`) → counts. */
  byRegion: Record<string, RequestCounts>;
  /** The most requests any one IVS region saw (global calls excluded). */
  maxPerRegion: number;
  /** The longest chain of requests in which each starts after the previous one ended. */
  criticalPath: number;
  /** `service:Operation` of every write, to explain a converged run that wrote. */
  writeOperations: string[];
}

/** Where a request is counted: its region, or `global` for STS and IAM. */
export function regionOf(request: LoggedRequest): string {
  return GLOBAL_SERVICES.has(request.service) ? GLOBAL : request.region;
}

function count(requests: readonly LoggedRequest[]): RequestCounts {
  const writes = requests.filter((r) => r.mutating).length;
  return { total: requests.length, reads: requests.length - writes, writes };
}

/**
 * The critical path depth: the longest sequence r1, r2, … with r(i+1).startedAt ≥ r(i).endedAt.
 * With L ms of injected latency per request it is the part of the wall time that no amount of
 * concurrency can remove (depth × L).
 */
export function criticalPathDepth(requests: readonly LoggedRequest[]): number {
  const byEnd = [...requests].sort((a, b) => a.endedAt - b.endedAt);
  const depth: number[] = [];
  let best = 0;
  for (let i = 0; i < byEnd.length; i++) {
    let before = 0;
    // Only requests that end earlier can precede this one, and sorting by end visits them first.
    for (let j = 0; j < i; j++) {
      if (byEnd[j].endedAt <= byEnd[i].startedAt) before = Math.max(before, depth[j]);
    }
    depth[i] = before + 1;
    best = Math.max(best, depth[i]);
  }
  return best;
}

/** Summarise one run's log. */
export function analyseTraffic(requests: readonly LoggedRequest[]): RunTraffic {
  const byRegion: Record<string, RequestCounts> = {};
  const regions = new Set(requests.map(regionOf));
  for (const region of regions) byRegion[region] = count(requests.filter((r) => regionOf(r) === region));
  const regional = Object.entries(byRegion).filter(([region]) => region !== GLOBAL);
  return {
    ...count(requests),
    byRegion,
    maxPerRegion: Math.max(0, ...regional.map(([, c]) => c.total)),
    criticalPath: criticalPathDepth(requests),
    writeOperations: requests.filter((r) => r.mutating).map((r) => `${r.service}:${r.operation}`),
  };
}
