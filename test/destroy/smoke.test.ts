import { expect, it } from "vitest";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";

const handle = useEmulator();

it("smoke", async () => {
  const cwd = manifestDir(`name: acme-live
environments:
  production:
    aws:
      region: us-east-1
      mediaconvert: true
      ivs:
        regions: [us-east-1, eu-west-1]
        logging: true
        recording:
          real_time: true
`);
  const env = emulatorEnv(handle.emulator.url);
  const sync = await runYolo(["sync", "production", "--no-progress"], { cwd, env });
  console.log(sync.code, sync.stdout, sync.stderr);
  const d = await runYolo(["destroy", "production", "--no-progress", "--dry-run"], { cwd, env });
  console.log(d.code, d.stdout, d.stderr);
  const r = await runYolo(["destroy", "production", "--no-progress", "--yes"], { cwd, env });
  console.log(r.code, r.stdout, r.stderr);
  expect(1).toBe(1);
});
