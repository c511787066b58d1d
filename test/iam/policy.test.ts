/**
 * `yolo iam:policy <env>` as a user reads it: one policy document on stdout, statements by
 * service and purpose, actions by name, resources scoped to the environment's names, regions
 * and account, and only what the environment's features need.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STATEMENT_ORDER } from "../../src/iam/statements.js";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { fixtureDir, generatedPolicy, listOf, REGIONS, statementsOf } from "./fixture.js";

const handle = useEmulator();

/** The actions AWS offers no resource-level permission for: the only ones on `"*"`. */
const ACCOUNT_LEVEL_ACTIONS = [
  "ivs:ListStorageConfigurations",
  "ivs:ListEncoderConfigurations",
  "ivs:ListCompositions",
  "logs:DescribeLogGroups",
  "logs:DescribeResourcePolicies",
  "logs:PutResourcePolicy",
  "logs:DeleteResourcePolicy",
];

function actionsOf(policy: Parameters<typeof statementsOf>[0]): string[] {
  return statementsOf(policy).flatMap((s) => listOf(s.Action));
}

function statement(policy: Parameters<typeof statementsOf>[0], sid: string) {
  const found = statementsOf(policy).find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
}

describe("yolo iam:policy", () => {
  it("prints one policy document on stdout, the same with --json, for the account STS names", async () => {
    const dir = fixtureDir();
    const env = emulatorEnv(handle.emulator.url);
    const plain = await runYolo(["iam:policy", "production"], { cwd: dir, env });
    const json = await runYolo(["iam:policy", "production", "--json"], { cwd: dir, env });
    expect(plain.code).toBe(0);
    expect(json.stdout).toBe(plain.stdout);
    const policy = JSON.parse(plain.stdout);
    expect(policy.Version).toBe("2012-10-17");
    expect(JSON.stringify(policy)).toContain(`:${ACCOUNT}:`);
    // One STS GetCallerIdentity per run, nothing else.
    expect(handle.emulator.log.map((e) => `${e.service}:${e.operation}`)).toEqual([
      "sts:GetCallerIdentity",
      "sts:GetCallerIdentity",
    ]);
  });

  it("takes the account from aws.account-id without calling AWS, and --local uses the emulator's", async () => {
    const dir = fixtureDir();
    const fromManifest = await generatedPolicy(handle.emulator.url, dir, "adopting");
    expect(JSON.stringify(fromManifest)).toContain(":123456789012:");
    const local = await generatedPolicy(handle.emulator.url, dir, "adopting", ["--local"]);
    expect(JSON.stringify(local)).toContain(":000000000000:");
    expect(JSON.stringify(local)).not.toContain("123456789012");
    expect(handle.emulator.log).toEqual([]);
  });

  it("scopes every resource to the environment's names, IVS regions and account", async () => {
    const policy = await generatedPolicy(handle.emulator.url, fixtureDir(), "production");
    const prefix = "yolo-production-acme-live";
    expect(listOf(statement(policy, "RecordingBuckets").Resource)).toEqual([
      `arn:aws:s3:::${prefix}-ivs-recordings-*`,
    ]);
    expect(listOf(statement(policy, "IvsStorageConfigurations").Resource)).toEqual(
      REGIONS.map((r) => `arn:aws:ivs:${r}:${ACCOUNT}:storage-configuration/*`),
    );
    expect(listOf(statement(policy, "IvsEncoderConfigurations").Resource)).toEqual(
      REGIONS.map((r) => `arn:aws:ivs:${r}:${ACCOUNT}:encoder-configuration/*`),
    );
    expect(listOf(statement(policy, "EventLogGroups").Resource)).toEqual(
      REGIONS.flatMap((r) => [
        `arn:aws:logs:${r}:${ACCOUNT}:log-group:/aws/ivs/${prefix}`,
        `arn:aws:logs:${r}:${ACCOUNT}:log-group:/aws/ivs/${prefix}:*`,
      ]),
    );
    expect(listOf(statement(policy, "EventBridgeRules").Resource)).toEqual(
      REGIONS.map((r) => `arn:aws:events:${r}:${ACCOUNT}:rule/${prefix}-ivs-state-change`),
    );
    expect(listOf(statement(policy, "MediaConvertRole").Resource)).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/${prefix}-mediaconvert-role`,
    ]);
    expect(statement(policy, "MediaConvertRoleAttachPolicies").Condition).toEqual({
      ArnEquals: {
        "iam:PolicyARN": [
          "arn:aws:iam::aws:policy/AmazonS3FullAccess",
          "arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess",
        ],
      },
    });
  });

  it("names every action, and uses `*` only for actions without resource-level permissions", async () => {
    const policy = await generatedPolicy(handle.emulator.url, fixtureDir(), "production");
    const statements = statementsOf(policy);
    expect(new Set(statements.map((s) => s.Sid)).size).toBe(statements.length);
    for (const s of statements) {
      expect(s.Effect).toBe("Allow");
      for (const action of listOf(s.Action)) expect(action).toMatch(/^[a-z0-9]+:[A-Za-z]+$/);
      if (listOf(s.Resource).includes("*")) {
        expect(listOf(s.Resource)).toEqual(["*"]);
        for (const action of listOf(s.Action)) expect(ACCOUNT_LEVEL_ACTIONS).toContain(action);
      }
    }
  });

  it("grants an adopted bucket what sync and IVS need, but nothing that deletes it", async () => {
    const policy = await generatedPolicy(handle.emulator.url, fixtureDir(), "adopting");
    const adopted = "arn:aws:s3:::my-existing-recordings";
    expect(listOf(statement(policy, "RecordingBuckets").Resource)).toContain(adopted);
    expect(listOf(statement(policy, "RecordingBucketPolicyByIvs").Resource)).toContain(adopted);
    expect(listOf(statement(policy, "RecordingBucketsTeardown").Resource)).not.toContain(adopted);
    expect(JSON.stringify(statement(policy, "RecordingObjectsTeardown"))).not.toContain(
      "my-existing-recordings",
    );
  });

  it("with recording off and logging on grants no IVS or S3 action", async () => {
    const policy = await generatedPolicy(handle.emulator.url, fixtureDir(), "events");
    const actions = actionsOf(policy);
    expect(actions.filter((a) => a.startsWith("ivs:") || a.startsWith("s3:"))).toEqual([]);
    expect(actions).toContain("logs:CreateLogGroup");
    expect(actions).toContain("events:PutTargets");
  });

  it("with MediaConvert off grants no IAM action", async () => {
    const policy = await generatedPolicy(handle.emulator.url, fixtureDir(), "plain");
    expect(actionsOf(policy).filter((a) => a.startsWith("iam:"))).toEqual([]);
    expect(actionsOf(policy)).toContain("ivs:CreateStorageConfiguration");
  });

  it("--sync-only leaves out what only destroy needs", async () => {
    const dir = fixtureDir();
    const full = actionsOf(await generatedPolicy(handle.emulator.url, dir, "production"));
    const syncOnly = actionsOf(
      await generatedPolicy(handle.emulator.url, dir, "production", ["--sync-only"]),
    );
    expect(syncOnly.filter((a) => /:(RemoveTargets|Detach)/.test(a))).toEqual([]);
    // sync itself deletes an IVS configuration it replaces (immutable: a new video or bucket) or a
    // duplicate, and IVS then edits the bucket policy: those are the only deletions it keeps.
    expect(syncOnly.filter((a) => /:Delete/.test(a)).sort()).toEqual([
      "ivs:DeleteEncoderConfiguration",
      "ivs:DeleteStorageConfiguration",
      "s3:DeleteBucketPolicy",
    ]);
    expect(full.filter((a) => !syncOnly.includes(a)).sort()).toEqual([
      "events:DeleteRule",
      "events:RemoveTargets",
      "iam:DeleteRole",
      "iam:DeleteRolePolicy",
      "iam:DetachRolePolicy",
      "iam:ListRolePolicies",
      // destroy's (and --prune's) look at the compositions using a configuration it deletes.
      "ivs:GetComposition",
      "ivs:ListCompositions",
      "logs:DeleteLogGroup",
      "logs:DeleteResourcePolicy",
      "s3:DeleteBucket",
      "s3:DeleteObjectVersion",
      "s3:ListBucketVersions",
    ]);
  });

  it("docs/iam.md says what every statement is for", () => {
    const docs = readFileSync(join(import.meta.dirname, "../../docs/iam.md"), "utf8");
    for (const sid of STATEMENT_ORDER) expect(docs).toMatch(new RegExp(`^\\| \`${sid}\` \\|`, "m"));
  });

  it("docs/iam.md shows the policy the CLI prints for examples/yolo.yml (with its account-id set)", async () => {
    const example = readFileSync(join(import.meta.dirname, "../../examples/yolo.yml"), "utf8");
    const dir = manifestDir(example.replace('# account-id: "123456789012"', 'account-id: "123456789012"'));
    const printed = await generatedPolicy(handle.emulator.url, dir, "production");
    const docs = readFileSync(join(import.meta.dirname, "../../docs/iam.md"), "utf8");
    const pasted = /## The policy for examples\/yolo\.yml[\s\S]*?```json\n([\s\S]*?)\n```/.exec(docs)?.[1];
    expect(JSON.parse(pasted ?? "null")).toEqual(printed);
  });
});
