/**
 * `yolo verify` as a user runs it: read-only, one verdict per check and region, a fix for each
 * failure, exit 1 on any failure and 0 once `yolo sync` has repaired things. Each broken setup is
 * made with the real SDK against the emulator, the way it breaks in a real account.
 */

import { DeleteResourcePolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { names } from "../../src/manifest/names.js";
import { IVS_EVENT_PATTERN } from "../../src/resources/eventbridge-rule.js";
import { emulatorEnv, manifestDir, runYolo, yoloRun } from "../helpers/cli.js";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { APP, ENV, type ManifestOptions, manifestYaml } from "../helpers/manifests.js";

const handle = useEmulator();

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const RULE = names.eventBridgeRule(ENV, APP);
const LOG_GROUP = names.logGroup(ENV, APP);
const LOG_GROUP_ARN = (region: string) => `arn:aws:logs:${region}:${ACCOUNT}:log-group:${LOG_GROUP}`;
const bucketOf = (region: string) => names.recordingBucket(ENV, APP, region);
const CHECK_IDS = [
  "recording-bucket",
  "bucket-policy",
  "storage-configuration",
  "encoder-configuration",
  "log-group",
  "logs-resource-policy",
  "eventbridge-rule",
  "eventbridge-target",
];

/** Logging and recording in three regions unless `options` says otherwise; `ivs: false` drops `aws.ivs`. */
function manifest({ ivs = true, ...options }: ManifestOptions & { ivs?: boolean } = {}): string {
  return ivs
    ? manifestYaml({ regions: REGIONS, logging: true, recording: true, ...options })
    : manifestYaml();
}

interface Check {
  region: string;
  id: string;
  check: string;
  ok: boolean;
  detail: string;
  fix: string | null;
}

const yolo = (dir: string, ...args: string[]) => yoloRun(handle, dir, ...args);

/** `yolo verify --json`, with the emulator's log of the calls it made. */
async function verifyJson(dir: string, ...extra: string[]) {
  const run = await yolo(dir, "verify", ENV, "--json", ...extra);
  const calls = run.log;
  const report = JSON.parse(run.stdout) as {
    environment: string;
    account: string;
    regions: string[];
    checks: Check[];
    ok: boolean;
  };
  return { run, report, calls };
}

const failures = (checks: Check[]) => checks.filter((c) => !c.ok).map((c) => `${c.region} ${c.id}`);

describe("yolo verify", () => {
  it("passes every check in every region after a greenfield sync, making no write call", async () => {
    const dir = manifestDir(manifest());
    expect((await yolo(dir, "sync", ENV)).code).toBe(0);

    const { run, report, calls } = await verifyJson(dir);
    expect(run.code, run.stdout).toBe(0);
    expect(report).toMatchObject({ environment: ENV, account: ACCOUNT, regions: REGIONS, ok: true });
    for (const region of REGIONS)
      expect(report.checks.filter((c) => c.region === region).map((c) => c.id)).toEqual(CHECK_IDS);
    expect(report.checks.every((c) => c.ok && c.fix === null && c.detail.length > 0)).toBe(true);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.mutating)).toEqual([]);

    // One region and one read at a time (the PHP original's pace) reaches the same verdicts.
    const oneAtATime = await verifyJson(dir, "--concurrency", "1");
    expect(oneAtATime.report.checks).toEqual(report.checks);
    const overlapping = oneAtATime.calls.some(
      (call, i) => i > 0 && call.startedAt < oneAtATime.calls[i - 1].endedAt,
    );
    expect(overlapping).toBe(false);
  });

  it("reads a converged three-region account in 31 requests, none a write (the resources' reads, no more)", async () => {
    const dir = manifestDir(manifest());
    expect((await yolo(dir, "sync", ENV)).code).toBe(0);

    const { run, calls } = await verifyJson(dir);
    expect(run.code, run.stdout).toBe(0);
    expect(calls.filter((c) => c.mutating)).toEqual([]);
    const perRegion = (region: string) =>
      calls
        .filter((c) => c.region === region && c.operation !== "GetCallerIdentity")
        .map((c) => `${c.service}:${c.operation}`)
        .sort();
    for (const region of REGIONS)
      expect(perRegion(region), region).toEqual([
        "events:DescribeRule",
        "events:ListTargetsByRule",
        "ivs:GetEncoderConfiguration",
        "ivs:ListEncoderConfigurations",
        "ivs:ListStorageConfigurations",
        "logs:DescribeLogGroups",
        "logs:DescribeResourcePolicies",
        "s3:GetBucketPolicy",
        "s3:GetBucketTagging",
        "s3:HeadBucket",
      ]);
    expect(calls.map((c) => c.operation).filter((op) => op === "GetCallerIdentity")).toHaveLength(1);
    expect(calls).toHaveLength(31);
  });

  it("fails everything on an empty account, with a sync command as the fix, and writes nothing", async () => {
    const dir = manifestDir(manifest());
    const { run, report, calls } = await verifyJson(dir);
    expect(run.code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.checks).toHaveLength(CHECK_IDS.length * REGIONS.length);
    expect(report.checks.every((c) => !c.ok)).toBe(true);
    const bucketCheck = report.checks.find((c) => c.region === "eu-west-1" && c.id === "recording-bucket");
    expect(bucketCheck?.detail).toContain(`${bucketOf("eu-west-1")} does not exist`);
    expect(bucketCheck?.fix).toBe(`run \`yolo sync:recording ${ENV}\``);
    expect(report.checks.find((c) => c.id === "log-group")?.fix).toBe(`run \`yolo sync:logging ${ENV}\``);
    expect(calls.filter((c) => c.mutating)).toEqual([]);
  });

  it("reports a bucket policy that no longer lets IVS write, only in that region, until sync repairs it", async () => {
    const dir = manifestDir(manifest());
    await yolo(dir, "sync", ENV);
    const s3 = await handle.clients.s3("eu-west-1");
    const bucket = bucketOf("eu-west-1");
    const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? "{}");
    policy.Statement = policy.Statement.filter(
      (s: { Sid?: string }) => s.Sid !== "IVSRealtimeRecording" && !s.Sid?.startsWith("CompositeWrite-"),
    );
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));

    const broken = await verifyJson(dir);
    expect(broken.run.code).toBe(1);
    expect(failures(broken.report.checks)).toEqual(["eu-west-1 bucket-policy"]);
    const check = broken.report.checks.find((c) => !c.ok);
    expect(check?.detail).toContain("ivs-composite.eu-west-1.amazonaws.com");
    expect(check?.fix).toBe(`run \`yolo sync:recording ${ENV}\``);
    expect(broken.calls.filter((c) => c.mutating)).toEqual([]);

    expect((await yolo(dir, "sync", ENV)).code).toBe(0);
    const repaired = await verifyJson(dir);
    expect(repaired.run.code).toBe(0);
    expect(repaired.report.ok).toBe(true);
  });

  it("evaluates the policy rather than comparing text: an Allow with another Sid passes, a Deny on TLS traffic fails", async () => {
    const dir = manifestDir(manifest());
    await yolo(dir, "sync", ENV);
    const region = "us-east-1";
    const bucket = bucketOf(region);
    const s3 = await handle.clients.s3(region);
    const principal = `ivs-composite.${region}.amazonaws.com`;
    const grant = {
      Sid: "SomeoneElsesName",
      Effect: "Allow",
      Principal: { Service: [principal] },
      Action: "s3:Put*",
      Resource: `arn:aws:s3:::${bucket}/*`,
    };
    const denyTls = {
      Sid: "DenyEverythingOverTls",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::${bucket}/*`,
      Condition: { Bool: { "aws:SecureTransport": "true" } },
    };
    const put = (statements: unknown[]) =>
      s3.send(
        new PutBucketPolicyCommand({
          Bucket: bucket,
          Policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
        }),
      );

    await put([grant]);
    const allowed = await verifyJson(dir, "--region", region);
    expect(allowed.report.checks.find((c) => c.id === "bucket-policy")).toMatchObject({ ok: true });
    expect(allowed.report.checks.find((c) => c.id === "bucket-policy")?.detail).toContain("SomeoneElsesName");

    await put([grant, denyTls]);
    const denied = await verifyJson(dir, "--region", region);
    expect(denied.run.code).toBe(1);
    const check = denied.report.checks.find((c) => c.id === "bucket-policy");
    expect(check?.ok).toBe(false);
    expect(check?.detail).toContain("DenyEverythingOverTls");
    expect(check?.fix).toContain("DenyEverythingOverTls");
  });

  it("reports a missing Logs resource policy, and passes again after sync", async () => {
    const dir = manifestDir(manifest());
    await yolo(dir, "sync", ENV);
    const logs = await handle.clients.logs("ap-northeast-1");
    await logs.send(new DeleteResourcePolicyCommand({ policyName: names.logsResourcePolicy(ENV) }));

    const broken = await verifyJson(dir);
    expect(broken.run.code).toBe(1);
    expect(failures(broken.report.checks)).toEqual(["ap-northeast-1 logs-resource-policy"]);
    expect(broken.report.checks.find((c) => !c.ok)?.fix).toBe(`run \`yolo sync:logging ${ENV}\``);
    expect(broken.calls.filter((c) => c.mutating)).toEqual([]);

    await yolo(dir, "sync:logging", ENV);
    expect((await verifyJson(dir)).run.code).toBe(0);
  });

  it("reports a disabled rule, a pattern that misses IVS composition events, and a target ARN ending with :*", async () => {
    const dir = manifestDir(manifest());
    await yolo(dir, "sync", ENV);
    const events = await handle.clients.events("us-east-1");
    await events.send(
      new PutRuleCommand({
        Name: RULE,
        EventPattern: JSON.stringify(IVS_EVENT_PATTERN),
        State: "DISABLED",
      }),
    );
    const westEvents = await handle.clients.events("eu-west-1");
    await westEvents.send(
      new PutTargetsCommand({
        Rule: RULE,
        Targets: [{ Id: names.eventBridgeTargetId, Arn: `${LOG_GROUP_ARN("eu-west-1")}:*` }],
      }),
    );
    const apEvents = await handle.clients.events("ap-northeast-1");
    await apEvents.send(
      new PutRuleCommand({
        Name: RULE,
        EventPattern: JSON.stringify({ source: ["aws.ivs"], "detail-type": ["IVS Stage Update"] }),
      }),
    );

    const { run, report } = await verifyJson(dir);
    expect(run.code).toBe(1);
    expect(failures(report.checks)).toEqual([
      "us-east-1 eventbridge-rule",
      "eu-west-1 eventbridge-target",
      "ap-northeast-1 eventbridge-rule",
    ]);
    const byRegion = (region: string) => report.checks.find((c) => c.region === region && !c.ok);
    expect(byRegion("us-east-1")?.detail).toContain("DISABLED");
    expect(byRegion("eu-west-1")?.detail).toContain(':*"');
    expect(byRegion("ap-northeast-1")?.detail).toContain("does not match");

    await yolo(dir, "sync", ENV);
    expect((await verifyJson(dir)).run.code).toBe(0);
  });

  it("fails a recording bucket tagged for another app, with a fix that is not the sync that refuses it", async () => {
    const region = "eu-west-1";
    const eu = await handle.clients.s3(region);
    await eu.send(
      new CreateBucketCommand({
        Bucket: bucketOf(region),
        CreateBucketConfiguration: { LocationConstraint: region },
      }),
    );
    await eu.send(
      new PutBucketTaggingCommand({
        Bucket: bucketOf(region),
        Tagging: {
          TagSet: [
            { Key: "yolo:environment", Value: ENV },
            { Key: "yolo:app", Value: "other-app" },
          ],
        },
      }),
    );
    const dir = manifestDir(manifest());
    const { run, report } = await verifyJson(dir);
    expect(run.code).toBe(1);
    expect(report.checks.find((c) => c.region === region && c.id === "recording-bucket")).toMatchObject({
      ok: false,
      detail: `${bucketOf(region)} belongs to app "other-app" (tag yolo:app): yolo will not modify it`,
      fix: `rename this app (name in yolo.yml), or name a bucket in ${region} under aws.ivs.recording.buckets.${region}`,
    });
    expect(report.checks.find((c) => c.region === region && c.id === "bucket-policy")?.ok).toBe(false);
  });

  it("reports a recording bucket in another region, with the bucket's region and the manifest key to fix", async () => {
    const elsewhere = "acme-live-recordings-ireland";
    const eu = await handle.clients.s3("eu-west-1");
    await eu.send(new CreateBucketCommand({ Bucket: elsewhere }));
    const wrong = manifestDir(manifest({ buckets: { "us-east-1": elsewhere } }));
    await yolo(wrong, "sync", ENV); // fails for us-east-1, as it must; the other regions converge

    const { run, report, calls } = await verifyJson(wrong);
    expect(run.code).toBe(1);
    const bucketCheck = report.checks.find((c) => c.region === "us-east-1" && c.id === "recording-bucket");
    expect(bucketCheck?.ok).toBe(false);
    expect(bucketCheck?.detail).toContain(`${elsewhere} is in eu-west-1, not us-east-1`);
    expect(bucketCheck?.fix).toBe(
      "the bucket is in eu-west-1; name a bucket in us-east-1 under aws.ivs.recording.buckets.us-east-1",
    );
    expect(report.checks.find((c) => c.region === "us-east-1" && c.id === "bucket-policy")?.ok).toBe(false);
    expect(report.checks.filter((c) => c.region !== "us-east-1").every((c) => c.ok)).toBe(true);
    expect(calls.filter((c) => c.mutating)).toEqual([]);

    // Following the fix (here: back to the derived bucket) and syncing makes it pass.
    const fixed = manifestDir(manifest());
    expect((await yolo(fixed, "sync", ENV)).code).toBe(0);
    expect((await verifyJson(fixed)).run.code).toBe(0);
  });

  it("checks only what the manifest turns on", async () => {
    const loggingOnly = manifestDir(manifest({ recording: false }));
    await yolo(loggingOnly, "sync", ENV);
    const { run, report } = await verifyJson(loggingOnly);
    expect(run.code).toBe(0);
    expect([...new Set(report.checks.map((c) => c.id))]).toEqual([
      "log-group",
      "logs-resource-policy",
      "eventbridge-rule",
      "eventbridge-target",
    ]);

    const off = manifestDir(manifest({ ivs: false }));
    const none = await verifyJson(off);
    expect(none.run.code).toBe(0);
    expect(none.report.checks).toEqual([]);
    expect(none.calls.map((c) => c.operation)).toEqual(["GetCallerIdentity"]);
  });

  it("prints one line per check, a fix per failure, and no colour when not on a terminal", async () => {
    const dir = manifestDir(manifest());
    await yolo(dir, "sync", ENV);
    const logs = await handle.clients.logs("eu-west-1");
    await logs.send(new DeleteResourcePolicyCommand({ policyName: names.logsResourcePolicy(ENV) }));

    const run = await runYolo(["verify", ENV], {
      cwd: dir,
      env: emulatorEnv(handle.emulator.url, { NO_COLOR: undefined }),
    });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toContain("✔ us-east-1       bucket policy lets IVS write recordings");
    const failed = lines.filter((line) => line.startsWith("✖"));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(
      /^✖ eu-west-1 {7}Logs resource policy lets EventBridge write to the log group: .+ — fix: run `yolo sync:logging production`$/,
    );
    expect(lines.filter((line) => /^[✔✖] /.test(line))).toHaveLength(CHECK_IDS.length * REGIONS.length);
    expect(lines.at(-1)).toContain("1 of 24 checks failed");
    expect(run.stdout).not.toContain("\x1b[");
  });
});
