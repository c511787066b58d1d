/**
 * An account that StackSets provisioned from the exported templates (each stack instance created
 * as CloudFormation's handlers create it) is one yolo knows: `yolo env` finds the same values as
 * the stack outputs, `yolo verify` passes (also once a stack update has dropped IVS's own
 * bucket-policy statement), and `yolo sync --check` finds nothing to change, so an
 * environment moves back from StackSets to `yolo sync` without recreating anything.
 */
import { GetBucketPolicyCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { manifestDir, yoloRun } from "../helpers/cli.js";
import { deployStack } from "../helpers/cloudformation-deploy.js";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { ENV, manifestYaml } from "../helpers/manifests.js";

const handle = useEmulator();
const REGIONS = ["us-east-1", "eu-west-1"];

describe("an account provisioned by StackSets from yolo export", () => {
  it("yolo env agrees with the stack outputs, yolo verify passes, and yolo sync --check finds nothing to change", async () => {
    const cwd = manifestDir(
      manifestYaml({
        regions: REGIONS,
        mediaconvert: true,
        logging: true,
        recording: true,
        expireAfterDays: 30,
      }),
    );
    const exported = await yoloRun(handle, cwd, "export", "cloudformation", ENV, "--format", "json");
    expect(exported.code, exported.stderr).toBe(0);
    const { regional, global } = exported.json();

    // The global StackSet first (one region per account), then the regional one in every IVS region.
    await deployStack(handle.clients, global, { region: "us-east-1", account: ACCOUNT });
    const outputs: Record<string, Record<string, string>> = {};
    for (const region of REGIONS) {
      const stack = await deployStack(handle.clients, regional, { region, account: ACCOUNT });
      outputs[region] = stack.outputs;
      // A later stack update writes the bucket policy whole again: IVS's CompositeWrite-* statement
      // (added when the storage configuration was created) is gone, and yolo's grant must do.
      const s3 = await handle.clients.s3(region);
      const Bucket = stack.resources.RecordingBucket.properties.BucketName;
      const Policy = JSON.stringify(stack.resources.RecordingBucketPolicy.properties.PolicyDocument);
      expect((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy).toContain("CompositeWrite");
      await s3.send(new PutBucketPolicyCommand({ Bucket, Policy }));
      expect((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy).not.toContain("CompositeWrite");
    }

    const env = await yoloRun(handle, cwd, "env", ENV, "--json");
    expect(env.code, env.stderr).toBe(0);
    for (const region of REGIONS)
      expect(env.json().env[region]).toEqual({
        AWS_IVS_REALTIME_RECORDINGS_BUCKET: outputs[region].AwsIvsRealtimeRecordingsBucket,
        AWS_IVS_STORAGE_CONFIGURATION_ARN: outputs[region].AwsIvsStorageConfigurationArn,
        AWS_IVS_ENCODER_CONFIGURATION_ARN: outputs[region].AwsIvsEncoderConfigurationArn,
      });

    const verify = await yoloRun(handle, cwd, "verify", ENV);
    expect(verify.code, `${verify.stdout}\n${verify.stderr}`).toBe(0);

    const check = await yoloRun(handle, cwd, "sync", ENV, "--check", "--json");
    expect(check.code, check.stdout).toBe(0);
    expect(check.writes).toEqual([]);
  });
});
