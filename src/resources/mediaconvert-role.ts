/**
 * The MediaConvert role, as yolo makes it: trusted by mediaconvert.amazonaws.com, with the
 * AmazonS3FullAccess and AmazonAPIGatewayInvokeFullAccess managed policies attached. IAM is
 * global, so this step runs once per run (region key `global`).
 */
import type { AttachedPolicy, Role } from "@aws-sdk/client-iam";
import { isError } from "../aws/errors.js";
import type { Change } from "../engine/result.js";
import { type ResourceStep, StepError } from "../engine/step.js";
import type { PermissionDeclaration } from "../iam/permissions.js";
import { arns } from "../iam/resources.js";
import { names, ownershipOf, yoloTags } from "../manifest/names.js";
import { parsePolicyDocument, policiesEqual } from "../policy/canonical.js";
import { mediaConvertTrustPolicy } from "../policy/documents.js";
import { mediaConvertGate, syncStatus } from "./outcome.js";
import { diffTags, foreignOwnerPhrase } from "./tags.js";

export const MEDIACONVERT_MANAGED_POLICIES = [
  "arn:aws:iam::aws:policy/AmazonS3FullAccess",
  "arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess",
];

export interface LiveRole {
  role?: Role;
  attached: AttachedPolicy[];
}

export function mediaConvertRoleArn(account: string, env: string, app: string): string {
  return `arn:aws:iam::${account}:role/${names.mediaConvertRole(env, app)}`;
}

export const mediaConvertRoleStep: ResourceStep<LiveRole> = {
  id: "mediaconvert-role",
  resourceName: (ctx) => names.mediaConvertRole(ctx.config.environment, ctx.config.app),
  description: "Sync MediaConvert role",
  scope: "global",
  dependsOn: [],
  gate: mediaConvertGate,

  async read(ctx) {
    const { GetRoleCommand, ListAttachedRolePoliciesCommand } = await import("@aws-sdk/client-iam");
    const iam = await ctx.clients.iam(ctx.config.homeRegion);
    const RoleName = names.mediaConvertRole(ctx.config.environment, ctx.config.app);
    const [role, attached] = await ctx.all([
      async () => {
        try {
          return (await iam.send(new GetRoleCommand({ RoleName }))).Role;
        } catch (error) {
          if (isError(error, "NoSuchEntityException", "NoSuchEntity")) return undefined;
          throw error;
        }
      },
      async () => {
        const all: AttachedPolicy[] = [];
        let Marker: string | undefined;
        try {
          do {
            const page = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName, Marker }));
            all.push(...(page.AttachedPolicies ?? []));
            Marker = page.IsTruncated ? page.Marker : undefined;
          } while (Marker);
        } catch (error) {
          if (isError(error, "NoSuchEntityException", "NoSuchEntity")) return [];
          throw error;
        }
        return all;
      },
    ] as const);
    return { role, attached };
  },

  async apply(ctx, live) {
    const {
      CreateRoleCommand,
      AttachRolePolicyCommand,
      UpdateAssumeRolePolicyCommand,
      TagRoleCommand,
      UntagRoleCommand,
    } = await import("@aws-sdk/client-iam");
    const { environment: env, app } = ctx.config;
    const RoleName = names.mediaConvertRole(env, app);
    const roleArn = live.role?.Arn ?? mediaConvertRoleArn(ctx.account, env, app);
    const trust = mediaConvertTrustPolicy();
    const desiredTags = yoloTags(env, app, RoleName);
    const iam = await ctx.clients.iam(ctx.config.homeRegion);
    const changes: Change[] = [];
    let reason: string | undefined;

    const liveTags = Object.fromEntries((live.role?.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
    if (live.role) {
      const owner = ownershipOf(liveTags, env, app);
      if (owner.kind === "foreign")
        throw new StepError(
          `IAM role ${RoleName} ${foreignOwnerPhrase(owner, env, app)}. yolo will not modify it.`,
        );
      if (owner.kind === "untagged") reason = "adopted (untagged)";
    }

    const created = !live.role;
    if (created) {
      changes.push({ attribute: "role", from: null, to: RoleName });
      if (!ctx.dryRun) {
        ctx.activity("creating role…");
        try {
          await iam.send(
            new CreateRoleCommand({
              RoleName,
              AssumeRolePolicyDocument: JSON.stringify(trust),
              Description: "MediaConvert role managed by yolo",
              Tags: Object.entries(desiredTags).map(([Key, Value]) => ({ Key, Value })),
            }),
          );
        } catch (error) {
          // Another run of yolo for this app created it since our read: it is there, go on
          // (attaching a managed policy that is already attached changes nothing).
          if (!isError(error, "EntityAlreadyExistsException", "EntityAlreadyExists")) throw error;
        }
      }
    } else {
      const liveTrust = live.role?.AssumeRolePolicyDocument
        ? parsePolicyDocument(live.role.AssumeRolePolicyDocument)
        : undefined;
      if (!liveTrust || !policiesEqual(liveTrust, trust)) {
        changes.push({ attribute: "trustPolicy", from: liveTrust ?? null, to: trust });
        if (!ctx.dryRun)
          await iam.send(
            new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: JSON.stringify(trust) }),
          );
      }
      const tagDiff = diffTags(liveTags, desiredTags);
      changes.push(...tagDiff.changes);
      if (!ctx.dryRun && Object.keys(tagDiff.toSet).length > 0)
        await iam.send(
          new TagRoleCommand({
            RoleName,
            Tags: Object.entries(tagDiff.toSet).map(([Key, Value]) => ({ Key, Value })),
          }),
        );
      if (!ctx.dryRun && tagDiff.toRemove.length > 0)
        await iam.send(new UntagRoleCommand({ RoleName, TagKeys: tagDiff.toRemove }));
    }

    const attached = new Set(live.attached.map((p) => p.PolicyArn));
    for (const PolicyArn of MEDIACONVERT_MANAGED_POLICIES) {
      if (attached.has(PolicyArn)) continue;
      changes.push({ attribute: "attachedPolicy", from: null, to: PolicyArn });
      if (!ctx.dryRun) await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn }));
    }

    const status = syncStatus(created, changes, ctx.dryRun);
    return { status, resource: RoleName, changes, reason, outputs: { roleArn, roleExists: true } };
  },
};

/**
 * The IAM permissions of this step's calls: CreateRole with tags needs iam:TagRole too, and
 * AttachRolePolicy is allowed only for the two managed policies the role gets (so the policy
 * cannot be used to attach others).
 */
export const mediaConvertRolePermissions: PermissionDeclaration = (scope) => [
  {
    sid: "MediaConvertRole",
    access: "read",
    actions: ["iam:GetRole", "iam:ListAttachedRolePolicies"],
    resources: arns.mediaConvertRole(scope),
  },
  {
    sid: "MediaConvertRole",
    access: "write",
    actions: ["iam:CreateRole", "iam:TagRole", "iam:UpdateAssumeRolePolicy"],
    resources: arns.mediaConvertRole(scope),
  },
  {
    sid: "MediaConvertRoleAttachPolicies",
    access: "write",
    actions: ["iam:AttachRolePolicy"],
    resources: arns.mediaConvertRole(scope),
    condition: { ArnEquals: { "iam:PolicyARN": MEDIACONVERT_MANAGED_POLICIES } },
  },
];
