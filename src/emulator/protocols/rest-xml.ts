/**
 * The REST-XML protocol (S3): responses are XML documents in S3's namespace, or bodiless for most
 * Puts and Deletes; every response carries S3's request-id headers.
 */
import { randomUUID } from "node:crypto";
import type { AwsError } from "../errors.js";
import type { EmulatorRequest, EmulatorResponse } from "../types.js";
import { el, escapeXml } from "./xml.js";

/** The XML namespace of S3's responses. */
export const S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

function requestIdHeaders(): Record<string, string> {
  return {
    "x-amz-request-id": randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase(),
    "x-amz-id-2": randomUUID(),
  };
}

/** A REST-XML (S3) success response with the given root element and inner XML. */
export function xmlResponse(
  root: string,
  inner: string,
  status = 200,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers: { "content-type": "application/xml", ...requestIdHeaders(), ...headers },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}">${inner}</${root}>`,
  };
}

/** A REST-XML success with no body (204 for deletes and most Puts). */
export function emptyResponse(status = 204, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { ...requestIdHeaders(), ...headers } };
}

/** S3's error shape: `<Error><Code/><Message/>…</Error>`; HEAD responses carry no body. */
export function renderS3Error(error: AwsError, request: EmulatorRequest): EmulatorResponse {
  const headers = { ...requestIdHeaders(), ...error.headers };
  if (request.method === "HEAD") return { status: error.status, headers };
  const extra = Object.entries(error.extra)
    .map(([k, v]) => el(k, v))
    .join("");
  return {
    status: error.status,
    headers: { "content-type": "application/xml", ...headers },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${extra}<RequestId>${headers["x-amz-request-id"]}</RequestId><HostId>${headers["x-amz-id-2"]}</HostId></Error>`,
  };
}
