/**
 * The resource ARN patterns of an environment's grants: scoped to its names, IVS regions and
 * account (SPEC §3), so a policy for `production` of `acme-live` reaches nothing else.
 */
import { names } from "../manifest/names.js";
import type { PermissionScope } from "./permissions.js";

/** What AWS requires in `Resource` for actions that have no resource-level permission. */
export const ANY_RESOURCE = "*";

function perRegion(scope: PermissionScope, arn: (region: string) => string[]): string[] {
  return scope.ivsRegions.flatMap(arn);
}

export const arns = {
  /** Every recording bucket: the derived names of any region, plus the adopted ones. */
  recordingBuckets(scope: PermissionScope): string[] {
    const adopted = Object.values(scope.adoptedBuckets).map((bucket) => `arn:aws:s3:::${bucket}`);
    return unique([...arns.derivedRecordingBuckets(scope), ...adopted]);
  },

  /**
   * The buckets yolo made itself (adopted ones are never deleted). A pattern rather than the
   * regions' names, so `destroy --region R` can still clean up a region dropped from the manifest.
   */
  derivedRecordingBuckets(scope: PermissionScope): string[] {
    return [`arn:aws:s3:::${names.recordingBucketPrefix(scope.env, scope.app)}*`];
  },

  /** The objects (recordings) in the buckets yolo made, for `destroy --delete-recordings`. */
  derivedRecordingObjects(scope: PermissionScope): string[] {
    return [`arn:aws:s3:::${names.recordingBucketPrefix(scope.env, scope.app)}*/*`];
  },

  /** IVS storage configurations have random ids, so the pattern covers the region's all. */
  storageConfigurations(scope: PermissionScope): string[] {
    return perRegion(scope, (region) => [`arn:aws:ivs:${region}:${scope.account}:storage-configuration/*`]);
  },

  encoderConfigurations(scope: PermissionScope): string[] {
    return perRegion(scope, (region) => [`arn:aws:ivs:${region}:${scope.account}:encoder-configuration/*`]);
  },

  /** Compositions too: any of the account's may use the app's configurations (destroy reads them). */
  compositions(scope: PermissionScope): string[] {
    return perRegion(scope, (region) => [`arn:aws:ivs:${region}:${scope.account}:composition/*`]);
  },

  /**
   * The app's log group in each region, as tagging APIs name it (no `:*`) and as the other log
   * group actions are evaluated (`…:log-group:NAME:log-stream:`, matched by `:*`).
   */
  logGroups(scope: PermissionScope): string[] {
    const name = names.logGroup(scope.env, scope.app);
    return perRegion(scope, (region) => {
      const arn = `arn:aws:logs:${region}:${scope.account}:log-group:${name}`;
      return [arn, `${arn}:*`];
    });
  },

  /** The app's EventBridge rule on each region's default bus. */
  rules(scope: PermissionScope): string[] {
    const name = names.eventBridgeRule(scope.env, scope.app);
    return perRegion(scope, (region) => [`arn:aws:events:${region}:${scope.account}:rule/${name}`]);
  },

  /**
   * The app's rule in every region (`*`): sync's leftover search reads it in IVS regions the
   * manifest no longer lists. One pattern rather than one ARN per region keeps the policy small.
   */
  rulesAnyRegion(scope: PermissionScope): string[] {
    return [`arn:aws:events:*:${scope.account}:rule/${names.eventBridgeRule(scope.env, scope.app)}`];
  },

  /** The app's log group in every region (`*`), as tagging APIs and the other log group actions name it. */
  logGroupsAnyRegion(scope: PermissionScope): string[] {
    const arn = `arn:aws:logs:*:${scope.account}:log-group:${names.logGroup(scope.env, scope.app)}`;
    return [arn, `${arn}:*`];
  },

  /** The MediaConvert role (IAM is global; the role has the default path `/`). */
  mediaConvertRole(scope: PermissionScope): string[] {
    return [`arn:aws:iam::${scope.account}:role/${names.mediaConvertRole(scope.env, scope.app)}`];
  },
};

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
