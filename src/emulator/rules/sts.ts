/**
 * The STS input constraints the emulator checks, as AWS's model (sts-2011-06-15) states them.
 * GetCallerIdentity takes no input; the entry is here so the model test confirms the operation.
 */
import type { ServiceRules } from "./validate.js";

export const stsRules: ServiceRules = {
  GetCallerIdentity: {},
};
