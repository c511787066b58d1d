/**
 * Tags reconciled like any other setting (SPEC §3), but only yolo's own keys: a resource may carry
 * cost-allocation or team tags that someone else manages, and those are kept as they are.
 */
import type { Change } from "../engine/result.js";
import { type Ownership, TAG_APP, TAG_ENVIRONMENT, TAG_NAME, type Tags } from "../manifest/names.js";

/** The tag keys yolo manages; every other key belongs to someone else. */
export const MANAGED_TAG_KEYS: readonly string[] = [TAG_ENVIRONMENT, TAG_APP, TAG_NAME];

export interface TagDiff {
  /** One `tags` change listing only the managed keys that differ (`null` = absent), or none. */
  changes: Change[];
  /** Managed keys to add or overwrite, with their desired values. */
  toSet: Tags;
  /**
   * Managed keys present on the resource that the desired tags no longer have. Always empty for
   * yolo's desired tags (`yoloTags` names every managed key), so no module sends an Untag call.
   */
  toRemove: string[];
}

/**
 * What to write so that the managed keys of `live` match `desired`. Keys outside
 * {@link MANAGED_TAG_KEYS} are ignored on both sides: they are neither set nor removed.
 */
export function diffTags(live: Tags | undefined, desired: Tags): TagDiff {
  const current = live ?? {};
  const toSet: Tags = {};
  const toRemove: string[] = [];
  const from: Record<string, string | null> = {};
  const to: Record<string, string | null> = {};
  for (const key of MANAGED_TAG_KEYS) {
    const have = current[key];
    const want = desired[key];
    if (have === want) continue;
    if (want === undefined) {
      toRemove.push(key);
    } else {
      toSet[key] = want;
    }
    from[key] = have ?? null;
    to[key] = want ?? null;
  }
  const changes = Object.keys(from).length > 0 ? [{ attribute: "tags", from, to }] : [];
  return { changes, toSet, toRemove };
}

/**
 * The whole tag set after applying a diff, for APIs that replace every tag at once
 * (S3 PutBucketTagging): the live tags, with ours set and removed, others untouched.
 */
export function applyTagDiff(live: Tags | undefined, diff: TagDiff): Tags {
  const next: Tags = { ...(live ?? {}), ...diff.toSet };
  for (const key of diff.toRemove) delete next[key];
  return next;
}

/** `[{Key, Value}]` (S3, IAM, EventBridge) → `{key: value}`. */
export function tagsFromList(list: readonly { Key?: string; Value?: string }[] | undefined): Tags {
  const tags: Tags = {};
  for (const tag of list ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? "";
  return tags;
}

/** `{key: value}` → `[{Key, Value}]`. */
export function tagsToList(tags: Tags): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * The refusal of a resource whose yolo tags name another app or environment: what it is, whose,
 * that yolo leaves it alone, and what to do. Its name is derived from the app's and the
 * environment's names, so renaming is the way out; `advice` replaces that when there is another
 * (a bucket can be named in the manifest).
 */
export function foreignOwnerRefusal(
  what: string,
  owner: Extract<Ownership, { kind: "foreign" }>,
  env: string,
  app: string,
  advice?: string,
): string {
  const next =
    advice ??
    (owner.app !== undefined && owner.app !== app
      ? `Its name comes from this app's name: rename this app (name in yolo.yml) so the two do not collide.`
      : `Its name comes from this app's and environment's names: rename one of them so the two do not collide, or, if it is this app's, tag it ${TAG_ENVIRONMENT}=${env} ${TAG_APP}=${app}.`);
  return `${what} ${foreignOwnerPhrase(owner, env, app)}. yolo will not modify it. ${next}`;
}

/**
 * Why a resource is not this app's, in words for an error: `belongs to app "other-app" (tag
 * yolo:app)`, `belongs to environment "staging" (tag yolo:environment)`, or, when one of the two
 * yolo tags is missing, which one.
 */
export function foreignOwnerPhrase(
  owner: Extract<Ownership, { kind: "foreign" }>,
  env: string,
  app: string,
): string {
  if (owner.app !== undefined && owner.app !== app) return `belongs to app "${owner.app}" (tag ${TAG_APP})`;
  if (owner.environment !== undefined && owner.environment !== env)
    return `belongs to environment "${owner.environment}" (tag ${TAG_ENVIRONMENT})`;
  const [present, missing] =
    owner.app === undefined ? [TAG_ENVIRONMENT, TAG_APP] : [TAG_APP, TAG_ENVIRONMENT];
  return `has the tag ${present} but no ${missing}, so yolo cannot tell whose it is`;
}
