/** The manifest (`yolo.yml`): load with positions, validate, resolve an environment, describe as JSON Schema. */

export { bucketNameProblems, isValidBucketName } from "./bucket-name.js";
export { isManifestError, ManifestError, ManifestErrors, type ManifestProblem } from "./errors.js";
export { type JsonSchema, manifestJsonSchema } from "./json-schema.js";
export {
  loadManifest,
  loadManifestSync,
  type Manifest,
  type ManifestNode,
  type Position,
  parseManifest,
} from "./load.js";
export { names, ownershipOf, yoloTags } from "./names.js";
export { IVS_REALTIME_REGIONS, isIvsRealtimeRegion, LOG_RETENTION_DAYS } from "./regions.js";
export { NAME_PATTERN } from "./schema.js";
export {
  DEFAULT_LOG_RETENTION_DAYS,
  DEFAULT_VIDEO,
  type EnvironmentConfig,
  type VideoSettings,
} from "./types.js";
export { environmentNames, resolveEnvironment, validateManifest } from "./validate.js";
