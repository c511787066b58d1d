/**
 * Request plumbing shared by the emulated JSON 1.1 services (Logs, EventBridge): operation lookup
 * by `x-amz-target`, body parsing and model-rule validation.
 */
import { AwsError } from "../errors.js";
import { targetOperation } from "../protocols/json-rpc.js";
import { type OperationRules, validateInput } from "../rules/validate.js";
import type { EmulatorRequest, OperationInfo } from "../types.js";

/** `x-amz-target: {prefix}.{Operation}` → the operation, or 400 UnknownOperationException. */
export function identifyTarget(
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
export function parseJsonBody(request: EmulatorRequest): Record<string, any> {
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

/** Check an input against the operation's model rules; a violation becomes `code` (400). */
export function checkRules(rules: OperationRules | undefined, input: unknown, code: string): void {
  if (!rules) return;
  const violation = validateInput(rules, input);
  if (violation) throw new AwsError(code, `1 validation error detected: ${violation.message}`, 400);
}
