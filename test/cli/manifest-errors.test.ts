/**
 * A manifest error stops every command that reads the manifest the same way: exit 1, the error
 * on stderr, and no AWS call.
 */
import { describe, expect, it } from "vitest";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";

const handle = useEmulator();

/** Every command that loads an environment from the manifest and may call AWS. */
const COMMANDS: string[][] = [
  ["validate", "production"],
  ["sync", "production", "--no-progress"],
  ["sync:recording", "production", "--dry-run", "--no-progress"],
  ["env", "production"],
  ["verify", "production"],
  ["destroy", "production", "--yes", "--no-progress"],
  ["destroy:recording", "production", "--yes", "--no-progress"],
  ["iam:policy", "production"],
];

async function refusals(yaml: string) {
  const cwd = manifestDir(yaml);
  const runs = [];
  for (const args of COMMANDS) {
    handle.emulator.clearLog();
    const run = await runYolo(args, { cwd, env: emulatorEnv(handle.emulator.url) });
    runs.push({ args, run, calls: [...handle.emulator.log] });
  }
  return runs;
}

describe("two IVS regions naming one recording bucket", () => {
  it("is refused by every command before any AWS call, naming both regions, the bucket and the key", async () => {
    const runs = await refusals(`name: acme-live
environments:
  production:
    aws:
      region: us-east-1
      ivs:
        regions: [us-east-1, eu-west-1]
        recording:
          real_time: true
          buckets:
            us-east-1: acme-recordings
            eu-west-1: acme-recordings
`);
    for (const { args, run, calls } of runs) {
      expect(run.code, args.join(" ")).toBe(1);
      expect(calls, args.join(" ")).toEqual([]);
      expect(run.stderr, args.join(" ")).toContain(
        'yolo.yml:12:24  environments.production.aws.ivs.recording.buckets.eu-west-1: "acme-recordings" is also the bucket named for us-east-1 (aws.ivs.recording.buckets.us-east-1): us-east-1 and eu-west-1 cannot share a bucket (a bucket lives in one region, and IVS records only into a bucket in its own region).\n',
      );
      expect(run.stderr, args.join(" ")).toMatch(
        /\n +Give each IVS region its own bucket: name another one for eu-west-1, or remove buckets\.eu-west-1 to use the name yolo derives, yolo-production-acme-live-ivs-recordings-eu-west-1\.\n/,
      );
    }
  });

  it("is refused when a region's bucket is the name yolo derives for another region, with recording off too", async () => {
    const runs = await refusals(`name: acme-live
environments:
  production:
    aws:
      region: us-east-1
      ivs:
        regions: [us-east-1, eu-west-1]
        logging: true
        recording:
          buckets:
            us-east-1: yolo-production-acme-live-ivs-recordings-eu-west-1
`);
    for (const { args, run, calls } of runs) {
      expect(run.code, args.join(" ")).toBe(1);
      expect(calls, args.join(" ")).toEqual([]);
      expect(run.stderr, args.join(" ")).toContain(
        'environments.production.aws.ivs.recording.buckets.us-east-1: "yolo-production-acme-live-ivs-recordings-eu-west-1" is the bucket name yolo derives for eu-west-1, also an IVS region of this environment: eu-west-1 and us-east-1 cannot share a bucket',
      );
    }
  });

  it("accepts a region's bucket that is another region's derived name when that region names its own", async () => {
    const cwd = manifestDir(`name: acme-live
environments:
  production:
    aws:
      region: us-east-1
      ivs:
        regions: [us-east-1, eu-west-1]
        recording:
          real_time: true
          buckets:
            us-east-1: acme-recordings-virginia
            eu-west-1: yolo-production-acme-live-ivs-recordings-us-east-1
`);
    const run = await runYolo(["validate", "production"], { cwd });
    expect(run.code, run.stderr).toBe(0);
  });
});
