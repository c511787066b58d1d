/**
 * The emulated STS (awsQuery, version 2011-06-15): GetCallerIdentity, which yolo uses to learn
 * the account. Every caller is the IAM user `emulator` of the account its access key maps to.
 */
import { createHash } from "node:crypto";
import { AwsError } from "../errors.js";
import {
  identifyQueryAction,
  queryParams,
  queryResponse,
  renderQueryError,
  STS_NAMESPACE,
} from "../protocols/query.js";
import { el } from "../protocols/xml.js";
import { stsRules } from "../rules/sts.js";
import type { EmulatedService } from "../types.js";

const STS_VERSION = "2011-06-15";
/** The IAM user every STS caller is, in the account its access key maps to. */
export const EMULATOR_USER_NAME = "emulator";

/** A stable `AIDA…` user id (21 characters) for the caller's account and access key. */
function userIdFor(account: string, accessKeyId: string): string {
  const digest = createHash("sha256").update(`${account}/${accessKeyId}`).digest();
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let id = "AIDA";
  for (let i = 0; i < 17; i++) id += alphabet[digest[i] % alphabet.length];
  return id;
}

/** The emulated STS service (signing name `sts`). */
export const stsService: EmulatedService = {
  name: "sts",
  identify: (request) =>
    identifyQueryAction(queryParams(request), STS_VERSION, Object.keys(stsRules), () => false),
  handle(operation, request) {
    if (operation !== "GetCallerIdentity")
      throw new AwsError(
        "InvalidAction",
        `Could not find operation ${operation} for version ${STS_VERSION}`,
        400,
      );
    const account = request.account;
    return queryResponse(
      operation,
      STS_NAMESPACE,
      el("UserId", userIdFor(account, request.accessKeyId)) +
        el("Account", account) +
        el("Arn", `arn:aws:iam::${account}:user/${EMULATOR_USER_NAME}`),
    );
  },
  renderError: (error) => renderQueryError(error, STS_NAMESPACE),
};
