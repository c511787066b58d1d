/**
 * `yolo sync`, `sync:iam`, `sync:logging` and `sync:recording` run as a user runs them (the real
 * CLI in-process, the real AWS SDK) against the emulator; every assertion reads the account back
 * through the SDK or the emulator's request log.
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeResourcePoliciesCommand,
  FilterLogEventsCommand,
  ListTagsForResourceCommand as ListLogTagsCommand,
  PutResourcePolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeRuleCommand,
  ListTagsForResourceCommand as ListRuleTagsCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import { GetRoleCommand, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import {
  ListEncoderConfigurationsCommand,
  ListStorageConfigurationsCommand,
} from "@aws-sdk/client-ivs-realtime";
import { GetBucketPolicyCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { IVS_EVENT_PATTERN } from "../../src/resources/eventbridge-rule.js";
import { manifestDir, yoloRun } from "../helpers/cli.js";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { APP, ENV, type ManifestOptions, manifestYaml } from "../helpers/manifests.js";
import { startRecording } from "../helpers/recording.js";

const handle = useEmulator();

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];
// Spelled out rather than taken from src/manifest/names.ts: this file pins SPEC §3's names.
const ROLE = `yolo-${ENV}-${APP}-mediaconvert-role`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
const LOG_GROUP = `/aws/ivs/yolo-${ENV}-${APP}`;
const RULE = `yolo-${ENV}-${APP}-ivs-state-change`;
const LOGS_POLICY = `yolo-${ENV}-ivs-eventbridge-policy`;
const bucketOf = (region: string, app = APP) => `yolo-${ENV}-${app}-ivs-recordings-${region}`;
const STEP_IDS = [
  "mediaconvert-role",
  "recording-bucket",
  "storage-configuration",
  "encoder-configuration",
  "log-group",
  "eventbridge-rule",
  "eventbridge-target",
];

/** Every feature on, in three regions, unless `options` says otherwise. */
const manifest = (options: ManifestOptions = {}) =>
  manifestYaml({ regions: REGIONS, mediaconvert: true, logging: true, recording: true, ...options });

/** Run `yolo ...args` in `cwd` against the emulator; the log holds only this run's requests. */
const yolo = (cwd: string, ...args: string[]) => yoloRun<SyncJson>(handle, cwd, ...args);

interface RegionJson {
  status: string;
  resource?: string;
  changes: { attribute: string; from: unknown; to: unknown }[];
  reason?: string;
  error?: string;
}
interface SyncJson {
  command: string;
  environment: string;
  account: string;
  dryRun: boolean;
  regions: string[];
  status: string;
  steps: {
    id: string;
    description: string;
    status: string;
    elapsedMs: number;
    regions: Record<string, RegionJson>;
  }[];
  env: Record<string, Record<string, string>>;
  warnings: { region?: string; step?: string; message: string }[];
  errors: { region?: string; step?: string; message: string }[];
}

const stepOf = (doc: SyncJson, id: string) => {
  const step = doc.steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id} in ${JSON.stringify(doc.steps.map((s) => s.id))}`);
  return step;
};

// --- reading the account back, as a user would in the console ---------------------------------

const logs = (region: string) => handle.clients.logs(region);
const events = (region: string) => handle.clients.events(region);
const iam = () => handle.clients.iam("us-east-1");

async function logGroupIn(region: string, name = LOG_GROUP) {
  const out = await (await logs(region)).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  return out.logGroups?.find((g) => g.logGroupName === name);
}

async function logGroupTags(region: string, name = LOG_GROUP) {
  const resourceArn = `arn:aws:logs:${region}:${ACCOUNT}:log-group:${name}`;
  return (await (await logs(region)).send(new ListLogTagsCommand({ resourceArn }))).tags;
}

async function yoloLogsPolicies(region: string) {
  const out = await (await logs(region)).send(new DescribeResourcePoliciesCommand({}));
  return (out.resourcePolicies ?? []).filter((p) => p.policyName?.startsWith(`yolo-${ENV}-`));
}

async function ruleIn(region: string, name = RULE) {
  return (await events(region)).send(new DescribeRuleCommand({ Name: name }));
}

async function targetsOf(region: string, rule = RULE) {
  return (await (await events(region)).send(new ListTargetsByRuleCommand({ Rule: rule }))).Targets ?? [];
}

async function bucketStatements(region: string, bucket = bucketOf(region)) {
  const out = await (await handle.clients.s3(region)).send(new GetBucketPolicyCommand({ Bucket: bucket }));
  return (JSON.parse(out.Policy ?? "{}") as { Statement: Record<string, unknown>[] }).Statement;
}

async function storageArns(region: string) {
  const out = await (await handle.clients.ivs(region)).send(new ListStorageConfigurationsCommand({}));
  return (out.storageConfigurations ?? [])
    .filter((c) => c.name === `yolo-${ENV}-${APP}-ivs-storage`)
    .map((c) => c.arn);
}

async function encoderArns(region: string) {
  const out = await (await handle.clients.ivs(region)).send(new ListEncoderConfigurationsCommand({}));
  return (out.encoderConfigurations ?? [])
    .filter((c) => c.name === `yolo-${ENV}-${APP}-ivs-encoder`)
    .map((c) => c.arn);
}

const yoloTagsFor = (name: string, app = APP) => ({ "yolo:environment": ENV, "yolo:app": app, Name: name });

/** The Logs resource policy SPEC §4 describes, for one region. */
function expectedLogsPolicyStatement(region: string) {
  return {
    Effect: "Allow",
    Principal: { Service: expect.arrayContaining(["events.amazonaws.com", "delivery.logs.amazonaws.com"]) },
    Action: expect.arrayContaining(["logs:CreateLogStream", "logs:PutLogEvents"]),
    Resource: `arn:aws:logs:${region}:${ACCOUNT}:log-group:/aws/ivs/yolo-${ENV}-*`,
  };
}

describe("sync on a greenfield account (three regions, recording, logging, MediaConvert)", () => {
  it("creates every resource of SPEC §4, each matching, and reports it as JSON", async () => {
    const cwd = manifestDir(manifest());
    const run = await yolo(cwd, "sync", ENV, "--json");

    expect(run.code, run.stderr).toBe(0);
    const doc = run.json();

    // Log group, retention, tags; the shared Logs resource policy.
    for (const region of REGIONS) {
      const group = await logGroupIn(region);
      expect(group?.retentionInDays).toBe(14);
      expect(await logGroupTags(region)).toEqual(yoloTagsFor(LOG_GROUP));
      const policies = await yoloLogsPolicies(region);
      expect(policies.map((p) => p.policyName)).toEqual([LOGS_POLICY]);
      const document = JSON.parse(policies[0].policyDocument ?? "{}");
      expect(document.Version).toBe("2012-10-17");
      expect(document.Statement).toEqual([expect.objectContaining(expectedLogsPolicyStatement(region))]);
      expect(document.Statement[0].Principal.Service).toHaveLength(2);
      expect(document.Statement[0].Action).toHaveLength(2);

      // The rule on the default bus.
      const rule = await ruleIn(region);
      // IVS's state change events, not the CloudTrail API-call events that share its source.
      expect(JSON.parse(rule.EventPattern ?? "null")).toEqual({
        source: ["aws.ivs"],
        "detail-type": [{ "anything-but": ["AWS API Call via CloudTrail"] }],
      });
      expect(rule.State).toBe("ENABLED");
      expect(rule.Description).toBe("YOLO managed IVS state change events");
      expect(rule.EventBusName).toBe("default");
      const ruleTags = await (await events(region)).send(new ListRuleTagsCommand({ ResourceARN: rule.Arn }));
      expect(Object.fromEntries((ruleTags.Tags ?? []).map((t) => [t.Key, t.Value]))).toEqual(
        yoloTagsFor(RULE),
      );

      // Its one target: the log group, without `:*`, without a role.
      const targets = await targetsOf(region);
      expect(targets).toHaveLength(1);
      expect(targets[0].Id).toBe("ivs-cloudwatch-logs");
      expect(targets[0].Arn).toBe(`arn:aws:logs:${region}:${ACCOUNT}:log-group:${LOG_GROUP}`);
      expect(targets[0].RoleArn).toBeUndefined();

      // The role existed before the bucket policy was written, so it is granted read.
      const statements = await bucketStatements(region);
      const read = statements.find((s) => s.Sid === "MediaConvertRead");
      expect(read).toMatchObject({
        Effect: "Allow",
        Principal: { AWS: ROLE_ARN },
        Action: expect.arrayContaining(["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"]),
        Resource: expect.arrayContaining([
          `arn:aws:s3:::${bucketOf(region)}`,
          `arn:aws:s3:::${bucketOf(region)}/*`,
        ]),
      });
    }

    // The MediaConvert role: trust, both managed policies, tags.
    const role = (await (await iam()).send(new GetRoleCommand({ RoleName: ROLE }))).Role;
    expect(JSON.parse(decodeURIComponent(role?.AssumeRolePolicyDocument ?? ""))).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "mediaconvert.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    });
    expect(Object.fromEntries((role?.Tags ?? []).map((t) => [t.Key, t.Value]))).toEqual(yoloTagsFor(ROLE));
    const attached = await (await iam()).send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }));
    expect((attached.AttachedPolicies ?? []).map((p) => p.PolicyArn).sort()).toEqual([
      "arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess",
      "arn:aws:iam::aws:policy/AmazonS3FullAccess",
    ]);

    // The role was created before any bucket policy naming it was written.
    const createRole = run.log.findIndex((e) => e.operation === "CreateRole");
    const firstPolicy = run.log.findIndex((e) => e.operation === "PutBucketPolicy");
    expect(createRole).toBeGreaterThanOrEqual(0);
    expect(createRole).toBeLessThan(firstPolicy);

    // JSON shape (SPEC §6).
    expect(Object.keys(doc)).toEqual([
      "command",
      "environment",
      "account",
      "dryRun",
      "regions",
      "status",
      "steps",
      "env",
      "warnings",
      "errors",
    ]);
    expect(doc).toMatchObject({
      command: "sync",
      environment: ENV,
      account: ACCOUNT,
      dryRun: false,
      regions: REGIONS,
      status: "CREATED",
      warnings: [],
      errors: [],
    });
    expect(doc.steps.map((s) => s.id)).toEqual(STEP_IDS);
    for (const step of doc.steps) {
      expect(Object.keys(step)).toEqual(["id", "description", "status", "elapsedMs", "regions"]);
      expect(step.status).toBe("CREATED");
      expect(typeof step.elapsedMs).toBe("number");
      const keys = step.id === "mediaconvert-role" ? ["global"] : REGIONS;
      expect(Object.keys(step.regions)).toEqual(keys);
      for (const region of keys) expect(step.regions[region].status).toBe("CREATED");
    }
    expect(stepOf(doc, "mediaconvert-role").regions.global.resource).toBe(ROLE);
    expect(stepOf(doc, "log-group").regions["eu-west-1"].resource).toBe(LOG_GROUP);
    expect(stepOf(doc, "eventbridge-rule").regions["eu-west-1"].resource).toBe(RULE);

    // The env block holds what the account holds.
    expect(Object.keys(doc.env)).toEqual(REGIONS);
    for (const region of REGIONS) {
      expect(doc.env[region]).toEqual({
        AWS_IVS_REALTIME_RECORDINGS_BUCKET: bucketOf(region),
        AWS_IVS_STORAGE_CONFIGURATION_ARN: (await storageArns(region))[0],
        AWS_IVS_ENCODER_CONFIGURATION_ARN: (await encoderArns(region))[0],
      });
      expect(await storageArns(region)).toHaveLength(1);
      expect(await encoderArns(region)).toHaveLength(1);
    }
  });

  it("a second sync on the converged account writes nothing and reports SYNCED", async () => {
    const cwd = manifestDir(manifest());
    expect((await yolo(cwd, "sync", ENV)).code).toBe(0);

    const again = await yolo(cwd, "sync", ENV, "--json");
    expect(again.code, again.stderr).toBe(0);
    expect(again.writes).toEqual([]);
    expect(again.log.length).toBeGreaterThan(0);
    const doc = again.json();
    expect(doc.status).toBe("SYNCED");
    for (const step of doc.steps) {
      expect(step.status).toBe("SYNCED");
      for (const result of Object.values(step.regions)) expect(result.changes).toEqual([]);
    }
  });

  it("--dry-run and --check write nothing on a greenfield account; --check exits 2 until a sync", async () => {
    const cwd = manifestDir(manifest());

    const plan = await yolo(cwd, "sync", ENV, "--dry-run", "--json");
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.writes).toEqual([]);
    const doc = plan.json();
    expect(doc.dryRun).toBe(true);
    expect(doc.status).toBe("WOULD_CREATE");
    for (const step of doc.steps) expect(step.status).toBe("WOULD_CREATE");
    // Dry-run prints only values that already exist: none yet.
    expect(doc.env).toEqual({});

    const check = await yolo(cwd, "sync", ENV, "--check", "--json");
    expect(check.code).toBe(2);
    expect(check.writes).toEqual([]);
    expect(check.json().dryRun).toBe(true);

    // Nothing was created by either.
    for (const region of REGIONS) expect(await logGroupIn(region)).toBeUndefined();

    expect((await yolo(cwd, "sync", ENV)).code).toBe(0);
    const clean = await yolo(cwd, "sync", ENV, "--check");
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.writes).toEqual([]);
  });

  it("a greenfield sync --dry-run with MediaConvert on plans MediaConvertRead (sync:iam would create the role first)", async () => {
    const cwd = manifestDir(manifest());
    const plan = await yolo(cwd, "sync", ENV, "--dry-run", "--json");
    expect(plan.writes).toEqual([]);
    const bucket = stepOf(plan.json(), "recording-bucket");
    for (const region of REGIONS) {
      const read = bucket.regions[region].changes.find((c) => c.attribute === "policy.MediaConvertRead");
      expect(read, JSON.stringify(bucket.regions[region].changes)).toBeDefined();
      expect(JSON.stringify(read?.to)).toContain(ROLE_ARN);
    }
    expect(plan.json().warnings).toEqual([]);
  });
});

describe("a greenfield sync while AWS is still propagating what it just made", () => {
  it("retries the new buckets' writes and the policy naming the new role, converges, and a re-run writes nothing", async () => {
    handle.emulator.configure({
      bucketPropagationMs: 400,
      bucketPropagationError: "OperationAborted",
      rolePropagationMs: 2500,
    });
    try {
      const cwd = manifestDir(manifest());
      const run = await yolo(cwd, "sync", ENV, "--json", "--no-progress");
      expect(run.code).toBe(0);
      expect(run.json().status).toBe("CREATED");
      const refused = run.writes.filter((e) => e.errorCode !== undefined);
      expect(new Set(refused.map((e) => e.errorCode))).toEqual(
        new Set(["OperationAborted", "MalformedPolicy"]),
      );
      // Every refused write was made again until it succeeded.
      for (const e of refused)
        expect(
          run.writes.some(
            (w) => w.operation === e.operation && w.region === e.region && w.errorCode === undefined,
          ),
        ).toBe(true);
      for (const region of REGIONS) {
        const policy = JSON.parse(
          (
            await (
              await handle.clients.s3(region)
            ).send(new GetBucketPolicyCommand({ Bucket: bucketOf(region) }))
          ).Policy!,
        );
        const read = policy.Statement.find((st: { Sid?: string }) => st.Sid === "MediaConvertRead");
        expect(read?.Principal).toEqual({ AWS: ROLE_ARN });
      }
      const again = await yolo(cwd, "sync", ENV, "--json", "--no-progress");
      expect(again.json().status).toBe("SYNCED");
      expect(again.writes).toEqual([]);
    } finally {
      handle.emulator.configure({ bucketPropagationMs: 0, rolePropagationMs: 0 });
    }
  });
});

describe("what a sync enables", () => {
  it("a composition in any region records into that region's bucket and its events reach the app's log group", async () => {
    const cwd = manifestDir(manifest());
    const run = await yolo(cwd, "sync", ENV, "--json");
    expect(run.code, run.stderr).toBe(0);
    const env = run.json().env;

    for (const region of REGIONS) {
      await startRecording(handle, region, env[region]);

      const objects = await (await handle.clients.s3(region)).send(
        new ListObjectsV2Command({ Bucket: bucketOf(region) }),
      );
      expect(objects.KeyCount ?? 0).toBeGreaterThan(0);

      const events = await (await logs(region)).send(new FilterLogEventsCommand({ logGroupName: LOG_GROUP }));
      const delivered = (events.events ?? []).map((e) => JSON.parse(e.message ?? "{}"));
      expect(delivered.length).toBeGreaterThan(0);
      for (const event of delivered) {
        expect(event.source).toBe("aws.ivs");
        expect(event.region).toBe(region);
      }
      expect(delivered.map((e) => e["detail-type"])).toContain("IVS Composition State Change");
    }
  });
});

describe("sync:recording before sync:iam", () => {
  it("leaves MediaConvertRead out with a warning naming sync:iam; a later sync adds it", async () => {
    const cwd = manifestDir(manifest({ regions: ["us-east-1", "eu-west-1"] }));

    const alone = await yolo(cwd, "sync:recording", ENV, "--json");
    expect(alone.code, alone.stderr).toBe(0);
    const doc = alone.json();
    expect(doc.steps.map((s) => s.id)).toEqual([
      "recording-bucket",
      "storage-configuration",
      "encoder-configuration",
    ]);
    for (const region of ["us-east-1", "eu-west-1"]) {
      const sids = (await bucketStatements(region)).map((s) => s.Sid);
      expect(sids).toContain("IVSRealtimeRecording");
      expect(sids).not.toContain("MediaConvertRead");
    }
    expect(doc.warnings.length).toBeGreaterThan(0);
    for (const warning of doc.warnings) expect(warning.message).toContain(`yolo sync:iam ${ENV}`);
    // No IAM write: sync:recording alone only reads the role.
    expect(alone.writes.filter((e) => e.service === "iam")).toEqual([]);

    // Human output shows the warning too.
    const human = await yolo(cwd, "sync:recording", ENV, "--no-progress");
    expect(human.code).toBe(0);
    expect(human.stdout + human.stderr).toContain(`yolo sync:iam ${ENV}`);

    const full = await yolo(cwd, "sync", ENV, "--json");
    expect(full.code, full.stderr).toBe(0);
    const fullDoc = full.json();
    expect(fullDoc.warnings).toEqual([]);
    for (const region of ["us-east-1", "eu-west-1"]) {
      const read = (await bucketStatements(region)).find((s) => s.Sid === "MediaConvertRead");
      expect(read?.Principal).toEqual({ AWS: ROLE_ARN });
      const bucket = stepOf(fullDoc, "recording-bucket").regions[region];
      expect(bucket.status).toBe("SYNCED");
      expect(bucket.changes.map((c) => c.attribute)).toContain("policy.MediaConvertRead");
    }
    const converged = await yolo(cwd, "sync", ENV);
    expect(converged.writes).toEqual([]);
  });

  it("sync:recording --dry-run alone plans as it would run alone: no MediaConvertRead without the role", async () => {
    const cwd = manifestDir(manifest({ regions: ["us-east-1"] }));
    const plan = await yolo(cwd, "sync:recording", ENV, "--dry-run", "--json");
    expect(plan.code).toBe(0);
    expect(plan.writes).toEqual([]);
    const changes = stepOf(plan.json(), "recording-bucket").regions["us-east-1"].changes.map(
      (c) => c.attribute,
    );
    expect(changes).not.toContain("policy.MediaConvertRead");
    expect(
      plan
        .json()
        .warnings.map((w) => w.message)
        .join("\n"),
    ).toContain(`yolo sync:iam ${ENV}`);
  });
});

describe("logging next to other people's resources", () => {
  it("adopts an untagged log group and rule (reported as adopted), keeps foreign targets and tags", async () => {
    const region = "eu-west-1";
    const cwd = manifestDir(manifest({ regions: [region], recording: false, mediaconvert: false }));
    await (await logs(region)).send(
      new CreateLogGroupCommand({ logGroupName: LOG_GROUP, tags: { team: "video" } }),
    );
    const eventBridge = await events(region);
    await eventBridge.send(
      new PutRuleCommand({
        Name: RULE,
        EventPattern: JSON.stringify(IVS_EVENT_PATTERN),
        State: "ENABLED",
      }),
    );
    const extra = { Id: "audit", Arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:/audit` };
    await (await logs(region)).send(new CreateLogGroupCommand({ logGroupName: "/audit" }));
    expect(
      (await eventBridge.send(new PutTargetsCommand({ Rule: RULE, Targets: [extra] }))).FailedEntryCount,
    ).toBe(0);

    const run = await yolo(cwd, "sync:logging", ENV, "--json");
    expect(run.code, run.stderr).toBe(0);
    const doc = run.json();
    const group = stepOf(doc, "log-group").regions[region];
    expect(group.status).toBe("SYNCED");
    expect(group.reason).toMatch(/adopted/);
    const rule = stepOf(doc, "eventbridge-rule").regions[region];
    expect(rule.status).toBe("SYNCED");
    expect(rule.reason).toMatch(/adopted/);
    expect(rule.changes.map((c) => c.attribute).sort()).toEqual(["description", "tags"]);
    expect(stepOf(doc, "eventbridge-target").regions[region].status).toBe("CREATED");

    expect(await logGroupTags(region)).toEqual({ team: "video", ...yoloTagsFor(LOG_GROUP) });
    expect((await targetsOf(region)).map((t) => t.Id).sort()).toEqual(["audit", "ivs-cloudwatch-logs"]);
    expect((await yolo(cwd, "sync:logging", ENV)).writes).toEqual([]);
    expect((await targetsOf(region)).map((t) => t.Id).sort()).toEqual(["audit", "ivs-cloudwatch-logs"]);
  });

  it("a rule tagged for another app stops that region's rule and target, and the log group still syncs", async () => {
    const region = "eu-west-1";
    const cwd = manifestDir(manifest({ regions: [region], recording: false, mediaconvert: false }));
    await (await events(region)).send(
      new PutRuleCommand({
        Name: RULE,
        EventPattern: JSON.stringify({ source: ["aws.ivs"] }),
        State: "DISABLED",
        Tags: [
          { Key: "yolo:app", Value: "someone-else" },
          { Key: "yolo:environment", Value: ENV },
        ],
      }),
    );
    const run = await yolo(cwd, "sync:logging", ENV, "--json");
    expect(run.code).toBe(1);
    const doc = run.json();
    expect(stepOf(doc, "eventbridge-rule").regions[region].error).toBe(
      `EventBridge rule ${RULE} belongs to app "someone-else" (tag yolo:app). yolo will not modify it. Its name comes from this app's name: rename this app (name in yolo.yml) so the two do not collide.`,
    );
    expect(stepOf(doc, "eventbridge-target").regions[region]).toMatchObject({
      status: "FAILED",
      error: "not attempted: EventBridge rule failed",
    });
    expect(stepOf(doc, "log-group").regions[region].status).toBe("CREATED");
    expect(run.writes.filter((e) => e.service === "events")).toEqual([]);
    expect((await ruleIn(region)).State).toBe("DISABLED");
  });

  it("when the region already holds 10 other Logs resource policies, the log-group step fails and says why", async () => {
    const region = "eu-west-1";
    const cwd = manifestDir(manifest({ regions: [region], recording: false, mediaconvert: false }));
    const client = await logs(region);
    for (let i = 0; i < 10; i++)
      await client.send(
        new PutResourcePolicyCommand({
          policyName: `someone-else-${i}`,
          policyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "logs:PutLogEvents",
                Resource: `arn:aws:logs:${region}:${ACCOUNT}:log-group:/other-${i}:*`,
              },
            ],
          }),
        }),
      );
    for (const mode of [["--dry-run"], []]) {
      const run = await yolo(cwd, "sync:logging", ENV, "--json", ...mode);
      expect(run.code).toBe(1);
      const group = stepOf(run.json(), "log-group").regions[region];
      expect(group.status).toBe("FAILED");
      expect(group.error).toContain(`CloudWatch Logs in ${region} already holds 10 resource policies`);
      expect(group.error).toContain(LOGS_POLICY);
      expect(stepOf(run.json(), "eventbridge-target").regions[region].status).toBe("FAILED");
      // The step stopped before writing anything: no half-made log group.
      expect(run.writes.filter((e) => e.service === "logs")).toEqual([]);
    }
    expect(await logGroupIn(region)).toBeUndefined();
  });

  it("log-retention-days from the manifest is applied, and a change of it is synced in place", async () => {
    const region = "eu-west-1";
    const cwd = manifestDir(manifest({ regions: [region], recording: false, mediaconvert: false }));
    expect((await yolo(cwd, "sync:logging", ENV)).code).toBe(0);
    writeFileSync(
      join(cwd, "yolo.yml"),
      manifest({ regions: [region], recording: false, mediaconvert: false, logRetentionDays: 30 }),
    );
    const run = await yolo(cwd, "sync:logging", ENV, "--json");
    expect(run.code, run.stderr).toBe(0);
    const group = stepOf(run.json(), "log-group").regions[region];
    expect(group.status).toBe("SYNCED");
    expect(group.changes).toEqual([{ attribute: "retentionInDays", from: 14, to: 30 }]);
    expect((await logGroupIn(region))?.retentionInDays).toBe(30);
    expect(run.writes.map((e) => e.operation)).toEqual(["PutRetentionPolicy"]);
  });

  it("--concurrency 1 (one call at a time) converges to the same account", async () => {
    const cwd = manifestDir(manifest({ regions: ["us-east-1", "eu-west-1"] }));
    const run = await yolo(cwd, "sync", ENV, "--concurrency", "1", "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(run.json().status).toBe("CREATED");
    // One call at a time: no request started before the previous one ended.
    for (let i = 1; i < run.log.length; i++)
      expect(run.log[i].startedAt).toBeGreaterThanOrEqual(run.log[i - 1].endedAt);
    for (const region of ["us-east-1", "eu-west-1"]) {
      expect(await targetsOf(region)).toHaveLength(1);
      expect((await bucketStatements(region)).map((s) => s.Sid)).toContain("MediaConvertRead");
    }
    expect((await yolo(cwd, "sync", ENV, "--concurrency", "1")).writes).toEqual([]);
  });
});

describe("two apps of one environment", () => {
  it("share one Logs resource policy per region", async () => {
    const regions = ["us-east-1", "eu-west-1"];
    const first = manifestDir(manifest({ regions, recording: false, mediaconvert: false }));
    const second = manifestDir(
      manifest({ app: "other-app", regions, recording: false, mediaconvert: false }),
    );

    expect((await yolo(first, "sync:logging", ENV)).code).toBe(0);
    const run = await yolo(second, "sync:logging", ENV, "--json");
    expect(run.code, run.stderr).toBe(0);
    // The second app found the shared policy as it should be and did not rewrite it.
    expect(run.writes.filter((e) => e.operation === "PutResourcePolicy")).toEqual([]);

    for (const region of regions) {
      const policies = await yoloLogsPolicies(region);
      expect(policies.map((p) => p.policyName)).toEqual([LOGS_POLICY]);
      expect(await logGroupIn(region)).toBeDefined();
      expect(await logGroupIn(region, "/aws/ivs/yolo-production-other-app")).toBeDefined();
      const targets = await targetsOf(region, "yolo-production-other-app-ivs-state-change");
      expect(targets.map((t) => t.Arn)).toEqual([
        `arn:aws:logs:${region}:${ACCOUNT}:log-group:/aws/ivs/yolo-production-other-app`,
      ]);
    }
    // And both apps stay converged.
    expect((await yolo(first, "sync:logging", ENV)).writes).toEqual([]);
    expect((await yolo(second, "sync:logging", ENV)).writes).toEqual([]);
  });
});

describe("ownership", () => {
  it("a log group tagged for another app stops that region's logging with a clear error and no write to it", async () => {
    const regions = ["us-east-1", "eu-west-1"];
    const cwd = manifestDir(manifest({ regions, recording: false, mediaconvert: false }));
    const foreignTags = { "yolo:environment": ENV, "yolo:app": "someone-else", Name: LOG_GROUP };
    await (await logs("eu-west-1")).send(
      new CreateLogGroupCommand({ logGroupName: LOG_GROUP, tags: foreignTags }),
    );

    const run = await yolo(cwd, "sync:logging", ENV, "--json");
    expect(run.code).toBe(1);
    const doc = run.json();
    const group = stepOf(doc, "log-group").regions["eu-west-1"];
    expect(group.status).toBe("FAILED");
    expect(group.error).toBe(
      `log group ${LOG_GROUP} belongs to app "someone-else" (tag yolo:app). yolo will not modify it. Its name comes from this app's name: rename this app (name in yolo.yml) so the two do not collide.`,
    );
    const target = stepOf(doc, "eventbridge-target").regions["eu-west-1"];
    expect(target.status).toBe("FAILED");
    expect(target.error ?? target.reason).toContain("not attempted: CloudWatch log group failed");
    expect(doc.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ region: "eu-west-1", step: "log-group" })]),
    );

    // No write to the foreign log group (nor any Logs write in that region), and it is as it was.
    expect(run.writes.filter((e) => e.service === "logs" && e.region === "eu-west-1")).toEqual([]);
    expect(run.writes.filter((e) => e.region === "eu-west-1" && e.operation === "PutTargets")).toEqual([]);
    expect(await logGroupTags("eu-west-1")).toEqual(foreignTags);
    expect((await logGroupIn("eu-west-1"))?.retentionInDays).toBeUndefined();

    // The other region is unaffected.
    for (const id of ["log-group", "eventbridge-rule", "eventbridge-target"])
      expect(stepOf(doc, id).regions["us-east-1"].status).toBe("CREATED");

    // Human output names the problem.
    const human = await yolo(cwd, "sync:logging", ENV, "--no-progress");
    expect(human.code).toBe(1);
    expect(human.stdout + human.stderr).toContain("someone-else");
  });
});

describe("one region failing", () => {
  it("leaves the other regions converged, exits 1, and a re-run after the fault converges without duplicates", async () => {
    const cwd = manifestDir(manifest());
    handle.emulator.addFault({ region: "eu-west-1", status: 500, code: "InternalError" });

    const run = await yolo(cwd, "sync", ENV, "--json");
    expect(run.code).toBe(1);
    const doc = run.json();
    expect(doc.status).toBe("FAILED");
    for (const id of STEP_IDS.slice(1)) {
      expect(stepOf(doc, id).regions["eu-west-1"].status).toBe("FAILED");
      for (const region of ["us-east-1", "ap-northeast-1"])
        expect(stepOf(doc, id).regions[region].status).toBe("CREATED");
    }
    expect(stepOf(doc, "mediaconvert-role").regions.global.status).toBe("CREATED");
    expect(doc.errors.every((e) => e.region === "eu-west-1")).toBe(true);
    expect(doc.errors.length).toBeGreaterThan(0);
    // Every failed call in eu-west-1 was injected; nothing succeeded there.
    expect(run.log.filter((e) => e.region === "eu-west-1" && e.status < 400)).toEqual([]);

    // An error wins over pending changes in a drift gate.
    const check = await yolo(cwd, "sync", ENV, "--check");
    expect(check.code).toBe(1);
    expect(check.writes).toEqual([]);

    // The healthy regions are converged: a run limited to them changes nothing.
    const healthy = await yolo(cwd, "sync", ENV, "--region", "us-east-1", "--region", "ap-northeast-1");
    expect(healthy.code, healthy.stderr).toBe(0);
    expect(healthy.writes).toEqual([]);

    handle.emulator.clearFaults();
    const rerun = await yolo(cwd, "sync", ENV, "--json");
    expect(rerun.code, rerun.stderr).toBe(0);
    const redoc = rerun.json();
    for (const id of STEP_IDS.slice(1)) {
      expect(stepOf(redoc, id).regions["eu-west-1"].status).toBe("CREATED");
      for (const region of ["us-east-1", "ap-northeast-1"])
        expect(stepOf(redoc, id).regions[region].status).toBe("SYNCED");
    }
    expect(rerun.writes.filter((e) => e.region !== "eu-west-1")).toEqual([]);

    for (const region of REGIONS) {
      expect(await storageArns(region)).toHaveLength(1);
      expect(await encoderArns(region)).toHaveLength(1);
      expect(await targetsOf(region)).toHaveLength(1);
      expect(await yoloLogsPolicies(region)).toHaveLength(1);
      expect((await bucketStatements(region)).filter((s) => s.Sid === "MediaConvertRead")).toHaveLength(1);
    }
    expect((await yolo(cwd, "sync", ENV)).writes).toEqual([]);
  });
});

describe("sync:iam", () => {
  it("makes only the MediaConvert role, reported under the region key global", async () => {
    const cwd = manifestDir(manifest({ regions: ["eu-west-1"] }));
    const run = await yolo(cwd, "sync:iam", ENV, "--json");
    expect(run.code, run.stderr).toBe(0);
    const doc = run.json();
    expect(doc.command).toBe("sync:iam");
    expect(doc.steps.map((s) => s.id)).toEqual(["mediaconvert-role"]);
    expect(doc.steps[0].regions).toEqual({
      global: expect.objectContaining({ status: "CREATED", resource: ROLE }),
    });
    expect(new Set(run.writes.map((e) => e.service))).toEqual(new Set(["iam"]));
    expect(run.log.filter((e) => !["iam", "sts"].includes(e.service))).toEqual([]);
    expect((await yolo(cwd, "sync:iam", ENV)).writes).toEqual([]);
  });

  it("is SKIPPED with MediaConvert off, with no IAM call", async () => {
    const cwd = manifestDir(manifest({ regions: ["eu-west-1"], mediaconvert: false }));
    const run = await yolo(cwd, "sync:iam", ENV, "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(run.json().steps[0]).toMatchObject({ id: "mediaconvert-role", status: "SKIPPED" });
    expect(run.log.filter((e) => e.service === "iam")).toEqual([]);
  });
});

describe("aws.ivs: true (logging shorthand)", () => {
  it("turns logging on with 14 days, skips recording and makes no S3 or IVS call", async () => {
    const cwd = manifestDir(
      [
        "name: acme-live",
        "environments:",
        `  ${ENV}:`,
        "    aws:",
        "      region: eu-west-1",
        "      ivs: true",
        "",
      ].join("\n"),
    );
    const run = await yolo(cwd, "sync", ENV, "--json");
    expect(run.code, run.stderr).toBe(0);
    const doc = run.json();
    expect(doc.regions).toEqual(["eu-west-1"]);
    for (const id of [
      "recording-bucket",
      "storage-configuration",
      "encoder-configuration",
      "mediaconvert-role",
    ])
      expect(stepOf(doc, id).status).toBe("SKIPPED");
    for (const id of ["log-group", "eventbridge-rule", "eventbridge-target"])
      expect(stepOf(doc, id).regions["eu-west-1"].status).toBe("CREATED");
    expect(run.log.filter((e) => e.service === "s3" || e.service === "ivs" || e.service === "iam")).toEqual(
      [],
    );
    expect((await logGroupIn("eu-west-1"))?.retentionInDays).toBe(14);
    expect(await targetsOf("eu-west-1")).toHaveLength(1);
    expect(doc.env).toEqual({});
  });
});
