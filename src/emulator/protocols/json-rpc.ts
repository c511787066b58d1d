/**
 * The AWS JSON 1.1 protocol (CloudWatch Logs, EventBridge): every request is a POST naming its
 * operation in `x-amz-target: {Prefix}.{Operation}`, with a JSON object body; errors carry their
 * code in the body's `__type`. `jsonRpcService` serves a JSON 1.1 service from its table of
 * operations, so each service module holds only what is its own.
 */
import { randomUUID } from "node:crypto";
import { AwsError } from "../errors.js";
import { type OperationRules, type ServiceRules, validateInput } from "../rules/validate.js";
import type {
  EmulatedService,
  EmulatorRequest,
  EmulatorResponse,
  OperationInfo,
  ServiceContext,
  ServiceName,
} from "../types.js";

const CONTENT_TYPE = "application/x-amz-json-1.1";

/** The operation named by `x-amz-target: {Prefix}.{Operation}`, when the prefix matches. */
export function targetOperation(request: EmulatorRequest, prefix: string): string | undefined {
  const target = request.headers["x-amz-target"];
  if (!target?.startsWith(`${prefix}.`)) return undefined;
  return target.slice(prefix.length + 1);
}

/** `x-amz-target: {prefix}.{Operation}` → the operation, or 400 UnknownOperationException. */
function identifyTarget(
  request: EmulatorRequest,
  prefix: string,
  operations: readonly string[],
  mutating: (operation: string) => boolean,
): OperationInfo | AwsError {
  const operation = request.method === "POST" ? targetOperation(request, prefix) : undefined;
  if (operation === undefined || !operations.includes(operation))
    return new AwsError(
      "UnknownOperationException",
      `Unknown operation ${request.headers["x-amz-target"] ?? ""}`.trim(),
      400,
    );
  return { operation, mutating: mutating(operation) };
}

/** The JSON body as an object (an empty body is `{}`), or 400 SerializationException. */
function parseJsonRpcBody(request: EmulatorRequest): Record<string, any> {
  const text = request.body.toString("utf8").trim();
  if (text === "") return {};
  try {
    const parsed = JSON.parse(text);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed;
  } catch {
    // fall through
  }
  throw new AwsError("SerializationException", "Start of structure or map found where not expected.", 400);
}

/**
 * Check an input against the operation's model rules. JSON 1.1 services word a violation as
 * `1 validation error detected: …`, under their own error code (400).
 */
function checkModelRules(rules: OperationRules | undefined, input: unknown, code: string): void {
  if (!rules) return;
  const violation = validateInput(rules, input);
  if (violation) throw new AwsError(code, `1 validation error detected: ${violation.message}`, 400);
}

/** A JSON 1.1 success response. */
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

/** An operation of a JSON 1.1 service: the parsed, checked input in, the response body out. */
export type JsonRpcOperation<State> = (
  input: Record<string, any>,
  context: ServiceContext,
  state: State,
) => unknown;

/** What makes one JSON 1.1 service different from another. */
export interface JsonRpcServiceSpec<State> {
  name: ServiceName;
  /** The `x-amz-target` prefix: `Logs_20140328`, `AWSEvents`. */
  targetPrefix: string;
  operations: Record<string, JsonRpcOperation<State>>;
  /** The model's rules per operation (rules/*.ts). */
  rules: ServiceRules;
  /** The error code the service answers a model-rule violation with. */
  validationErrorCode: string;
  /** Operations that change nothing (`Describe…`, `List…`); all others count as mutating. */
  readOnly: RegExp;
  /** The state the operations work on, for the caller's account and the request's region. */
  stateOf(context: ServiceContext): State;
}

/**
 * A JSON 1.1 service: the operation from `x-amz-target`, the body parsed and checked against the
 * model's rules, the operation run on the caller's state, and errors in the `__type` shape.
 */
export function jsonRpcService<State>(spec: JsonRpcServiceSpec<State>): EmulatedService {
  const names = Object.keys(spec.operations);
  return {
    name: spec.name,
    identify: (request) =>
      identifyTarget(request, spec.targetPrefix, names, (operation) => !spec.readOnly.test(operation)),
    handle(operation, request, context) {
      const input = parseJsonRpcBody(request);
      checkModelRules(spec.rules[operation], input, spec.validationErrorCode);
      return jsonRpcResponse(spec.operations[operation](input, context, spec.stateOf(context)));
    },
    renderError: (error) => renderJsonRpcError(error),
  };
}
