/**
 * Every policy document the tool writes (SPEC §4), as pure builders. Resources compare these with
 * the live documents (`policiesEqual`, `mergeStatementsBySid`) and write only on a difference.
 */
import { names } from "../manifest/names.js";
import { POLICY_VERSION } from "./merge.js";
import type { PolicyDocument, PolicyStatement } from "./types.js";

/** The Sids of the recording bucket policy statements the tool owns. */
export const RECORDING_BUCKET_SIDS = {
  ivsRecording: "IVSRealtimeRecording",
  mediaConvertRead: "MediaConvertRead",
  denyInsecureTransport: "DenyInsecureTransport",
} as const;

/**
 * Every Sid the tool owns in a recording bucket policy, including those it may currently leave
 * out (`MediaConvertRead` when MediaConvert is off): a merge removes an owned Sid it no longer writes.
 */
export const RECORDING_BUCKET_OWNED_SIDS: readonly string[] = Object.values(RECORDING_BUCKET_SIDS);

/** The Sid of the single statement of the environment's Logs resource policy. */
export const LOGS_RESOURCE_POLICY_SID = "TrustEventsToStoreLogEvent";

/**
 * The service principal that writes composite recordings. It is regional
 * (`ivs-composite.eu-west-1.amazonaws.com`), not `ivs.amazonaws.com` (AWS-FACTS §2.1).
 */
export function ivsCompositeServicePrincipal(region: string): string {
  return `ivs-composite.${region}.amazonaws.com`;
}

/** `arn:aws:iam::{account}:role/yolo-{env}-{app}-mediaconvert-role` (the role has the default path `/`). */
export function mediaConvertRoleArn(input: { account: string; env: string; app: string }): string {
  return `arn:aws:iam::${input.account}:role/${names.mediaConvertRole(input.env, input.app)}`;
}

export interface RecordingBucketPolicyInput {
  bucket: string;
  /** The bucket's region, which is also the region of the IVS storage configuration using it. */
  region: string;
  /** Given only when MediaConvert is on and the role exists: S3 refuses a policy naming a missing role. */
  mediaConvertRoleArn?: string;
}

/**
 * The statements the tool owns in a recording bucket's policy, to merge by Sid with
 * {@link RECORDING_BUCKET_OWNED_SIDS}:
 * - `IVSRealtimeRecording`: the grant IVS itself adds as `CompositeWrite-*` (AWS-FACTS §2.1),
 *   written by the tool too so that recordings keep working when IVS's statement gets lost
 *   (a storage configuration deleted or replaced removes IVS's statement);
 * - `MediaConvertRead` (only with `mediaConvertRoleArn`): lets MediaConvert jobs read recordings;
 * - `DenyInsecureTransport`: refuses every request not over TLS (a secure default, as SST sets it).
 */
export function recordingBucketStatements(input: RecordingBucketPolicyInput): PolicyStatement[] {
  const bucketArn = `arn:aws:s3:::${input.bucket}`;
  const objectsArn = `${bucketArn}/*`;
  const statements: PolicyStatement[] = [
    {
      Sid: RECORDING_BUCKET_SIDS.ivsRecording,
      Effect: "Allow",
      Principal: { Service: ivsCompositeServicePrincipal(input.region) },
      Action: ["s3:PutObject", "s3:PutObjectAcl"],
      Resource: objectsArn,
      Condition: {
        StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" },
        Bool: { "aws:SecureTransport": "true" },
      },
    },
  ];
  if (input.mediaConvertRoleArn !== undefined) {
    statements.push({
      Sid: RECORDING_BUCKET_SIDS.mediaConvertRead,
      Effect: "Allow",
      Principal: { AWS: input.mediaConvertRoleArn },
      Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"],
      // ListBucket applies to the bucket, the Get actions to its objects.
      Resource: [bucketArn, objectsArn],
    });
  }
  statements.push({
    Sid: RECORDING_BUCKET_SIDS.denyInsecureTransport,
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, objectsArn],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  });
  return statements;
}

/**
 * The environment's shared CloudWatch Logs resource policy (`yolo-{env}-ivs-eventbridge-policy`):
 * lets EventBridge write IVS events into every log group of the environment in this region.
 * One policy per environment, not per app, because an account has only 10 per region (AWS-FACTS
 * §3.3); the prefix wildcard also covers the log-stream ARNs (`*` spans `:`). A single short
 * statement keeps the document far under the 5,120-character limit.
 */
export function logsResourcePolicyDocument(input: {
  env: string;
  region: string;
  account: string;
}): PolicyDocument {
  const logGroupPattern = `${names.logGroupEnvironmentPrefix(input.env)}*`;
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: LOGS_RESOURCE_POLICY_SID,
        Effect: "Allow",
        // events.amazonaws.com is the writer that matters; delivery.logs is kept as yolo grants it.
        Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:aws:logs:${input.region}:${input.account}:log-group:${logGroupPattern}`,
      },
    ],
  };
}

/** The MediaConvert role's trust policy: only MediaConvert may assume the role (AWS-FACTS §5.3). */
export function mediaConvertTrustPolicy(): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "mediaconvert.amazonaws.com" },
        Action: "sts:AssumeRole",
      },
    ],
  };
}
