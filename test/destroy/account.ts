/**
 * What is in the emulated account, read with the real SDK the way a user would check it in the
 * console: does this app's bucket, configuration, log group, rule, target, policy or role exist?
 */
import { DescribeLogGroupsCommand, DescribeResourcePoliciesCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeRuleCommand, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import {
  ListEncoderConfigurationsCommand,
  ListStorageConfigurationsCommand,
} from "@aws-sdk/client-ivs-realtime";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import type { AwsClients } from "../../src/aws/clients.js";
import type { LoggedRequest } from "../../src/emulator/index.js";
import { names } from "../../src/manifest/names.js";
import { ENV, type ManifestOptions, manifestYaml } from "../helpers/manifests.js";

/** The app's resources in one region, and the environment's shared Logs policy there. */
export interface RegionInventory {
  bucket: boolean;
  storageConfigurations: number;
  encoderConfigurations: number;
  logGroup: boolean;
  rule: boolean;
  target: boolean;
  logsPolicy: boolean;
}

async function exists(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    const name = (error as Error).name;
    if (
      [
        "NotFound",
        "NoSuchBucket",
        "ResourceNotFoundException",
        "NoSuchEntity",
        "NoSuchEntityException",
      ].includes(name)
    )
      return false;
    throw error;
  }
}

export async function inventory(
  clients: AwsClients,
  app: string,
  region: string,
  bucket = names.recordingBucket(ENV, app, region),
): Promise<RegionInventory> {
  const [s3, ivs, logs, events] = await Promise.all([
    clients.s3(region),
    clients.ivs(region),
    clients.logs(region),
    clients.events(region),
  ]);
  const rule = names.eventBridgeRule(ENV, app);
  const storage = await ivs.send(new ListStorageConfigurationsCommand({ maxResults: 50 }));
  const encoder = await ivs.send(new ListEncoderConfigurationsCommand({ maxResults: 100 }));
  const groups = await logs.send(
    new DescribeLogGroupsCommand({ logGroupNamePrefix: names.logGroup(ENV, app) }),
  );
  const policies = await logs.send(new DescribeResourcePoliciesCommand({}));
  let target = false;
  try {
    const targets = await events.send(new ListTargetsByRuleCommand({ Rule: rule }));
    target = (targets.Targets ?? []).some((t) => t.Id === names.eventBridgeTargetId);
  } catch (error) {
    if ((error as Error).name !== "ResourceNotFoundException") throw error;
  }
  return {
    bucket: await exists(() => s3.send(new HeadBucketCommand({ Bucket: bucket }))),
    storageConfigurations: (storage.storageConfigurations ?? []).filter(
      (c) => c.name === names.storageConfiguration(ENV, app),
    ).length,
    encoderConfigurations: (encoder.encoderConfigurations ?? []).filter(
      (c) => c.name === names.encoderConfiguration(ENV, app),
    ).length,
    logGroup: (groups.logGroups ?? []).some((g) => g.logGroupName === names.logGroup(ENV, app)),
    rule: await exists(() => events.send(new DescribeRuleCommand({ Name: rule }))),
    target,
    logsPolicy: (policies.resourcePolicies ?? []).some((p) => p.policyName === names.logsResourcePolicy(ENV)),
  };
}

/** Everything a full sync makes in a region with logging and recording on. */
export const SYNCED: RegionInventory = {
  bucket: true,
  storageConfigurations: 1,
  encoderConfigurations: 1,
  logGroup: true,
  rule: true,
  target: true,
  logsPolicy: true,
};

/** Nothing of the app left (the shared policy may remain for other apps: checked on its own). */
export const GONE = {
  bucket: false,
  storageConfigurations: 0,
  encoderConfigurations: 0,
  logGroup: false,
  rule: false,
  target: false,
};

export async function roleExists(clients: AwsClients, app: string): Promise<boolean> {
  const iam = await clients.iam("us-east-1");
  return exists(() => iam.send(new GetRoleCommand({ RoleName: names.mediaConvertRole(ENV, app) })));
}

/** The write calls in an emulator request log. */
export function writes(log: readonly LoggedRequest[]): string[] {
  return log
    .filter((entry) => entry.mutating)
    .map((entry) => `${entry.service}:${entry.operation}@${entry.region}`);
}

/**
 * A manifest for app `app` in the `production` environment: logging and recording on, MediaConvert
 * off, unless `options` says otherwise.
 */
export function manifest(app: string, options: ManifestOptions & { regions: string[] }): string {
  return manifestYaml({ app, mediaconvert: false, logging: true, recording: true, ...options });
}
