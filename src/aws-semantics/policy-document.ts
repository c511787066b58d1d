/**
 * Reading policy documents as AWS returns them (JSON text, URL-encoded by IAM) into the policy
 * language of policy-types.ts. Shared by the emulator, the evaluator and the tool.
 */
import type { OneOrMany, PolicyDocument, PolicyStatement } from "./policy-types.js";

/** A policy document (or statement) that is not valid JSON or not shaped like a policy. */
export class PolicyParseError extends Error {
  override name = "PolicyParseError";
}

/**
 * Read a policy document from JSON text or pass an object through. IAM returns role and inline
 * policies URL-encoded (RFC 3986) and the SDK does not decode them (AWS-FACTS §5.3), so text that
 * starts with `%7B` is decoded first.
 */
export function parsePolicyDocument(input: string | PolicyDocument): PolicyDocument {
  if (typeof input !== "string") return checkDocumentShape(input);
  let text = input.trim();
  if (/^%7B/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      throw new PolicyParseError("The policy document is not valid URL-encoded text");
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PolicyParseError(`The policy document is not valid JSON: ${(error as Error).message}`);
  }
  return checkDocumentShape(parsed);
}

/** Read one statement from JSON text or pass an object through. */
export function parsePolicyStatement(input: string | PolicyStatement): PolicyStatement {
  if (typeof input !== "string") return checkStatementShape(input);
  try {
    return checkStatementShape(JSON.parse(input));
  } catch (error) {
    if (error instanceof PolicyParseError) throw error;
    throw new PolicyParseError(`The policy statement is not valid JSON: ${(error as Error).message}`);
  }
}

/** The statements of a document as a list (a lone statement object is a list of one). */
export function statementsOf(doc: PolicyDocument): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

function checkDocumentShape(value: unknown): PolicyDocument {
  if (!isPlainObject(value)) throw new PolicyParseError("The policy document must be a JSON object");
  const statement = value.Statement;
  if (statement === undefined) throw new PolicyParseError("The policy document has no Statement");
  for (const s of Array.isArray(statement) ? statement : [statement]) checkStatementShape(s);
  return value as unknown as PolicyDocument;
}

function checkStatementShape(value: unknown): PolicyStatement {
  if (!isPlainObject(value)) throw new PolicyParseError("Each policy statement must be a JSON object");
  return value as unknown as PolicyStatement;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value or list of values as a list. */
export function toList<T>(value: OneOrMany<T> | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
