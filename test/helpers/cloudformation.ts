/**
 * CloudFormation's intrinsic functions, resolved the way CloudFormation resolves them for one
 * stack in one account and region: `Ref` (pseudo parameters, parameters, resources), `Fn::Sub`,
 * `Fn::GetAtt`, `Fn::Join`, `Fn::If` with `Conditions` (`Fn::Equals`, `Fn::Or`, `Fn::And`,
 * `Fn::Not`), `AWS::NoValue`. A resource's Ref is its physical ID: the name for the named
 * resources of yolo's templates, or what the caller says it is (IVS configurations: their ARN).
 * Anything else it meets is an error, so a template using more than this cannot pass unnoticed.
 */
import type { CfnTemplate } from "../../src/export/index.js";

export interface StackContext {
  region: string;
  account: string;
  /** Parameter values; a parameter not given takes its Default. */
  parameters?: Record<string, string>;
  /** `Fn::GetAtt` values and Refs CloudFormation only knows after creating (`{StorageConfiguration: {Arn: …, Ref: …}}`). */
  created?: Record<string, Record<string, string>>;
}

export interface ResolvedResource {
  type: string;
  properties: Record<string, any>;
}

export interface ResolvedStack {
  /** The resources whose Condition holds, with every intrinsic resolved. */
  resources: Record<string, ResolvedResource>;
  outputs: Record<string, any>;
}

/** The property a resource's Ref returns, for the types whose physical ID is their name. */
const NAME_PROPERTY: Record<string, string> = {
  "AWS::S3::Bucket": "BucketName",
  "AWS::Logs::LogGroup": "LogGroupName",
  "AWS::Events::Rule": "Name",
  "AWS::IAM::Role": "RoleName",
};

const NO_VALUE = Symbol("AWS::NoValue");

export function resolveStack(template: CfnTemplate, context: StackContext): ResolvedStack {
  const conditions = new Map<string, boolean>();
  const condition = (name: string): boolean => {
    const known = conditions.get(name);
    if (known !== undefined) return known;
    const expression = template.Conditions?.[name];
    if (expression === undefined) throw new Error(`unknown condition ${name}`);
    const value = evaluate(expression);
    conditions.set(name, value);
    return value;
  };
  const evaluate = (expression: any): boolean => {
    const [fn, args] = only(expression);
    if (fn === "Condition") return condition(args);
    if (fn === "Fn::Equals") return resolve(args[0]) === resolve(args[1]);
    if (fn === "Fn::Or") return args.some(evaluate);
    if (fn === "Fn::And") return args.every(evaluate);
    if (fn === "Fn::Not") return !evaluate(args[0]);
    throw new Error(`unsupported condition function ${fn}`);
  };

  const refOf = (name: string): string => {
    if (name === "AWS::Region") return context.region;
    if (name === "AWS::AccountId") return context.account;
    if (name === "AWS::Partition") return "aws";
    if (name === "AWS::StackName") return "yolo-test-stack";
    const parameter = template.Parameters?.[name];
    if (parameter) return context.parameters?.[name] ?? parameter.Default;
    const resource = template.Resources[name];
    if (!resource) throw new Error(`Ref to unknown ${name}`);
    const created = context.created?.[name]?.Ref;
    if (created !== undefined) return created;
    const property = NAME_PROPERTY[resource.Type];
    if (!property)
      throw new Error(`Ref ${name}: the physical ID of a ${resource.Type} is known only once it is created`);
    return resolve(resource.Properties[property]);
  };
  const attributeOf = (name: string, attribute: string): string => {
    const value = context.created?.[name]?.[attribute];
    if (value === undefined) throw new Error(`Fn::GetAtt ${name}.${attribute} is not known`);
    return value;
  };
  const substitute = (text: string, variables: Record<string, any> = {}): string =>
    text.replace(/\$\{(!?)([^}]+)\}/g, (_all, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      if (name in variables) return String(resolve(variables[name]));
      const dot = name.indexOf(".");
      return dot > 0 && !name.startsWith("AWS::")
        ? attributeOf(name.slice(0, dot), name.slice(dot + 1))
        : refOf(name);
    });

  const resolve = (value: any): any => {
    if (Array.isArray(value)) return value.map(resolve).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== "object") return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === "Ref" || keys[0].startsWith("Fn::"))) {
      const [fn, args] = only(value);
      if (fn === "Ref") return args === "AWS::NoValue" ? NO_VALUE : refOf(args);
      if (fn === "Fn::Sub") return typeof args === "string" ? substitute(args) : substitute(args[0], args[1]);
      if (fn === "Fn::GetAtt") return attributeOf(args[0], args[1]);
      if (fn === "Fn::Join") return resolve(args[1]).join(args[0]);
      if (fn === "Fn::If") return resolve(condition(args[0]) ? args[1] : args[2]);
      throw new Error(`unsupported intrinsic function ${fn}`);
    }
    const out: Record<string, any> = {};
    for (const key of keys) {
      const inner = resolve(value[key]);
      if (inner !== NO_VALUE) out[key] = inner;
    }
    return out;
  };

  const resources: Record<string, ResolvedResource> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Condition !== undefined && !condition(resource.Condition)) continue;
    resources[id] = { type: resource.Type, properties: resolve(resource.Properties) };
  }
  const outputs: Record<string, any> = {};
  for (const [key, output] of Object.entries(template.Outputs ?? {})) {
    if (output.Condition !== undefined && !condition(output.Condition)) continue;
    outputs[key] = resolve(output.Value);
  }
  return { resources, outputs };
}

function only(expression: any): [string, any] {
  const entries = Object.entries(expression ?? {});
  if (entries.length !== 1) throw new Error(`not an intrinsic function: ${JSON.stringify(expression)}`);
  return entries[0] as [string, any];
}

/** CloudFormation's `[{Key, Value}]` tags as `{key: value}`. */
export function tagMap(tags: { Key: string; Value: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.Key, tag.Value]));
}
