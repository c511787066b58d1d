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

describe("--json on an invalid manifest", () => {
  const yaml = `name: 123
environments:
  production:
    aws:
      region: us-east-1
      ivs: {logging: "x"}
`;

  it("gives one errors entry per problem, with validate --json's fields, in every command", async () => {
    const cwd = manifestDir(yaml);
    const validate = await runYolo(["validate", "production", "--json"], { cwd });
    expect(validate.code).toBe(1);
    const problems = JSON.parse(validate.stdout).errors;
    expect(problems).toHaveLength(2);

    for (const args of [
      ["sync", "production"],
      ["sync:logging", "production", "--dry-run"],
      ["env", "production"],
      ["verify", "production"],
      ["destroy", "production", "--yes"],
    ]) {
      handle.emulator.clearLog();
      const run = await runYolo([...args, "--json"], { cwd, env: emulatorEnv(handle.emulator.url) });
      expect(run.code, args.join(" ")).toBe(1);
      expect(handle.emulator.log).toEqual([]);
      const doc = JSON.parse(run.stdout);
      expect(doc).toMatchObject({ command: args[0], environment: "production", status: "FAILED" });
      // The same problems, field by field; `message` is the whole line stderr prints, on one line.
      expect(doc.errors.map(({ message: _, ...fields }: any) => fields)).toEqual(
        problems.map(({ message: _, ...fields }: any) => fields),
      );
      // (The file is shown relative to the process's folder, which is not `cwd` in-process.)
      const [name, logging] = doc.errors.map((entry: any) => entry.message);
      expect(name).toMatch(
        /yolo\.yml:1:7 {2}name: the number 123 is not a string\. Quote it: name: "123"\.$/,
      );
      expect(logging).toMatch(
        /yolo\.yml:6:22 {2}environments\.production\.aws\.ivs\.logging: the string "x" is not a boolean \(true or false\)\. Write logging: true or logging: false\.$/,
      );
    }
  });

  it("keeps one entry, the message on one line, for an error that is not the manifest's", async () => {
    const cwd = manifestDir(yaml.replace("123", "acme-live").replace('"x"', "true"));
    const run = await runYolo(["env", "production", "--region", "eu-west-1", "--json"], {
      cwd,
      env: emulatorEnv(handle.emulator.url),
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).errors).toEqual([
      { message: "--region eu-west-1: not one of this environment's IVS regions (us-east-1)." },
    ]);
  });
});
