/**
 * The app most tests provision, as a yolo.yml text (for tests that run the CLI) and as the
 * `EnvironmentConfig` the manifest loader would make of it (for tests that run steps directly).
 * Tests whose point is the YAML text itself (manifest parsing, the bad-manifest corpus) spell it out.
 */
import type { EnvironmentConfig, VideoSettings } from "../../src/manifest/types.js";

export const APP = "acme-live";
export const ENV = "production";

/**
 * What goes into the manifest. A key left undefined is left out of the YAML (so the loader's
 * default applies); a boolean given is written, `false` included.
 */
export interface ManifestOptions {
  /** `name:`; {@link APP} by default. */
  app?: string;
  /** The one environment's name; {@link ENV} by default. */
  env?: string;
  /** `aws.region`; us-east-1 by default. */
  homeRegion?: string;
  /** `aws.mediaconvert`. */
  mediaconvert?: boolean;
  /** `aws.ivs.regions`, written as a flow list. */
  regions?: readonly string[];
  /** `aws.ivs.logging`. */
  logging?: boolean;
  /** `aws.ivs.log-retention-days`. */
  logRetentionDays?: number;
  /** `aws.ivs.recording.real_time`; the `recording` map is written when this is set. */
  recording?: boolean;
  /** `aws.ivs.recording.video`, written as a flow map. */
  video?: Partial<VideoSettings>;
  /** `aws.ivs.recording.expire-after-days`. */
  expireAfterDays?: number;
  /** `aws.ivs.recording.buckets`: explicit bucket names per region. */
  buckets?: Record<string, string>;
}

/** A yolo.yml with one environment; the `ivs` map is written when any IVS option is set. */
export function manifestYaml(options: ManifestOptions = {}): string {
  const { app = APP, env = ENV, homeRegion = "us-east-1" } = options;
  const lines = [`name: ${app}`, "environments:", `  ${env}:`, "    aws:", `      region: ${homeRegion}`];
  if (options.mediaconvert !== undefined) lines.push(`      mediaconvert: ${options.mediaconvert}`);
  const ivs = ivsLines(options);
  if (ivs.length > 0) lines.push("      ivs:", ...ivs);
  return `${lines.join("\n")}\n`;
}

function ivsLines(options: ManifestOptions): string[] {
  const lines: string[] = [];
  if (options.regions) lines.push(`        regions: [${options.regions.join(", ")}]`);
  if (options.logging !== undefined) lines.push(`        logging: ${options.logging}`);
  if (options.logRetentionDays !== undefined)
    lines.push(`        log-retention-days: ${options.logRetentionDays}`);
  if (options.recording === undefined) return lines;
  lines.push("        recording:", `          real_time: ${options.recording}`);
  if (options.video) {
    const settings = Object.entries(options.video).map(([key, value]) => `${key}: ${value}`);
    lines.push(`          video: {${settings.join(", ")}}`);
  }
  if (options.expireAfterDays !== undefined)
    lines.push(`          expire-after-days: ${options.expireAfterDays}`);
  if (options.buckets) {
    lines.push("          buckets:");
    for (const [region, bucket] of Object.entries(options.buckets))
      lines.push(`            ${region}: ${bucket}`);
  }
  return lines;
}

/** Changes to {@link environmentConfig}'s environment; `logging` and `recording` are merged key by key. */
export type EnvironmentOverrides = Partial<Omit<EnvironmentConfig, "logging" | "recording">> & {
  logging?: Partial<EnvironmentConfig["logging"]>;
  recording?: Partial<EnvironmentConfig["recording"]>;
};

/**
 * An environment as the loader resolves it, for tests that hand it to steps directly: the app in
 * us-east-1 with IVS on and every feature off, changed by `overrides`.
 */
export function environmentConfig(overrides: EnvironmentOverrides = {}): EnvironmentConfig {
  const { logging, recording, ...rest } = overrides;
  return {
    manifestPath: "yolo.yml",
    app: APP,
    environment: ENV,
    homeRegion: "us-east-1",
    mediaconvert: false,
    ivsEnabled: true,
    regions: ["us-east-1"],
    ...rest,
    logging: { enabled: false, retentionDays: 14, ...logging },
    recording: {
      enabled: false,
      video: { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 },
      buckets: {},
      ...recording,
    },
  };
}
