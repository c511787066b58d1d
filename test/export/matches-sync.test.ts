/**
 * What the exported templates create is what `yolo sync` creates. `sync` runs on the emulator as
 * a user runs it; `yolo export cloudformation` then prints the templates (making no AWS call);
 * each template's intrinsic functions are resolved as CloudFormation would resolve them for this
 * account and region, and every resource is compared with what the account holds, read back
 * through the SDK: names, settings, video, retention, rule pattern, target, tags, and the policy
 * statements compared structurally. The stack outputs equal what `yolo env --json` prints.
 */
import {
  DescribeLogGroupsCommand,
  DescribeResourcePoliciesCommand,
  ListTagsForResourceCommand as ListLogTagsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeRuleCommand,
  ListTagsForResourceCommand as ListRuleTagsCommand,
  ListTargetsByRuleCommand,
} from "@aws-sdk/client-eventbridge";
import { GetRoleCommand, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import {
  GetEncoderConfigurationCommand,
  ListEncoderConfigurationsCommand,
  ListStorageConfigurationsCommand,
} from "@aws-sdk/client-ivs-realtime";
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { parsePolicyDocument, policiesEqual } from "../../src/policy/canonical.js";
import { manifestDir, yoloRun } from "../helpers/cli.js";
import { type ResolvedResource, resolveStack, tagMap } from "../helpers/cloudformation.js";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { APP, ENV, manifestYaml } from "../helpers/manifests.js";

const handle = useEmulator();

const REGIONS = ["us-east-1", "eu-west-1"];
const VIDEO = { width: 1920, height: 1080, framerate: 60, bitrate: 6_000_000 };
const MANIFEST = manifestYaml({
  regions: REGIONS,
  mediaconvert: true,
  logging: true,
  logRetentionDays: 30,
  recording: true,
  video: VIDEO,
  expireAfterDays: 90,
});

const asTags = (list: { Key?: string; Value?: string }[] | undefined) =>
  Object.fromEntries((list ?? []).map((tag) => [tag.Key, tag.Value]));

/** What the account holds in one region, read back through the SDK. */
async function liveRegion(region: string, names: Record<string, ResolvedResource>) {
  const s3 = await handle.clients.s3(region);
  const ivs = await handle.clients.ivs(region);
  const logs = await handle.clients.logs(region);
  const events = await handle.clients.events(region);
  const Bucket = names.RecordingBucket.properties.BucketName;
  const storage = (await ivs.send(new ListStorageConfigurationsCommand({}))).storageConfigurations?.filter(
    (c) => c.name === names.StorageConfiguration.properties.Name,
  );
  const encoders = (await ivs.send(new ListEncoderConfigurationsCommand({}))).encoderConfigurations?.filter(
    (c) => c.name === names.EncoderConfiguration.properties.Name,
  );
  expect(storage, `${region}: one storage configuration of the app`).toHaveLength(1);
  expect(encoders, `${region}: one encoder configuration of the app`).toHaveLength(1);
  const encoder = (await ivs.send(new GetEncoderConfigurationCommand({ arn: encoders?.[0].arn })))
    .encoderConfiguration;
  const logGroupName = names.LogGroup.properties.LogGroupName;
  const group = (
    await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }))
  ).logGroups?.find((g) => g.logGroupName === logGroupName);
  const rule = await events.send(new DescribeRuleCommand({ Name: names.IvsEventsRule.properties.Name }));
  return {
    bucket: {
      name: Bucket,
      ownership: (await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))).OwnershipControls,
      publicAccess: (await s3.send(new GetPublicAccessBlockCommand({ Bucket })))
        .PublicAccessBlockConfiguration,
      encryption: (await s3.send(new GetBucketEncryptionCommand({ Bucket })))
        .ServerSideEncryptionConfiguration,
      lifecycle: (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules,
      tags: asTags((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet),
      policy: (await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy ?? "",
    },
    storage: storage?.[0],
    encoder,
    logGroup: {
      group,
      tags: (await logs.send(new ListLogTagsCommand({ resourceArn: group?.arn?.replace(/:\*$/, "") }))).tags,
    },
    logsPolicy: (await logs.send(new DescribeResourcePoliciesCommand({}))).resourcePolicies?.find(
      (p) => p.policyName === names.LogsResourcePolicy.properties.PolicyName,
    ),
    rule: {
      rule,
      tags: asTags((await events.send(new ListRuleTagsCommand({ ResourceARN: rule.Arn }))).Tags),
      targets: (await events.send(new ListTargetsByRuleCommand({ Rule: rule.Name }))).Targets,
    },
  };
}

describe("the exported templates create what yolo sync creates", () => {
  it("resource by resource, in every region, and in IAM; the stack outputs are yolo env's variables", async () => {
    const cwd = manifestDir(MANIFEST);
    const sync = await yoloRun(handle, cwd, "sync", ENV);
    expect(sync.code, sync.stderr).toBe(0);

    const exported = await yoloRun(handle, cwd, "export", "cloudformation", ENV, "--format", "json");
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.log, "export makes no AWS call").toEqual([]);
    const { regional, global } = exported.json();
    const env = (await yoloRun(handle, cwd, "env", ENV, "--json")).json();

    for (const region of REGIONS) {
      // The names first (as CloudFormation would: no ARN is needed for them), then the account by them.
      const named = resolveStack(regional, {
        region,
        account: ACCOUNT,
        created: { StorageConfiguration: { Arn: "?" }, EncoderConfiguration: { Arn: "?" } },
      }).resources;
      const live = await liveRegion(region, named);
      const { resources, outputs } = resolveStack(regional, {
        region,
        account: ACCOUNT,
        created: {
          StorageConfiguration: { Arn: live.storage?.arn ?? "", Ref: live.storage?.arn ?? "" },
          EncoderConfiguration: { Arn: live.encoder?.arn ?? "", Ref: live.encoder?.arn ?? "" },
        },
      });
      const compared = new Set<string>();
      const props = (id: string) => {
        compared.add(id);
        return resources[id].properties;
      };

      const bucket = props("RecordingBucket");
      expect(bucket.BucketName).toBe(`yolo-${ENV}-${APP}-ivs-recordings-${region}`);
      expect(bucket.OwnershipControls).toEqual(live.bucket.ownership);
      expect(bucket.PublicAccessBlockConfiguration).toEqual(live.bucket.publicAccess);
      expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration).toEqual(
        live.bucket.encryption?.Rules?.map((rule) => ({
          ServerSideEncryptionByDefault: rule.ApplyServerSideEncryptionByDefault,
        })),
      );
      // CloudFormation's lifecycle rule shape, from S3's (a whole-bucket filter is an empty prefix).
      expect(bucket.LifecycleConfiguration.Rules).toEqual(
        live.bucket.lifecycle?.map((rule) => ({
          Id: rule.ID,
          Status: rule.Status,
          Prefix: rule.Filter?.Prefix ?? rule.Prefix ?? "",
          ExpirationInDays: rule.Expiration?.Days,
        })),
      );
      expect(tagMap(bucket.Tags)).toEqual(live.bucket.tags);

      // IVS adds its own CompositeWrite-* statement under sync; the template's policy replaces the
      // whole policy and carries yolo's IVSRealtimeRecording grant instead (docs/stacksets.md).
      const policy = props("RecordingBucketPolicy");
      expect(policy.Bucket).toBe(bucket.BucketName);
      const livePolicy = parsePolicyDocument(live.bucket.policy);
      const statements = [livePolicy.Statement].flat();
      expect(statements.some((s) => s.Sid?.startsWith("CompositeWrite"))).toBe(true);
      const yolos = {
        ...livePolicy,
        Statement: statements.filter((s) => !s.Sid?.startsWith("CompositeWrite")),
      };
      expect(
        policiesEqual(policy.PolicyDocument, yolos),
        JSON.stringify({ policy: policy.PolicyDocument, yolos }),
      ).toBe(true);

      const storage = props("StorageConfiguration");
      expect({ name: storage.Name, bucket: storage.S3.BucketName, tags: tagMap(storage.Tags) }).toEqual({
        name: live.storage?.name,
        bucket: live.storage?.s3?.bucketName,
        tags: live.storage?.tags,
      });

      const encoder = props("EncoderConfiguration");
      expect({ name: encoder.Name, tags: tagMap(encoder.Tags) }).toEqual({
        name: live.encoder?.name,
        tags: live.encoder?.tags,
      });
      expect(encoder.Video).toEqual({ Width: 1920, Height: 1080, Framerate: 60, Bitrate: 6_000_000 });
      expect(live.encoder?.video).toEqual(VIDEO);

      const logGroup = props("LogGroup");
      expect({
        name: logGroup.LogGroupName,
        retention: logGroup.RetentionInDays,
        tags: tagMap(logGroup.Tags),
      }).toEqual({
        name: live.logGroup.group?.logGroupName,
        retention: live.logGroup.group?.retentionInDays,
        tags: live.logGroup.tags,
      });
      expect(logGroup.RetentionInDays).toBe(30);

      const logsPolicy = props("LogsResourcePolicy");
      expect(logsPolicy.PolicyName).toBe(live.logsPolicy?.policyName);
      expect(policiesEqual(logsPolicy.PolicyDocument, live.logsPolicy?.policyDocument ?? "")).toBe(true);

      const rule = props("IvsEventsRule");
      expect({
        name: rule.Name,
        description: rule.Description,
        state: rule.State,
        pattern: rule.EventPattern,
        tags: tagMap(rule.Tags),
        targets: rule.Targets,
      }).toEqual({
        name: live.rule.rule.Name,
        description: live.rule.rule.Description,
        state: live.rule.rule.State,
        pattern: JSON.parse(live.rule.rule.EventPattern ?? "null"),
        tags: live.rule.tags,
        targets: live.rule.targets?.map((t) => ({ Id: t.Id, Arn: t.Arn })),
      });

      expect([...compared].sort(), "every resource of the template is compared").toEqual(
        Object.keys(resources).sort(),
      );
      const variables = env.env[region];
      expect(outputs).toEqual({
        AwsIvsRegion: region,
        AwsIvsRealtimeRecordingsBucket: variables.AWS_IVS_REALTIME_RECORDINGS_BUCKET,
        AwsIvsStorageConfigurationArn: variables.AWS_IVS_STORAGE_CONFIGURATION_ARN,
        AwsIvsEncoderConfigurationArn: variables.AWS_IVS_ENCODER_CONFIGURATION_ARN,
      });
    }

    // The global template, in the home region: the MediaConvert role.
    const iam = await handle.clients.iam("us-east-1");
    const roleName = resolveStack(global, {
      region: "us-east-1",
      account: ACCOUNT,
      created: { MediaConvertRole: { Arn: "?" } },
    }).resources.MediaConvertRole.properties.RoleName;
    const liveRole = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
    const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName })))
      .AttachedPolicies;
    const stack = resolveStack(global, {
      region: "us-east-1",
      account: ACCOUNT,
      created: { MediaConvertRole: { Arn: liveRole?.Arn ?? "" } },
    });
    expect(Object.keys(stack.resources)).toEqual(["MediaConvertRole"]);
    const role = stack.resources.MediaConvertRole.properties;
    expect({
      name: role.RoleName,
      description: role.Description,
      policies: [...role.ManagedPolicyArns].sort(),
      tags: tagMap(role.Tags),
    }).toEqual({
      name: liveRole?.RoleName,
      description: liveRole?.Description,
      policies: attached?.map((p) => p.PolicyArn).sort(),
      tags: asTags(liveRole?.Tags),
    });
    expect(policiesEqual(role.AssumeRolePolicyDocument, liveRole?.AssumeRolePolicyDocument ?? "")).toBe(true);
    expect(stack.outputs.MediaConvertRoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/${roleName}`);
  });
});
