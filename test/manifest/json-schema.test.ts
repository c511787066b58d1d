import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  bucketNameProblems,
  IVS_REALTIME_REGIONS,
  type JsonSchema,
  LOG_RETENTION_DAYS,
  manifestJsonSchema,
} from "../../src/manifest/index.js";

const schema = manifestJsonSchema();
const at = (...keys: string[]): any => keys.reduce<any>((node, key) => node?.[key], schema);
const environment = at("properties", "environments", "additionalProperties");
const aws = environment.properties.aws;
const ivsMap = aws.properties.ivs.oneOf.find((option: any) => option.type === "object");
const recording = ivsMap.properties.recording;

/**
 * A small draft-07 validator for the keywords the schema uses, so the schema is tested the way
 * an editor uses it: by validating documents against it.
 */
function schemaErrors(value: unknown, node: JsonSchema, path = "$"): string[] {
  const errors: string[] = [];
  const type = node.type as string | undefined;
  const kind = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
  if (type === "object" && kind !== "object") return [`${path}: not an object`];
  if (type === "array" && kind !== "array") return [`${path}: not an array`];
  if (type === "string" && kind !== "string") return [`${path}: not a string`];
  if (type === "boolean" && kind !== "boolean") return [`${path}: not a boolean`];
  if ((type === "number" || type === "integer") && kind !== "number") return [`${path}: not a number`];
  if (type === "integer" && !Number.isInteger(value)) return [`${path}: not an integer`];
  if (node.oneOf) {
    const matching = (node.oneOf as JsonSchema[]).filter(
      (option) => schemaErrors(value, option, path).length === 0,
    );
    if (matching.length !== 1) errors.push(`${path}: matches ${matching.length} of oneOf`);
  }
  if (node.enum && !(node.enum as unknown[]).includes(value)) errors.push(`${path}: not in enum`);
  if (typeof value === "string") {
    if (node.pattern && !new RegExp(node.pattern as string, "u").test(value)) errors.push(`${path}: pattern`);
    if (node.minLength !== undefined && value.length < (node.minLength as number))
      errors.push(`${path}: minLength`);
    if (node.maxLength !== undefined && value.length > (node.maxLength as number))
      errors.push(`${path}: maxLength`);
  }
  if (typeof value === "number") {
    if (node.minimum !== undefined && value < (node.minimum as number)) errors.push(`${path}: minimum`);
    if (node.maximum !== undefined && value > (node.maximum as number)) errors.push(`${path}: maximum`);
    if (node.multipleOf !== undefined && value % (node.multipleOf as number) !== 0)
      errors.push(`${path}: multipleOf`);
  }
  if (Array.isArray(value)) {
    if (node.minItems !== undefined && value.length < (node.minItems as number))
      errors.push(`${path}: minItems`);
    if (node.uniqueItems && new Set(value).size !== value.length) errors.push(`${path}: uniqueItems`);
    value.forEach((item, i) => {
      errors.push(...schemaErrors(item, node.items as JsonSchema, `${path}[${i}]`));
    });
  }
  if (kind === "object" && type === "object") {
    const record = value as Record<string, unknown>;
    const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of (node.required ?? []) as string[])
      if (!(key in record)) errors.push(`${path}.${key}: required`);
    if (node.minProperties !== undefined && Object.keys(record).length < (node.minProperties as number)) {
      errors.push(`${path}: minProperties`);
    }
    for (const [key, item] of Object.entries(record)) {
      if (node.propertyNames)
        errors.push(...schemaErrors(key, node.propertyNames as JsonSchema, `${path}.${key} (name)`));
      if (properties[key]) errors.push(...schemaErrors(item, properties[key], `${path}.${key}`));
      else if (node.additionalProperties === false) errors.push(`${path}.${key}: additional property`);
      else if (typeof node.additionalProperties === "object") {
        errors.push(...schemaErrors(item, node.additionalProperties as JsonSchema, `${path}.${key}`));
      }
    }
  }
  return errors;
}

const exampleData = parse(readFileSync(resolve(import.meta.dirname, "../../examples/yolo.yml"), "utf8"));
const withIvs = (ivs: unknown) => ({
  name: "acme-live",
  environments: { production: { aws: { region: "us-east-1", ivs } } },
});

describe("manifestJsonSchema", () => {
  it("is a draft-07 schema that survives JSON serialisation", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it("tolerates unknown keys outside aws.ivs", () => {
    expect(schema.additionalProperties).toBe(true);
    expect(environment.additionalProperties).toBe(true);
    expect(aws.additionalProperties).toBe(true);
  });

  it("is strict under aws.ivs, recording and video", () => {
    expect(Object.keys(ivsMap.properties)).toEqual([
      "regions",
      "region",
      "logging",
      "log-retention-days",
      "recording",
    ]);
    expect(ivsMap.additionalProperties).toBe(false);
    expect(Object.keys(recording.properties)).toEqual(["real_time", "video", "expire-after-days", "buckets"]);
    expect(recording.additionalProperties).toBe(false);
    expect(Object.keys(recording.properties.video.properties)).toEqual([
      "width",
      "height",
      "framerate",
      "bitrate",
    ]);
    expect(recording.properties.video.additionalProperties).toBe(false);
  });

  it("enumerates the IVS real-time regions wherever an IVS region goes", () => {
    expect(ivsMap.properties.regions.items.enum).toEqual([...IVS_REALTIME_REGIONS]);
    expect(ivsMap.properties.regions).toMatchObject({ type: "array", minItems: 1, uniqueItems: true });
    expect(ivsMap.properties.region.enum).toEqual([...IVS_REALTIME_REGIONS]);
    expect(recording.properties.buckets.propertyNames.enum).toEqual([...IVS_REALTIME_REGIONS]);
  });

  it("states the value rules: booleans, retention values, video limits, quoted account id", () => {
    expect(aws.properties.ivs.oneOf[0]).toEqual({ type: "boolean" });
    expect(ivsMap.properties.logging.type).toBe("boolean");
    expect(ivsMap.properties["log-retention-days"].enum).toEqual([...LOG_RETENTION_DAYS]);
    expect(recording.properties.video.properties.width).toMatchObject({
      type: "integer",
      minimum: 2,
      maximum: 1920,
      multipleOf: 2,
    });
    expect(recording.properties.video.properties.framerate).toMatchObject({
      type: "number",
      minimum: 1,
      maximum: 60,
    });
    expect(recording.properties.video.properties.bitrate).toMatchObject({
      type: "integer",
      minimum: 1,
      maximum: 8_500_000,
      description: "Bits per second, 1–8,500,000.",
    });
    expect(recording.properties["expire-after-days"]).toMatchObject({ type: "integer", minimum: 1 });
    expect(aws.properties["account-id"]).toMatchObject({ type: "string", pattern: "^[0-9]{12}$" });
    expect(schema.required).toEqual(["name", "environments"]);
    expect(aws.required).toEqual(["region"]);
  });

  it("accepts the example manifest", () => {
    expect(schemaErrors(exampleData, schema)).toEqual([]);
  });

  it("refuses what the validator refuses, in the keys it can describe", () => {
    expect(schemaErrors(withIvs({ recording: { realtime: true } }), schema)).not.toEqual([]);
    expect(schemaErrors(withIvs({ logging: "true" }), schema)).not.toEqual([]);
    expect(schemaErrors(withIvs({ regions: ["ap-southeast-2"] }), schema)).not.toEqual([]);
    expect(schemaErrors(withIvs({ regions: ["us-east-1", "us-east-1"] }), schema)).not.toEqual([]);
    expect(schemaErrors(withIvs({ "log-retention-days": 15 }), schema)).not.toEqual([]);
    expect(schemaErrors(withIvs({ recording: true }), schema)).not.toEqual([]);
    expect(schemaErrors(withIvs({ recording: { video: { width: 1281 } } }), schema)).not.toEqual([]);
    expect(
      schemaErrors(withIvs({ recording: { buckets: { "us-east-1": "My_Bucket" } } }), schema),
    ).not.toEqual([]);
    expect(schemaErrors(withIvs("yes"), schema)).not.toEqual([]);
    expect(schemaErrors({ ...withIvs(true), name: "Acme" }, schema)).not.toEqual([]);
  });

  it("accepts other yolo keys anywhere but aws.ivs", () => {
    const data = { ...withIvs(true), build: { docker: true } } as any;
    data.environments.production.aws.vpc = { cidr: "10.0.0.0/16" };
    data.environments.production.domain = "live.acme.example";
    expect(schemaErrors(data, schema)).toEqual([]);
  });

  it("describes bucket names with the same rules the validator explains", () => {
    const bucket = recording.properties.buckets.additionalProperties;
    const names = [
      "acme-recordings",
      "a.b.c",
      "abc",
      "ab",
      "a".repeat(63),
      "a".repeat(64),
      "My-Bucket",
      "my_bucket",
      "-bucket",
      "bucket-",
      "my..bucket",
      "192.168.1.1",
      "xn--bucket",
      "sthree-bucket",
      "amzn-s3-demo-bucket",
      "bucket-s3alias",
      "bucket--ol-s3",
      "bucket.mrap",
      "bucket--x-s3",
      "bucket--table-s3",
    ];
    for (const name of names) {
      expect(schemaErrors(name, bucket).length === 0, name).toBe(bucketNameProblems(name).length === 0);
    }
  });
});
