/** Logical IDs of the templates' resources (the test that compares with `sync` reads them too). */
export const REGIONAL_IDS = {
  bucket: "RecordingBucket",
  bucketPolicy: "RecordingBucketPolicy",
  storageConfiguration: "StorageConfiguration",
  encoderConfiguration: "EncoderConfiguration",
  logGroup: "LogGroup",
  logsResourcePolicy: "LogsResourcePolicy",
  rule: "IvsEventsRule",
} as const;

export const GLOBAL_IDS = { role: "MediaConvertRole" } as const;
