/**
 * Delete the app's MediaConvert role. IAM deletes no role that still has policies, so the managed
 * policies are detached and inline policies deleted first. IAM is global: region key `global`.
 */
import type { AttachedPolicy, Role } from "@aws-sdk/client-iam";
import { awsMessage, isError } from "../../aws/errors.js";
import { collectByMarker } from "../../aws/paginate.js";
import type { Change } from "../../engine/result.js";
import { type ResourceStep, StepError } from "../../engine/step.js";
import type { PermissionDeclaration } from "../../iam/permissions.js";
import { arns } from "../../iam/resources.js";
import { names } from "../../manifest/names.js";
import { tagsFromList } from "../tags.js";
import { claimForDeletion, deletedStatus, nothingToDelete } from "./common.js";

export interface LiveRoleForDestroy {
  role?: Role;
  attached: AttachedPolicy[];
  inline: string[];
}

const isMissingRole = (error: unknown) => isError(error, "NoSuchEntityException", "NoSuchEntity");

export const destroyMediaConvertRoleStep: ResourceStep<LiveRoleForDestroy> = {
  id: "mediaconvert-role",
  description: "Destroy MediaConvert role",
  scope: "global",
  dependsOn: [],
  gate: () => ({ enabled: true }),

  async read(ctx) {
    const { GetRoleCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } = await import(
      "@aws-sdk/client-iam"
    );
    const iam = await ctx.clients.iam(ctx.config.homeRegion);
    const RoleName = names.mediaConvertRole(ctx.config.environment, ctx.config.app);
    const absentAs =
      <T>(fallback: T, call: () => Promise<T>) =>
      async () => {
        try {
          return await call();
        } catch (error) {
          if (isMissingRole(error)) return fallback;
          throw error;
        }
      };
    const [role, attached, inline] = await ctx.all([
      absentAs(
        undefined as Role | undefined,
        async () => (await iam.send(new GetRoleCommand({ RoleName }))).Role,
      ),
      absentAs([] as AttachedPolicy[], () =>
        collectByMarker(
          (Marker) => iam.send(new ListAttachedRolePoliciesCommand({ RoleName, Marker })),
          (page) => page.AttachedPolicies,
        ),
      ),
      absentAs([] as string[], () =>
        collectByMarker(
          (Marker) => iam.send(new ListRolePoliciesCommand({ RoleName, Marker })),
          (page) => page.PolicyNames,
        ),
      ),
    ] as const);
    return { role, attached, inline };
  },

  async apply(ctx, live) {
    const RoleName = names.mediaConvertRole(ctx.config.environment, ctx.config.app);
    if (!live.role) return nothingToDelete();
    const reason = claimForDeletion(ctx, `IAM role ${RoleName}`, tagsFromList(live.role.Tags));
    const changes: Change[] = [
      ...live.attached.map((p) => ({ attribute: "attachedPolicy", from: p.PolicyArn ?? null, to: null })),
      ...live.inline.map((name) => ({ attribute: "inlinePolicy", from: name, to: null })),
      { attribute: "role", from: RoleName, to: null },
    ];

    if (!ctx.dryRun) {
      const { DetachRolePolicyCommand, DeleteRolePolicyCommand, DeleteRoleCommand } = await import(
        "@aws-sdk/client-iam"
      );
      const iam = await ctx.clients.iam(ctx.config.homeRegion);
      const ignoreMissing = (error: unknown) => {
        if (!isMissingRole(error)) throw error;
      };
      ctx.activity("deleting role…");
      for (const policy of live.attached) {
        await iam
          .send(new DetachRolePolicyCommand({ RoleName, PolicyArn: policy.PolicyArn }))
          .catch(ignoreMissing);
      }
      for (const PolicyName of live.inline) {
        await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName })).catch(ignoreMissing);
      }
      try {
        await iam.send(new DeleteRoleCommand({ RoleName }));
      } catch (error) {
        if (isMissingRole(error)) return { status: "DELETED", resource: RoleName, changes, reason };
        if (!isError(error, "DeleteConflict", "DeleteConflictException")) throw error;
        throw new StepError(
          `IAM role ${RoleName} cannot be deleted yet (${awsMessage(error)}): something attached to it since it was read, or an instance profile holds it. Remove that and re-run.`,
        );
      }
    }
    return { status: deletedStatus(ctx), resource: RoleName, changes, reason };
  },
};

/** The IAM permissions of this step's calls. */
export const destroyMediaConvertRolePermissions: PermissionDeclaration = (scope) => [
  {
    sid: "MediaConvertRole",
    access: "read",
    actions: ["iam:GetRole", "iam:ListAttachedRolePolicies"],
    resources: arns.mediaConvertRole(scope),
  },
  {
    sid: "MediaConvertRoleTeardown",
    access: "read",
    actions: ["iam:ListRolePolicies"],
    resources: arns.mediaConvertRole(scope),
  },
  {
    sid: "MediaConvertRoleTeardown",
    access: "write",
    actions: ["iam:DetachRolePolicy", "iam:DeleteRolePolicy", "iam:DeleteRole"],
    resources: arns.mediaConvertRole(scope),
  },
];
