/**
 * The emulated STS (awsQuery, version 2011-06-15): GetCallerIdentity, which yolo uses to learn
 * the account. Every caller is the IAM user `emulator` of the account its access key maps to.
 */
import { createHash } from "node:crypto";
import { AwsError } from "../errors.js";
import { parseForm, queryResponse, renderQueryError, STS_NAMESPACE } from "../protocols/query.js";
import { el } from "../protocols/xml.js";
import { stsRules } from "../rules/sts.js";
import type { EmulatedService, EmulatorRequest, OperationInfo } from "../types.js";

const STS_VERSION = "2011-06-15";
export const EMULATOR_USER_NAME = "emulator";

/** The form parameters, from the body (POST) or the query string (GET). */
function queryParams(request: EmulatorRequest): URLSearchParams {
  return request.body.length > 0 ? parseForm(request.body) : request.query;
}

/**
 * `Action` + `Version` → the operation, or the query protocol's error for a missing or unknown
 * action (shared by STS and IAM: both answer `Could not find operation X for version Y`).
 */
export function identifyQueryAction(
  params: URLSearchParams,
  version: string,
  operations: readonly string[],
  mutating: (operation: string) => boolean,
): OperationInfo | AwsError {
  const action = params.get("Action");
  if (!action) return new AwsError("MissingAction", "Missing Action", 400);
  const requested = params.get("Version");
  if (requested !== version || !operations.includes(action))
    return new AwsError(
      "InvalidAction",
      `Could not find operation ${action} for version ${requested ?? "NO_VERSION_SPECIFIED"}`,
      400,
    );
  return { operation: action, mutating: mutating(action) };
}

/** A stable `AIDA…` user id (21 characters) for the caller's account and access key. */
function userIdFor(account: string, accessKeyId: string): string {
  const digest = createHash("sha256").update(`${account}/${accessKeyId}`).digest();
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let id = "AIDA";
  for (let i = 0; i < 17; i++) id += alphabet[digest[i] % alphabet.length];
  return id;
}

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
