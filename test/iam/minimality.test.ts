/**
 * The generated policy holds nothing yolo does not need: for each action it grants, the policy
 * without that one action makes the smallest command that needs it fail with AccessDenied (exit
 * 1, the action named). The few actions only IVS uses, on the caller's behalf, in a way the
 * emulator cannot trigger through yolo are listed as such in docs/iam.md instead.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import {
  CreateStageCommand,
  ListEncoderConfigurationsCommand,
  ListStorageConfigurationsCommand,
  StartCompositionCommand,
  StopCompositionCommand,
} from "@aws-sdk/client-ivs-realtime";
import {
  DeletePublicAccessBlockCommand,
  PutBucketEncryptionCommand,
  PutBucketOwnershipControlsCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { loadEnvironment } from "../../src/cli/config.js";
import { policyAuthorizer } from "../../src/emulator/authorize.js";
import { buildIamPolicy, policyActions, policyGrants } from "../../src/iam/policy.js";
import { names } from "../../src/manifest/names.js";
import type { PolicyDocument } from "../../src/policy/types.js";
import { emulatorEnv, runYolo } from "../helpers/cli.js";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { APP } from "../helpers/manifests.js";
import { fixtureDir, generatedPolicy, withoutAction } from "./fixture.js";

const handle = useEmulator();

const ENV = "solo";
const REGION = "eu-west-1";
const BUCKET = names.recordingBucket(ENV, APP, REGION);
const ROLE = names.mediaConvertRole(ENV, APP);
const DIR = fixtureDir();
const CONFIG = await loadEnvironment(undefined, ENV, DIR);
const POLICY: PolicyDocument = buildIamPolicy(CONFIG, ACCOUNT);

/** A command and the account state it starts from (made before the policy is enforced). */
interface Scenario {
  command: string[];
  setup(): Promise<void>;
}

const yolo = (...args: string[]) => runYolo(args, { cwd: DIR, env: emulatorEnv(handle.emulator.url) });

async function synced(): Promise<void> {
  const run = await yolo("sync", ENV, "--json");
  if (run.code !== 0) throw new Error(`setup sync failed: ${run.stdout}${run.stderr}`);
}

const SCENARIOS = {
  greenfieldSync: { command: ["sync", ENV], setup: async () => {} },
  convergedSyncRecording: { command: ["sync:recording", ENV], setup: synced },
  // A group or rule that does not exist has no tags to read (its Describe says so).
  convergedSyncLogging: { command: ["sync:logging", ENV], setup: synced },
  bucketDrift: {
    command: ["sync:recording", ENV],
    async setup() {
      await synced();
      const s3 = await handle.clients.s3(REGION);
      await s3.send(new DeletePublicAccessBlockCommand({ Bucket: BUCKET }));
      // Deleting the encryption would fall back to SSE-S3 (S3's default since 2023): set another one.
      await s3.send(
        new PutBucketEncryptionCommand({
          Bucket: BUCKET,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" } }],
          },
        }),
      );
      await s3.send(
        new PutBucketOwnershipControlsCommand({
          Bucket: BUCKET,
          OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
        }),
      );
    },
  },
  trustDrift: {
    command: ["sync:iam", ENV],
    async setup() {
      await synced();
      const iam = await handle.clients.iam(REGION);
      const trust = {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      };
      await iam.send(
        new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: JSON.stringify(trust) }),
      );
    },
  },
  verify: { command: ["verify", ENV], setup: synced },
  destroyRecordings: {
    command: ["destroy:recording", ENV, "--yes", "--delete-recordings"],
    async setup() {
      await synced();
      const s3 = await handle.clients.s3(REGION);
      await s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: "composite/media/hls/multivariant.m3u8",
          Body: "#EXTM3U",
        }),
      );
    },
  },
  destroyWhileStopping: {
    command: ["destroy:recording", ENV, "--yes", "--delete-recordings"],
    async setup() {
      await synced();
      // A composition of the app's configurations, stopped but still STOPPING: destroy reads it.
      const ivs = await handle.clients.ivs(REGION);
      const storage = (await ivs.send(new ListStorageConfigurationsCommand({}))).storageConfigurations![0];
      const encoder = (await ivs.send(new ListEncoderConfigurationsCommand({}))).encoderConfigurations![0];
      const stage = (await ivs.send(new CreateStageCommand({ name: "show" }))).stage!;
      const { composition } = await ivs.send(
        new StartCompositionCommand({
          stageArn: stage.arn,
          destinations: [
            { s3: { storageConfigurationArn: storage.arn, encoderConfigurationArns: [encoder.arn!] } },
          ],
        }),
      );
      handle.emulator.configure({ compositionStopMs: 1_500 });
      await ivs.send(new StopCompositionCommand({ arn: composition?.arn }));
    },
  },
  destroyLogging: { command: ["destroy:logging", ENV, "--yes"], setup: synced },
  destroyRoleWithInlinePolicy: {
    command: ["destroy:iam", ENV, "--yes"],
    async setup() {
      await synced();
      const iam = await handle.clients.iam(REGION);
      const inline = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/*` }],
      };
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: ROLE,
          PolicyName: "extra",
          PolicyDocument: JSON.stringify(inline),
        }),
      );
    },
  },
} satisfies Record<string, Scenario>;

type ScenarioName = keyof typeof SCENARIOS;

/** The smallest command (from its starting state) that needs each action. */
const NEEDED_BY: Record<string, ScenarioName> = {
  "iam:GetRole": "greenfieldSync",
  "iam:ListAttachedRolePolicies": "greenfieldSync",
  "iam:CreateRole": "greenfieldSync",
  "iam:TagRole": "greenfieldSync",
  "iam:AttachRolePolicy": "greenfieldSync",
  "iam:UpdateAssumeRolePolicy": "trustDrift",
  "iam:ListRolePolicies": "destroyRoleWithInlinePolicy",
  "iam:DetachRolePolicy": "destroyRoleWithInlinePolicy",
  "iam:DeleteRolePolicy": "destroyRoleWithInlinePolicy",
  "iam:DeleteRole": "destroyRoleWithInlinePolicy",
  "s3:GetBucketPolicy": "greenfieldSync",
  "s3:GetBucketOwnershipControls": "greenfieldSync",
  "s3:GetBucketPublicAccessBlock": "greenfieldSync",
  "s3:GetEncryptionConfiguration": "greenfieldSync",
  "s3:GetLifecycleConfiguration": "greenfieldSync",
  "s3:GetBucketTagging": "greenfieldSync",
  "s3:CreateBucket": "greenfieldSync",
  "s3:PutBucketOwnershipControls": "greenfieldSync",
  "s3:PutBucketTagging": "greenfieldSync",
  "s3:PutLifecycleConfiguration": "greenfieldSync",
  "s3:PutBucketPolicy": "greenfieldSync",
  "s3:GetBucketLocation": "greenfieldSync",
  "s3:PutBucketPublicAccessBlock": "bucketDrift",
  "s3:PutEncryptionConfiguration": "bucketDrift",
  "s3:ListBucket": "verify",
  "s3:ListBucketVersions": "destroyRecordings",
  "s3:DeleteObjectVersion": "destroyRecordings",
  "s3:DeleteBucket": "destroyRecordings",
  "ivs:ListStorageConfigurations": "greenfieldSync",
  "ivs:CreateStorageConfiguration": "greenfieldSync",
  "ivs:TagResource": "greenfieldSync",
  "ivs:ListEncoderConfigurations": "greenfieldSync",
  "ivs:CreateEncoderConfiguration": "greenfieldSync",
  "ivs:GetEncoderConfiguration": "convergedSyncRecording",
  "ivs:DeleteStorageConfiguration": "destroyRecordings",
  "ivs:DeleteEncoderConfiguration": "destroyRecordings",
  "ivs:ListCompositions": "destroyRecordings",
  "ivs:GetComposition": "destroyWhileStopping",
  "logs:DescribeLogGroups": "greenfieldSync",
  "logs:DescribeResourcePolicies": "greenfieldSync",
  "logs:ListTagsForResource": "convergedSyncLogging",
  "logs:CreateLogGroup": "greenfieldSync",
  "logs:TagResource": "greenfieldSync",
  "logs:PutRetentionPolicy": "greenfieldSync",
  "logs:PutResourcePolicy": "greenfieldSync",
  "logs:DeleteLogGroup": "destroyLogging",
  "logs:DeleteResourcePolicy": "destroyLogging",
  "events:DescribeRule": "greenfieldSync",
  "events:ListTagsForResource": "convergedSyncLogging",
  "events:PutRule": "greenfieldSync",
  "events:TagResource": "greenfieldSync",
  "events:ListTargetsByRule": "greenfieldSync",
  "events:PutTargets": "greenfieldSync",
  "events:RemoveTargets": "destroyLogging",
  "events:DeleteRule": "destroyLogging",
};

/**
 * Actions IVS needs on the caller's behalf that no yolo run can make the emulated IVS use: IVS
 * deletes the bucket policy only when its own statement was the last one, and yolo's statements
 * are always there.
 */
const ONLY_BY_IVS = ["s3:DeleteBucketPolicy"];

const ACTIONS = policyActions(POLICY);

/** Run a scenario's command with `policy` enforced; `refusals` are the AccessDenied messages answered. */
async function runUnder(policy: PolicyDocument, scenario: Scenario) {
  await scenario.setup();
  const enforce = policyAuthorizer(policy);
  const refusals: { message: string; head: boolean }[] = [];
  handle.emulator.setAuthorizer((request, call, store) => {
    const refused = enforce(request, call, store);
    if (refused) refusals.push({ message: refused.message, head: request.method === "HEAD" });
    return refused;
  });
  const run = await yolo(...scenario.command);
  return { ...run, output: run.stdout + run.stderr, refusals };
}

/**
 * Refusals a command does not turn into exit 1. (For the destroy owner: a recording bucket that
 * answers 403 is taken for another account's and skipped, even when the 403 is the caller's own
 * missing permission — so the bucket stays and destroy exits 0.)
 */
describe("every action of the generated policy is needed", () => {
  it("the CLI prints the policy these cases take apart", async () => {
    expect(await generatedPolicy(handle.emulator.url, DIR, ENV)).toEqual(POLICY);
  });

  it("every action has a command that needs it or is listed as needed by IVS on the caller's behalf", () => {
    const accounted = new Set([...Object.keys(NEEDED_BY), ...ONLY_BY_IVS]);
    expect(ACTIONS.filter((action) => !accounted.has(action))).toEqual([]);
    // And the table names no action the policy does not grant.
    expect([...accounted].filter((action) => !ACTIONS.includes(action))).toEqual([]);
  });

  it.each(Object.keys(SCENARIOS) as ScenarioName[])("with the whole policy, `%s` succeeds", async (name) => {
    const run = await runUnder(POLICY, SCENARIOS[name]);
    expect(run.output).not.toMatch(/AccessDenied/);
    expect(run.code).toBe(0);
  });

  it.each(ACTIONS.filter((action) => NEEDED_BY[action] !== undefined))(
    "without %s, a command fails with AccessDenied naming it",
    async (action) => {
      const scenario = SCENARIOS[NEEDED_BY[action]];
      const run = await runUnder(withoutAction(POLICY, action), scenario);
      // Only this action is missing, so every refusal is about it.
      expect(run.refusals.length).toBeGreaterThan(0);
      for (const refusal of run.refusals)
        expect(refusal.message).toContain(`not authorized to perform: ${action} `);
      expect(run.code).toBe(1);
      // An S3 HEAD error has no body (AWS-FACTS §2.4): all the user sees is the 403.
      if (run.refusals.every((refusal) => refusal.head)) expect(run.output).toContain("403");
      else expect(run.output).toContain(`not authorized to perform: ${action} `);
    },
  );

  it("the actions only IVS uses are marked so in the model and listed in docs/iam.md", () => {
    const byIvs = new Set(
      policyGrants(CONFIG, ACCOUNT)
        .filter((grant) => grant.onBehalfOf === "ivs")
        .flatMap((grant) => grant.actions),
    );
    const docs = readFileSync(join(import.meta.dirname, "../../docs/iam.md"), "utf8");
    const section = docs
      .split(/^## /m)
      .find((part) => part.startsWith("Needed by IVS on the caller's behalf"));
    expect(section).toBeDefined();
    for (const action of ONLY_BY_IVS) {
      expect(byIvs.has(action)).toBe(true);
      expect(section).toContain(`\`${action}\``);
    }
  });
});
