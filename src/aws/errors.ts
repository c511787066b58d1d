/** AWS errors are recognised in aws-semantics/errors.ts; re-exported for the modules that read them here. */
export {
  awsMessage,
  describeAwsError,
  errorName,
  httpStatus,
  isError,
  isPendingVerification,
  PENDING_VERIFICATION_MESSAGE,
  type SdkError,
} from "../aws-semantics/errors.js";
