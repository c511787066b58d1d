/**
 * One AWS call named as data (`logs` + `PutRetentionPolicy` + input): the SDK module of the
 * service loads on first use, and the `…Command` class of that name carries the input. This is
 * how the engine executes a plan's actions without a resource ever holding a client.
 */
import type { AwsClients } from "./clients.js";

export type CallService = "s3" | "iam" | "ivs" | "logs" | "events";

const SDK_MODULES: Record<CallService, () => Promise<Record<string, unknown>>> = {
  s3: () => import("./sdk/s3.js"),
  iam: () => import("./sdk/iam.js"),
  ivs: () => import("./sdk/ivs.js"),
  logs: () => import("./sdk/logs.js"),
  events: () => import("./sdk/events.js"),
};

/**
 * Get these services ready while a request is in flight: load their SDK modules, then build
 * their clients for `regions` (IAM's for `homeRegion` only, where every IAM call goes), so the
 * first calls wait for neither. A module or client that fails here fails its call later instead.
 */
export function preloadSdk(
  clients: AwsClients,
  services: readonly CallService[],
  regions: readonly string[],
  homeRegion: string,
): void {
  for (const service of services) {
    const at = service === "iam" ? [homeRegion] : regions;
    SDK_MODULES[service]()
      .then(() => Promise.all(at.map((region) => clients[service](region))))
      .catch(() => {});
  }
}

type Command = new (input: unknown) => unknown;
type Sender = { send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown> };

/**
 * Send `operation` with `input` to `service` in `region` (IAM: the client of the region given).
 * `signal` aborting cuts the request (the SDK drops the connection and rejects with `AbortError`).
 */
export async function callAws(
  clients: AwsClients,
  service: CallService,
  region: string,
  operation: string,
  input: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<unknown> {
  const sdk = await SDK_MODULES[service]();
  const CommandClass = sdk[`${operation}Command`] as Command | undefined;
  if (!CommandClass) throw new Error(`no ${operation} operation in the ${service} SDK client`);
  const client = (await clients[service](region)) as unknown as Sender;
  return client.send(new CommandClass(input), signal ? { abortSignal: signal } : undefined);
}
