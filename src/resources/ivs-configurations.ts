/**
 * What the IVS storage and encoder configurations have in common: both are immutable, their names
 * are not unique, and their create calls take no idempotency token (AWS-FACTS §1.5). So the tool
 * finds its own by name, keeps one deterministically, replaces it when its settings are wrong
 * (create the new one first, then delete the old one), and deletes duplicates that two racing
 * runs or a crash left behind — except those a composition still uses.
 */
import type { IVSRealTimeClient } from "@aws-sdk/client-ivs-realtime";
import { httpStatus, isError } from "../aws/errors.js";
import type { Change } from "../engine/result.js";
import type { Status } from "../engine/status.js";
import { type StepContext, StepError } from "../engine/step.js";
import { ownershipOf, type Tags, yoloTags } from "../manifest/names.js";
import { hint } from "./outcome.js";
import { diffTags, foreignOwnerPhrase } from "./tags.js";

/** What a change reports as the ARN of a configuration a dry-run would create. */
export const NEW_ARN = "(known after apply)";

/** The summary fields both kinds share (List* answers carry them, tags included). */
export interface IvsConfiguration {
  arn: string;
  name?: string;
  tags?: Tags;
}

export type ConfigurationKind = "storage configuration" | "encoder configuration";

export interface ConvergeInput<C extends IvsConfiguration> {
  kind: ConfigurationKind;
  /** The name every configuration of this app has (`yolo-{env}-{app}-ivs-storage`). */
  name: string;
  /** Every configuration of this kind in the region (filtered by name here). */
  live: readonly C[];
  /** The setting that makes a configuration right or wrong: `bucket` or `video`. */
  attribute: string;
  /** The setting's desired value (reported as a change's `to`). */
  desired: unknown;
  /** The setting's live value (reported as a change's `from`). */
  valueOf(configuration: C): unknown;
  /** True when the configuration already has the desired setting. */
  fits(configuration: C): boolean;
  /** Create the right configuration (name, setting, tags); returns its ARN. */
  create(tags: Tags): Promise<string>;
  /** Delete one by ARN; a 409 ConflictException means a composition uses it. */
  remove(arn: string): Promise<void>;
}

export interface ConvergeResult {
  status: Status;
  /** The ARN the app should use, when it exists (or was just created). */
  arn?: string;
  /** In a dry-run that would replace it: the ARN in use today (what `yolo env` can still print). */
  currentArn?: string;
  changes: Change[];
  reason?: string;
}

/** Ours before untagged ones, then the lexicographically smallest ARN: the same pick on every run. */
export function preferredConfiguration<C extends IvsConfiguration>(
  candidates: readonly C[],
  env: string,
  app: string,
): C | undefined {
  const rank = (c: C) => (ownershipOf(c.tags, env, app).kind === "ours" ? 0 : 1);
  return [...candidates].sort((a, b) => rank(a) - rank(b) || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0))[0];
}

/**
 * The configurations named like ours; stops the region when one of them is tagged for another
 * app or environment (`yolo-prod-eu-x` can be env `prod` + app `eu-x` or env `prod-eu` + app `x`).
 */
export function candidatesNamed<C extends IvsConfiguration>(
  live: readonly C[],
  kind: ConfigurationKind,
  name: string,
  env: string,
  app: string,
): C[] {
  const candidates = live.filter((c) => c.name === name);
  for (const candidate of candidates) {
    const owner = ownershipOf(candidate.tags, env, app);
    if (owner.kind !== "foreign") continue;
    throw new StepError(
      `${kind} ${name} (${candidate.arn}) ${foreignOwnerPhrase(owner, env, app)}. yolo will not modify it.`,
    );
  }
  return candidates;
}

/**
 * Find, keep, replace or create the one configuration of this app in `ctx.region`, delete the
 * rest unless in use, and reconcile the kept one's yolo tags. Writes nothing in dry-run but
 * reports the same changes.
 */
export async function convergeConfiguration<C extends IvsConfiguration>(
  ctx: StepContext,
  input: ConvergeInput<C>,
): Promise<ConvergeResult> {
  const { environment: env, app } = ctx.config;
  const desiredTags = yoloTags(env, app, input.name);
  const candidates = candidatesNamed(input.live, input.kind, input.name, env, app);
  const keep = preferredConfiguration(candidates.filter(input.fits), env, app);
  const changes: Change[] = [];
  let reason: string | undefined;

  if (keep) {
    if (ownershipOf(keep.tags, env, app).kind === "untagged") reason = "adopted (untagged)";
    const tagDiff = diffTags(keep.tags, desiredTags);
    changes.push(...tagDiff.changes);
    if (!ctx.dryRun) await writeTags(ctx, keep.arn, tagDiff.toSet, tagDiff.toRemove);
    const extras = candidates.filter((c) => c !== keep);
    if (extras.length > 0) {
      const kept = await removeAll(ctx, input, extras);
      changes.push({ attribute: "duplicates", from: extras.map((c) => c.arn), to: kept });
    }
    return {
      status: changes.length > 0 && ctx.dryRun ? "WOULD_SYNC" : "SYNCED",
      arn: keep.arn,
      changes,
      reason,
    };
  }

  const replaced = preferredConfiguration(candidates, env, app);
  let arn: string | undefined;
  if (!ctx.dryRun) {
    ctx.activity(`creating ${input.kind}…`);
    arn = await input.create(desiredTags);
  }
  changes.push({ attribute: "arn", from: replaced?.arn ?? null, to: arn ?? NEW_ARN });
  changes.push({
    attribute: input.attribute,
    from: replaced ? input.valueOf(replaced) : null,
    to: input.desired,
  });
  if (!replaced) return { status: ctx.dryRun ? "WOULD_CREATE" : "CREATED", arn, changes };

  // Only once the new one exists, so the app never has a moment without a configuration.
  const kept = await removeAll(ctx, input, candidates);
  const others = candidates.filter((c) => c !== replaced);
  if (others.length > 0) {
    changes.push({
      attribute: "duplicates",
      from: others.map((c) => c.arn),
      to: kept.filter((k) => k !== replaced.arn),
    });
  }
  return { status: ctx.dryRun ? "WOULD_SYNC" : "SYNCED", arn, currentArn: replaced.arn, changes };
}

/**
 * Delete configurations one at a time (IVS allows 5 calls per second per operation); one that is
 * already gone counts as deleted, one a composition uses (409) is kept. Returns the kept ARNs.
 */
export async function deleteUnlessInUse(
  ctx: StepContext,
  kind: string,
  arns: readonly string[],
  remove: (arn: string) => Promise<void>,
): Promise<string[]> {
  const inUse: string[] = [];
  for (const arn of arns) {
    ctx.activity(`deleting ${kind}…`);
    try {
      await remove(arn);
    } catch (error) {
      if (isError(error, "ResourceNotFoundException")) continue;
      if (!isError(error, "ConflictException") && httpStatus(error) !== 409) throw error;
      inUse.push(arn);
    }
  }
  return inUse;
}

/** Delete each configuration (none in dry-run); returns the ARNs kept because a composition uses them. */
async function removeAll<C extends IvsConfiguration>(
  ctx: StepContext,
  input: ConvergeInput<C>,
  doomed: readonly C[],
): Promise<string[]> {
  if (ctx.dryRun) return [];
  const kept = await deleteUnlessInUse(
    ctx,
    input.kind,
    doomed.map((c) => c.arn),
    input.remove,
  );
  for (const arn of kept)
    ctx.warn({
      region: ctx.region,
      step: ctx.stepId,
      message: `${input.kind} ${arn} is in use by a composition, so it was kept. Stop the composition and re-run ${hint(ctx, "sync:recording")} to delete it.`,
    });
  return kept;
}

async function writeTags(ctx: StepContext, arn: string, toSet: Tags, toRemove: string[]): Promise<void> {
  if (Object.keys(toSet).length === 0 && toRemove.length === 0) return;
  const { TagResourceCommand, UntagResourceCommand } = await import("@aws-sdk/client-ivs-realtime");
  const ivs: IVSRealTimeClient = await ctx.clients.ivs(ctx.region);
  if (Object.keys(toSet).length > 0)
    await ivs.send(new TagResourceCommand({ resourceArn: arn, tags: toSet }));
  if (toRemove.length > 0) await ivs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: toRemove }));
}
