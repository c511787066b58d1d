/**
 * The bucket policy checks S3 makes: the grammar PutBucketPolicy enforces (AWS-FACTS §2.4), and
 * whether a policy is "public" in the sense of Block Public Access.
 */
import { AwsError } from "../errors.js";
import type { EmulatorStore } from "../state.js";
import { findRoleByArn } from "./iam-store.js";
import { findRoleById, mapAwsPrincipals, ROLE_UNIQUE_ID } from "./policy-principals.js";
import { isKnownS3Action } from "./s3-actions.js";
import { malformedPolicy } from "./s3-errors.js";
import { isObject, type Json } from "./s3-request.js";

/** 20 KB, counted on the policy without insignificant whitespace (as AWS measures it). */
const MAX_POLICY_BYTES = 20 * 1024;

function stringList(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  return list.length > 0 && list.every((v) => typeof v === "string") ? (list as string[]) : undefined;
}

/** `s3:` and a name S3 knows (or a wildcard); the prefix is case insensitive too. */
function isS3Action(action: string): boolean {
  const match = /^s3:([A-Za-z0-9*?]+)$/i.exec(action);
  return match !== null && isKnownS3Action(match[1]);
}

const invalidPrincipal = () => malformedPolicy("Invalid principal in policy");

/** What S3 can see of IAM when it checks a policy: the store, and how new a role may be and still be unseen. */
export interface PrincipalView {
  store: EmulatorStore;
  /** EmulatorSettings.rolePropagationMs: a role younger than this is not visible to S3 yet. */
  rolePropagationMs: number;
  now: () => Date;
}

function roleVisible(value: string, view: PrincipalView): boolean {
  const role = findRoleByArn(view.store, value);
  if (!role) return false;
  if (!(view.rolePropagationMs > 0) || role.createdAtMs === undefined) return true;
  return view.now().getTime() - role.createdAtMs >= view.rolePropagationMs;
}

function checkAwsPrincipal(value: string, view: PrincipalView): void {
  const { store } = view;
  if (value === "*" || /^\d{12}$/.test(value) || /^arn:aws:iam::\d{12}:root$/.test(value)) return;
  if (/^arn:aws:iam::\d{12}:role\/.+/.test(value)) {
    if (!roleVisible(value, view)) throw invalidPrincipal();
    return;
  }
  // A role's unique id: valid while the role exists (S3 then stores its ARN), invalid once deleted.
  if (ROLE_UNIQUE_ID.test(value)) {
    if (!findRoleById(store, value)) throw invalidPrincipal();
    return;
  }
  // IAM users and assumed-role sessions are not emulated, so they cannot be checked: accepted.
  if (/^arn:aws:iam::\d{12}:user\/.+/.test(value) || /^arn:aws:sts::\d{12}:assumed-role\/.+/.test(value))
    return;
  throw invalidPrincipal();
}

function checkPrincipal(principal: unknown, view: PrincipalView): void {
  if (principal === "*") return;
  if (!isObject(principal) || Object.keys(principal).length === 0) throw invalidPrincipal();
  for (const [type, raw] of Object.entries(principal)) {
    const values = stringList(raw);
    if (!values || values.some((v) => v === "")) throw invalidPrincipal();
    if (type === "AWS") for (const value of values) checkAwsPrincipal(value, view);
    else if (type !== "Service" && type !== "Federated" && type !== "CanonicalUser") throw invalidPrincipal();
  }
}

function checkStatement(statement: unknown, bucketName: string, view: PrincipalView): void {
  if (!isObject(statement))
    throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  if (statement.Effect === undefined) throw malformedPolicy("Missing required field Effect");
  if (statement.Effect !== "Allow" && statement.Effect !== "Deny")
    throw malformedPolicy(`Invalid effect: ${String(statement.Effect)}`);
  const principal = statement.Principal ?? statement.NotPrincipal;
  if (principal === undefined) throw malformedPolicy("Missing required field Principal");
  checkPrincipal(principal, view);
  const actions = statement.Action ?? statement.NotAction;
  if (actions === undefined) throw malformedPolicy("Missing required field Action");
  const actionList = stringList(actions);
  if (!actionList?.every((action) => action === "*" || isS3Action(action)))
    throw malformedPolicy("Policy has invalid action");
  const resources = statement.Resource ?? statement.NotResource;
  if (resources === undefined) throw malformedPolicy("Missing required field Resource");
  const bucketArn = `arn:aws:s3:::${bucketName}`;
  const resourceList = stringList(resources);
  if (!resourceList?.every((resource) => resource === bucketArn || resource.startsWith(`${bucketArn}/`)))
    throw malformedPolicy("Policy has invalid resource");
}

/** Parse and check a bucket policy as PutBucketPolicy does; MalformedPolicy with AWS's message when it fails. */
export function checkBucketPolicy(text: string, bucketName: string, view: PrincipalView): Json {
  const invalidJson = () => malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  if (!text.startsWith("{")) throw invalidJson();
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw invalidJson();
  }
  if (!isObject(document)) throw invalidJson();
  // AWS documents the 20 KB limit but not the error it answers with; MalformedPolicy is our choice.
  if (Buffer.byteLength(JSON.stringify(document)) > MAX_POLICY_BYTES)
    throw malformedPolicy("Policy exceeds the maximum allowed document size.");
  if (document.Statement === undefined) throw malformedPolicy("Missing required field Statement");
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  if (statements.length === 0) throw malformedPolicy("Could not parse the policy: Statement is empty!");
  const sids = new Set<string>();
  for (const statement of statements) {
    checkStatement(statement, bucketName, view);
    const sid = (statement as Json).Sid;
    if (typeof sid === "string") {
      if (sids.has(sid)) throw malformedPolicy("Statement IDs (SID) in a single policy must be unique.");
      sids.add(sid);
    }
  }
  return document;
}

/**
 * The policy text S3 keeps for a checked policy: the text as sent, unless it names a role by its
 * unique id, which S3 turns into the role's ARN (the document is then re-serialised).
 */
export function storedPolicyText(text: string, document: Json, store: EmulatorStore): string {
  const resolved = structuredClone(document);
  const changed = mapAwsPrincipals(resolved, (value) =>
    ROLE_UNIQUE_ID.test(value) ? findRoleById(store, value)?.arn : undefined,
  );
  return changed ? JSON.stringify(resolved) : text;
}

/**
 * Condition keys that, with fixed values, make an Allow-to-everyone statement non-public
 * (S3's definition of "public" for Block Public Access).
 */
const NARROWING_CONDITION_KEYS = new Set([
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceip",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:userid",
  "s3:dataaccesspointarn",
  "s3:dataaccesspointaccount",
]);

function narrowsToFixedValues(condition: unknown): boolean {
  if (!isObject(condition)) return false;
  return Object.entries(condition).some(([operator, keys]) => {
    if (!isObject(keys) || operator.includes("Not") || operator.endsWith("IfExists")) return false;
    return Object.entries(keys).some(([key, value]) => {
      if (!NARROWING_CONDITION_KEYS.has(key.toLowerCase())) return false;
      const values = (Array.isArray(value) ? value : [value]).map(String);
      return values.every((v) => !/[*?]/.test(v) && v !== "0.0.0.0/0" && v !== "::/0");
    });
  });
}

function grantsEveryone(statement: Json): boolean {
  if (statement.NotPrincipal !== undefined) return true;
  const principal = statement.Principal;
  if (principal === "*") return true;
  if (!isObject(principal)) return false;
  return [principal.AWS, principal.CanonicalUser].some((value) =>
    (Array.isArray(value) ? value : [value]).includes("*"),
  );
}

/** Whether S3 would call this policy public (an Allow to everyone not narrowed by a fixed condition). */
/**
 * What S3 stores when PutBucketPolicy sends `text` to `bucket` (the caller's account `account`),
 * or the error it answers: MalformedPolicy from the checks above, and AccessDenied for a public
 * policy under BlockPublicPolicy. IVS's own merge into the policy goes through it too.
 */
export function acceptBucketPolicy(
  text: string,
  bucket: { name: string; publicAccessBlock?: { BlockPublicPolicy?: boolean } },
  account: string,
  view: PrincipalView,
): string {
  const document = checkBucketPolicy(text, bucket.name, view);
  if (bucket.publicAccessBlock?.BlockPublicPolicy && isPublicPolicy(document))
    throw new AwsError(
      "AccessDenied",
      `User: arn:aws:iam::${account}:root is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${bucket.name}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
      403,
    );
  return storedPolicyText(text, document, view.store);
}

export function isPublicPolicy(document: Json): boolean {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return statements.some(
    (statement) =>
      isObject(statement) &&
      statement.Effect === "Allow" &&
      grantsEveryone(statement) &&
      !narrowsToFixedValues(statement.Condition),
  );
}
