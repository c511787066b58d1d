/**
 * The global template: the MediaConvert role (`sync:iam`), for one region per account. IAM is
 * global, so a second stack instance in the same account would fight over the role's name.
 */
import { names, yoloTags } from "../manifest/names.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import { mediaConvertTrustPolicy } from "../policy/documents.js";
import { mediaConvertGate } from "../resources/gates.js";
import {
  MEDIACONVERT_MANAGED_POLICIES,
  MEDIACONVERT_ROLE_DESCRIPTION,
} from "../resources/mediaconvert-role.js";
import { GLOBAL_IDS } from "./ids.js";
import { type CfnTemplate, cfnTags, getAtt } from "./template.js";

/** The global template, or undefined when `aws.mediaconvert` is off. */
export function globalTemplate(config: EnvironmentConfig): CfnTemplate | undefined {
  if (!mediaConvertGate(config).enabled) return undefined;
  const { environment: env, app } = config;
  const roleName = names.mediaConvertRole(env, app);
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `yolo ${app} (${env}), global: the MediaConvert role yolo sync:iam makes. Deploy to one region per account (IAM is global), before the regional template, whose bucket policy names the role. See docs/stacksets.md.`,
    Resources: {
      [GLOBAL_IDS.role]: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: roleName,
          AssumeRolePolicyDocument: mediaConvertTrustPolicy() as never,
          Description: MEDIACONVERT_ROLE_DESCRIPTION,
          ManagedPolicyArns: [...MEDIACONVERT_MANAGED_POLICIES],
          Tags: cfnTags(yoloTags(env, app, roleName)),
        },
      },
    },
    Outputs: {
      MediaConvertRoleArn: {
        Description: "The MediaConvert role's ARN",
        Value: getAtt(GLOBAL_IDS.role, "Arn"),
      },
    },
  };
}
