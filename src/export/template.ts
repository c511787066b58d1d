/**
 * The CloudFormation template model the export builds, and the one helper that turns yolo's own
 * builders into CloudFormation values: they are called with the pseudo parameters as text
 * (`${AWS::Region}`, `${AWS::AccountId}`), and every string that then holds a `${…}` becomes
 * `Fn::Sub`, so names, ARNs and policy statements are spelled once, by the code `sync` uses.
 */

/** Placeholders passed to yolo's builders where `sync` passes the run's region and account. */
/** `${…}` spelled without a template literal, so that it stays text for Fn::Sub. */
const variable = (name: string) => `$${"{"}${name}}`;
export const REGION = variable("AWS::Region");
export const ACCOUNT = variable("AWS::AccountId");
/** `${LogicalId}` inside Fn::Sub: the resource's Ref. */
export const subRef = variable;

export type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };

export interface CfnResource {
  Type: string;
  Condition?: string;
  DependsOn?: string[];
  DeletionPolicy?: "Retain" | "Delete";
  UpdateReplacePolicy?: "Retain" | "Delete";
  Properties: Record<string, CfnValue>;
}

export interface CfnParameter {
  Type: "String";
  Default: string;
  AllowedValues?: string[];
  Description: string;
}

export interface CfnOutput {
  Description: string;
  Value: CfnValue;
  Condition?: string;
}

export interface CfnTemplate {
  AWSTemplateFormatVersion: "2010-09-09";
  Description: string;
  Parameters?: Record<string, CfnParameter>;
  Conditions?: Record<string, CfnValue>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, CfnOutput>;
}

/** CloudFormation's limit on a template's Description. */
export const DESCRIPTION_MAX_LENGTH = 1024;

const HAS_VARIABLE = /\$\{[^}]+\}/;

/**
 * A value with every string that names a `${…}` variable wrapped in `Fn::Sub`; other strings,
 * numbers and structure are kept as they are.
 */
export function sub(value: unknown): CfnValue {
  if (typeof value === "string") return HAS_VARIABLE.test(value) ? { "Fn::Sub": value } : value;
  if (Array.isArray(value)) return value.map(sub);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, sub(inner)]));
  return value as CfnValue;
}

/** A document CloudFormation takes as a JSON string (`AWS::Logs::ResourcePolicy`): `Fn::Sub` over its text. */
export function subJson(document: unknown): CfnValue {
  return sub(JSON.stringify(document));
}

/** `{key: value}` tags → CloudFormation's `[{Key, Value}]`, with variables substituted. */
export function cfnTags(tags: Record<string, string>): CfnValue {
  return sub(Object.entries(tags).map(([Key, Value]) => ({ Key, Value })));
}

export const ref = (name: string): CfnValue => ({ Ref: name });
export const getAtt = (resource: string, attribute: string): CfnValue => ({
  "Fn::GetAtt": [resource, attribute],
});
