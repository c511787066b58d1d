/**
 * Holds the emulator's input rules (src/emulator/rules) against AWS's own Smithy models in
 * ../shared/aws-models: every constraint a rule states must be the model's, and every operation
 * and member a rule names must exist. The models are not part of the project; without them the
 * model comparison is skipped (the checker's own tests still run on a small synthetic model).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PENDING_VERIFICATION_OPERATIONS } from "../../src/emulator/controls.js";
import { SERVICE_RULES } from "../../src/emulator/rules/index.js";
import { RETENTION_IN_DAYS_VALUES } from "../../src/emulator/rules/logs.js";
import type { MemberRule, ServiceRules } from "../../src/emulator/rules/validate.js";

// ---------------------------------------------------------------------------------------------
// The checker

interface SmithyRef {
  target: string;
  traits?: Record<string, any>;
}

interface SmithyShape {
  type: string;
  members?: Record<string, SmithyRef>;
  member?: SmithyRef;
  key?: SmithyRef;
  value?: SmithyRef;
  input?: { target: string };
  traits?: Record<string, any>;
}

interface SmithyModel {
  shapes: Record<string, SmithyShape>;
}

/** Smithy prelude shapes (not listed in a model's `shapes`) and their types. */
const PRELUDE: Record<string, string> = {
  String: "string",
  Boolean: "boolean",
  PrimitiveBoolean: "boolean",
  Integer: "integer",
  PrimitiveInteger: "integer",
  Long: "long",
  PrimitiveLong: "long",
  Short: "short",
  PrimitiveShort: "short",
  Byte: "byte",
  PrimitiveByte: "byte",
  Float: "float",
  PrimitiveFloat: "float",
  Double: "double",
  PrimitiveDouble: "double",
  Timestamp: "timestamp",
  Blob: "blob",
  Document: "document",
  BigInteger: "bigInteger",
  BigDecimal: "bigDecimal",
  Unit: "structure",
};

/** Model types as a MemberRule names them (an enum is a string with allowed values, a set a list). */
const RULE_TYPE_OF: Record<string, string> = {
  enum: "string",
  intEnum: "integer",
  set: "list",
  union: "structure",
};

function shapeOf(model: SmithyModel, target: string): SmithyShape | undefined {
  const shape = model.shapes[target];
  if (shape) return shape;
  const prelude = target.startsWith("smithy.api#") ? PRELUDE[target.slice("smithy.api#".length)] : undefined;
  return prelude ? { type: prelude } : undefined;
}

function findOperation(model: SmithyModel, name: string): SmithyShape | undefined {
  const id = Object.keys(model.shapes).find(
    (key) => key.endsWith(`#${name}`) && model.shapes[key].type === "operation",
  );
  return id ? model.shapes[id] : undefined;
}

/** What the model says about one member path: the member's traits over its target's traits. */
interface ModelMember {
  type: string;
  traits: Record<string, any>;
  enumValues?: string[];
}

/** Follow a rule path (`a.b`, `list[]`, `map{}`, `map{key}`) from an operation's input. */
function resolvePath(model: SmithyModel, input: SmithyShape, rulePath: string): ModelMember | string {
  let shape: SmithyShape | undefined = input;
  let ref: SmithyRef | undefined;
  for (const part of rulePath.split(".")) {
    const match = /^([^[{]+)(\[\]|\{\}|\{key\})?$/.exec(part);
    if (!match) return `cannot read path segment '${part}'`;
    const [, name, suffix] = match;
    if (!shape?.members) return `'${name}' is not a member: its parent is not a structure`;
    ref = shape.members[name];
    if (!ref) return `the model has no member '${name}' (members: ${Object.keys(shape.members).join(", ")})`;
    shape = shapeOf(model, ref.target);
    if (!shape) return `the model has no shape ${ref.target}`;
    if (suffix === "[]") {
      if (!shape.member) return `'${name}' is a ${shape.type}, not a list`;
      ref = shape.member;
    } else if (suffix === "{}" || suffix === "{key}") {
      if (!shape.key || !shape.value) return `'${name}' is a ${shape.type}, not a map`;
      ref = suffix === "{}" ? shape.value : shape.key;
    }
    if (suffix) {
      shape = shapeOf(model, ref.target);
      if (!shape) return `the model has no shape ${ref.target}`;
    }
  }
  if (!ref || !shape) return "empty path";
  const traits = { ...(shape.traits ?? {}), ...(ref.traits ?? {}) };
  let enumValues: string[] | undefined;
  if (shape.type === "enum" || shape.type === "intEnum")
    enumValues = Object.entries(shape.members ?? {}).map(([memberName, member]) =>
      String(member.traits?.["smithy.api#enumValue"] ?? memberName),
    );
  else if (Array.isArray(traits["smithy.api#enum"]))
    enumValues = traits["smithy.api#enum"].map((entry: { value: string }) => entry.value);
  return { type: RULE_TYPE_OF[shape.type] ?? shape.type, traits, enumValues };
}

function sameBounds(
  stated: { min?: number; max?: number },
  model: { min?: number; max?: number } | undefined,
  kind: "length" | "range",
): string | undefined {
  if (!model) return `states a ${kind} ${JSON.stringify(stated)} but the model has none`;
  // A length minimum of 0 says nothing; a rule may leave it out.
  const min = (bounds: { min?: number }) => (kind === "length" ? (bounds.min ?? 0) : bounds.min);
  if (min(stated) !== min(model) || stated.max !== model.max)
    return `${kind} ${JSON.stringify(stated)} differs from the model's ${JSON.stringify(model)}`;
  return undefined;
}

/** Every way a member rule differs from what the model says about the member. */
function memberMismatches(rule: MemberRule, member: ModelMember): string[] {
  const problems: string[] = [];
  if (rule.required && !("smithy.api#required" in member.traits))
    problems.push("is required by the rule but not by the model");
  if (rule.type !== undefined && rule.type !== member.type)
    problems.push(`type ${rule.type} differs from the model's ${member.type}`);
  if (rule.length) {
    const problem = sameBounds(rule.length, member.traits["smithy.api#length"], "length");
    if (problem) problems.push(problem);
  }
  if (rule.range) {
    const problem = sameBounds(rule.range, member.traits["smithy.api#range"], "range");
    if (problem) problems.push(problem);
  }
  if (rule.pattern !== undefined && rule.pattern !== member.traits["smithy.api#pattern"])
    problems.push(
      `pattern ${JSON.stringify(rule.pattern)} differs from the model's ${JSON.stringify(member.traits["smithy.api#pattern"] ?? null)}`,
    );
  if (rule.enum) {
    const stated = [...new Set(rule.enum)].sort();
    const modelled = [...new Set(member.enumValues ?? [])].sort();
    if (!member.enumValues) problems.push("states an enum but the model has none");
    else if (JSON.stringify(stated) !== JSON.stringify(modelled))
      problems.push(
        `enum differs from the model's: missing [${modelled.filter((v) => !stated.includes(v)).join(", ")}], extra [${stated.filter((v) => !modelled.includes(v)).join(", ")}]`,
      );
  }
  return problems;
}

/**
 * The values a shape's documentation lists as "Possible values are: 1, 3, …, and 3653." (for
 * constraints the model states only in prose, such as Logs' `Days`), or undefined without such a
 * sentence.
 */
function documentedValues(shape: SmithyShape | undefined): number[] | undefined {
  const text = String(shape?.traits?.["smithy.api#documentation"] ?? "");
  const sentence = /Possible values are:\s*([^.]*(?:\.\d[^.]*)*)\./.exec(text.replace(/<[^>]+>/g, " "));
  if (!sentence) return undefined;
  return sentence[1]
    .replace(/\band\b/g, ",")
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value !== "")
    .map(Number);
}

/** Every disagreement between a service's rules and its model, as `Operation path: problem`. */
function checkRulesAgainstModel(rules: ServiceRules, model: SmithyModel): string[] {
  const problems: string[] = [];
  for (const [operation, members] of Object.entries(rules)) {
    const shape = findOperation(model, operation);
    if (!shape) {
      problems.push(`${operation}: the model has no such operation`);
      continue;
    }
    const input = shape.input ? shapeOf(model, shape.input.target) : undefined;
    for (const [rulePath, rule] of Object.entries(members)) {
      const member = input ? resolvePath(model, input, rulePath) : "the operation takes no input";
      if (typeof member === "string") problems.push(`${operation} ${rulePath}: ${member}`);
      else
        for (const problem of memberMismatches(rule, member))
          problems.push(`${operation} ${rulePath}: ${problem}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The checker's own tests, on a small model written here

const SYNTHETIC: SmithyModel = {
  shapes: {
    "test#CreateThing": { type: "operation", input: { target: "test#CreateThingRequest" } },
    "test#CreateThingRequest": {
      type: "structure",
      members: {
        Name: { target: "test#Name", traits: { "smithy.api#required": {} } },
        Size: { target: "test#Size" },
        Mode: { target: "test#Mode" },
        Legacy: { target: "test#Legacy" },
        Items: { target: "test#ItemList" },
        Labels: { target: "test#LabelMap" },
        Note: { target: "smithy.api#String", traits: { "smithy.api#length": { max: 10 } } },
      },
    },
    "test#Name": {
      type: "string",
      traits: { "smithy.api#length": { min: 1, max: 64 }, "smithy.api#pattern": "^[a-z]+$" },
    },
    "test#Size": { type: "integer", traits: { "smithy.api#range": { min: 2, max: 8 } } },
    "test#Mode": {
      type: "enum",
      members: {
        FAST: { target: "smithy.api#Unit", traits: { "smithy.api#enumValue": "fast" } },
        SLOW: { target: "smithy.api#Unit", traits: { "smithy.api#enumValue": "slow" } },
      },
    },
    "test#Legacy": { type: "string", traits: { "smithy.api#enum": [{ value: "A" }, { value: "B" }] } },
    "test#ItemList": {
      type: "list",
      member: { target: "test#Item" },
      traits: { "smithy.api#length": { min: 0, max: 5 } },
    },
    "test#Item": {
      type: "structure",
      members: { Id: { target: "test#Name", traits: { "smithy.api#required": {} } } },
    },
    "test#LabelMap": { type: "map", key: { target: "test#Name" }, value: { target: "test#Size" } },
  },
};

describe("the rule checker", () => {
  it("accepts rules that restate the model, including list elements, map keys and values and enums", () => {
    const rules: ServiceRules = {
      CreateThing: {
        Name: { required: true, type: "string", length: { min: 1, max: 64 }, pattern: "^[a-z]+$" },
        Size: { type: "integer", range: { min: 2, max: 8 } },
        Mode: { type: "string", enum: ["slow", "fast"] },
        Legacy: { enum: ["B", "A"] },
        Items: { type: "list", length: { max: 5 } },
        "Items[].Id": { required: true, pattern: "^[a-z]+$" },
        "Labels{key}": { length: { min: 1, max: 64 } },
        "Labels{}": { type: "integer", range: { min: 2, max: 8 } },
        Note: { type: "string", length: { max: 10 } },
      },
    };
    expect(checkRulesAgainstModel(rules, SYNTHETIC)).toEqual([]);
  });

  it("reports every stated constraint that differs from the model", () => {
    const rules: ServiceRules = {
      CreateThing: {
        Name: { type: "integer", length: { min: 1, max: 63 }, pattern: "^[a-z0-9]+$" },
        Size: { required: true, range: { min: 2 } },
        Mode: { enum: ["fast", "slow", "turbo"] },
        Note: { pattern: "^.*$" },
        "Items[].Id": { length: { min: 2, max: 64 } },
      },
    };
    expect(checkRulesAgainstModel(rules, SYNTHETIC)).toEqual([
      "CreateThing Name: type integer differs from the model's string",
      'CreateThing Name: length {"min":1,"max":63} differs from the model\'s {"min":1,"max":64}',
      'CreateThing Name: pattern "^[a-z0-9]+$" differs from the model\'s "^[a-z]+$"',
      "CreateThing Size: is required by the rule but not by the model",
      'CreateThing Size: range {"min":2} differs from the model\'s {"min":2,"max":8}',
      "CreateThing Mode: enum differs from the model's: missing [], extra [turbo]",
      'CreateThing Note: pattern "^.*$" differs from the model\'s null',
      'CreateThing Items[].Id: length {"min":2,"max":64} differs from the model\'s {"min":1,"max":64}',
    ]);
  });

  it("reports operations and members the model does not have, and paths of the wrong kind", () => {
    const rules: ServiceRules = {
      DeleteThing: { Name: { required: true } },
      CreateThing: {
        Colour: { type: "string" },
        "Items[].Missing": { type: "string" },
        "Name[]": { type: "string" },
        "Items{}": { type: "string" },
        "Size.Inner": { type: "string" },
      },
    };
    const problems = checkRulesAgainstModel(rules, SYNTHETIC);
    expect(problems).toHaveLength(6);
    expect(problems[0]).toBe("DeleteThing: the model has no such operation");
    expect(problems[1]).toMatch(/^CreateThing Colour: the model has no member 'Colour'/);
    expect(problems[2]).toMatch(/^CreateThing Items\[\]\.Missing: the model has no member 'Missing'/);
    expect(problems[3]).toBe("CreateThing Name[]: 'Name' is a string, not a list");
    expect(problems[4]).toBe("CreateThing Items{}: 'Items' is a list, not a map");
    expect(problems[5]).toBe(
      "CreateThing Size.Inner: 'Inner' is not a member: its parent is not a structure",
    );
  });

  it("reads the values a shape's documentation lists, and none when it lists none", () => {
    const documented = (text: string) =>
      documentedValues({ type: "integer", traits: { "smithy.api#documentation": text } });
    expect(documented("<p>The days. Possible values are: 1, 3, 5, and 3653.</p><p>Else…</p>")).toEqual([
      1, 3, 5, 3653,
    ]);
    expect(documented("<p>The number of days.</p>")).toBeUndefined();
  });

  it("reports a semantic extra written as a model constraint (IVS even width as a pattern)", () => {
    const rules: ServiceRules = {
      CreateThing: { Size: { range: { min: 2, max: 8 }, enum: ["2", "4", "6", "8"] } },
    };
    expect(checkRulesAgainstModel(rules, SYNTHETIC)).toEqual([
      "CreateThing Size: states an enum but the model has none",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// The project's rules against AWS's models

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const modelsDir = path.resolve(repoRoot, "..", "shared", "aws-models");
const haveModels = existsSync(modelsDir);

function loadModel(file: string): SmithyModel {
  return JSON.parse(readFileSync(path.join(modelsDir, file), "utf8")) as SmithyModel;
}

const describeWithModels = haveModels ? describe : describe.skip;
const suiteName = haveModels
  ? "the emulator's rules against AWS's models"
  : `the emulator's rules against AWS's models (skipped: ${modelsDir} does not exist)`;

describeWithModels(suiteName, () => {
  for (const entry of SERVICE_RULES) {
    it(`${entry.service}: every rule restates ${entry.modelFile}`, () => {
      const modelFile = path.join(modelsDir, entry.modelFile);
      expect(existsSync(modelFile), `${modelFile} exists`).toBe(true);
      expect(checkRulesAgainstModel(entry.rules, loadModel(entry.modelFile))).toEqual([]);
    });
  }

  it("fault preset PendingVerification covers exactly the IVS operations whose model declares that error", () => {
    const model = loadModel("ivs-realtime-2020-07-14.json") as any;
    const declaring = Object.entries(model.shapes as Record<string, any>)
      .filter(
        ([, shape]) =>
          shape.type === "operation" &&
          (shape.errors ?? []).some((error: { target: string }) =>
            error.target.endsWith("#PendingVerification"),
          ),
      )
      .map(([id]) => id.split("#")[1])
      .sort();
    expect([...PENDING_VERIFICATION_OPERATIONS].sort()).toEqual(declaring);
    const shape = model.shapes["com.amazonaws.ivsrealtime#PendingVerification"];
    expect(shape.traits["smithy.api#httpError"]).toBe(403);
    expect(shape.members.exceptionMessage.traits["smithy.api#documentation"]).toContain(
      "Your account is pending verification.",
    );
  });

  it("names each service once", () => {
    const services = SERVICE_RULES.map((entry) => entry.service);
    expect(new Set(services).size).toBe(services.length);
    expect([...services].sort()).toEqual(["events", "iam", "ivs", "logs", "s3", "sts"]);
  });

  it("logs: the allowed retentionInDays are the values PutRetentionPolicy's Days documentation lists", () => {
    const model = loadModel("cloudwatch-logs-2014-03-28.json");
    const input = findOperation(model, "PutRetentionPolicy")?.input?.target;
    const target = input ? model.shapes[input]?.members?.retentionInDays?.target : undefined;
    expect(target).toBe("com.amazonaws.cloudwatchlogs#Days");
    const documented = documentedValues(model.shapes[target ?? ""]);
    expect(documented?.length).toBeGreaterThan(0);
    expect([...RETENTION_IN_DAYS_VALUES]).toEqual(documented);
  });

  it("catches a wrong IAM rule against the real model", () => {
    const wrong: ServiceRules = {
      CreateRole: {
        RoleName: { required: true, length: { min: 1, max: 128 }, pattern: "^[\\w+=,.@-]*$" },
        MaxSessionDuration: { range: { min: 900, max: 43200 } },
        Description: { required: true },
      },
      GetRoles: {},
    };
    expect(checkRulesAgainstModel(wrong, loadModel("iam-2010-05-08.json"))).toEqual([
      'CreateRole RoleName: length {"min":1,"max":128} differs from the model\'s {"min":1,"max":64}',
      'CreateRole RoleName: pattern "^[\\\\w+=,.@-]*$" differs from the model\'s "^[\\\\w+=,.@-]+$"',
      'CreateRole MaxSessionDuration: range {"min":900,"max":43200} differs from the model\'s {"min":3600,"max":43200}',
      "CreateRole Description: is required by the rule but not by the model",
      "GetRoles: the model has no such operation",
    ]);
  });
});
