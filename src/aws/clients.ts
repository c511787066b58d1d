/**
 * The one place SDK clients are built: per region, lazily (the SDK modules load on first use,
 * so `--help` and `validate` never load them), with path-style S3 whenever an endpoint is
 * overridden, standard retries (5 attempts per call), IVS kept to its rate
 * of 5 calls per second per operation per region, one pair of keep-alive agents shared by the
 * set's clients, and credentials from the SDK's default chain (optionally a named profile).
 */
import type { Agent } from "node:http";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { IVSRealTimeClient } from "@aws-sdk/client-ivs-realtime";
import type { S3Client } from "@aws-sdk/client-s3";
import type { STSClient } from "@aws-sdk/client-sts";

// The SDK prints a Node-version support warning on Node 20; it is not the user's business here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsAccessOptions {
  /** A named profile (from --profile or YOLO_{ENV}_AWS_PROFILE). */
  profile?: string;
  /** An explicit endpoint for every service (the local emulator); else the SDK's env variables apply. */
  endpoint?: string;
  /** Explicit credentials (the local emulator's fake ones); else the default chain. */
  credentials?: StaticCredentials;
  /** Attempts per call (standard retry mode); default 5. */
  maxAttempts?: number;
  /**
   * IVS calls per second per operation per region, retries included (default 5, IVS's rate);
   * `Infinity` turns the limit off (tests of the emulator itself, which make bursts on purpose).
   */
  ivsCallsPerSecond?: number;
  /** The environment to read AWS_ENDPOINT_URL* from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** True when an endpoint is overridden for S3 (explicitly or by the SDK's env variables). */
export function s3EndpointOverridden(options: AwsAccessOptions): boolean {
  const env = options.env ?? process.env;
  if (options.endpoint) return true;
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === "true") return false;
  return Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
}

/**
 * The credentials the SDK's default chain would take from the environment, read without loading
 * the chain (`@aws-sdk/credential-providers` costs tens of milliseconds of start-up): only when
 * no profile is asked for (the chain skips the environment then) and the plain key pair is set.
 * Anything the chain's `fromEnv` treats specially (an expiration, a credential scope) is left to
 * the chain. Undefined means "use the chain".
 */
export function environmentCredentials(
  env: NodeJS.ProcessEnv,
  profile?: string,
): StaticCredentials | undefined {
  if (profile || env.AWS_PROFILE) return undefined;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  if (env.AWS_CREDENTIAL_EXPIRATION || env.AWS_CREDENTIAL_SCOPE) return undefined;
  return {
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

export interface AwsClients {
  s3(region: string): Promise<S3Client>;
  ivs(region: string): Promise<IVSRealTimeClient>;
  logs(region: string): Promise<CloudWatchLogsClient>;
  events(region: string): Promise<EventBridgeClient>;
  sts(region: string): Promise<STSClient>;
  /** IAM is global; its client is built for the home region. */
  iam(region: string): Promise<IAMClient>;
  destroy(): void;
}

/** Connections at once per endpoint: the SDK's default for each client's own agent. */
const SOCKETS_PER_ENDPOINT = 50;

/** IVS real-time's API rate: calls per second per operation per region (AWS-FACTS §1: 5 TPS). */
export const IVS_CALLS_PER_SECOND = 5;

interface SlotState {
  free: number;
  /** Calls waiting for a slot, first come first served. */
  waiters: (() => void)[];
  /** Slots freeing soon. */
  timers: Set<NodeJS.Timeout>;
}

/**
 * At most `limit` calls per key in any `windowMs`, counted the way the server counts arrivals.
 * A call holds one of `limit` slots; the slot frees `windowMs` after the call's answer came back,
 * so any `limit + 1` calls of a key reach the server at least `windowMs` apart whatever the
 * network delay. Its timers never keep the process alive unless a call is waiting for them.
 */
export class SlotRateLimiter {
  private readonly keys = new Map<string, SlotState>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async run<T>(key: string, call: () => Promise<T>): Promise<T> {
    let state = this.keys.get(key);
    if (!state) {
      state = { free: this.limit, waiters: [], timers: new Set() };
      this.keys.set(key, state);
    }
    if (state.free > 0) state.free--;
    else {
      for (const timer of state.timers) timer.ref();
      const slot = state;
      await new Promise<void>((resolve) => slot.waiters.push(resolve));
    }
    try {
      return await call();
    } finally {
      this.release(state);
    }
  }

  private release(state: SlotState): void {
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      const next = state.waiters.shift();
      if (next) next();
      else state.free++;
    }, this.windowMs);
    if (state.waiters.length === 0) timer.unref();
    state.timers.add(timer);
  }
}

export function createAwsClients(options: AwsAccessOptions = {}): AwsClients {
  const cache = new Map<string, Promise<any>>();
  // One budget shared by every IVS client of this set (a run): the rate is per account and region.
  // The window is a second plus a little for timer and clock granularity (whole milliseconds).
  const ivsCallsPerSecond = options.ivsCallsPerSecond ?? IVS_CALLS_PER_SECOND;
  const ivsRate = Number.isFinite(ivsCallsPerSecond)
    ? new SlotRateLimiter(ivsCallsPerSecond, 1_050)
    : undefined;
  let credentialsPromise: Promise<any> | undefined;

  const credentials = async () => {
    if (options.credentials) return options.credentials;
    const fromEnvironment = environmentCredentials(options.env ?? process.env, options.profile);
    if (fromEnvironment) return fromEnvironment;
    credentialsPromise ??= import("@aws-sdk/credential-providers").then(({ fromNodeProviderChain }) =>
      fromNodeProviderChain(options.profile ? { profile: options.profile } : {}),
    );
    return credentialsPromise;
  };

  // One pair of keep-alive agents for every client of the set, with the SDK's own settings: a
  // connection stays with its endpoint, but any client calling that endpoint reuses it, where
  // each client's own agent would open its own (the local emulator serves every service and
  // region on one address: a converged 7-region sync opened 101 connections for 108 requests,
  // now 50). Built on first use, so commands that never call AWS never load https.
  let agents: Promise<{ httpAgent: Agent; httpsAgent: Agent }> | undefined;
  const sharedAgents = () =>
    (agents ??= Promise.all([import("node:http"), import("node:https")]).then(([http, https]) => ({
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: SOCKETS_PER_ENDPOINT }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: SOCKETS_PER_ENDPOINT }),
    })));

  const common = async (region: string) => ({
    region,
    requestHandler: await sharedAgents(),
    credentials: await credentials(),
    maxAttempts: options.maxAttempts ?? 5,
    retryMode: "standard" as const,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.profile && !options.credentials ? { profile: options.profile } : {}),
  });

  function cached<T>(key: string, build: () => Promise<T>): Promise<T> {
    let client = cache.get(key);
    if (!client) {
      client = build();
      cache.set(key, client);
    }
    return client as Promise<T>;
  }

  return {
    s3: (region) =>
      cached(`s3/${region}`, async () => {
        const { S3Client } = await import("./sdk/s3.js");
        return new S3Client({ ...(await common(region)), forcePathStyle: s3EndpointOverridden(options) });
      }),
    ivs: (region) =>
      cached(`ivs/${region}`, async () => {
        const { IVSRealTimeClient } = await import("./sdk/ivs.js");
        const client = new IVSRealTimeClient(await common(region));
        // In the deserialize step, i.e. inside the retry loop: every attempt counts, as AWS counts it.
        if (ivsRate)
          client.middlewareStack.add(
            (next, context) => (args) => ivsRate.run(`${region} ${context.commandName}`, () => next(args)),
            { step: "deserialize", priority: "low", name: "yoloIvsRateLimit" },
          );
        return client;
      }),
    logs: (region) =>
      cached(`logs/${region}`, async () => {
        const { CloudWatchLogsClient } = await import("./sdk/logs.js");
        return new CloudWatchLogsClient(await common(region));
      }),
    events: (region) =>
      cached(`events/${region}`, async () => {
        const { EventBridgeClient } = await import("./sdk/events.js");
        return new EventBridgeClient(await common(region));
      }),
    sts: (region) =>
      cached(`sts/${region}`, async () => {
        const { STSClient } = await import("./sdk/sts.js");
        return new STSClient(await common(region));
      }),
    iam: (region) =>
      cached(`iam/${region}`, async () => {
        const { IAMClient } = await import("./sdk/iam.js");
        return new IAMClient(await common(region));
      }),
    destroy() {
      for (const client of cache.values()) client.then((c: any) => c.destroy?.()).catch(() => {});
      cache.clear();
    },
  };
}
