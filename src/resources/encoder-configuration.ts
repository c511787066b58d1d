/**
 * The app's IVS encoder configuration in one region: the `video` settings of composite
 * recordings. Immutable in AWS: a changed `video` means create the new one, hand out its ARN,
 * and delete the old one unless a composition still uses it. Destroy deletes every one of the app's.
 */
import type { EncoderConfigurationSummary, Video } from "@aws-sdk/client-ivs-realtime";
import { isError } from "../aws/errors.js";
import { collectByNextToken } from "../aws/paginate.js";
import type { StepPlan } from "../engine/plan.js";
import type { EarlyReadContext, PlanContext, ResourceStep } from "../engine/step.js";
import type { CallDeclaration } from "../iam/calls.js";
import { ANY_RESOURCE, arns } from "../iam/resources.js";
import { names } from "../manifest/names.js";
import { DEFAULT_VIDEO, type VideoSettings } from "../manifest/types.js";
import { configurationUsesCalls, withConfigurationUses } from "./composition-usage.js";
import { recordingGate } from "./gates.js";
import {
  type ConfigurationsForDestroy,
  type IvsConfiguration,
  planConfigurationSync,
  planConfigurationsDestroy,
} from "./ivs-configurations.js";

export interface LiveEncoderConfiguration extends IvsConfiguration {
  /** From GetEncoderConfiguration (List answers carry no video). */
  video?: Video;
}

/**
 * The video a configuration records with. A member AWS leaves out is its documented default
 * (1280×720, 30 fps, 2.5 Mbps), which is what a create without it produced.
 */
export function effectiveVideo(video: Video | undefined): VideoSettings {
  return {
    width: video?.width ?? DEFAULT_VIDEO.width,
    height: video?.height ?? DEFAULT_VIDEO.height,
    framerate: video?.framerate ?? DEFAULT_VIDEO.framerate,
    bitrate: video?.bitrate ?? DEFAULT_VIDEO.bitrate,
  };
}

/** Numerically equal settings (framerate is a float: `30` and `30.0` are the same). */
export function sameVideo(a: VideoSettings, b: VideoSettings): boolean {
  return (
    Number(a.width) === Number(b.width) &&
    Number(a.height) === Number(b.height) &&
    Math.abs(Number(a.framerate) - Number(b.framerate)) < 1e-6 &&
    Number(a.bitrate) === Number(b.bitrate)
  );
}

/** Every encoder configuration of the app's name in the region, each with its video (List answers carry none). */
export async function readEncoderConfigurations(ctx: EarlyReadContext): Promise<LiveEncoderConfiguration[]> {
  const { ListEncoderConfigurationsCommand, GetEncoderConfigurationCommand } = await import(
    "../aws/sdk/ivs.js"
  );
  const ivs = await ctx.clients.ivs(ctx.region);
  const name = names.encoderConfiguration(ctx.config.environment, ctx.config.app);
  const summaries = await collectByNextToken(
    (nextToken) => ivs.send(new ListEncoderConfigurationsCommand({ nextToken })),
    (page) => page.encoderConfigurations,
  );
  const named = summaries.filter(
    (s): s is EncoderConfigurationSummary & { arn: string } => s.name === name && s.arn !== undefined,
  );
  const detailed = await ctx.all(
    named.map((summary) => async (): Promise<LiveEncoderConfiguration | undefined> => {
      try {
        const out = await ivs.send(new GetEncoderConfigurationCommand({ arn: summary.arn }));
        return {
          arn: summary.arn,
          name: summary.name,
          tags: out.encoderConfiguration?.tags ?? summary.tags,
          video: out.encoderConfiguration?.video,
        };
      } catch (error) {
        // Deleted between the list and the get (another run's cleanup): it is no candidate.
        if (isError(error, "ResourceNotFoundException")) return undefined;
        throw error;
      }
    }),
  );
  return detailed.filter((c): c is LiveEncoderConfiguration => c !== undefined);
}

/** Pure: the one encoder configuration with the manifest's video. */
export function planEncoderConfigurationSync(ctx: PlanContext, live: LiveEncoderConfiguration[]): StepPlan {
  const name = names.encoderConfiguration(ctx.config.environment, ctx.config.app);
  const video = ctx.config.recording.video;
  return planConfigurationSync(ctx, {
    kind: "encoder configuration",
    name,
    live,
    attribute: "video",
    desired: video,
    valueOf: (c) => effectiveVideo(c.video),
    fits: (c) => sameVideo(effectiveVideo(c.video), video),
    create: {
      operation: "CreateEncoderConfiguration",
      input: { name, video: { ...video } },
      arnAt: "encoderConfiguration.arn",
    },
    deleteOperation: "DeleteEncoderConfiguration",
    output: "encoderConfigurationArn",
    currentOutput: "currentEncoderConfigurationArn",
  });
}

export const encoderConfigurationStep: ResourceStep<LiveEncoderConfiguration[]> = {
  id: "encoder-configuration",
  services: ["ivs"],
  resourceName: (ctx) => names.encoderConfiguration(ctx.config.environment, ctx.config.app),
  description: "Sync IVS encoder configuration",
  scope: "region",
  dependsOn: [],
  gate: recordingGate,
  read: readEncoderConfigurations,
  readEarly: readEncoderConfigurations,
  plan: planEncoderConfigurationSync,
};

/** Every encoder configuration of the region, as List answers it (destroy needs no video). */
export async function listEncoderConfigurations(ctx: EarlyReadContext): Promise<IvsConfiguration[]> {
  const { ListEncoderConfigurationsCommand } = await import("../aws/sdk/ivs.js");
  const ivs = await ctx.clients.ivs(ctx.region);
  const summaries = await collectByNextToken(
    (nextToken) => ivs.send(new ListEncoderConfigurationsCommand({ nextToken })),
    (page) => page.encoderConfigurations,
  );
  return summaries.flatMap((s) => (s.arn ? [{ arn: s.arn, name: s.name, tags: s.tags }] : []));
}

/** Destroy's read: every encoder configuration of the region, and the compositions that use the app's. */
function readEncoderConfigurationsForDestroy(ctx: EarlyReadContext): Promise<ConfigurationsForDestroy> {
  return withConfigurationUses(
    ctx,
    listEncoderConfigurations,
    names.encoderConfiguration(ctx.config.environment, ctx.config.app),
  );
}

/** Delete the app's encoder configurations in the region. */
export const destroyEncoderConfigurationStep: ResourceStep<ConfigurationsForDestroy> = {
  id: "encoder-configuration",
  services: ["ivs"],
  description: "Destroy IVS encoder configuration",
  scope: "region",
  dependsOn: [],
  gate: () => ({ enabled: true }),
  read: readEncoderConfigurationsForDestroy,
  readEarly: readEncoderConfigurationsForDestroy,
  plan: (ctx, live) =>
    planConfigurationsDestroy(ctx, {
      kind: "encoder configuration",
      name: names.encoderConfiguration(ctx.config.environment, ctx.config.app),
      ...live,
      deleteOperation: "DeleteEncoderConfiguration",
    }),
};

/**
 * The calls of reading the encoder configurations (sync's read and `yolo verify`'s): List (no
 * resource-level permission exists), then each one's video.
 */
export const verifyEncoderConfigurationCalls: CallDeclaration = (scope) => [
  {
    sid: "IvsListConfigurations",
    access: "read",
    calls: ["IVSRealTime.ListEncoderConfigurations"],
    resources: [ANY_RESOURCE],
  },
  {
    sid: "IvsEncoderConfigurations",
    access: "read",
    calls: ["IVSRealTime.GetEncoderConfiguration"],
    resources: arns.encoderConfigurations(scope),
  },
];

/**
 * The calls of this step: the read (as verify's), then Create with tags, TagResource on drift,
 * and Delete when the video changed or a duplicate is removed.
 */
export const encoderConfigurationCalls: CallDeclaration = (scope) => [
  ...verifyEncoderConfigurationCalls(scope),
  {
    sid: "IvsEncoderConfigurations",
    access: "write",
    calls: [
      { operation: "IVSRealTime.CreateEncoderConfiguration", with: ["Tags"] },
      "IVSRealTime.TagResource",
      "IVSRealTime.DeleteEncoderConfiguration",
    ],
    resources: arns.encoderConfigurations(scope),
  },
];

/** The calls of destroy (its read of the compositions too). */
export const destroyEncoderConfigurationCalls: CallDeclaration = (scope) => [
  {
    sid: "IvsListConfigurations",
    access: "read",
    calls: ["IVSRealTime.ListEncoderConfigurations"],
    resources: [ANY_RESOURCE],
  },
  ...configurationUsesCalls(scope),
  {
    sid: "IvsEncoderConfigurations",
    access: "write",
    calls: ["IVSRealTime.DeleteEncoderConfiguration"],
    resources: arns.encoderConfigurations(scope),
  },
];
