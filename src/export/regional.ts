/**
 * The regional template: what `sync:recording` and `sync:logging` make in one IVS region, taking
 * its region and account from `AWS::Region` and `AWS::AccountId`, so one StackSet deploys it to
 * any accounts × IVS regions. Every name, setting, tag and statement comes from the builders
 * `sync` plans with (docs/stacksets.md says where CloudFormation differs and why).
 */
import { names, yoloTags } from "../manifest/names.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import {
  logsResourcePolicyDocument,
  mediaConvertRoleArn,
  recordingBucketStatements,
} from "../policy/documents.js";
import { POLICY_VERSION } from "../policy/merge.js";
import { IVS_EVENT_PATTERN, RULE_DESCRIPTION } from "../resources/eventbridge-rule.js";
import { loggingGate, recordingGate } from "../resources/gates.js";
import { logGroupArn } from "../resources/log-group.js";
import {
  ALL_BLOCKED,
  expireRecordingsRule,
  RECORDING_BUCKET_ENCRYPTION,
  RECORDING_BUCKET_OWNERSHIP,
} from "../resources/recording-bucket.js";
import { adoptedBucketName, adoptedConditions, IS_ADOPTED_REGION } from "./adopted.js";
import { REGIONAL_IDS } from "./ids.js";
import { regionalOutputs } from "./outputs.js";
import {
  ACCOUNT,
  type CfnResource,
  type CfnTemplate,
  type CfnValue,
  cfnTags,
  DESCRIPTION_MAX_LENGTH,
  REGION,
  ref,
  sub,
  subJson,
  subRef,
} from "./template.js";

/** The parameter that says whether this stack owns the environment's shared Logs resource policy. */
export const LOGS_POLICY_PARAMETER = "CreateLogsResourcePolicy";
const CREATES_LOGS_POLICY = "CreatesLogsResourcePolicy";

/** The regional template, or undefined when the environment turns on neither recording nor logging. */
export function regionalTemplate(config: EnvironmentConfig): CfnTemplate | undefined {
  const recording = recordingGate(config).enabled;
  const logging = loggingGate(config).enabled;
  if (!recording && !logging) return undefined;
  const resources: Record<string, CfnResource> = {
    ...(recording ? recordingResources(config) : {}),
    ...(logging ? loggingResources(config) : {}),
  };
  const conditions: Record<string, CfnValue> = {
    ...(recording ? adoptedConditions(config) : {}),
    ...(logging ? { [CREATES_LOGS_POLICY]: { "Fn::Equals": [ref(LOGS_POLICY_PARAMETER), "true"] } } : {}),
  };
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: regionalDescription(config, recording, logging),
    ...(logging
      ? {
          Parameters: {
            [LOGS_POLICY_PARAMETER]: {
              Type: "String",
              Default: "true",
              AllowedValues: ["true", "false"],
              Description: `Whether this stack creates the environment's shared Logs resource policy ${names.logsResourcePolicy(config.environment)} (one per environment and region, serving every app of it): "true" for exactly one app's StackSet of the environment, "false" for the others and where the policy already exists.`,
            },
          },
        }
      : {}),
    ...(Object.keys(conditions).length > 0 ? { Conditions: conditions } : {}),
    Resources: resources,
    Outputs: regionalOutputs(recording),
  };
}

function recordingResources(config: EnvironmentConfig): Record<string, CfnResource> {
  const { environment: env, app } = config;
  const derivedName = names.recordingBucket(env, app, REGION);
  const expire = expireRecordingsRule(config.recording.expireAfterDays);
  const adopted = Object.keys(config.recording.buckets).length > 0;
  const tags = cfnTags(yoloTags(env, app, derivedName));
  // Inside Fn::Sub, `${RecordingBucket}` is the bucket's Ref: its name, derived or adopted.
  const bucketInPolicy = subRef(REGIONAL_IDS.bucket);
  const statements = recordingBucketStatements({
    bucket: bucketInPolicy,
    region: REGION,
    ...(config.mediaconvert
      ? { mediaConvertRoleArn: mediaConvertRoleArn({ account: ACCOUNT, env, app }) }
      : {}),
  });
  const ivsTags = (name: string) => cfnTags(yoloTags(env, app, name));
  return {
    [REGIONAL_IDS.bucket]: {
      Type: "AWS::S3::Bucket",
      // Recordings are data: deleting the stack keeps the bucket, as `yolo destroy` keeps a bucket holding objects.
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: {
        BucketName: adopted ? adoptedBucketName(config, sub(derivedName)) : sub(derivedName),
        OwnershipControls: { Rules: [{ ObjectOwnership: RECORDING_BUCKET_OWNERSHIP }] },
        PublicAccessBlockConfiguration: { ...ALL_BLOCKED },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: RECORDING_BUCKET_ENCRYPTION } },
          ],
        },
        ...(expire
          ? {
              LifecycleConfiguration: {
                Rules: [
                  {
                    Id: expire.ID ?? "",
                    Status: expire.Status ?? "Enabled",
                    Prefix: expire.Filter?.Prefix ?? "",
                    ExpirationInDays: expire.Expiration?.Days ?? 0,
                  },
                ],
              },
            }
          : {}),
        // A bucket adopted by consent keeps its own tags, as under `sync`.
        Tags: adopted ? { "Fn::If": [IS_ADOPTED_REGION, ref("AWS::NoValue"), tags] } : tags,
      },
    },
    [REGIONAL_IDS.bucketPolicy]: {
      Type: "AWS::S3::BucketPolicy",
      Properties: {
        Bucket: ref(REGIONAL_IDS.bucket),
        PolicyDocument: sub({ Version: POLICY_VERSION, Statement: statements }),
      },
    },
    [REGIONAL_IDS.storageConfiguration]: {
      Type: "AWS::IVS::StorageConfiguration",
      // IVS then finds yolo's grant in place (it adds its own statement, which the bucket policy replaces).
      DependsOn: [REGIONAL_IDS.bucketPolicy],
      Properties: {
        Name: names.storageConfiguration(env, app),
        S3: { BucketName: ref(REGIONAL_IDS.bucket) },
        Tags: ivsTags(names.storageConfiguration(env, app)),
      },
    },
    [REGIONAL_IDS.encoderConfiguration]: {
      Type: "AWS::IVS::EncoderConfiguration",
      Properties: {
        Name: names.encoderConfiguration(env, app),
        Video: {
          Width: config.recording.video.width,
          Height: config.recording.video.height,
          Framerate: config.recording.video.framerate,
          Bitrate: config.recording.video.bitrate,
        },
        Tags: ivsTags(names.encoderConfiguration(env, app)),
      },
    },
  };
}

function loggingResources(config: EnvironmentConfig): Record<string, CfnResource> {
  const { environment: env, app } = config;
  const logGroup = names.logGroup(env, app);
  const rule = names.eventBridgeRule(env, app);
  return {
    [REGIONAL_IDS.logGroup]: {
      Type: "AWS::Logs::LogGroup",
      Properties: {
        LogGroupName: logGroup,
        RetentionInDays: config.logging.retentionDays,
        Tags: cfnTags(yoloTags(env, app, logGroup)),
      },
    },
    [REGIONAL_IDS.logsResourcePolicy]: {
      Type: "AWS::Logs::ResourcePolicy",
      Condition: CREATES_LOGS_POLICY,
      // Shared by every app of the environment: deleting one app's stack must not cut the others off.
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: {
        PolicyName: names.logsResourcePolicy(env),
        PolicyDocument: subJson(logsResourcePolicyDocument({ env, region: REGION, account: ACCOUNT })),
      },
    },
    [REGIONAL_IDS.rule]: {
      Type: "AWS::Events::Rule",
      DependsOn: [REGIONAL_IDS.logGroup],
      Properties: {
        Name: rule,
        Description: RULE_DESCRIPTION,
        EventPattern: IVS_EVENT_PATTERN,
        State: "ENABLED",
        // By ARN without `:*` and without a role, as `sync` puts it: EventBridge writes through the Logs resource policy.
        Targets: [{ Id: names.eventBridgeTargetId, Arn: sub(logGroupArn(REGION, ACCOUNT, logGroup)) }],
        Tags: cfnTags(yoloTags(env, app, rule)),
      },
    },
  };
}

function regionalDescription(config: EnvironmentConfig, recording: boolean, logging: boolean): string {
  const parts = [
    `yolo ${config.app} (${config.environment}), regional: what yolo sync makes in one IVS region (${config.regions.join(", ")}).`,
  ];
  if (recording) {
    parts.push(
      "The bucket policy replaces the whole policy, so it carries yolo's IVSRealtimeRecording grant itself (IVS's CompositeWrite statement is not needed).",
    );
    if (config.mediaconvert)
      parts.push("Deploy the global template first: the policy names the MediaConvert role.");
    if (Object.keys(config.recording.buckets).length > 0)
      parts.push(
        "Buckets named in recording.buckets must be imported into their region's stack, not created.",
      );
  }
  if (logging)
    parts.push(
      `${LOGS_POLICY_PARAMETER}=true in exactly one app's StackSet of the environment; the Logs resource policy is retained on delete.`,
    );
  parts.push("See docs/stacksets.md.");
  return parts.join(" ").slice(0, DESCRIPTION_MAX_LENGTH);
}
