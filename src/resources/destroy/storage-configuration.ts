/** Delete the app's IVS storage configurations in one region (before its bucket). */
import { collectByNextToken } from "../../aws/paginate.js";
import type { ResourceStep } from "../../engine/step.js";
import type { PermissionDeclaration } from "../../iam/permissions.js";
import { ANY_RESOURCE, arns } from "../../iam/resources.js";
import { names } from "../../manifest/names.js";
import type { IvsConfiguration } from "../ivs-configurations.js";
import { ivsBucketPolicyPermissions } from "../storage-configuration.js";
import { destroyConfigurations } from "./ivs-configurations.js";

export const destroyStorageConfigurationStep: ResourceStep<IvsConfiguration[]> = {
  id: "storage-configuration",
  description: "Destroy IVS storage configuration",
  scope: "region",
  dependsOn: [],
  gate: () => ({ enabled: true }),

  async read(ctx) {
    const { ListStorageConfigurationsCommand } = await import("@aws-sdk/client-ivs-realtime");
    const ivs = await ctx.clients.ivs(ctx.region);
    const summaries = await collectByNextToken(
      (nextToken) => ivs.send(new ListStorageConfigurationsCommand({ nextToken })),
      (page) => page.storageConfigurations,
    );
    return summaries.flatMap((s) => (s.arn ? [{ arn: s.arn, name: s.name, tags: s.tags }] : []));
  },

  async apply(ctx, live) {
    const { DeleteStorageConfigurationCommand } = await import("@aws-sdk/client-ivs-realtime");
    const ivs = await ctx.clients.ivs(ctx.region);
    return destroyConfigurations(ctx, {
      kind: "storage configuration",
      name: names.storageConfiguration(ctx.config.environment, ctx.config.app),
      live,
      remove: async (arn) => {
        await ivs.send(new DeleteStorageConfigurationCommand({ arn }));
      },
    });
  },
};

/** The IAM permissions of this step's calls, and what IVS does to the bucket policy on delete. */
export const destroyStorageConfigurationPermissions: PermissionDeclaration = (scope) => [
  {
    sid: "IvsListConfigurations",
    access: "read",
    actions: ["ivs:ListStorageConfigurations"],
    resources: [ANY_RESOURCE],
  },
  {
    sid: "IvsStorageConfigurations",
    access: "write",
    actions: ["ivs:DeleteStorageConfiguration"],
    resources: arns.storageConfigurations(scope),
  },
  ivsBucketPolicyPermissions(scope, { create: false, remove: true }),
];
