/**
 * The AWS regions where Amazon IVS real-time (stages, compositions, storage and encoder
 * configurations) exists. The one place this list lives: the manifest validator, the JSON
 * Schema, the emulator and the docs all read it from here.
 */
export const IVS_REALTIME_REGIONS = [
  "us-east-1",
  "us-west-2",
  "eu-west-1",
  "eu-central-1",
  "ap-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
] as const;

export type IvsRegion = (typeof IVS_REALTIME_REGIONS)[number];

export function isIvsRealtimeRegion(region: string): region is IvsRegion {
  return (IVS_REALTIME_REGIONS as readonly string[]).includes(region);
}

/** CloudWatch Logs' allowed `retentionInDays` values (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
