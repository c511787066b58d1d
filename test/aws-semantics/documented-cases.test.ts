/**
 * Examples from AWS's documentation, as data (cases/*.json), each citing the page it comes from,
 * run through the shared implementations the emulator and the tool both use: the IAM policy
 * evaluator and the EventBridge event-pattern matcher.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { matchesEventPattern, parseEventPattern } from "../../src/aws-semantics/event-pattern.js";
import { evaluateIdentityPolicies, evaluatePolicies } from "../../src/aws-semantics/policy-evaluation.js";
import type {
  AccessRequest,
  Decision,
  IdentityAccessRequest,
  PolicyDocument,
} from "../../src/aws-semantics/policy-types.js";

interface PolicyCase {
  name: string;
  source: string;
  /** identity: policies attached to the caller (no Principal); resource: resource-based policies. */
  kind: "identity" | "resource";
  policies: PolicyDocument[];
  request: IdentityAccessRequest & { principal?: AccessRequest["principal"] };
  expected: Decision;
}

interface PatternCase {
  name: string;
  source: string;
  pattern: unknown;
  event: unknown;
  matches: boolean;
}

const casesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "cases");
const load = <T>(file: string): T[] => JSON.parse(readFileSync(path.join(casesDir, file), "utf8")) as T[];

const policyCases = load<PolicyCase>("iam-policy-evaluation.json");
const patternCases = load<PatternCase>("eventbridge-event-patterns.json");

const AWS_DOCS =
  /^https:\/\/docs\.aws\.amazon\.com\/(IAM|eventbridge)\/latest\/(UserGuide|userguide)\/[\w.-]+\.html$/;

function decide(c: PolicyCase): Decision {
  if (c.kind === "identity") return evaluateIdentityPolicies(c.policies, c.request).decision;
  if (!c.request.principal) throw new Error(`${c.name}: a resource-based case needs a principal`);
  return evaluatePolicies(c.policies, c.request as AccessRequest).decision;
}

describe("IAM policy evaluation, as AWS documents it", () => {
  it.each(policyCases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(c.source).toMatch(AWS_DOCS);
    expect(decide(c)).toBe(c.expected);
  });
});

describe("EventBridge event patterns, as AWS documents them", () => {
  it.each(patternCases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(c.source).toMatch(AWS_DOCS);
    // Through PutRule's path: the pattern as JSON text, validated, then matched.
    expect(matchesEventPattern(parseEventPattern(JSON.stringify(c.pattern)), c.event)).toBe(c.matches);
  });
});

describe("the documented cases", () => {
  it("are at least 60, with unique names, and cover allow, deny, implicit deny, match and no match", () => {
    expect(policyCases.length + patternCases.length).toBeGreaterThanOrEqual(60);
    const names = [...policyCases, ...patternCases].map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(policyCases.map((c) => c.expected))).toEqual(new Set(["allow", "deny", "implicit-deny"]));
    expect(new Set(patternCases.map((c) => c.matches))).toEqual(new Set([true, false]));
  });
});
