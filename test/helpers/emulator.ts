import { afterAll, beforeEach } from "vitest";
import { type AwsClients, createAwsClients } from "../../src/aws/clients.js";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/emulator/index.js";

export const TEST_CREDENTIALS = { accessKeyId: "AKIAEMULATORTEST", secretAccessKey: "emulator-secret" };

/** The account the emulator answers for {@link TEST_CREDENTIALS} (its default account). */
export const ACCOUNT = "000000000000";

/** Credentials that the emulator maps to another account (for cross-account behaviour). */
export const OTHER_ACCOUNT = "999999999999";
export const OTHER_CREDENTIALS = { accessKeyId: "AKIAOTHERACCOUNT", secretAccessKey: "emulator-secret" };

/** A running emulator and real SDK clients pointed at it, for its own account and another one. */
export interface EmulatorHandle {
  emulator: Emulator;
  clients: AwsClients;
  otherClients: AwsClients;
}

/**
 * Start one emulator for a test file (fresh state before each test) and give real SDK clients
 * pointed at it. Use inside a describe block or at the top level of a test file.
 */
export function useEmulator(options: EmulatorOptions & { resetBeforeEach?: boolean } = {}) {
  const handle: EmulatorHandle = {} as any;
  const ready = (async () => {
    handle.emulator = await startEmulator({
      accounts: { [OTHER_CREDENTIALS.accessKeyId]: OTHER_ACCOUNT },
      ...options,
    });
    handle.clients = createAwsClients({
      endpoint: handle.emulator.url,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
      // Emulator tests make bursts on purpose; the CLI under test keeps its own IVS rate limit.
      ivsCallsPerSecond: Number.POSITIVE_INFINITY,
    });
    handle.otherClients = createAwsClients({
      endpoint: handle.emulator.url,
      credentials: OTHER_CREDENTIALS,
      maxAttempts: 1,
      ivsCallsPerSecond: Number.POSITIVE_INFINITY,
    });
  })();
  beforeEach(async () => {
    await ready;
    if (options.resetBeforeEach !== false) handle.emulator.reset();
  });
  afterAll(async () => {
    await ready;
    handle.clients.destroy();
    handle.otherClients.destroy();
    await handle.emulator.close();
  });
  return handle;
}
