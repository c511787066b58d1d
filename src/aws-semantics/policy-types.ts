/**
 * The IAM policy language (AWS IAM User Guide, "IAM JSON policy element reference"): documents as
 * S3 bucket policies, Logs resource policies, trust policies and IAM use them, and the request an
 * evaluation decides on. Shared by the emulator and the tool (no import from either).
 */

export type OneOrMany<T> = T | T[];

export type Principal =
  | "*"
  | {
      AWS?: OneOrMany<string>;
      Service?: OneOrMany<string>;
      Federated?: OneOrMany<string>;
      CanonicalUser?: OneOrMany<string>;
    };

/** A value in a condition: AWS stores and returns them as strings, callers may write booleans or numbers. */
export type ConditionValue = string | boolean | number;

/** operator (`StringEquals`, `BoolIfExists`, …) → condition key (`aws:SecureTransport`) → value(s) */
export type ConditionBlock = Record<string, Record<string, OneOrMany<ConditionValue>>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: Principal;
  NotPrincipal?: Principal;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  /** operator → condition key → value(s) */
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[] | PolicyStatement;
}

/** The principal making a request: a service, or an AWS identity (account id, root, user, role or session ARN). */
export type RequestPrincipal = { type: "Service"; id: string } | { type: "AWS"; id: string };

/**
 * Condition keys of a request. Keys are matched case-insensitively, as AWS does; `undefined` = absent.
 * A multivalued key (`aws:TagKeys`) is a list of values, compared with `ForAnyValue:` / `ForAllValues:`.
 */
export type RequestContext = Record<string, string | string[] | undefined>;

/** Who asks, to do what, on what, in which context: the input of an evaluation. */
export interface AccessRequest {
  /** A service principal (`ivs-composite.us-east-1.amazonaws.com`) or an AWS ARN / account id. */
  principal: RequestPrincipal;
  action: string;
  resource: string;
  /** Condition keys: `s3:x-amz-acl`, `aws:SecureTransport` ("true"/"false"), `aws:SourceArn`, … */
  context?: RequestContext;
}

/** The input of an identity-based evaluation: the principal is the one the policy is attached to. */
export type IdentityAccessRequest = Omit<AccessRequest, "principal">;

/** `allow`: an Allow matched and no Deny; `deny`: an explicit Deny matched; `implicit-deny`: nothing allowed it. */
export type Decision = "allow" | "deny" | "implicit-deny";

export interface Evaluation {
  decision: Decision;
  /** Sids (or indexes) of the statements that decided it. */
  matchedStatements: string[];
}

/** The members a policy statement may have, in the order AWS documents them. */
export const STATEMENT_KEYS = [
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
] as const;
