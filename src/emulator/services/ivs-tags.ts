/**
 * Tags on IVS real-time resources: the rules AWS's general tagging documentation states (which IVS
 * says it follows, "no constraints beyond what is documented there") on top of the model's lengths,
 * and TagResource / UntagResource / ListTagsForResource on every taggable ARN the emulator holds.
 */
import { AwsError } from "../errors.js";
import type { EmulatorStore } from "../state.js";
import { ivsState, requireLocalArn, type Tags } from "./ivs-store.js";

/** Letters, digits, spaces and `_ . : / = + - @` (AWS tag naming rules). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export const MAX_TAGS = 50;

/** Check the tag rules the model does not state (prefix, characters); the model's lengths are rules. */
export function checkTags(tags: Tags | undefined, member = "tags"): void {
  if (!tags) return;
  for (const [key, value] of Object.entries(tags)) {
    if (key.toLowerCase().startsWith("aws:"))
      throw new AwsError(
        "ValidationException",
        `Tag key '${key}' at '${member}' is invalid: the prefix 'aws:' is reserved for AWS use`,
      );
    if (!TAG_CHARACTERS.test(key))
      throw new AwsError(
        "ValidationException",
        `Tag key '${key}' at '${member}' contains characters that are not allowed (letters, digits, spaces and _ . : / = + - @)`,
      );
    if (typeof value !== "string" || !TAG_CHARACTERS.test(value))
      throw new AwsError(
        "ValidationException",
        `Tag value for key '${key}' at '${member}' contains characters that are not allowed (letters, digits, spaces and _ . : / = + - @)`,
      );
  }
}

/** The tags of the resource an ARN names, as a live (mutable) object; 404 when not held. */
function tagsOf(store: EmulatorStore, arn: string, account: string, region: string): Tags {
  const parsed = requireLocalArn(arn, "resourceArn", account, region);
  const state = ivsState(store, account, region);
  const collections: Record<string, Record<string, { tags: Tags }>> = {
    "storage-configuration": state.storageConfigurations,
    "encoder-configuration": state.encoderConfigurations,
    stage: state.stages,
    composition: state.compositions,
  };
  const record = collections[parsed.type]?.[arn];
  if (!record) throw new AwsError("ResourceNotFoundException", `Resource ${arn} does not exist`, 404);
  return record.tags;
}

export function listTagsForResource(store: EmulatorStore, arn: string, account: string, region: string) {
  return { tags: { ...tagsOf(store, arn, account, region) } };
}

export function tagResource(store: EmulatorStore, arn: string, tags: Tags, account: string, region: string) {
  const current = tagsOf(store, arn, account, region);
  checkTags(tags);
  const merged = { ...current, ...tags };
  if (Object.keys(merged).length > MAX_TAGS)
    throw new AwsError(
      "ValidationException",
      `Resource ${arn} would have ${Object.keys(merged).length} tags; at most ${MAX_TAGS} are allowed`,
    );
  Object.assign(current, tags);
  return {};
}

export function untagResource(
  store: EmulatorStore,
  arn: string,
  tagKeys: string[],
  account: string,
  region: string,
) {
  const current = tagsOf(store, arn, account, region);
  for (const key of tagKeys) delete current[key];
  return {};
}
