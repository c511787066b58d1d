/**
 * Which live compositions use which IVS configurations in a region: what destroy (and
 * `sync --prune`) reads before deleting the app's storage and encoder configurations. IVS refuses
 * to delete a configuration "used by a Composition" (409 ConflictException) until StopComposition
 * has completed (AWS-FACTS §1.6–1.7), so a composition that is only STOPPING is worth waiting for,
 * and an ACTIVE one is not. Sync never reads this: it only keeps what a composition uses.
 */
import { isError } from "../aws/errors.js";
import { collectByNextToken } from "../aws/paginate.js";
import type { EarlyReadContext } from "../engine/step.js";
import type { CallDeclaration } from "../iam/calls.js";
import { ANY_RESOURCE, arns } from "../iam/resources.js";

/** The states in which a composition holds its configurations (STOPPED and FAILED ones do not). */
export type LiveCompositionState = "STARTING" | "ACTIVE" | "STOPPING";

const LIVE: ReadonlySet<string> = new Set<LiveCompositionState>(["STARTING", "ACTIVE", "STOPPING"]);

/** A live composition that uses a configuration, as the read found it. */
export interface CompositionUse {
  arn: string;
  state: LiveCompositionState;
}

/** By configuration ARN: the live compositions whose destinations name it. */
export type ConfigurationUses = Readonly<Record<string, readonly CompositionUse[]>>;

/**
 * ListCompositions in the region, then GetComposition for each live one (the summaries carry no
 * destination configurations). One read per region, shared by the storage and encoder steps.
 */
export function readConfigurationUses(ctx: EarlyReadContext): Promise<ConfigurationUses> {
  return ctx.once(`compositions@${ctx.region}`, async () => {
    const { GetCompositionCommand, ListCompositionsCommand } = await import("../aws/sdk/ivs.js");
    const ivs = await ctx.clients.ivs(ctx.region);
    const summaries = await collectByNextToken(
      (nextToken) => ivs.send(new ListCompositionsCommand({ nextToken })),
      (page) => page.compositions,
    );
    const live = summaries.filter((s) => s.arn !== undefined && LIVE.has(s.state ?? ""));
    const compositions = await ctx.all(
      live.map((summary) => async () => {
        try {
          return (await ivs.send(new GetCompositionCommand({ arn: summary.arn }))).composition;
        } catch (error) {
          // Gone between the list and the get (AWS deletes stopped compositions): it uses nothing.
          if (isError(error, "ResourceNotFoundException")) return undefined;
          throw error;
        }
      }),
    );
    const uses: Record<string, CompositionUse[]> = {};
    for (const composition of compositions) {
      if (!composition?.arn || !LIVE.has(composition.state ?? "")) continue;
      const use: CompositionUse = { arn: composition.arn, state: composition.state as LiveCompositionState };
      const named = new Set<string>();
      for (const destination of composition.destinations ?? []) {
        const { s3, channel } = destination.configuration ?? {};
        if (s3?.storageConfigurationArn) named.add(s3.storageConfigurationArn);
        for (const arn of s3?.encoderConfigurationArns ?? []) named.add(arn);
        if (channel?.encoderConfigurationArn) named.add(channel.encoderConfigurationArn);
      }
      for (const arn of named) uses[arn] = [...(uses[arn] ?? []), use];
    }
    return uses;
  });
}

/**
 * Destroy's read of one kind of configuration: every one in the region (`list`) and, when one of
 * them carries the app's `name`, the compositions that use them (so a delete can wait for one
 * that is stopping).
 */
export async function withConfigurationUses<C extends { name?: string }>(
  ctx: EarlyReadContext,
  list: (ctx: EarlyReadContext) => Promise<C[]>,
  name: string,
): Promise<{ configurations: C[]; uses: ConfigurationUses }> {
  const configurations = await list(ctx);
  const ours = configurations.some((c) => c.name === name);
  return { configurations, uses: ours ? await readConfigurationUses(ctx) : {} };
}

/** The calls of that read: List (no resource-level permission exists), then Get of each live one. */
export const configurationUsesCalls: CallDeclaration = (scope) => [
  {
    sid: "IvsListConfigurations",
    access: "read",
    calls: ["IVSRealTime.ListCompositions"],
    resources: [ANY_RESOURCE],
    onlyToDelete: true,
  },
  {
    sid: "IvsCompositionsTeardown",
    access: "read",
    calls: ["IVSRealTime.GetComposition"],
    resources: arns.compositions(scope),
    onlyToDelete: true,
  },
];
