/** Encoder video settings (IVS real-time `Video`). */
export interface VideoSettings {
  width: number;
  height: number;
  framerate: number;
  bitrate: number;
}

export const DEFAULT_VIDEO: VideoSettings = { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 };
export const DEFAULT_LOG_RETENTION_DAYS = 14;

/** Where in the manifest file a value came from (1-based). */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/**
 * One environment of the manifest, validated and with every default applied: the desired state
 * the sync commands work from. Everything else (names, tags, policies) is derived from it.
 */
export interface EnvironmentConfig {
  /** Path of the manifest file it was read from. */
  manifestPath: string;
  app: string;
  environment: string;
  /** The app's home region (`environments.<env>.aws.region`). */
  homeRegion: string;
  /** `aws.account-id` when set: the caller's account must match. */
  accountId?: string;
  mediaconvert: boolean;
  /** false when `aws.ivs` is absent or false: every IVS step is SKIPPED. */
  ivsEnabled: boolean;
  /** Resolved IVS regions, in manifest order (regions → [region] → [aws.region]). */
  regions: string[];
  /**
   * `switchedOff`: the manifest says `false` (`logging: false`, `recording: {real_time: false}`)
   * rather than leaving the key out, so sync looks for what the feature left behind (ORPHANED).
   */
  logging: { enabled: boolean; retentionDays: number; switchedOff?: true };
  recording: {
    enabled: boolean;
    switchedOff?: true;
    video: VideoSettings;
    expireAfterDays?: number;
    /** Explicit bucket names per region (adopted by consent). */
    buckets: Record<string, string>;
  };
}
