/**
 * Test controls: the request log, injected latency, injected faults and the consistency settings
 * (AWS's propagation delays, off by default).
 */

export interface LoggedRequest {
  seq: number;
  /** ms since the epoch, when the request arrived and when its response was sent. */
  startedAt: number;
  endedAt: number;
  service: string;
  region: string;
  account: string;
  operation: string;
  mutating: boolean;
  status: number;
  /** The AWS error code, when the response was an error. */
  errorCode?: string;
  /** True when the error was injected by a fault rule. */
  injected?: boolean;
}

/**
 * A fault to inject. Matching calls are those of the given service/region/operation (any when
 * unset; `mutating: true` matches only write calls). Then either `nth` (the k-th matching call,
 * 1-based) or `probability` (a fraction of matching calls, drawn from a PRNG seeded by `seed`).
 * `kind: "error"` answers with `status`/`code`; `kind: "hang"` never answers (the request waits
 * until the emulator is closed or faults are cleared): a process killed then has "crashed
 * right after the previous call".
 */
export interface FaultRule {
  service?: string;
  region?: string;
  /** One operation, or any of several. */
  operation?: string | string[];
  mutating?: boolean;
  nth?: number;
  probability?: number;
  seed?: number;
  /** Stop after this many injections (default: unlimited for probability, 1 for nth). */
  times?: number;
  kind?: "error" | "hang";
  status?: number;
  code?: string;
  message?: string;
  /**
   * A named AWS failure that fills in the fields above (fields given beside it win):
   * `PendingVerification` — IVS's 403 for an account pending verification, on every IVS real-time
   * operation whose model declares that error.
   */
  preset?: FaultPreset;
}

export type FaultPreset = "PendingVerification";

/**
 * The IVS real-time operations that declare `PendingVerification` in AWS's model
 * (ivs-realtime-2020-07-14: every create plus stage, ingest, key and participant writes).
 * test/emulator/model-rules.test.ts holds this list against the model.
 */
export const PENDING_VERIFICATION_OPERATIONS: readonly string[] = [
  "CreateEncoderConfiguration",
  "CreateIngestConfiguration",
  "CreateParticipantToken",
  "CreateStage",
  "CreateStorageConfiguration",
  "DeleteIngestConfiguration",
  "DeletePublicKey",
  "DeleteStage",
  "DisconnectParticipant",
  "ImportPublicKey",
  "StartComposition",
  "UpdateIngestConfiguration",
  "UpdateStage",
];

/** What each preset stands for (the model's error shape: `PendingVerification`, 403, its `exceptionMessage` doc). */
const FAULT_PRESETS: Record<FaultPreset, FaultRule> = {
  PendingVerification: {
    service: "ivs",
    operation: [...PENDING_VERIFICATION_OPERATIONS],
    status: 403,
    code: "PendingVerification",
    message: "Your account is pending verification.",
  },
};

/** The rule with its preset (if any) filled in; an unknown preset is an error. */
export function expandFaultRule(rule: FaultRule): FaultRule {
  if (rule.preset === undefined) return rule;
  const preset = FAULT_PRESETS[rule.preset];
  if (!preset) throw new Error(`Unknown fault preset ${JSON.stringify(rule.preset)}`);
  const given = Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined));
  return { ...preset, ...given };
}

/**
 * AWS's eventual consistency, emulated on demand. Every setting is off (0) by default: the
 * emulator is then immediately consistent.
 */
export interface EmulatorSettings {
  /**
   * For this many ms after CreateBucket, writes to the new bucket's sub-resources (policy, tagging,
   * public access block, encryption, ownership controls, lifecycle) fail with
   * `bucketPropagationError`, and IVS CreateStorageConfiguration cannot see the bucket yet.
   */
  bucketPropagationMs: number;
  /** `NoSuchBucket` (404) or `OperationAborted` (409), the two errors S3 gives a bucket that has not propagated. */
  bucketPropagationError: BucketPropagationError;
  /**
   * For this many ms after CreateRole, a bucket policy naming the new role's ARN is refused with
   * `MalformedPolicy: Invalid principal in policy`: IAM is eventually consistent, and S3 does not
   * see a role created seconds earlier (AWS-FACTS §2.4, hashicorp/terraform#4315).
   */
  rolePropagationMs: number;
  /**
   * For this many ms after StopComposition (or DeleteStage stopping it), the composition and its
   * live destinations are `STOPPING`, then `STOPPED`. While STOPPING it still uses its storage and
   * encoder configurations (deleting one answers `409 ConflictException`, AWS-FACTS §1.6) and
   * counts toward the concurrent-composition quotas.
   */
  compositionStopMs: number;
  /**
   * For this many ms after StartComposition, the composition and its destinations are `STARTING`,
   * then `ACTIVE`. A STARTING composition is live: it uses its configurations and counts toward
   * the quotas, as an ACTIVE one does.
   */
  compositionStartMs: number;
}

export type BucketPropagationError = "NoSuchBucket" | "OperationAborted";

export const DEFAULT_SETTINGS: Readonly<EmulatorSettings> = Object.freeze({
  bucketPropagationMs: 0,
  bucketPropagationError: "NoSuchBucket",
  rolePropagationMs: 0,
  compositionStopMs: 0,
  compositionStartMs: 0,
});

/** The settings that are a number of milliseconds, 0 or more. */
const DURATION_SETTINGS = [
  "bucketPropagationMs",
  "rolePropagationMs",
  "compositionStopMs",
  "compositionStartMs",
] as const;

type DurationSetting = (typeof DURATION_SETTINGS)[number];

function isDurationSetting(name: string): name is DurationSetting {
  return (DURATION_SETTINGS as readonly string[]).includes(name);
}

/** Settings changed by `changes`, checked (a bad value throws, naming the setting). */
export function applySettings(current: EmulatorSettings, changes: Record<string, unknown>): EmulatorSettings {
  const next = { ...current };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (isDurationSetting(name)) {
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
        throw new Error(`${name} must be a number of milliseconds, 0 or more`);
      next[name] = value;
      continue;
    }
    switch (name) {
      case "bucketPropagationError":
        if (value !== "NoSuchBucket" && value !== "OperationAborted")
          throw new Error('bucketPropagationError must be "NoSuchBucket" or "OperationAborted"');
        next.bucketPropagationError = value;
        break;
      default:
        throw new Error(`Unknown emulator setting ${JSON.stringify(name)}`);
    }
  }
  return next;
}

/** mulberry32: a small seeded PRNG, so a "30% throttled" run is the same every time. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ActiveFault {
  rule: FaultRule;
  matched: number;
  injected: number;
  random: () => number;
}

export interface FaultDecision {
  kind: "error" | "hang";
  status: number;
  code: string;
  message: string;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  add(rule: FaultRule): void {
    rule = expandFaultRule(rule);
    this.faults.push({ rule, matched: 0, injected: 0, random: seededRandom(rule.seed ?? 1) });
  }

  clear(): void {
    this.faults = [];
  }

  get count(): number {
    return this.faults.length;
  }

  /** Decide whether this call gets a fault (counts the call against every matching rule). */
  decide(call: {
    service: string;
    region: string;
    operation: string;
    mutating: boolean;
  }): FaultDecision | undefined {
    let decision: FaultDecision | undefined;
    for (const fault of this.faults) {
      const { rule } = fault;
      if (rule.service && rule.service !== call.service) continue;
      if (rule.region && rule.region !== call.region) continue;
      if (rule.operation) {
        const operations = Array.isArray(rule.operation) ? rule.operation : [rule.operation];
        if (!operations.includes(call.operation)) continue;
      }
      if (rule.mutating !== undefined && rule.mutating !== call.mutating) continue;
      fault.matched++;
      const limit = rule.times ?? (rule.nth !== undefined ? 1 : Number.POSITIVE_INFINITY);
      if (fault.injected >= limit) continue;
      let fire: boolean;
      if (rule.nth !== undefined) fire = fault.matched === rule.nth;
      else if (rule.probability !== undefined) fire = fault.random() < rule.probability;
      else fire = true;
      if (!fire || decision) continue;
      fault.injected++;
      decision = {
        kind: rule.kind ?? "error",
        status: rule.status ?? 500,
        code: rule.code ?? "InternalFailure",
        message: rule.message ?? "Injected fault",
      };
    }
    return decision;
  }
}
