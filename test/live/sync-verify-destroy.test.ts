/**
 * The live suite (opt-in, real AWS, costs a few cents at most): in a throwaway environment
 * `live-<random>` in one IVS region, `sync` → `sync --check` → `verify` → `env` → `destroy --yes
 * --delete-recordings`, and whatever happens, a last `destroy` in afterAll so nothing is left.
 *
 * Run with `YOLO_LIVE_AWS=1 npm run test:live` and credentials the SDK's default chain finds
 * (AWS_PROFILE, environment keys, SSO, CI OIDC). `YOLO_LIVE_REGION` picks the region (default
 * us-east-1). Without both, the suite is skipped and says why.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runYolo } from "../helpers/cli.js";
import { manifestYaml } from "../helpers/manifests.js";

const REGION = process.env.YOLO_LIVE_REGION ?? "us-east-1";
const APP = "yolo-live";

async function credentialsFound(): Promise<boolean> {
  try {
    const { fromNodeProviderChain } = await import("@aws-sdk/credential-providers");
    await fromNodeProviderChain()();
    return true;
  } catch {
    return false;
  }
}

const optedIn = process.env.YOLO_LIVE_AWS === "1";
const ready = optedIn && (await credentialsFound());
const why = optedIn
  ? "YOLO_LIVE_AWS=1 but the AWS SDK found no credentials (set AWS_PROFILE or keys)"
  : "set YOLO_LIVE_AWS=1 (with AWS credentials) to run it against a real account";

describe.skipIf(!ready)(`live AWS: sync, verify, env, destroy in ${REGION}`, () => {
  const environment = `live-${Math.random().toString(36).slice(2, 8)}`;
  const dir = mkdtempSync(join(tmpdir(), "yolo-live-"));
  writeFileSync(
    join(dir, "yolo.yml"),
    manifestYaml({
      app: APP,
      env: environment,
      homeRegion: REGION,
      mediaconvert: true,
      logging: true,
      logRetentionDays: 1,
      recording: true,
    }),
  );
  // The real endpoints, whatever the developer's shell points the SDK at.
  const env = { ...process.env, AWS_ENDPOINT_URL: undefined, NO_COLOR: "1" };
  const yolo = (...args: string[]) => runYolo([...args, "--no-progress"], { cwd: dir, env });
  let destroyed = false;

  afterAll(async () => {
    try {
      if (!destroyed) {
        const cleanup = await yolo("destroy", environment, "--yes", "--delete-recordings");
        if (cleanup.code !== 0)
          console.error(
            `Cleanup of ${environment} in ${REGION} failed; remove its resources by hand:\n${cleanup.stderr}${cleanup.stdout}`,
          );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("sync creates everything", async () => {
    const run = await yolo("sync", environment, "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).status).toBe("CREATED");
  });

  it("a second sync --check finds nothing to change", async () => {
    const run = await yolo("sync", environment, "--check", "--json");
    expect(run.code, run.stdout).toBe(0);
  });

  it("verify passes: recordings can land, events reach the logs", async () => {
    const run = await yolo("verify", environment);
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
  });

  it("env prints the region's bucket and configuration ARNs", async () => {
    const run = await yolo("env", environment, "--json");
    expect(run.code, run.stderr).toBe(0);
    const { dotenv } = JSON.parse(run.stdout);
    expect(dotenv.AWS_IVS_REGION).toBe(REGION);
    expect(dotenv.AWS_IVS_REALTIME_RECORDINGS_BUCKET).toBe(
      `yolo-${environment}-${APP}-ivs-recordings-${REGION}`,
    );
    expect(dotenv.AWS_IVS_STORAGE_CONFIGURATION_ARN).toMatch(
      /^arn:aws:ivs:[a-z0-9-]+:\d{12}:storage-configuration\//,
    );
    expect(dotenv.AWS_IVS_ENCODER_CONFIGURATION_ARN).toMatch(
      /^arn:aws:ivs:[a-z0-9-]+:\d{12}:encoder-configuration\//,
    );
  });

  it("destroy --yes --delete-recordings removes it all", async () => {
    const run = await yolo("destroy", environment, "--yes", "--delete-recordings", "--json");
    expect(run.code, run.stderr).toBe(0);
    destroyed = true;
    const after = await yolo("sync", environment, "--check", "--json");
    expect(after.code, "after destroy, a sync would create everything again").toBe(2);
  });
});

if (!ready) console.warn(`live AWS suite skipped: ${why}`);
describe.runIf(!ready)("live AWS suite", () => {
  it.skip(`skipped: ${why}`, () => {});
});
