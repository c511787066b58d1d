/** Delete the app's IVS encoder configurations in one region. */
import { collectByNextToken } from "../../aws/paginate.js";
import type { ResourceStep } from "../../engine/step.js";
import type { PermissionDeclaration } from "../../iam/permissions.js";
import { ANY_RESOURCE, arns } from "../../iam/resources.js";
import { names } from "../../manifest/names.js";
import type { IvsConfiguration } from "../ivs-configurations.js";
import { destroyConfigurations } from "./ivs-configurations.js";

export const destroyEncoderConfigurationStep: ResourceStep<IvsConfiguration[]> = {
  id: "encoder-configuration",
  description: "Destroy IVS encoder configuration",
  scope: "region",
  dependsOn: [],
  gate: () => ({ enabled: true }),

  async read(ctx) {
    const { ListEncoderConfigurationsCommand } = await import("@aws-sdk/client-ivs-realtime");
    const ivs = await ctx.clients.ivs(ctx.region);
    const summaries = await collectByNextToken(
      (nextToken) => ivs.send(new ListEncoderConfigurationsCommand({ nextToken })),
      (page) => page.encoderConfigurations,
    );
    return summaries.flatMap((s) => (s.arn ? [{ arn: s.arn, name: s.name, tags: s.tags }] : []));
  },

  async apply(ctx, live) {
    const { DeleteEncoderConfigurationCommand } = await import("@aws-sdk/client-ivs-realtime");
    const ivs = await ctx.clients.ivs(ctx.region);
    return destroyConfigurations(ctx, {
      kind: "encoder configuration",
      name: names.encoderConfiguration(ctx.config.environment, ctx.config.app),
      live,
      remove: async (arn) => {
        await ivs.send(new DeleteEncoderConfigurationCommand({ arn }));
      },
    });
  },
};

/** The IAM permissions of this step's calls. */
export const destroyEncoderConfigurationPermissions: PermissionDeclaration = (scope) => [
  {
    sid: "IvsListConfigurations",
    access: "read",
    actions: ["ivs:ListEncoderConfigurations"],
    resources: [ANY_RESOURCE],
  },
  {
    sid: "IvsEncoderConfigurations",
    access: "write",
    actions: ["ivs:DeleteEncoderConfiguration"],
    resources: arns.encoderConfigurations(scope),
  },
];
