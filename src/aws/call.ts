/**
 * One AWS call named as data (`logs` + `PutRetentionPolicy` + input): the SDK module of the
 * service loads on first use, and the `…Command` class of that name carries the input. This is
 * how the engine executes a plan's actions without a resource ever holding a client.
 */
import type { AwsClients } from "./clients.js";

export type CallService = "s3" | "iam" | "ivs" | "logs" | "events";

const SDK_MODULES: Record<CallService, () => Promise<Record<string, unknown>>> = {
  s3: () => import("@aws-sdk/client-s3"),
  iam: () => import("@aws-sdk/client-iam"),
  ivs: () => import("@aws-sdk/client-ivs-realtime"),
  logs: () => import("@aws-sdk/client-cloudwatch-logs"),
  events: () => import("@aws-sdk/client-eventbridge"),
};

type Command = new (input: unknown) => unknown;
type Sender = { send(command: unknown): Promise<unknown> };

/** Send `operation` with `input` to `service` in `region` (IAM: the client of the region given). */
export async function callAws(
  clients: AwsClients,
  service: CallService,
  region: string,
  operation: string,
  input: Record<string, unknown>,
): Promise<unknown> {
  const sdk = await SDK_MODULES[service]();
  const CommandClass = sdk[`${operation}Command`] as Command | undefined;
  if (!CommandClass) throw new Error(`no ${operation} operation in the ${service} SDK client`);
  const client = (await clients[service](region)) as unknown as Sender;
  return client.send(new CommandClass(input));
}
