/**
 * Every resource `yolo export cloudformation` writes is valid against CloudFormation's own
 * resource schemas, as the maintained @aws-cdk/aws-service-spec package ships them: no property
 * CloudFormation does not know, every required one present, each value of its type, each enum
 * value allowed. That package carries no string patterns or lengths, so those come from the
 * services' own API models (../shared/aws-models, the APIs CloudFormation's handlers call); the
 * pattern part is skipped when the models are not beside the repository.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadAwsServiceSpecSync } from "@aws-cdk/aws-service-spec";
import { describe, expect, it } from "vitest";
import { loadEnvironment } from "../../src/cli/config.js";
import { type CfnTemplate, exportTemplates } from "../../src/export/index.js";
import type { EnvironmentConfig } from "../../src/manifest/types.js";
import { manifestDir } from "../helpers/cli.js";
import { type ResolvedStack, resolveStack } from "../helpers/cloudformation.js";
import { manifestYaml } from "../helpers/manifests.js";

const db = loadAwsServiceSpecSync();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

type SpecType = {
  type: string;
  allowedValues?: unknown[];
  element?: SpecType;
  types?: SpecType[];
  reference?: { $ref: string };
};
interface SpecProperty {
  type: SpecType;
  required?: boolean;
}

function resourceSpec(type: string): Record<string, SpecProperty> {
  const found = db.lookup("resource", "cloudFormationType", "equals", type);
  expect(found.length, `CloudFormation has no resource type ${type}`).toBe(1);
  return found.only().properties as Record<string, SpecProperty>;
}

/** Every way `value` breaks `type`, each naming its path. */
function typeProblems(value: unknown, type: SpecType, at: string): string[] {
  switch (type.type) {
    case "string":
    case "date-time":
      if (typeof value !== "string") return [`${at}: ${JSON.stringify(value)} is not a string`];
      return enumProblems(value, type, at);
    case "integer":
      if (!Number.isInteger(value)) return [`${at}: ${JSON.stringify(value)} is not an integer`];
      return enumProblems(value, type, at);
    case "number":
      if (typeof value !== "number") return [`${at}: ${JSON.stringify(value)} is not a number`];
      return enumProblems(value, type, at);
    case "boolean":
      return typeof value === "boolean" ? [] : [`${at}: ${JSON.stringify(value)} is not a boolean`];
    case "json":
      return value !== null && typeof value === "object" ? [] : [`${at}: not a JSON object`];
    case "tag":
      return propertiesProblems(
        value,
        {
          Key: { type: { type: "string" }, required: true },
          Value: { type: { type: "string" }, required: true },
        },
        at,
      );
    case "array":
      if (!Array.isArray(value)) return [`${at}: not a list`];
      return value.flatMap((item, i) => typeProblems(item, type.element as SpecType, `${at}[${i}]`));
    case "map":
      if (value === null || typeof value !== "object") return [`${at}: not a map`];
      return Object.entries(value).flatMap(([key, item]) =>
        typeProblems(item, type.element as SpecType, `${at}.${key}`),
      );
    case "union": {
      const each = (type.types ?? []).map((option) => typeProblems(value, option, at));
      return each.some((problems) => problems.length === 0) ? [] : each.flat();
    }
    case "ref": {
      const definition = db.get("typeDefinition", type.reference?.$ref as string) as {
        properties: Record<string, SpecProperty>;
      };
      return propertiesProblems(value, definition.properties, at);
    }
    default:
      return [`${at}: the checker does not know the type ${type.type}`];
  }
}

function enumProblems(value: unknown, type: SpecType, at: string): string[] {
  if (type.allowedValues === undefined || type.allowedValues.includes(value)) return [];
  return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(type.allowedValues)}`];
}

function propertiesProblems(value: unknown, spec: Record<string, SpecProperty>, at: string): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [`${at}: not an object`];
  const given = value as Record<string, unknown>;
  return [
    ...Object.keys(given)
      .filter((key) => !(key in spec))
      .map((key) => `${at}.${key}: no such property`),
    ...Object.entries(spec)
      .filter(([key, property]) => property.required && given[key] === undefined)
      .map(([key]) => `${at}.${key}: required, missing`),
    ...Object.entries(given)
      .filter(([key]) => key in spec)
      .flatMap(([key, inner]) => typeProblems(inner, spec[key].type, `${at}.${key}`)),
  ];
}

function stackProblems(stack: ResolvedStack): string[] {
  return Object.entries(stack.resources).flatMap(([id, resource]) =>
    propertiesProblems(resource.properties, resourceSpec(resource.type), `${id} (${resource.type})`),
  );
}

/** A stack of `template` as CloudFormation would see it in this region (ARNs it makes, made up). */
function stackIn(template: CfnTemplate, region: string, parameters?: Record<string, string>): ResolvedStack {
  const made = (kind: string) => ({ Arn: `arn:aws:ivs:${region}:123456789012:${kind}/AbCdEfGh1234` });
  return resolveStack(template, {
    region,
    account: "123456789012",
    ...(parameters ? { parameters } : {}),
    created: {
      StorageConfiguration: { ...made("storage-configuration"), Ref: made("storage-configuration").Arn },
      EncoderConfiguration: { ...made("encoder-configuration"), Ref: made("encoder-configuration").Arn },
      MediaConvertRole: { Arn: "arn:aws:iam::123456789012:role/x" },
    },
  });
}

async function environment(yaml: string, env = "production"): Promise<EnvironmentConfig> {
  return loadEnvironment("yolo.yml", env, manifestDir(yaml));
}

/** The environments exported here: the documented example, and every feature with every option set. */
async function cases(): Promise<{ name: string; config: EnvironmentConfig }[]> {
  const example = readFileSync(path.join(root, "examples/yolo.yml"), "utf8");
  return [
    { name: "examples/yolo.yml production", config: await environment(example) },
    { name: "examples/yolo.yml staging", config: await environment(example, "staging") },
    {
      name: "every option",
      config: await environment(
        manifestYaml({
          regions: ["us-east-1", "eu-west-1", "ap-northeast-1"],
          mediaconvert: true,
          logging: true,
          logRetentionDays: 30,
          recording: true,
          video: { width: 1920, height: 1080, framerate: 60, bitrate: 8_500_000 },
          expireAfterDays: 365,
          buckets: { "eu-west-1": "my-existing-recordings", "ap-northeast-1": "other-recordings" },
        }),
      ),
    },
  ];
}

describe("the exported templates against CloudFormation's resource schemas", () => {
  it("checks what it claims: the checker refuses an unknown property, a missing required one, a wrong type and a value outside an enum", () => {
    const bucket = resourceSpec("AWS::S3::Bucket");
    expect(propertiesProblems({ BucketNme: "x" }, bucket, "B")).toEqual(["B.BucketNme: no such property"]);
    expect(propertiesProblems({}, resourceSpec("AWS::S3::BucketPolicy"), "P")).toEqual([
      "P.Bucket: required, missing",
      "P.PolicyDocument: required, missing",
    ]);
    expect(
      propertiesProblems({ RetentionInDays: "14" }, resourceSpec("AWS::Logs::LogGroup"), "L"),
    ).toHaveLength(1);
    expect(
      propertiesProblems({ RetentionInDays: 15 }, resourceSpec("AWS::Logs::LogGroup"), "L")[0],
    ).toContain("is not one of");
    expect(
      propertiesProblems(
        { OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerPrefered" }] } },
        bucket,
        "B",
      ),
    ).toHaveLength(1);
  });

  it("every resource of every exported template is valid in every IVS region it is meant for", async () => {
    let checked = 0;
    for (const { name, config } of await cases()) {
      const templates = exportTemplates(config);
      for (const region of config.regions) {
        for (const parameters of [undefined, { CreateLogsResourcePolicy: "false" }]) {
          for (const template of Object.values(templates)) {
            const stack = stackIn(template, region, parameters);
            expect(stackProblems(stack), `${name} in ${region}`).toEqual([]);
            checked += Object.keys(stack.resources).length;
          }
        }
      }
    }
    // 2 stacks × 3 regions × (7 + 1) resources, less the policy when not created … at least this many.
    expect(checked).toBeGreaterThan(60);
  });

  it("exports the resource types the issue lists, with CloudFormation's type names", async () => {
    const [production] = await cases();
    const templates = exportTemplates(production.config);
    const types = (template?: CfnTemplate) =>
      Object.values(template?.Resources ?? {})
        .map((r) => r.Type)
        .sort();
    expect(types(templates.regional)).toEqual([
      "AWS::Events::Rule",
      "AWS::IVS::EncoderConfiguration",
      "AWS::IVS::StorageConfiguration",
      "AWS::Logs::LogGroup",
      "AWS::Logs::ResourcePolicy",
      "AWS::S3::Bucket",
      "AWS::S3::BucketPolicy",
    ]);
    expect(types(templates.global)).toEqual(["AWS::IAM::Role"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Patterns, lengths and ranges, from the services' API models

const MODELS = path.resolve(root, "../shared/aws-models");

interface Constraint {
  pattern?: string;
  length?: { min?: number; max?: number };
  range?: { min?: number; max?: number };
}

const models = new Map<string, Record<string, any>>();

function shapeConstraint(file: string, shape: string): Constraint {
  if (!models.has(file)) models.set(file, JSON.parse(readFileSync(path.join(MODELS, file), "utf8")).shapes);
  const shapes = models.get(file) as Record<string, any>;
  const found = Object.entries(shapes).find(([id]) => id.split("#")[1] === shape);
  if (!found) throw new Error(`${file} has no shape ${shape}`);
  const traits = found[1].traits ?? {};
  return {
    pattern: traits["smithy.api#pattern"],
    length: traits["smithy.api#length"],
    range: traits["smithy.api#range"],
  };
}

const IVS = "ivs-realtime-2020-07-14.json";
const LOGS = "cloudwatch-logs-2014-03-28.json";
const EVENTS = "eventbridge-2015-10-07.json";
const IAM = "iam-2010-05-08.json";

/** CloudFormation property (path, `[]` for every item) → the API model shape its value is sent as. */
const CONSTRAINED: { type: string; path: string; model: string; shape: string }[] = [
  { type: "AWS::IVS::StorageConfiguration", path: "Name", model: IVS, shape: "StorageConfigurationName" },
  { type: "AWS::IVS::StorageConfiguration", path: "S3.BucketName", model: IVS, shape: "S3BucketName" },
  { type: "AWS::IVS::StorageConfiguration", path: "Tags[].Key", model: IVS, shape: "TagKey" },
  { type: "AWS::IVS::StorageConfiguration", path: "Tags[].Value", model: IVS, shape: "TagValue" },
  { type: "AWS::IVS::EncoderConfiguration", path: "Name", model: IVS, shape: "EncoderConfigurationName" },
  { type: "AWS::IVS::EncoderConfiguration", path: "Video.Width", model: IVS, shape: "Width" },
  { type: "AWS::IVS::EncoderConfiguration", path: "Video.Height", model: IVS, shape: "Height" },
  { type: "AWS::IVS::EncoderConfiguration", path: "Video.Framerate", model: IVS, shape: "Framerate" },
  { type: "AWS::IVS::EncoderConfiguration", path: "Video.Bitrate", model: IVS, shape: "Bitrate" },
  { type: "AWS::IVS::EncoderConfiguration", path: "Tags[].Key", model: IVS, shape: "TagKey" },
  { type: "AWS::IVS::EncoderConfiguration", path: "Tags[].Value", model: IVS, shape: "TagValue" },
  { type: "AWS::Logs::LogGroup", path: "LogGroupName", model: LOGS, shape: "LogGroupName" },
  { type: "AWS::Logs::LogGroup", path: "Tags[].Key", model: LOGS, shape: "TagKey" },
  { type: "AWS::Logs::LogGroup", path: "Tags[].Value", model: LOGS, shape: "TagValue" },
  { type: "AWS::Logs::ResourcePolicy", path: "PolicyDocument", model: LOGS, shape: "PolicyDocument" },
  { type: "AWS::Events::Rule", path: "Name", model: EVENTS, shape: "RuleName" },
  { type: "AWS::Events::Rule", path: "Description", model: EVENTS, shape: "RuleDescription" },
  { type: "AWS::Events::Rule", path: "Targets[].Id", model: EVENTS, shape: "TargetId" },
  { type: "AWS::Events::Rule", path: "Targets[].Arn", model: EVENTS, shape: "TargetArn" },
  { type: "AWS::Events::Rule", path: "Tags[].Key", model: EVENTS, shape: "TagKey" },
  { type: "AWS::Events::Rule", path: "Tags[].Value", model: EVENTS, shape: "TagValue" },
  { type: "AWS::IAM::Role", path: "RoleName", model: IAM, shape: "roleNameType" },
  { type: "AWS::IAM::Role", path: "Description", model: IAM, shape: "roleDescriptionType" },
  { type: "AWS::IAM::Role", path: "Tags[].Key", model: IAM, shape: "tagKeyType" },
  { type: "AWS::IAM::Role", path: "Tags[].Value", model: IAM, shape: "tagValueType" },
];

/** Every value at `path` (`Tags[].Key`: each tag's key). */
function valuesAt(value: unknown, pathText: string): unknown[] {
  let values: unknown[] = [value];
  for (const part of pathText.split(".")) {
    const list = part.endsWith("[]");
    const key = list ? part.slice(0, -2) : part;
    values = values.flatMap((v) => {
      const inner = (v as Record<string, unknown> | undefined)?.[key];
      if (inner === undefined) return [];
      return list ? (inner as unknown[]) : [inner];
    });
  }
  return values;
}

function constraintProblems(value: unknown, constraint: Constraint, at: string): string[] {
  const problems: string[] = [];
  if (typeof value === "string") {
    if (constraint.pattern && !new RegExp(constraint.pattern, "u").test(value))
      problems.push(`${at}: ${JSON.stringify(value)} does not match ${constraint.pattern}`);
    const { min = 0, max = Number.POSITIVE_INFINITY } = constraint.length ?? {};
    if (value.length < min || value.length > max)
      problems.push(`${at}: ${value.length} characters, outside ${min}–${max}`);
  } else if (typeof value === "number") {
    const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY } = constraint.range ?? {};
    if (value < min || value > max) problems.push(`${at}: ${value} outside ${min}–${max}`);
  }
  return problems;
}

describe.skipIf(!existsSync(MODELS))(
  "the exported values against the API models' patterns, lengths and ranges",
  () => {
    it("checks what it claims: a name with a character the model's pattern refuses, and a value out of range, fail", () => {
      expect(constraintProblems("yolo prod", shapeConstraint(EVENTS, "RuleName"), "Name")).toHaveLength(1);
      expect(constraintProblems("a".repeat(65), shapeConstraint(EVENTS, "RuleName"), "Name")).toHaveLength(1);
      expect(constraintProblems(61, shapeConstraint(IVS, "Framerate"), "Framerate")).toHaveLength(1);
    });

    it("every constrained property of every exported resource is within its model's constraint", async () => {
      let checked = 0;
      for (const { name, config } of await cases()) {
        for (const template of Object.values(exportTemplates(config))) {
          for (const region of config.regions) {
            for (const [id, resource] of Object.entries(stackIn(template, region).resources)) {
              for (const rule of CONSTRAINED.filter((r) => r.type === resource.type)) {
                const values = valuesAt(resource.properties, rule.path);
                expect(values.length, `${name}: ${id}.${rule.path} is not in the template`).toBeGreaterThan(
                  0,
                );
                for (const value of values) {
                  expect(
                    constraintProblems(
                      value,
                      shapeConstraint(rule.model, rule.shape),
                      `${name} ${region} ${id}.${rule.path}`,
                    ),
                  ).toEqual([]);
                  checked++;
                }
              }
            }
          }
        }
      }
      expect(checked).toBeGreaterThan(100);
    });
  },
);
