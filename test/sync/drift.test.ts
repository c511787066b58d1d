/**
 * Drift on a converged account, made with the real SDK the way a person in the console would make
 * it: `sync --dry-run` (and `--check`) report it without writing, `sync` repairs it, and a third
 * run finds nothing to do.
 */

import {
  DeleteResourcePolicyCommand,
  DescribeLogGroupsCommand,
  DescribeResourcePoliciesCommand,
  ListTagsForResourceCommand as ListLogTagsCommand,
  PutResourcePolicyCommand,
  PutRetentionPolicyCommand,
  UntagResourceCommand as UntagLogGroupCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeRuleCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import {
  DetachRolePolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { names } from "../../src/manifest/names.js";
import { IVS_EVENT_PATTERN } from "../../src/resources/eventbridge-rule.js";
import { manifestDir, yoloRun } from "../helpers/cli.js";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { APP, ENV, manifestYaml } from "../helpers/manifests.js";

const handle = useEmulator();

const REGIONS = ["us-east-1", "eu-west-1"];
const DRIFTED = "eu-west-1";
const ROLE = names.mediaConvertRole(ENV, APP);
const LOG_GROUP = names.logGroup(ENV, APP);
const LOG_GROUP_ARN = `arn:aws:logs:${DRIFTED}:${ACCOUNT}:log-group:${LOG_GROUP}`;
const RULE = names.eventBridgeRule(ENV, APP);
const LOGS_POLICY = names.logsResourcePolicy(ENV);
const S3_FULL_ACCESS = "arn:aws:iam::aws:policy/AmazonS3FullAccess";

const MANIFEST = manifestYaml({ mediaconvert: true, regions: REGIONS, logging: true });

interface SyncJson {
  status: string;
  dryRun: boolean;
  steps: {
    id: string;
    status: string;
    regions: Record<string, { status: string; changes: { attribute: string; from: unknown; to: unknown }[] }>;
  }[];
}

const yolo = (cwd: string, ...args: string[]) => yoloRun<SyncJson>(handle, cwd, ...args);

const logs = () => handle.clients.logs(DRIFTED);
const events = () => handle.clients.events(DRIFTED);
const iam = () => handle.clients.iam("us-east-1");

async function logGroup() {
  const out = await (await logs()).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: LOG_GROUP }));
  return out.logGroups?.find((g) => g.logGroupName === LOG_GROUP);
}

async function logsPolicyDocument() {
  const out = await (await logs()).send(new DescribeResourcePoliciesCommand({}));
  const policy = out.resourcePolicies?.find((p) => p.policyName === LOGS_POLICY);
  return policy?.policyDocument ? JSON.parse(policy.policyDocument) : undefined;
}

async function target() {
  const out = await (await events()).send(new ListTargetsByRuleCommand({ Rule: RULE }));
  return out.Targets?.find((t) => t.Id === names.eventBridgeTargetId);
}

async function trustPolicy() {
  const role = (await (await iam()).send(new GetRoleCommand({ RoleName: ROLE }))).Role;
  return JSON.parse(decodeURIComponent(role?.AssumeRolePolicyDocument ?? "{}"));
}

async function attachedPolicies() {
  const out = await (await iam()).send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }));
  return (out.AttachedPolicies ?? []).map((p) => p.PolicyArn).sort();
}

/** The Logs resource policy lets EventBridge write to every log group of the environment again. */
const logsPolicyRepaired = async () =>
  expect((await logsPolicyDocument())?.Statement?.[0]?.Resource).toBe(
    `arn:aws:logs:${DRIFTED}:${ACCOUNT}:log-group:/aws/ivs/yolo-${ENV}-*`,
  );

interface DriftCase {
  name: string;
  /** Make the drift, as someone with console access would. */
  drift(): Promise<void>;
  step: string;
  region: string;
  /** The change the plan must list. */
  attribute: string;
  /** The dry-run status of that step (a removed target is created again). */
  planned?: string;
  /** What the account must look like after the repair. */
  repaired(): Promise<void>;
}

const cases: DriftCase[] = [
  {
    name: "log group retention changed",
    drift: async () => {
      await (await logs()).send(
        new PutRetentionPolicyCommand({ logGroupName: LOG_GROUP, retentionInDays: 30 }),
      );
    },
    step: "log-group",
    region: DRIFTED,
    attribute: "retentionInDays",
    repaired: async () => expect((await logGroup())?.retentionInDays).toBe(14),
  },
  {
    name: "target removed",
    drift: async () => {
      await (await events()).send(new RemoveTargetsCommand({ Rule: RULE, Ids: ["ivs-cloudwatch-logs"] }));
    },
    step: "eventbridge-target",
    region: DRIFTED,
    attribute: "target",
    planned: "WOULD_CREATE",
    repaired: async () => expect((await target())?.Arn).toBe(LOG_GROUP_ARN),
  },
  {
    name: "target pointed elsewhere",
    drift: async () => {
      const out = await (await events()).send(
        new PutTargetsCommand({
          Rule: RULE,
          Targets: [
            {
              Id: "ivs-cloudwatch-logs",
              Arn: `arn:aws:logs:${DRIFTED}:${ACCOUNT}:log-group:/aws/ivs/somewhere-else`,
            },
          ],
        }),
      );
      expect(out.FailedEntryCount).toBe(0);
    },
    step: "eventbridge-target",
    region: DRIFTED,
    attribute: "arn",
    repaired: async () => {
      const repaired = await target();
      expect(repaired?.Arn).toBe(LOG_GROUP_ARN);
      expect(repaired?.RoleArn).toBeUndefined();
    },
  },
  {
    name: "rule disabled",
    drift: async () => {
      // The console's "Disable" is DisableRule; the emulator implements only what the tool and
      // its tests call, so the same state is written with a full PutRule.
      await (await events()).send(
        new PutRuleCommand({
          Name: RULE,
          EventPattern: JSON.stringify(IVS_EVENT_PATTERN),
          State: "DISABLED",
          Description: "YOLO managed IVS state change events",
        }),
      );
    },
    step: "eventbridge-rule",
    region: DRIFTED,
    attribute: "state",
    repaired: async () =>
      expect((await (await events()).send(new DescribeRuleCommand({ Name: RULE }))).State).toBe("ENABLED"),
  },
  {
    name: "rule pattern changed",
    drift: async () => {
      await (await events()).send(
        new PutRuleCommand({
          Name: RULE,
          EventPattern: JSON.stringify({ source: ["aws.ivs"], "detail-type": ["IVS Stage Update"] }),
          State: "ENABLED",
          Description: "YOLO managed IVS state change events",
        }),
      );
    },
    step: "eventbridge-rule",
    region: DRIFTED,
    attribute: "eventPattern",
    repaired: async () => {
      const rule = await (await events()).send(new DescribeRuleCommand({ Name: RULE }));
      expect(JSON.parse(rule.EventPattern ?? "null")).toEqual(IVS_EVENT_PATTERN);
      expect(rule.State).toBe("ENABLED");
      expect(rule.Description).toBe("YOLO managed IVS state change events");
    },
  },
  {
    name: "Logs resource policy deleted",
    drift: async () => {
      await (await logs()).send(new DeleteResourcePolicyCommand({ policyName: LOGS_POLICY }));
    },
    step: "log-group",
    region: DRIFTED,
    attribute: `resourcePolicy ${LOGS_POLICY}`,
    repaired: logsPolicyRepaired,
  },
  {
    name: "Logs resource policy altered",
    drift: async () => {
      const document = await logsPolicyDocument();
      document.Statement[0].Resource = `arn:aws:logs:${DRIFTED}:${ACCOUNT}:log-group:/aws/events/*`;
      await (await logs()).send(
        new PutResourcePolicyCommand({ policyName: LOGS_POLICY, policyDocument: JSON.stringify(document) }),
      );
    },
    step: "log-group",
    region: DRIFTED,
    attribute: `resourcePolicy ${LOGS_POLICY}`,
    repaired: logsPolicyRepaired,
  },
  {
    name: "role trust policy altered",
    drift: async () => {
      await (await iam()).send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: ROLE,
          PolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
            ],
          }),
        }),
      );
    },
    step: "mediaconvert-role",
    region: "global",
    attribute: "trustPolicy",
    repaired: async () =>
      expect((await trustPolicy()).Statement).toEqual([
        { Effect: "Allow", Principal: { Service: "mediaconvert.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]),
  },
  {
    name: "managed policy detached",
    drift: async () => {
      await (await iam()).send(new DetachRolePolicyCommand({ RoleName: ROLE, PolicyArn: S3_FULL_ACCESS }));
    },
    step: "mediaconvert-role",
    region: "global",
    attribute: "attachedPolicy",
    repaired: async () =>
      expect(await attachedPolicies()).toEqual([
        "arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess",
        S3_FULL_ACCESS,
      ]),
  },
  {
    name: "a yolo tag removed from the log group",
    drift: async () => {
      await (await logs()).send(
        new UntagLogGroupCommand({ resourceArn: LOG_GROUP_ARN, tagKeys: ["yolo:app"] }),
      );
    },
    step: "log-group",
    region: DRIFTED,
    attribute: "tags",
    repaired: async () =>
      expect(
        (await (await logs()).send(new ListLogTagsCommand({ resourceArn: LOG_GROUP_ARN }))).tags,
      ).toEqual({
        "yolo:environment": ENV,
        "yolo:app": APP,
        Name: LOG_GROUP,
      }),
  },
];

describe("drift on a converged account", () => {
  it.each(cases)("$name: planned by --dry-run, repaired by sync, then nothing to do", async (drift) => {
    const cwd = manifestDir(MANIFEST);
    expect((await yolo(cwd, "sync", ENV)).code).toBe(0);
    await drift.drift();

    const plan = await yolo(cwd, "sync", ENV, "--dry-run", "--json");
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.writes).toEqual([]);
    const planned = plan.json().steps.find((s) => s.id === drift.step)?.regions[drift.region];
    expect(planned?.status).toBe(drift.planned ?? "WOULD_SYNC");
    expect(planned?.changes.map((c) => c.attribute)).toContain(drift.attribute);
    // Only the drifted step (in the drifted region) has something to do.
    for (const step of plan.json().steps)
      for (const [region, result] of Object.entries(step.regions))
        if (step.id !== drift.step || region !== drift.region)
          expect(result.status, `${step.id}@${region}`).toBe(
            step.id.startsWith("recording") || step.id.endsWith("-configuration") ? "SKIPPED" : "SYNCED",
          );

    const check = await yolo(cwd, "sync", ENV, "--check");
    expect(check.code).toBe(2);
    expect(check.writes).toEqual([]);

    const repair = await yolo(cwd, "sync", ENV, "--json");
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.writes.length).toBeGreaterThan(0);
    const repaired = repair.json().steps.find((s) => s.id === drift.step)?.regions[drift.region];
    expect(repaired?.status).toBe(drift.planned === "WOULD_CREATE" ? "CREATED" : "SYNCED");
    expect(repaired?.changes.map((c) => c.attribute)).toContain(drift.attribute);
    await drift.repaired();

    const third = await yolo(cwd, "sync", ENV, "--json");
    expect(third.code).toBe(0);
    expect(third.writes).toEqual([]);
    expect(third.json().status).toBe("SYNCED");
    expect((await yolo(cwd, "sync", ENV, "--check")).code).toBe(0);
  });
});
