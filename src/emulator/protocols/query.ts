/**
 * The AWS Query protocol (STS, IAM): form-encoded `Action=…&Version=…` parameters in, XML
 * `<{Op}Response>` out, errors as `<ErrorResponse>`.
 */
import { randomUUID } from "node:crypto";
import { AwsError } from "../errors.js";
import type { EmulatorRequest, EmulatorResponse, OperationInfo } from "../types.js";
import { escapeXml } from "./xml.js";

/** XML namespaces of the awsQuery services' responses. */
export const STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
export const IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

/** The form parameters of an awsQuery request (`Action=…&Version=…&…`). */
export function parseForm(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString());
}

/** The form parameters of a request, from the body (POST) or the query string (GET). */
export function queryParams(request: EmulatorRequest): URLSearchParams {
  return request.body.length > 0 ? parseForm(request.body) : request.query;
}

/**
 * `Action` + `Version` → the operation, or the query protocol's error for a missing or unknown
 * action (STS and IAM both answer `Could not find operation X for version Y`).
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

/** `Tags.member.1.Key=a&Tags.member.1.Value=b` → `[{Key: "a", Value: "b"}]` (any member fields). */
export function formList(params: URLSearchParams, name: string): Record<string, string>[] {
  const items = new Map<number, Record<string, string>>();
  const prefix = `${name}.member.`;
  for (const [key, value] of params) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const dot = rest.indexOf(".");
    const index = Number(dot === -1 ? rest : rest.slice(0, dot));
    const field = dot === -1 ? "" : rest.slice(dot + 1);
    const item = items.get(index) ?? {};
    item[field] = value;
    items.set(index, item);
  }
  return [...items.entries()].sort(([a], [b]) => a - b).map(([, item]) => item);
}

/** `<{Op}Response><{Op}Result>…</{Op}Result><ResponseMetadata>…` */
export function queryResponse(operation: string, namespace: string, resultXml: string): EmulatorResponse {
  const requestId = randomUUID();
  const result = resultXml === "" ? "" : `<${operation}Result>${resultXml}</${operation}Result>`;
  return {
    status: 200,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body: `<${operation}Response xmlns="${namespace}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
  };
}

/** `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>` */
export function renderQueryError(error: AwsError, namespace: string): EmulatorResponse {
  const requestId = randomUUID();
  const type = error.extra.Type ?? (error.status >= 500 ? "Receiver" : "Sender");
  return {
    status: error.status,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body: `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}
