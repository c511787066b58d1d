/**
 * Every service's input rules with the AWS model they restate (a file in ../shared/aws-models),
 * so one test (test/emulator/model-rules.test.ts) can hold each rule against its model.
 */

import type { ServiceName } from "../types.js";
import { eventsRules } from "./events.js";
import { iamRules } from "./iam.js";
import { ivsRules } from "./ivs.js";
import { logsRules } from "./logs.js";
import { s3Rules } from "./s3.js";
import { stsRules } from "./sts.js";
import type { ServiceRules } from "./validate.js";

export interface ServiceRulesEntry {
  service: ServiceName;
  /** The Smithy JSON model's file name in ../shared/aws-models. */
  modelFile: string;
  rules: ServiceRules;
}

export const SERVICE_RULES: readonly ServiceRulesEntry[] = [
  { service: "s3", modelFile: "s3-2006-03-01.json", rules: s3Rules },
  { service: "ivs", modelFile: "ivs-realtime-2020-07-14.json", rules: ivsRules },
  { service: "logs", modelFile: "cloudwatch-logs-2014-03-28.json", rules: logsRules },
  { service: "events", modelFile: "eventbridge-2015-10-07.json", rules: eventsRules },
  { service: "sts", modelFile: "sts-2011-06-15.json", rules: stsRules },
  { service: "iam", modelFile: "iam-2010-05-08.json", rules: iamRules },
];
