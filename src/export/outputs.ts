/**
 * The stacks' outputs: the app's environment variables (SPEC §6), so the stack outputs and
 * `yolo env` agree. Output keys are the variable names in CamelCase (CloudFormation takes only
 * letters and digits there); each description names the variable.
 */
import {
  BUCKET_KEY,
  ENCODER_CONFIGURATION_KEY,
  REGION_KEY,
  STORAGE_CONFIGURATION_KEY,
} from "../engine/env-vars.js";
import { REGIONAL_IDS } from "./ids.js";
import { type CfnOutput, getAtt, ref } from "./template.js";

/** `AWS_IVS_REALTIME_RECORDINGS_BUCKET` → `AwsIvsRealtimeRecordingsBucket`. */
export function outputKey(variable: string): string {
  return variable
    .toLowerCase()
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

function output(variable: string, value: CfnOutput["Value"]): [string, CfnOutput] {
  return [outputKey(variable), { Description: `${variable}: the app's environment variable`, Value: value }];
}

export function regionalOutputs(recording: boolean): Record<string, CfnOutput> {
  return Object.fromEntries([
    output(REGION_KEY, ref("AWS::Region")),
    ...(recording
      ? [
          output(BUCKET_KEY, ref(REGIONAL_IDS.bucket)),
          output(STORAGE_CONFIGURATION_KEY, getAtt(REGIONAL_IDS.storageConfiguration, "Arn")),
          output(ENCODER_CONFIGURATION_KEY, getAtt(REGIONAL_IDS.encoderConfiguration, "Arn")),
        ]
      : []),
  ]);
}
