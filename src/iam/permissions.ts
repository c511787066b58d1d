/**
 * The permission model: every AWS call yolo makes, as IAM actions on resource ARN patterns.
 * Each resource module declares the calls it makes beside its code (`…Calls`, calls.ts);
 * operations.ts maps each SDK operation to its IAM actions, `commands.ts` says which calls each
 * command makes, and `policy.ts` turns the grants into one least-privilege policy document.
 * STS GetCallerIdentity needs no permission, so it has no grant.
 */
import type { EnvironmentConfig } from "../manifest/types.js";
import type { ConditionBlock } from "../policy/types.js";
import type { StatementSid } from "./statements.js";

/** What the grants of an environment depend on: its names, regions, buckets and account. */
export interface PermissionScope {
  env: string;
  app: string;
  account: string;
  /** The home region (IAM's client is built for it; IAM itself is global). */
  homeRegion: string;
  /** The IVS regions every regional resource lives in, in manifest order. */
  ivsRegions: readonly string[];
  /** Buckets adopted through `recording.buckets` (region → name). */
  adoptedBuckets: Readonly<Record<string, string>>;
  mediaconvert: boolean;
  /** Whether the environment has recording buckets (IVS on and `recording.real_time`). */
  recording: boolean;
}

/**
 * Some IAM actions on some resources, for one purpose: what a module's declared calls need
 * (`grantOf` in calls.ts). Grants with the same `sid` become one statement; their actions and
 * resources are merged.
 */
export interface PermissionGrant {
  /** The statement this grant belongs to (see statements.ts for what each is for). */
  sid: StatementSid;
  actions: readonly string[];
  /** ARN patterns; `"*"` only where AWS offers no resource-level permission for the actions. */
  resources: readonly string[];
  /** Narrows the grant further (e.g. which managed policies may be attached). */
  condition?: ConditionBlock;
  /** `read` grants are what a dry-run (and `yolo env`) needs; `write` grants change the account. */
  access: "read" | "write";
  /**
   * Set when AWS makes the calls itself with the caller's permissions: IVS reads the bucket's
   * region and edits its policy when a storage configuration is created or deleted (AWS-FACTS §1.6).
   */
  onBehalfOf?: "ivs";
}

/** The scope of an environment for an account. */
export function permissionScope(config: EnvironmentConfig, account: string): PermissionScope {
  return {
    env: config.environment,
    app: config.app,
    account,
    homeRegion: config.homeRegion,
    ivsRegions: config.regions,
    adoptedBuckets: config.recording.buckets,
    mediaconvert: config.mediaconvert,
    recording: config.ivsEnabled && config.recording.enabled,
  };
}
