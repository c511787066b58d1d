/**
 * IAM policy evaluation for one request against resource-based policies (bucket, Logs resource,
 * trust policies) or identity-based policies: an explicit Deny wins, else an Allow allows, else the
 * request is implicitly denied. Policy variables (`${aws:username}`) are not expanded: the tool's
 * documents use none, and such text is matched literally.
 */
import { parsePolicyDocument, statementsOf, toList } from "./policy-document.js";
import type {
  AccessRequest,
  ConditionBlock,
  Evaluation,
  IdentityAccessRequest,
  OneOrMany,
  PolicyDocument,
  PolicyStatement,
  Principal,
  RequestContext,
  RequestPrincipal,
} from "./policy-types.js";

/** A policy the evaluator cannot decide on faithfully (e.g. a condition operator it does not know). */
export class PolicyEvaluationError extends Error {
  override name = "PolicyEvaluationError";
}

/** Evaluate one resource-based policy (its statements name a Principal) for a request. */
export function evaluatePolicy(doc: PolicyDocument | string, request: AccessRequest): Evaluation {
  return evaluatePolicies([doc], request);
}

/**
 * Evaluate several resource-based policies together: any matching Deny in any of them wins, else
 * any matching Allow allows, else the request is implicitly denied. Statements are named by Sid,
 * else by `Statement[i]` (prefixed with `policy[d].` when there is more than one document).
 */
export function evaluatePolicies(docs: (PolicyDocument | string)[], request: AccessRequest): Evaluation {
  return decide(docs, request, request.principal);
}

/**
 * Evaluate one identity-based policy (attached to the caller; its statements have no Principal)
 * for an action on a resource.
 */
export function evaluateIdentityPolicy(
  doc: PolicyDocument | string,
  request: IdentityAccessRequest,
): Evaluation {
  return evaluateIdentityPolicies([doc], request);
}

/** Evaluate all the identity-based policies of a caller together (see {@link evaluatePolicies}). */
export function evaluateIdentityPolicies(
  docs: (PolicyDocument | string)[],
  request: IdentityAccessRequest,
): Evaluation {
  return decide(docs, request, undefined);
}

/**
 * Whether one statement applies to a request, whatever its Effect. `principal` undefined skips
 * principal matching (identity-based policies).
 */
export function statementApplies(
  statement: PolicyStatement,
  request: IdentityAccessRequest,
  principal?: RequestPrincipal,
): boolean {
  if (statement.Effect !== "Allow" && statement.Effect !== "Deny") return false;
  if (principal !== undefined && !principalMatches(statement, principal)) return false;
  if (!actionMatches(statement, request.action)) return false;
  if (!resourceMatches(statement, request.resource)) return false;
  return conditionsHold(statement.Condition, request.context ?? {});
}

function decide(
  docs: (PolicyDocument | string)[],
  request: IdentityAccessRequest,
  principal: RequestPrincipal | undefined,
): Evaluation {
  const denied: string[] = [];
  const allowed: string[] = [];
  docs.forEach((input, d) => {
    statementsOf(parsePolicyDocument(input)).forEach((statement, i) => {
      if (!statementApplies(statement, request, principal)) return;
      const name = statement.Sid ?? (docs.length > 1 ? `policy[${d}].Statement[${i}]` : `Statement[${i}]`);
      (statement.Effect === "Deny" ? denied : allowed).push(name);
    });
  });
  if (denied.length > 0) return { decision: "deny", matchedStatements: denied };
  if (allowed.length > 0) return { decision: "allow", matchedStatements: allowed };
  return { decision: "implicit-deny", matchedStatements: [] };
}

// ── Principal ────────────────────────────────────────────────────────────────────────────────

/**
 * Principal matches when any identity of the caller's chain is listed; NotPrincipal applies unless
 * every identity of the chain is listed. The chain of a role session is its account, its role and
 * the session itself: AWS checks them in turn, which is why its NotPrincipal examples list all three
 * (AWS docs, "NotPrincipal with Deny"), while a Principal naming the account or the role covers the
 * session.
 */
function principalMatches(statement: PolicyStatement, principal: RequestPrincipal): boolean {
  const chain = identityChain(principal);
  if (statement.Principal !== undefined) {
    const listed = listedIdentities(statement.Principal);
    return listed === "everyone" || chain.some((identity) => listed.has(identity));
  }
  if (statement.NotPrincipal !== undefined) {
    const listed = listedIdentities(statement.NotPrincipal);
    return listed !== "everyone" && chain.some((identity) => !listed.has(identity));
  }
  // A resource-based statement without a principal is invalid: it grants or denies nobody.
  return false;
}

const ACCOUNT_ID = /^\d{12}$/;
const ARN = /^arn:([^:]*):([^:]*):([^:]*):(\d{12}):(.*)$/;

/** The identities a request principal stands for, as comparison keys. */
function identityChain(principal: RequestPrincipal): string[] {
  if (principal.type === "Service") return [`service:${principal.id}`];
  const id = principal.id;
  if (ACCOUNT_ID.test(id)) return [`account:${id}`];
  const arn = ARN.exec(id);
  if (!arn) return [`arn:${id}`];
  const [, , service, , account, resource] = arn;
  const accountKey = `account:${account}`;
  if (service === "iam" && resource === "root") return [accountKey];
  if (service === "iam" && resource.startsWith("role/")) return [accountKey, roleKey(account, resource)];
  if (service === "sts" && resource.startsWith("assumed-role/")) {
    const roleName = resource.split("/")[1];
    return [accountKey, `role:${account}:${roleName}`, `arn:${id}`];
  }
  return [accountKey, `arn:${id}`];
}

/** The identities a Principal / NotPrincipal element lists, as comparison keys, or everyone. */
function listedIdentities(principal: Principal): Set<string> | "everyone" {
  if (principal === "*") return "everyone";
  const listed = new Set<string>();
  for (const [type, values] of Object.entries(principal) as [string, OneOrMany<string> | undefined][]) {
    for (const value of toList(values)) {
      if (type === "AWS") {
        // AWS documents `"Principal": "*"` and `{"AWS": "*"}` as equivalent.
        if (value === "*") return "everyone";
        listed.add(awsIdentityKey(value));
      } else if (type === "Service") {
        listed.add(`service:${value}`);
      } else {
        listed.add(`${type}:${value}`);
      }
    }
  }
  return listed;
}

function awsIdentityKey(value: string): string {
  if (ACCOUNT_ID.test(value)) return `account:${value}`;
  const arn = ARN.exec(value);
  if (!arn) return `arn:${value}`;
  const [, , service, , account, resource] = arn;
  if (service === "iam" && resource === "root") return `account:${account}`;
  if (service === "iam" && resource.startsWith("role/")) return roleKey(account, resource);
  return `arn:${value}`;
}

/** Role names are unique in an account whatever their path, and a session ARN carries no path. */
function roleKey(account: string, resource: string): string {
  const name = resource.slice(resource.lastIndexOf("/") + 1);
  return `role:${account}:${name}`;
}

// ── Action and resource ──────────────────────────────────────────────────────────────────────

function actionMatches(statement: PolicyStatement, action: string): boolean {
  // IAM action names are case-insensitive (`s3:getobject` is `s3:GetObject`).
  if (statement.Action !== undefined)
    return toList(statement.Action).some((p) => wildcardMatch(p, action, true));
  if (statement.NotAction !== undefined) {
    return !toList(statement.NotAction).some((p) => wildcardMatch(p, action, true));
  }
  return false;
}

function resourceMatches(statement: PolicyStatement, resource: string): boolean {
  if (statement.Resource !== undefined)
    return toList(statement.Resource).some((p) => wildcardMatch(p, resource));
  if (statement.NotResource !== undefined) {
    return !toList(statement.NotResource).some((p) => wildcardMatch(p, resource));
  }
  // Trust policies name no resource: the statement is about the resource the policy is attached to.
  return true;
}

/** `*` matches any run of characters (`:` and `/` included), `?` one character. */
function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === "*") return true;
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}

// ── Conditions ───────────────────────────────────────────────────────────────────────────────

type ValueMatcher = (actual: string, expected: string) => boolean;

interface ConditionOperator {
  /** For a negated operator, `matches` is the positive test and the result is "matches none". */
  negated: boolean;
  matches: ValueMatcher;
}

const equals: ValueMatcher = (a, e) => a === e;
const equalsIgnoreCase: ValueMatcher = (a, e) => a.toLowerCase() === e.toLowerCase();
const like: ValueMatcher = (a, e) => wildcardMatch(e, a);
const numeric =
  (test: (a: number, e: number) => boolean): ValueMatcher =>
  (a, e) => {
    const actual = Number(a);
    const expected = Number(e);
    return (
      a.trim() !== "" &&
      e.trim() !== "" &&
      !Number.isNaN(actual) &&
      !Number.isNaN(expected) &&
      test(actual, expected)
    );
  };

const OPERATORS: Record<string, ConditionOperator> = {
  StringEquals: { negated: false, matches: equals },
  StringNotEquals: { negated: true, matches: equals },
  StringEqualsIgnoreCase: { negated: false, matches: equalsIgnoreCase },
  StringNotEqualsIgnoreCase: { negated: true, matches: equalsIgnoreCase },
  StringLike: { negated: false, matches: like },
  StringNotLike: { negated: true, matches: like },
  NumericEquals: { negated: false, matches: numeric((a, e) => a === e) },
  NumericNotEquals: { negated: true, matches: numeric((a, e) => a === e) },
  NumericLessThan: { negated: false, matches: numeric((a, e) => a < e) },
  NumericLessThanEquals: { negated: false, matches: numeric((a, e) => a <= e) },
  NumericGreaterThan: { negated: false, matches: numeric((a, e) => a > e) },
  NumericGreaterThanEquals: { negated: false, matches: numeric((a, e) => a >= e) },
  Bool: { negated: false, matches: equalsIgnoreCase },
  // AWS documents ArnEquals and ArnLike alike: both compare component by component, with wildcards.
  ArnEquals: { negated: false, matches: arnLike },
  ArnLike: { negated: false, matches: arnLike },
  ArnNotEquals: { negated: true, matches: arnLike },
  ArnNotLike: { negated: true, matches: arnLike },
};

/** The condition operators the evaluator decides (each also with `IfExists`), plus `Null`. */
export const SUPPORTED_CONDITION_OPERATORS: readonly string[] = [
  ...Object.keys(OPERATORS),
  ...Object.keys(OPERATORS).map((op) => `${op}IfExists`),
  "Null",
];

/** The set operators that qualify an operator for multivalued context keys (`ForAnyValue:StringLike`). */
const SET_OPERATORS = ["ForAnyValue", "ForAllValues"] as const;
type SetOperator = (typeof SET_OPERATORS)[number];

/**
 * Whether {@link evaluatePolicy} can decide a condition using this operator: one of
 * {@link SUPPORTED_CONDITION_OPERATORS}, alone or qualified by `ForAnyValue:` / `ForAllValues:`.
 */
export function isSupportedConditionOperator(operator: string): boolean {
  const { base } = splitSetOperator(operator);
  return SUPPORTED_CONDITION_OPERATORS.includes(base);
}

function splitSetOperator(operator: string): { set?: SetOperator; base: string } {
  const colon = operator.indexOf(":");
  if (colon < 0) return { base: operator };
  const set = operator.slice(0, colon) as SetOperator;
  return SET_OPERATORS.includes(set) ? { set, base: operator.slice(colon + 1) } : { base: operator };
}

/**
 * Every operator must hold, and within an operator every key (AWS: logical AND); several values
 * for one key mean "any of" (OR), or "none of" for a negated operator (NOR). A key absent from the
 * request makes the condition false, true for a negated operator, true for an `…IfExists` form;
 * `Null: true` holds when the key is absent, `Null: false` when it is present.
 *
 * A multivalued key (a list in the request context, such as `aws:TagKeys`) is compared with a set
 * operator: `ForAllValues:` holds when every value of the request satisfies the operator, and also
 * when the key is absent or empty; `ForAnyValue:` when at least one does, never when it is absent
 * (IAM User Guide, "Single-valued vs. multivalued context keys"). Without a set operator, a list
 * holds when one of its values does.
 */
function conditionsHold(condition: ConditionBlock | undefined, context: RequestContext): boolean {
  if (condition === undefined) return true;
  const lookup = caseInsensitiveContext(context);
  return Object.entries(condition).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) =>
      conditionHolds(operator, lookup.get(key.toLowerCase()), toList(values).map(String)),
    ),
  );
}

function conditionHolds(operator: string, actual: string[] | undefined, expected: string[]): boolean {
  const { set, base } = splitSetOperator(operator);
  const present = actual !== undefined && actual.length > 0;
  if (base === "Null") {
    if (set !== undefined) throw unsupported(operator);
    return expected.some((value) => (value.toLowerCase() === "true" ? !present : present));
  }
  const ifExists = base.endsWith("IfExists");
  const spec = OPERATORS[ifExists ? base.slice(0, -"IfExists".length) : base];
  if (spec === undefined) throw unsupported(operator);
  const holdsFor = (value: string): boolean => {
    const anyMatches = expected.some((e) => spec.matches(value, e));
    return spec.negated ? !anyMatches : anyMatches;
  };
  if (set === "ForAllValues") return !present || actual.every(holdsFor);
  if (set === "ForAnyValue") return present && actual.some(holdsFor);
  if (!present) return ifExists || spec.negated;
  return actual.some(holdsFor);
}

function unsupported(operator: string): PolicyEvaluationError {
  return new PolicyEvaluationError(
    `The condition operator ${operator} is not supported by the policy evaluator`,
  );
}

/** Context keys by lower-cased name, each as its list of values (a single value is a list of one). */
function caseInsensitiveContext(context: RequestContext): Map<string, string[]> {
  const lookup = new Map<string, string[]>();
  for (const [key, value] of Object.entries(context))
    if (value !== undefined) lookup.set(key.toLowerCase(), toList(value));
  return lookup;
}

/**
 * ARN condition matching: the six colon-separated components (`arn:partition:service:region:
 * account:resource`, the resource keeping its own colons) are matched one by one, case-sensitively,
 * so a `*` in the region cannot swallow the account.
 */
function arnLike(actual: string, pattern: string): boolean {
  const actualParts = arnComponents(actual);
  const patternParts = arnComponents(pattern);
  if (!actualParts || !patternParts) return false;
  return patternParts.every((part, i) => wildcardMatch(part, actualParts[i]));
}

function arnComponents(arn: string): string[] | undefined {
  const parts = arn.split(":");
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}
