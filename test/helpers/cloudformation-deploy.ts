/**
 * A resolved stack created the way CloudFormation's resource handlers create it, one API call
 * per property group, through the real SDK: for tests of an account that StackSets provisioned.
 * It knows only the resource types yolo's templates use; anything else is an error.
 */
import {
  CreateLogGroupCommand,
  PutResourcePolicyCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { AttachRolePolicyCommand, CreateRoleCommand } from "@aws-sdk/client-iam";
import {
  CreateEncoderConfigurationCommand,
  CreateStorageConfigurationCommand,
} from "@aws-sdk/client-ivs-realtime";
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
} from "@aws-sdk/client-s3";
import type { AwsClients } from "../../src/aws/clients.js";
import type { CfnTemplate } from "../../src/export/index.js";
import { type ResolvedStack, resolveStack, tagMap } from "./cloudformation.js";

/**
 * Create every resource of `template` in `region`, in the template's order (which respects its
 * DependsOn and Refs), resolving each one once the ARNs it needs exist; returns the stack with its outputs.
 */
export async function deployStack(
  clients: AwsClients,
  template: CfnTemplate,
  stack: { region: string; account: string; parameters?: Record<string, string> },
): Promise<ResolvedStack> {
  const created: Record<string, Record<string, string>> = {};
  const resolved = () => resolveStack(template, { ...stack, created });
  // ARNs AWS makes are unknown until created: resolve with placeholders, then for real at the end.
  const pending = () => {
    const placeholders = { ...created };
    for (const [id, resource] of Object.entries(template.Resources))
      if (!placeholders[id])
        placeholders[id] = resource.Type.startsWith("AWS::IVS::")
          ? { Arn: "pending", Ref: "pending" }
          : { Arn: "pending" };
    return resolveStack(template, { ...stack, created: placeholders });
  };
  for (const id of Object.keys(template.Resources)) {
    const resource = pending().resources[id];
    if (!resource) continue; // its Condition does not hold
    const p = resource.properties;
    const { region } = stack;
    switch (resource.type) {
      case "AWS::S3::Bucket": {
        const s3 = await clients.s3(region);
        const Bucket = p.BucketName;
        await s3.send(
          new CreateBucketCommand({
            Bucket,
            ObjectOwnership: p.OwnershipControls?.Rules?.[0]?.ObjectOwnership,
            ...(region === "us-east-1"
              ? {}
              : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
          }),
        );
        await s3.send(
          new PutPublicAccessBlockCommand({
            Bucket,
            PublicAccessBlockConfiguration: p.PublicAccessBlockConfiguration,
          }),
        );
        await s3.send(
          new PutBucketEncryptionCommand({
            Bucket,
            ServerSideEncryptionConfiguration: {
              Rules: p.BucketEncryption.ServerSideEncryptionConfiguration.map((rule: any) => ({
                ApplyServerSideEncryptionByDefault: rule.ServerSideEncryptionByDefault,
              })),
            },
          }),
        );
        if (p.LifecycleConfiguration)
          await s3.send(
            new PutBucketLifecycleConfigurationCommand({
              Bucket,
              LifecycleConfiguration: {
                Rules: p.LifecycleConfiguration.Rules.map((rule: any) => ({
                  ID: rule.Id,
                  Status: rule.Status,
                  Filter: { Prefix: rule.Prefix ?? "" },
                  Expiration: { Days: rule.ExpirationInDays },
                })),
              },
            }),
          );
        if (p.Tags) await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: p.Tags } }));
        break;
      }
      case "AWS::S3::BucketPolicy":
        await (await clients.s3(region)).send(
          new PutBucketPolicyCommand({ Bucket: p.Bucket, Policy: JSON.stringify(p.PolicyDocument) }),
        );
        break;
      case "AWS::IVS::StorageConfiguration": {
        const out = await (await clients.ivs(region)).send(
          new CreateStorageConfigurationCommand({
            name: p.Name,
            s3: { bucketName: p.S3.BucketName },
            tags: tagMap(p.Tags),
          }),
        );
        const arn = out.storageConfiguration?.arn ?? "";
        created[id] = { Arn: arn, Ref: arn };
        break;
      }
      case "AWS::IVS::EncoderConfiguration": {
        const v = p.Video;
        const out = await (await clients.ivs(region)).send(
          new CreateEncoderConfigurationCommand({
            name: p.Name,
            video: { width: v.Width, height: v.Height, framerate: v.Framerate, bitrate: v.Bitrate },
            tags: tagMap(p.Tags),
          }),
        );
        const arn = out.encoderConfiguration?.arn ?? "";
        created[id] = { Arn: arn, Ref: arn };
        break;
      }
      case "AWS::Logs::LogGroup": {
        const logs = await clients.logs(region);
        await logs.send(new CreateLogGroupCommand({ logGroupName: p.LogGroupName, tags: tagMap(p.Tags) }));
        await logs.send(
          new PutRetentionPolicyCommand({ logGroupName: p.LogGroupName, retentionInDays: p.RetentionInDays }),
        );
        break;
      }
      case "AWS::Logs::ResourcePolicy":
        await (await clients.logs(region)).send(
          new PutResourcePolicyCommand({ policyName: p.PolicyName, policyDocument: p.PolicyDocument }),
        );
        break;
      case "AWS::Events::Rule": {
        const events = await clients.events(region);
        await events.send(
          new PutRuleCommand({
            Name: p.Name,
            Description: p.Description,
            EventPattern: JSON.stringify(p.EventPattern),
            State: p.State,
            Tags: p.Tags,
          }),
        );
        await events.send(new PutTargetsCommand({ Rule: p.Name, Targets: p.Targets }));
        break;
      }
      case "AWS::IAM::Role": {
        const iam = await clients.iam(region);
        const out = await iam.send(
          new CreateRoleCommand({
            RoleName: p.RoleName,
            AssumeRolePolicyDocument: JSON.stringify(p.AssumeRolePolicyDocument),
            Description: p.Description,
            Tags: p.Tags,
          }),
        );
        for (const PolicyArn of p.ManagedPolicyArns ?? [])
          await iam.send(new AttachRolePolicyCommand({ RoleName: p.RoleName, PolicyArn }));
        created[id] = { Arn: out.Role?.Arn ?? "" };
        break;
      }
      default:
        throw new Error(`deployStack does not know ${resource.type}`);
    }
  }
  return resolved();
}
