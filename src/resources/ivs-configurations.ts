/**
 * What the IVS storage and encoder configurations have in common: both are immutable, their names
 * are not unique, and their create calls take no idempotency token (AWS-FACTS §1.5). So the tool
 * finds its own by name, keeps one deterministically, replaces it when its settings are wrong
 * (create the new one first, then delete the old one), and deletes duplicates that two racing
 * runs or a crash left behind — except those a composition still uses. Pure: these functions
 * plan; the engine carries the calls out.
 */

import {
  type Action,
  alreadyDone,
  type ErrorAnswer,
  type ErrorMatch,
  KNOWN_AFTER_APPLY,
  type Message,
  type StepPlan,
} from "../engine/plan.js";
import type { Change } from "../engine/result.js";
import type { PlanContext } from "../engine/step.js";
import { StepError } from "../errors/yolo-error.js";
import { ownershipOf, type Tags, yoloTags } from "../manifest/names.js";
import type { CompositionUse, ConfigurationUses } from "./composition-usage.js";
import { destroyOptions, nothingToDelete, plural } from "./ownership.js";
import { diffTags, foreignOwnerRefusal } from "./tags.js";

/** What a change reports as the ARN of a configuration a dry run would create. */
export const NEW_ARN = KNOWN_AFTER_APPLY;

/** The summary fields both kinds share (List* answers carry them, tags included). */
export interface IvsConfiguration {
  arn: string;
  name?: string;
  tags?: Tags;
}

export type ConfigurationKind = "storage configuration" | "encoder configuration";

/** The two kinds' calls and the names of the outputs they hand on. */
export interface ConfigurationCalls {
  /** `CreateStorageConfiguration`, with the input that makes the right one (tags added here). */
  create: { operation: string; input: Record<string, unknown>; arnAt: string; onError?: Action["onError"] };
  /** `DeleteStorageConfiguration`. */
  deleteOperation: string;
  /** `storageConfigurationArn` (and `current…` for the one a replacement retires). */
  output: string;
  currentOutput: string;
}

export interface ConvergeInput<C extends IvsConfiguration> extends ConfigurationCalls {
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
    throw new StepError(foreignOwnerRefusal(`${kind} ${name} (${candidate.arn})`, owner, env, app));
  }
  return candidates;
}

/** IVS answers 409 ConflictException when a composition uses the configuration. */
const IN_USE: ErrorMatch = { codes: ["ConflictException"], httpStatus: 409 };

/** Delete one configuration; one already gone counts as deleted. */
function deletion(operation: string, kind: ConfigurationKind, arn: string, inUse: Action["onError"]): Action {
  return {
    service: "ivs",
    operation,
    input: { arn },
    activity: `deleting ${kind}…`,
    onError: [alreadyDone("ResourceNotFoundException"), ...(inUse ?? [])],
  };
}

/** Sync keeps a configuration a composition still uses, with a warning. */
function keptInUse(kind: ConfigurationKind, arn: string): Action["onError"] {
  return [
    {
      when: IN_USE,
      means: "warn",
      message: {
        text: `${kind} ${arn} is in use by a composition, so it was kept. Stop the composition and re-run {0} to delete it.`,
        commands: [{ command: "sync:recording" }],
      },
    },
  ];
}

/**
 * The warning for an ARN the app's environment variables may hold going away (a replacement, or a
 * duplicate deleted): `what` says what happened, in a dry run's words when `planned`; the warning
 * adds how to rewrite them.
 */
function envVarsWarning(env: string, what: (planned: boolean) => string): Message {
  const advice = "; write them with {0} and redeploy the app.";
  return {
    text: what(false) + advice,
    plannedText: what(true) + advice,
    commands: [{ command: "env", extra: ["--write", `.env.${env}`] }],
  };
}

/** TagResource for the yolo tags that differ (the desired tags name every yolo key, so none is ever removed). */
function tagActions(arn: string, toSet: Tags): Action[] {
  if (Object.keys(toSet).length === 0) return [];
  return [{ service: "ivs", operation: "TagResource", input: { resourceArn: arn, tags: toSet } }];
}

/**
 * Pure: keep, replace or create the one configuration of this app in the region, delete the
 * rest (one at a time: IVS allows 5 calls per second per operation) unless in use, and reconcile
 * the kept one's yolo tags.
 */
export function planConfigurationSync<C extends IvsConfiguration>(
  ctx: PlanContext,
  input: ConvergeInput<C>,
): StepPlan {
  const { environment: env, app } = ctx.config;
  const desiredTags = yoloTags(env, app, input.name);
  const candidates = candidatesNamed(input.live, input.kind, input.name, env, app);
  const keep = preferredConfiguration(candidates.filter(input.fits), env, app);
  const remove = (doomed: readonly C[]) =>
    doomed.map((c) => deletion(input.deleteOperation, input.kind, c.arn, keptInUse(input.kind, c.arn)));
  const changes: Change[] = [];

  if (keep) {
    const reason = ownershipOf(keep.tags, env, app).kind === "untagged" ? "adopted (untagged)" : undefined;
    const tagDiff = diffTags(keep.tags, desiredTags);
    changes.push(...tagDiff.changes);
    const extras = candidates.filter((c) => c !== keep);
    if (extras.length > 0) changes.push({ attribute: "duplicates", from: extras.map((c) => c.arn), to: [] });
    // The app may hold a duplicate's ARN (written by the run that made it): it would go away unseen.
    // Sync does not read compositions: one in use is kept with keptInUse's warning instead.
    const deleted = extras.map((c) => c.arn).join(", ");
    const warnings =
      extras.length > 0
        ? [
            envVarsWarning(
              env,
              (planned) =>
                `${input.kind} ${keep.arn} ${planned ? "would be kept" : "was kept"} and its duplicates named ${input.name} ${planned ? "would be deleted" : "deleted"} unless a composition uses them (${deleted}): if the app's environment variables hold a deleted ARN, they must change`,
            ),
          ]
        : [];
    return {
      status: "SYNCED",
      resource: keep.arn,
      changes,
      ...(reason !== undefined ? { reason } : {}),
      outputs: { [input.output]: keep.arn },
      actions: [...tagActions(keep.arn, tagDiff.toSet), ...remove(extras)],
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  const replaced = preferredConfiguration(candidates, env, app);
  changes.push({ attribute: "arn", from: replaced?.arn ?? null, to: NEW_ARN });
  changes.push({
    attribute: input.attribute,
    from: replaced ? input.valueOf(replaced) : null,
    to: input.desired,
  });
  const create: Action = {
    service: "ivs",
    operation: input.create.operation,
    input: { ...input.create.input, tags: desiredTags },
    activity: `creating ${input.kind}…`,
    ...(input.create.onError ? { onError: input.create.onError } : {}),
    outputs: { [input.output]: { fromAnswer: input.create.arnAt } },
  };
  const knownAfterApply = { resource: input.output, changes: { arn: input.output } };
  if (!replaced)
    return {
      status: "CREATED",
      resource: input.name,
      changes,
      outputs: {},
      actions: [create],
      knownAfterApply,
    };

  // Delete only once the new one exists, so the app never has a moment without a configuration.
  const others = candidates.filter((c) => c !== replaced);
  if (others.length > 0) changes.push({ attribute: "duplicates", from: others.map((c) => c.arn), to: [] });
  const warning = envVarsWarning(
    env,
    (planned) =>
      `${input.kind} ${replaced.arn} ${planned ? "would be replaced by" : "was replaced by"} a new one (${input.attribute} changed, and a configuration cannot change in place): its ARN in the app's environment variables changes`,
  );
  return {
    status: "REPLACED",
    resource: input.name,
    changes,
    outputs: { [input.currentOutput]: replaced.arn },
    actions: [create, ...remove(candidates)],
    warnings: [warning],
    knownAfterApply,
  };
}

/** What destroy reads of one kind in a region. */
export interface ConfigurationsForDestroy {
  /** Every configuration of this kind in the region. */
  configurations: readonly IvsConfiguration[];
  /** The live compositions that use them (read only when one of them is the app's). */
  uses: ConfigurationUses;
}

export interface DestroyConfigurationsInput extends ConfigurationsForDestroy {
  kind: ConfigurationKind;
  /** The derived name (`yolo-{env}-{app}-ivs-storage`). */
  name: string;
  deleteOperation: string;
}

/**
 * How long a delete waits for the compositions using the configuration to finish stopping. AWS
 * does not say how long STOPPING lasts; it is the composition finishing its recording (the last
 * segments of 2–10 s and `recording-ended.json`), so seconds, not minutes. Two minutes covers
 * that with room to spare (as long as Terraform waits out a new bucket's propagation) and still
 * ends a stuck run with the "stop it and re-run" message.
 */
export const COMPOSITION_STOP_BUDGET_MS = 120_000;

/** "composition arn (STATE)", or several; without the states when they go without saying. */
function compositionsPhrase(users: readonly CompositionUse[], withStates = true): string {
  const listed = users.map((u) => (withStates ? `${u.arn} (${u.state})` : u.arn)).join(", ");
  return `${users.length > 1 ? "compositions" : "composition"} ${listed}`;
}

/** What the step says about the compositions a configuration was found in use by. */
function usageNote(users: readonly CompositionUse[], stopping: boolean): Message {
  const them = users.length > 1 ? "them" : "it";
  const what = compositionsPhrase(users);
  if (stopping)
    return {
      text: `used by ${what} when read; deleted once ${them} had stopped`,
      plannedText: `used by ${what}: would wait up to ${COMPOSITION_STOP_BUDGET_MS / 60_000} minutes for ${them} to stop, then delete`,
    };
  return {
    text: `in use by ${what} when read`,
    plannedText: `in use by ${what}: it would not be deleted; stop ${them} first`,
  };
}

/** Notes joined with "; ", keeping a dry run's own words. */
function joinNotes(notes: readonly Message[]): Message {
  const text = (n: Message) => (typeof n === "string" ? n : n.text);
  const planned = (n: Message) => (typeof n === "string" ? n : (n.plannedText ?? n.text));
  const applied = notes.map(text).join("; ");
  const dry = notes.map(planned).join("; ");
  return applied === dry ? applied : { text: applied, plannedText: dry };
}

/**
 * Pure: delete every configuration of the app of one kind. One a composition uses fails the step
 * once the rest are gone — unless every composition using it was STOPPING when read: then the
 * delete waits (retrying IVS's 409) for it to stop. An ACTIVE or STARTING one is never waited for.
 */
export function planConfigurationsDestroy(ctx: PlanContext, input: DestroyConfigurationsInput): StepPlan {
  const { environment: env, app } = ctx.config;
  // Throws (the step fails, nothing of this kind is deleted here) when one is tagged for another app.
  const doomed = [...candidatesNamed(input.configurations, input.kind, input.name, env, app)].sort((a, b) =>
    a.arn < b.arn ? -1 : 1,
  );
  if (doomed.length === 0) return nothingToDelete();

  const notes: Message[] = [];
  if (doomed.length > 1)
    notes.push(`${plural(doomed.length, input.kind)} named ${input.name} (duplicates included)`);
  if (doomed.some((c) => ownershipOf(c.tags, env, app).kind === "untagged")) notes.push("adopted (untagged)");
  const usersOf = (c: IvsConfiguration) => input.uses[c.arn] ?? [];
  const onlyStopping = (c: IvsConfiguration) =>
    usersOf(c).length > 0 && usersOf(c).every((u) => u.state === "STOPPING");
  for (const c of doomed) {
    if (usersOf(c).length === 0) continue;
    const note = usageNote(usersOf(c), onlyStopping(c));
    // Among duplicates, say which one.
    if (doomed.length === 1 || typeof note === "string") notes.push(note);
    else notes.push({ text: `${c.arn} ${note.text}`, plannedText: `${c.arn} ${note.plannedText}` });
  }
  const { command } = destroyOptions(ctx);
  // IVS's own message says the same (stop the composition): yolo's sentence alone is enough.
  const inUse = (arn: string): ErrorAnswer[] => [
    {
      when: IN_USE,
      means: "fail-after-the-rest",
      message: {
        text: `${input.kind} ${arn} is in use by a composition, so it was not deleted. Stop the composition (StopComposition), wait for it to end, and re-run {0}.`,
        commands: [{ command }],
      },
    },
  ];
  const waitForStop = (c: IvsConfiguration): ErrorAnswer[] => [
    {
      when: IN_USE,
      means: "retry",
      budgetMs: COMPOSITION_STOP_BUDGET_MS,
      activity: `waiting for ${compositionsPhrase(usersOf(c), false)} to stop…`,
    },
  ];
  return {
    status: "DELETED",
    resource: doomed.length === 1 ? doomed[0].arn : input.name,
    changes: doomed.map((c) => ({ attribute: "arn", from: c.arn, to: null })),
    ...(notes.length > 0 ? { reason: joinNotes(notes) } : {}),
    actions: doomed.map((c) =>
      deletion(input.deleteOperation, input.kind, c.arn, [
        ...(onlyStopping(c) ? waitForStop(c) : []),
        ...inUse(c.arn),
      ]),
    ),
  };
}
