import "./services/ivs-recording.js";

export {
  type BucketPropagationError,
  DEFAULT_SETTINGS,
  type EmulatorSettings,
  type FaultPreset,
  type FaultRule,
  type LoggedRequest,
  PENDING_VERIFICATION_OPERATIONS,
} from "./controls.js";
export { AwsError } from "./errors.js";
export {
  ADMIN_PREFIX,
  DEFAULT_ACCOUNT,
  type Emulator,
  type EmulatorOptions,
  type RequestAuthorizer,
  startEmulator,
} from "./server.js";
