/**
 * The choices the templates make where CloudFormation cannot do what `sync` does: adopted buckets
 * by region, the shared Logs resource policy behind a parameter and retained, the MediaConvert
 * grant only with MediaConvert, and recordings kept when a stack goes.
 */
import { describe, expect, it } from "vitest";
import { exportTemplates } from "../../src/export/index.js";
import { resolveStack, tagMap } from "../helpers/cloudformation.js";
import { environmentConfig } from "../helpers/manifests.js";

const created = {
  StorageConfiguration: { Arn: "arn:aws:ivs:eu-west-1:123456789012:storage-configuration/a" },
  EncoderConfiguration: { Arn: "arn:aws:ivs:eu-west-1:123456789012:encoder-configuration/b" },
};
const account = "123456789012";

describe("the regional template", () => {
  it("uses a bucket named in recording.buckets in its region only, leaving its tags alone there", () => {
    const config = environmentConfig({
      regions: ["us-east-1", "eu-west-1", "ap-northeast-1"],
      recording: {
        enabled: true,
        buckets: { "eu-west-1": "my-existing-recordings", "ap-northeast-1": "tokyo-rec" },
      },
    });
    const { regional } = exportTemplates(config);
    if (!regional) throw new Error("no regional template");
    const bucketIn = (region: string) => resolveStack(regional, { region, account, created }).resources;
    expect(bucketIn("eu-west-1").RecordingBucket.properties.BucketName).toBe("my-existing-recordings");
    expect(bucketIn("eu-west-1").RecordingBucket.properties.Tags).toBeUndefined();
    expect(bucketIn("eu-west-1").StorageConfiguration.properties.S3.BucketName).toBe(
      "my-existing-recordings",
    );
    expect(JSON.stringify(bucketIn("eu-west-1").RecordingBucketPolicy.properties)).toContain(
      "arn:aws:s3:::my-existing-recordings/*",
    );
    expect(bucketIn("ap-northeast-1").RecordingBucket.properties.BucketName).toBe("tokyo-rec");
    const derived = bucketIn("us-east-1").RecordingBucket.properties;
    expect(derived.BucketName).toBe(`yolo-${config.environment}-${config.app}-ivs-recordings-us-east-1`);
    expect(tagMap(derived.Tags)).toEqual({
      "yolo:environment": config.environment,
      "yolo:app": config.app,
      Name: derived.BucketName,
    });
  });

  it("with one adopted bucket, only its region uses it", () => {
    const config = environmentConfig({
      regions: ["us-east-1", "eu-west-1"],
      recording: { enabled: true, buckets: { "us-east-1": "mine" } },
    });
    const { regional } = exportTemplates(config);
    if (!regional) throw new Error("no regional template");
    const bucket = (region: string) =>
      resolveStack(regional, { region, account, created }).resources.RecordingBucket.properties;
    expect(bucket("us-east-1")).toMatchObject({ BucketName: "mine" });
    expect(bucket("us-east-1").Tags).toBeUndefined();
    expect(bucket("eu-west-1").BucketName).toBe(
      `yolo-${config.environment}-${config.app}-ivs-recordings-eu-west-1`,
    );
    expect(tagMap(bucket("eu-west-1").Tags).Name).toBe(bucket("eu-west-1").BucketName);
  });

  it("creates the shared Logs resource policy only when CreateLogsResourcePolicy is true, and keeps it when the stack goes", () => {
    const { regional } = exportTemplates(environmentConfig({ logging: { enabled: true } }));
    if (!regional) throw new Error("no regional template");
    const resources = (value?: string) =>
      Object.keys(
        resolveStack(regional, {
          region: "us-east-1",
          account,
          ...(value ? { parameters: { CreateLogsResourcePolicy: value } } : {}),
        }).resources,
      ).sort();
    expect(resources()).toEqual(["IvsEventsRule", "LogGroup", "LogsResourcePolicy"]);
    expect(resources("false")).toEqual(["IvsEventsRule", "LogGroup"]);
    expect(regional.Resources.LogsResourcePolicy.DeletionPolicy).toBe("Retain");
    expect(regional.Outputs).toEqual({
      AwsIvsRegion: expect.objectContaining({ Value: { Ref: "AWS::Region" } }),
    });
  });

  it("grants MediaConvert read only with aws.mediaconvert, and keeps the bucket when the stack is deleted", () => {
    const sids = (mediaconvert: boolean) => {
      const { regional } = exportTemplates(environmentConfig({ mediaconvert, recording: { enabled: true } }));
      if (!regional) throw new Error("no regional template");
      expect(regional.Resources.RecordingBucket.DeletionPolicy).toBe("Retain");
      const stack = resolveStack(regional, { region: "us-east-1", account, created });
      return stack.resources.RecordingBucketPolicy.properties.PolicyDocument.Statement.map((s: any) => s.Sid);
    };
    expect(sids(true)).toEqual(["IVSRealtimeRecording", "MediaConvertRead", "DenyInsecureTransport"]);
    expect(sids(false)).toEqual(["IVSRealtimeRecording", "DenyInsecureTransport"]);
    expect(
      exportTemplates(environmentConfig({ mediaconvert: false, recording: { enabled: true } })).global,
    ).toBeUndefined();
  });
});

describe("deletion policies", () => {
  it("every resource states one (CloudFormation imports only those that do); --retain makes them all Retain", () => {
    const config = environmentConfig({
      mediaconvert: true,
      logging: { enabled: true },
      recording: { enabled: true },
    });
    const policies = (retain: boolean) =>
      Object.values(exportTemplates(config, { retain }))
        .flatMap((template) => Object.entries(template.Resources))
        .map(([id, resource]) => [id, resource.DeletionPolicy, resource.UpdateReplacePolicy]);
    expect(Object.fromEntries(policies(false).map(([id, policy]) => [id, policy]))).toEqual({
      RecordingBucket: "Retain",
      RecordingBucketPolicy: "Delete",
      StorageConfiguration: "Delete",
      EncoderConfiguration: "Delete",
      LogGroup: "Delete",
      LogsResourcePolicy: "Retain",
      IvsEventsRule: "Delete",
      MediaConvertRole: "Delete",
    });
    expect(
      policies(true).every(([, deletion, replace]) => deletion === "Retain" && replace === "Retain"),
    ).toBe(true);
  });
});
