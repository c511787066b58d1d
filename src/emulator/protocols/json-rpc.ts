import { randomUUID } from "node:crypto";
import type { AwsError } from "../errors.js";
import type { EmulatorRequest, EmulatorResponse } from "../types.js";

const CONTENT_TYPE = "application/x-amz-json-1.1";

/** The operation named by `x-amz-target: {Prefix}.{Operation}`, when the prefix matches. */
export function targetOperation(request: EmulatorRequest, prefix: string): string | undefined {
  const target = request.headers["x-amz-target"];
  if (!target?.startsWith(`${prefix}.`)) return undefined;
  return target.slice(prefix.length + 1);
}

/** A JSON 1.1 (Logs, EventBridge) success response. */
export function jsonRpcResponse(body: unknown = {}): EmulatorResponse {
  return {
    status: 200,
    headers: { "content-type": CONTENT_TYPE, "x-amzn-requestid": randomUUID() },
    body: JSON.stringify(body ?? {}),
  };
}

/** JSON 1.1 error shape: body `{"__type": code, "message": …}`. */
export function renderJsonRpcError(error: AwsError): EmulatorResponse {
  return {
    status: error.status,
    headers: { "content-type": CONTENT_TYPE, "x-amzn-requestid": randomUUID() },
    body: JSON.stringify({ __type: error.code, message: error.message, ...error.extra }),
  };
}
