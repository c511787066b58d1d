/** What an app does with the values `yolo sync` printed: record a stage into the region's bucket. */
import { CreateStageCommand, StartCompositionCommand } from "@aws-sdk/client-ivs-realtime";
import type { EmulatorHandle } from "./emulator.js";

/** The values of one region's env block that an app records with. */
export interface RecordingVars {
  AWS_IVS_STORAGE_CONFIGURATION_ARN: string;
  AWS_IVS_ENCODER_CONFIGURATION_ARN: string;
}

/** Create a stage and record it into S3 with `vars`, as an app does; throws when IVS starts nothing. */
export async function startRecording(
  handle: Pick<EmulatorHandle, "clients">,
  region: string,
  vars: RecordingVars | Record<string, string>,
  stageName = "live-show",
) {
  const ivs = await handle.clients.ivs(region);
  const stage = await ivs.send(new CreateStageCommand({ name: stageName }));
  const started = await ivs.send(
    new StartCompositionCommand({
      stageArn: stage.stage?.arn,
      destinations: [
        {
          s3: {
            storageConfigurationArn: vars.AWS_IVS_STORAGE_CONFIGURATION_ARN,
            encoderConfigurationArns: [vars.AWS_IVS_ENCODER_CONFIGURATION_ARN],
          },
        },
      ],
    }),
  );
  const composition = started.composition;
  if (!composition?.arn) throw new Error("StartComposition returned no composition");
  const prefix = composition.destinations?.[0]?.detail?.s3?.recordingPrefix;
  return { arn: composition.arn, prefix, stageArn: stage.stage?.arn, composition };
}
