import { once } from "node:events";
import { type AddressInfo, connect, createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAwsClients } from "../../src/aws/clients.js";
import { ListStorageConfigurationsCommand } from "../../src/aws/sdk/ivs.js";
import { DescribeLogGroupsCommand } from "../../src/aws/sdk/logs.js";
import { GetCallerIdentityCommand } from "../../src/aws/sdk/sts.js";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { TEST_CREDENTIALS } from "../helpers/emulator.js";

/**
 * A run's clients (one per service and region) keep their connections to an endpoint for each
 * other: against the local emulator, where every service and region answers on one address, one
 * call after another travels on one connection, whichever client makes it.
 */
describe("connections shared by a run's clients", () => {
  let emulator: Emulator;
  let proxy: ReturnType<typeof createServer>;
  let connections = 0;
  let endpoint: string;

  beforeAll(async () => {
    emulator = await startEmulator({});
    const target = new URL(emulator.url);
    // Counts the TCP connections the clients open, and passes them through to the emulator.
    proxy = createServer((socket) => {
      connections++;
      const upstream = connect(Number(target.port), target.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on("error", () => upstream.destroy());
      upstream.on("error", () => socket.destroy());
    });
    proxy.listen(0, "127.0.0.1");
    await once(proxy, "listening");
    endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    proxy.close();
    await emulator.close();
  });

  it("one connection serves STS, IVS in two regions and CloudWatch Logs, called in turn", async () => {
    const clients = createAwsClients({ endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    try {
      const identity = await (await clients.sts("us-east-1")).send(new GetCallerIdentityCommand({}));
      expect(identity.Account).toMatch(/^\d{12}$/);
      for (const region of ["us-east-1", "eu-west-1"]) {
        const page = await (await clients.ivs(region)).send(new ListStorageConfigurationsCommand({}));
        expect(page.storageConfigurations).toEqual([]);
      }
      const groups = await (await clients.logs("eu-west-1")).send(new DescribeLogGroupsCommand({}));
      expect(groups.logGroups).toEqual([]);
      expect(connections).toBe(1);
    } finally {
      clients.destroy();
    }
  });
});
