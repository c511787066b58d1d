import { describe, expect, it } from "vitest";
import { policiesEqual, statementsEqual } from "../../src/policy/canonical.js";
import {
  ivsCompositeServicePrincipal,
  LOGS_RESOURCE_POLICY_SID,
  logsResourcePolicyDocument,
  mediaConvertRoleArn,
  mediaConvertTrustPolicy,
  RECORDING_BUCKET_OWNED_SIDS,
  recordingBucketStatements,
} from "../../src/policy/documents.js";
import { ivsCompositeWrite } from "../helpers/policies.js";

describe("recordingBucketStatements", () => {
  const bucket = "yolo-prod-app-ivs-recordings-eu-west-1";

  it("grants IVS exactly what IVS's own CompositeWrite statement grants (AWS-FACTS §2.1)", () => {
    const [ivs] = recordingBucketStatements({ bucket, region: "eu-west-1" });
    const documented = ivsCompositeWrite({ region: "eu-west-1", bucket, sid: "IVSRealtimeRecording" });
    expect(statementsEqual(ivs, documented)).toBe(true);
  });

  it("uses the bucket region's IVS principal", () => {
    expect(ivsCompositeServicePrincipal("ap-northeast-1")).toBe("ivs-composite.ap-northeast-1.amazonaws.com");
    const [ivs] = recordingBucketStatements({ bucket, region: "ap-northeast-1" });
    expect(ivs.Principal).toEqual({ Service: "ivs-composite.ap-northeast-1.amazonaws.com" });
  });

  it("leaves MediaConvertRead out without a role ARN", () => {
    const sids = recordingBucketStatements({ bucket, region: "eu-west-1" }).map((s) => s.Sid);
    expect(sids).toEqual(["IVSRealtimeRecording", "DenyInsecureTransport"]);
  });

  it("lets the MediaConvert role list the bucket and read its objects and their versions", () => {
    const roleArn = mediaConvertRoleArn({ account: "123456789012", env: "prod", app: "app" });
    expect(roleArn).toBe("arn:aws:iam::123456789012:role/yolo-prod-app-mediaconvert-role");
    const statements = recordingBucketStatements({
      bucket,
      region: "eu-west-1",
      mediaConvertRoleArn: roleArn,
    });
    expect(statements.map((s) => s.Sid)).toEqual([
      "IVSRealtimeRecording",
      "MediaConvertRead",
      "DenyInsecureTransport",
    ]);
    expect(statements[1]).toEqual({
      Sid: "MediaConvertRead",
      Effect: "Allow",
      Principal: { AWS: roleArn },
      Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"],
      Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
    });
  });

  it("denies every S3 action on the bucket and its objects without TLS", () => {
    const deny = recordingBucketStatements({ bucket, region: "eu-west-1" }).at(-1);
    expect(deny).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("owns the three Sids, whether or not MediaConvertRead is currently written", () => {
    expect([...RECORDING_BUCKET_OWNED_SIDS].sort()).toEqual([
      "DenyInsecureTransport",
      "IVSRealtimeRecording",
      "MediaConvertRead",
    ]);
  });
});

describe("logsResourcePolicyDocument", () => {
  it("lets EventBridge and Logs delivery write into every log group of the environment in the region", () => {
    const doc = logsResourcePolicyDocument({ env: "prod", region: "us-west-2", account: "123456789012" });
    expect(doc).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: LOGS_RESOURCE_POLICY_SID,
          Effect: "Allow",
          Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: "arn:aws:logs:us-west-2:123456789012:log-group:/aws/ivs/yolo-prod-*",
        },
      ],
    });
  });

  it("stays far under the 5,120-character limit of account-level Logs policies, even for a long environment name", () => {
    const doc = logsResourcePolicyDocument({
      env: "e".repeat(100),
      region: "ap-southeast-1",
      account: "123456789012",
    });
    expect(JSON.stringify(doc).length).toBeLessThan(1024);
  });
});

describe("mediaConvertTrustPolicy", () => {
  it("is the trust policy AWS documents for MediaConvert (AWS-FACTS §5.3)", () => {
    const documented =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"mediaconvert.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
    expect(JSON.stringify(mediaConvertTrustPolicy())).toBe(documented);
    expect(policiesEqual(mediaConvertTrustPolicy(), encodeURIComponent(documented))).toBe(true);
  });
});
