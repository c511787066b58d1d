/**
 * The REST-JSON protocol (IVS real-time): the operation is in the method and path, input and
 * output are JSON, and the error code travels in the `x-amzn-ErrorType` header.
 */
import { randomUUID } from "node:crypto";
import type { AwsError } from "../errors.js";
import type { EmulatorResponse } from "../types.js";

/** A REST-JSON (IVS) success response. */
export function restJsonResponse(body: unknown, status = 200): EmulatorResponse {
  return {
    status,
    headers: { "content-type": "application/json", "x-amzn-requestid": randomUUID() },
    body: body === undefined ? "" : JSON.stringify(body),
  };
}

/** IVS's error shape: header `x-amzn-ErrorType`, body with `exceptionMessage` and `message`. */
export function renderRestJsonError(error: AwsError): EmulatorResponse {
  return {
    status: error.status,
    headers: {
      "content-type": "application/json",
      "x-amzn-requestid": randomUUID(),
      "x-amzn-errortype": error.code,
    },
    body: JSON.stringify({ exceptionMessage: error.message, message: error.message, ...error.extra }),
  };
}

/** Parse a JSON request body; an empty body is `{}`. */
export function parseJsonBody(body: Buffer): Record<string, any> | undefined {
  const text = body.toString();
  if (text.trim() === "") return {};
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
