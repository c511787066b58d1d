/**
 * The policy is derived from the calls each resource module declares (`…Calls`) through one
 * table of SDK operations → IAM actions (src/iam/operations.ts). These tests hold the three
 * together statically: every SDK command a module sends (a `…Command` it takes from src/aws/sdk/,
 * or an `operation` its plans hand the engine) is among its declared calls; every operation sent
 * or declared has a row in the table; and every row names a command the SDK module exports and
 * actions of that service's IAM prefix.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { DeclaredCalls } from "../../src/iam/calls.js";
import { grantOf, operationOf } from "../../src/iam/calls.js";
import {
  actionsOf,
  OPERATION_ACTIONS,
  SDK_MODULE_SERVICE,
  type SdkOperation,
} from "../../src/iam/operations.js";
import { permissionScope } from "../../src/iam/permissions.js";
import { environmentConfig } from "../helpers/manifests.js";

const root = path.resolve(import.meta.dirname, "../..");
const RESOURCES = path.join(root, "src/resources");
type SdkModule = keyof typeof SDK_MODULE_SERVICE;
const SDK_MODULES = Object.keys(SDK_MODULE_SERVICE) as SdkModule[];
const IAM_PREFIX: Record<SdkModule, string> = {
  s3: "s3",
  iam: "iam",
  ivs: "ivs",
  logs: "logs",
  events: "events",
};

/** Shared plan-building code whose calls the modules that use it send (and so declare). */
const HELPERS: Record<string, string[]> = {
  "ivs-configurations.ts": ["storage-configuration.ts", "encoder-configuration.ts"],
};

const SDK_LOADERS: Record<SdkModule, () => Promise<Record<string, unknown>>> = {
  s3: () => import("../../src/aws/sdk/s3.js"),
  iam: () => import("../../src/aws/sdk/iam.js"),
  ivs: () => import("../../src/aws/sdk/ivs.js"),
  logs: () => import("../../src/aws/sdk/logs.js"),
  events: () => import("../../src/aws/sdk/events.js"),
};
const sdkExports = Object.fromEntries(
  await Promise.all(SDK_MODULES.map(async (m) => [m, new Set(Object.keys(await SDK_LOADERS[m]()))] as const)),
) as Record<SdkModule, Set<string>>;

/** The operations a file sends, as `Service.Operation` candidates (one per SDK module that has the command). */
function sentOperations(text: string): { name: string; candidates: string[] }[] {
  const sent: { name: string; candidates: string[] }[] = [];
  const used = new Set<SdkModule>();
  for (const match of text.matchAll(/\{([^}]*)\}\s*=\s*await import\(\s*"\.\.\/aws\/sdk\/(\w+)\.js"\s*\)/g)) {
    const module = match[2] as SdkModule;
    used.add(module);
    for (const command of match[1].match(/\b\w+Command\b/g) ?? [])
      sent.push({ name: command, candidates: [`${SDK_MODULE_SERVICE[module]}.${command.slice(0, -7)}`] });
  }
  for (const match of text.matchAll(/\bservice: "(\w+)"/g)) used.add(match[1] as SdkModule);
  for (const match of text.matchAll(/\b[oO]peration: "(\w+)"/g)) {
    const operation = match[1];
    const modules = [...used].filter((m) => sdkExports[m]?.has(`${operation}Command`));
    sent.push({ name: operation, candidates: modules.map((m) => `${SDK_MODULE_SERVICE[m]}.${operation}`) });
  }
  return sent;
}

/** Everything a module declares, for a scope with every part on (MediaConvert, recording, logging, an adopted bucket). */
async function declaredBy(file: string): Promise<DeclaredCalls[]> {
  const config = environmentConfig({
    regions: ["us-east-1", "eu-west-1"],
    mediaconvert: true,
    logging: { enabled: true },
    recording: { enabled: true, buckets: { "eu-west-1": "adopted-recordings" } },
  });
  const scope = permissionScope(config, "123456789012");
  const module: Record<string, unknown> = await import(/* @vite-ignore */ path.join(RESOURCES, file));
  const declared: DeclaredCalls[] = [];
  for (const [name, value] of Object.entries(module)) {
    if (!name.endsWith("Calls") || typeof value !== "function") continue;
    const declaration = value as (...args: unknown[]) => DeclaredCalls | DeclaredCalls[];
    const result =
      name === "leftoverSearchCalls"
        ? declaration(config, scope)
        : name === "ivsBucketPolicyCalls"
          ? declaration(scope, { create: true, remove: true })
          : declaration(scope);
    declared.push(...[result].flat());
  }
  return declared;
}

const files = readdirSync(RESOURCES).filter((f) => f.endsWith(".ts"));
const texts = Object.fromEntries(files.map((f) => [f, readFileSync(path.join(RESOURCES, f), "utf8")]));

describe("the calls each resource module declares", () => {
  it("finds the sends it checks (the scan is not vacuous)", () => {
    const bucket = sentOperations(texts["recording-bucket.ts"]).map((s) => s.candidates.join("|"));
    expect(bucket).toContain("S3.HeadBucket");
    expect(bucket).toContain("S3.PutBucketPolicy");
    expect(bucket).toContain("IAM.GetRole");
    expect(sentOperations(texts["log-group.ts"]).map((s) => s.candidates.join("|"))).toContain(
      "CloudWatchLogs.TagResource",
    );
  });

  for (const file of files) {
    const sent = sentOperations(texts[file]);
    if (sent.length === 0) continue;
    it(`${file} declares every SDK operation it sends`, async () => {
      const declarers = HELPERS[file] ?? [file];
      for (const declarer of declarers) {
        const declared = new Set((await declaredBy(declarer)).flatMap((d) => d.calls.map(operationOf)));
        expect(declared.size, `${declarer} declares no calls`).toBeGreaterThan(0);
        const undeclared = sent
          .filter((s) => !s.candidates.some((c) => declared.has(c as SdkOperation)))
          .map((s) => `${s.name} (${s.candidates.join(" or ") || "no SDK module has it"})`);
        expect(undeclared, `sent by ${file}, not declared by ${declarer}`).toEqual([]);
      }
    });
  }

  it("every operation sent or declared has a row in the table", async () => {
    const sent = files.flatMap((f) => sentOperations(texts[f]).flatMap((s) => s.candidates));
    const declared = (await Promise.all(files.map(declaredBy)))
      .flat()
      .flatMap((d) => d.calls.map(operationOf));
    const missing = [...new Set([...sent, ...declared])].filter((op) => !(op in OPERATION_ACTIONS));
    expect(missing).toEqual([]);
    // And a declared call whose operation the table lacks cannot become a grant.
    expect(() =>
      grantOf({
        sid: "RecordingBuckets",
        access: "read",
        calls: ["S3.GetBucketAcl" as SdkOperation],
        resources: ["*"],
      }),
    ).toThrow(/No IAM actions are known for S3.GetBucketAcl/);
  });

  it("every row names a command its SDK module exports, and actions of that service", () => {
    const byService = Object.fromEntries(SDK_MODULES.map((m) => [SDK_MODULE_SERVICE[m], m]));
    for (const operation of Object.keys(OPERATION_ACTIONS) as SdkOperation[]) {
      const [service, name] = operation.split(".");
      const module = byService[service] as SdkModule;
      expect(sdkExports[module]?.has(`${name}Command`), `${operation}: src/aws/sdk/${module}.ts`).toBe(true);
      const row = OPERATION_ACTIONS[operation] as { with?: Record<string, unknown> };
      const variants = [
        actionsOf(operation),
        ...Object.keys(row.with ?? {}).map((o) => actionsOf(operation, [o as never])),
      ];
      for (const action of variants.flat())
        expect(action, operation).toMatch(new RegExp(`^${IAM_PREFIX[module]}:[A-Z]\\w+$`));
    }
  });

  it("maps the calls whose IAM action is not their name as AWS's Service Authorization Reference says", () => {
    expect(actionsOf("S3.HeadBucket")).toEqual(["s3:ListBucket"]);
    expect(actionsOf("S3.PutBucketEncryption")).toEqual(["s3:PutEncryptionConfiguration"]);
    expect(actionsOf("S3.GetPublicAccessBlock")).toEqual(["s3:GetBucketPublicAccessBlock"]);
    expect(actionsOf("S3.DeleteBucketLifecycle")).toEqual(["s3:PutLifecycleConfiguration"]);
    expect(actionsOf("S3.ListObjectVersions")).toEqual(["s3:ListBucketVersions"]);
    expect(actionsOf("S3.CreateBucket", ["ObjectOwnership"])).toEqual([
      "s3:CreateBucket",
      "s3:PutBucketOwnershipControls",
    ]);
    expect(actionsOf("S3.DeleteObjects", ["VersionId"])).toEqual(["s3:DeleteObjectVersion"]);
    expect(actionsOf("EventBridge.PutRule", ["Tags"])).toEqual(["events:PutRule", "events:TagResource"]);
    expect(actionsOf("IAM.CreateRole", ["Tags"])).toEqual(["iam:CreateRole", "iam:TagRole"]);
    expect(actionsOf("CloudWatchLogs.CreateLogGroup", ["Tags"])).toEqual([
      "logs:CreateLogGroup",
      "logs:TagResource",
    ]);
    expect(() => actionsOf("S3.HeadBucket", ["Tags"])).toThrow(/not sent with Tags/);
  });
});
