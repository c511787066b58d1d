/**
 * Resource names and tags (SPEC §3), following yolo's keyedResourceName: exclusive per app
 * (`yolo-{env}-{app}-…`) or shared per environment (`yolo-{env}-…`). The one place names live.
 */

export const TAG_ENVIRONMENT = "yolo:environment";
export const TAG_APP = "yolo:app";
export const TAG_NAME = "Name";

/** `yolo-{env}-{app}-{suffix}` */
export function appResourceName(env: string, app: string, suffix: string): string {
  return `yolo-${env}-${app}-${suffix}`;
}

/** `yolo-{env}-{suffix}`: shared by every app of the environment. */
export function environmentResourceName(env: string, suffix: string): string {
  return `yolo-${env}-${suffix}`;
}

export const names = {
  recordingBucket: (env: string, app: string, region: string) =>
    appResourceName(env, app, `ivs-recordings-${region}`),
  /** Prefix shared by every derived recordings bucket of the app (for IAM resource patterns). */
  recordingBucketPrefix: (env: string, app: string) => appResourceName(env, app, "ivs-recordings-"),
  storageConfiguration: (env: string, app: string) => appResourceName(env, app, "ivs-storage"),
  encoderConfiguration: (env: string, app: string) => appResourceName(env, app, "ivs-encoder"),
  logGroup: (env: string, app: string) => `/aws/ivs/yolo-${env}-${app}`,
  /** Every log group of the environment matches this prefix. */
  logGroupEnvironmentPrefix: (env: string) => `/aws/ivs/yolo-${env}-`,
  logsResourcePolicy: (env: string) => environmentResourceName(env, "ivs-eventbridge-policy"),
  eventBridgeRule: (env: string, app: string) => appResourceName(env, app, "ivs-state-change"),
  eventBridgeTargetId: "ivs-cloudwatch-logs",
  mediaConvertRole: (env: string, app: string) => appResourceName(env, app, "mediaconvert-role"),
} as const;

export type Tags = Record<string, string>;

/** The tags every taggable resource of this app carries. */
export function yoloTags(env: string, app: string, name: string): Tags {
  return { [TAG_ENVIRONMENT]: env, [TAG_APP]: app, [TAG_NAME]: name };
}

/**
 * Who a resource belongs to, judged from its yolo tags:
 * - `ours`: tagged for this app and environment;
 * - `untagged`: no yolo tags (a crash between create and tag leaves this): adopt it;
 * - `foreign`: tagged for another app or environment: never touch it.
 */
export type Ownership =
  | { kind: "ours" }
  | { kind: "untagged" }
  | { kind: "foreign"; app?: string; environment?: string };

export function ownershipOf(tags: Tags | undefined, env: string, app: string): Ownership {
  const taggedEnv = tags?.[TAG_ENVIRONMENT];
  const taggedApp = tags?.[TAG_APP];
  if (taggedEnv === undefined && taggedApp === undefined) return { kind: "untagged" };
  // A yolo tag that names someone else makes it foreign; a missing one (with the other ours and
  // the derived name) is drift on our own resource, repaired by the tag reconciliation.
  if ((taggedEnv !== undefined && taggedEnv !== env) || (taggedApp !== undefined && taggedApp !== app))
    return { kind: "foreign", app: taggedApp, environment: taggedEnv };
  return { kind: "ours" };
}

/**
 * AWS length limits of the names derived from `{env}` and `{app}` (from the API models:
 * EventBridge RuleName and IAM role names 1–64, IVS configuration names 0–128). Recording
 * bucket names follow the S3 rules in bucket-name.ts.
 */
export const DERIVED_NAME_LIMITS = {
  eventBridgeRule: 64,
  mediaConvertRole: 64,
  ivsConfiguration: 128,
} as const;

/** Which features of an environment need derived names. */
export interface DerivedNameNeeds {
  logging: boolean;
  recording: boolean;
  mediaconvert: boolean;
}

/** A derived name AWS would refuse because it is too long. */
export interface DerivedNameTooLong {
  /** The feature that needs the name. */
  feature: keyof DerivedNameNeeds;
  /** What the name is for, in words ("EventBridge rule"). */
  resource: string;
  name: string;
  limit: number;
}

/**
 * Derived names of an environment that exceed AWS's limits, for the features it turns on
 * (recording bucket names are checked per region with the S3 rules instead).
 */
export function derivedNamesTooLong(env: string, app: string, needs: DerivedNameNeeds): DerivedNameTooLong[] {
  const candidates: DerivedNameTooLong[] = [];
  if (needs.logging) {
    candidates.push({
      feature: "logging",
      resource: "EventBridge rule",
      name: names.eventBridgeRule(env, app),
      limit: DERIVED_NAME_LIMITS.eventBridgeRule,
    });
  }
  if (needs.recording) {
    candidates.push(
      {
        feature: "recording",
        resource: "IVS storage configuration",
        name: names.storageConfiguration(env, app),
        limit: DERIVED_NAME_LIMITS.ivsConfiguration,
      },
      {
        feature: "recording",
        resource: "IVS encoder configuration",
        name: names.encoderConfiguration(env, app),
        limit: DERIVED_NAME_LIMITS.ivsConfiguration,
      },
    );
  }
  if (needs.mediaconvert) {
    candidates.push({
      feature: "mediaconvert",
      resource: "MediaConvert role",
      name: names.mediaConvertRole(env, app),
      limit: DERIVED_NAME_LIMITS.mediaConvertRole,
    });
  }
  return candidates.filter((candidate) => candidate.name.length > candidate.limit);
}
