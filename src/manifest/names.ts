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
export type Ownership = { kind: "ours" } | { kind: "untagged" } | { kind: "foreign"; app?: string; environment?: string };

export function ownershipOf(tags: Tags | undefined, env: string, app: string): Ownership {
  const taggedEnv = tags?.[TAG_ENVIRONMENT];
  const taggedApp = tags?.[TAG_APP];
  if (taggedEnv === undefined && taggedApp === undefined) return { kind: "untagged" };
  if (taggedEnv === env && taggedApp === app) return { kind: "ours" };
  return { kind: "foreign", app: taggedApp, environment: taggedEnv };
}
