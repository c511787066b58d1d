import { describe, expect, it } from "vitest";
import type { RunResult } from "../../src/engine/result.js";
import { renderEnvJson, renderJson } from "../../src/output/json.js";

const STORAGE_ARN = "arn:aws:ivs:us-east-1:123456789012:storage-configuration/AbCdEf123456";

function multiRegionResult(overrides: Partial<RunResult> = {}): RunResult {
  return {
    command: "sync",
    environment: "production",
    account: "123456789012",
    dryRun: false,
    local: false,
    regions: ["us-east-1", "eu-west-1"],
    status: "FAILED",
    elapsedMs: 2900,
    steps: [
      {
        id: "mediaconvert-role",
        description: "Sync MediaConvert role",
        status: "CREATED",
        elapsedMs: 401.6,
        regions: {
          global: {
            status: "CREATED",
            resource: "yolo-production-acme-live-mediaconvert-role",
            changes: [],
            elapsedMs: 401,
          },
        },
      },
      {
        id: "recording-bucket",
        description: "Sync IVS realtime recording bucket",
        status: "CREATED",
        elapsedMs: 412,
        regions: {
          "us-east-1": {
            status: "CREATED",
            resource: "yolo-production-acme-live-ivs-recordings-us-east-1",
            changes: [{ attribute: "policy", from: null, to: '{"Statement":[]}' }],
            elapsedMs: 412,
          },
          "eu-west-1": {
            status: "SYNCED",
            resource: "yolo-production-acme-live-ivs-recordings-eu-west-1",
            changes: [{ attribute: "objectOwnership", from: "ObjectWriter", to: "BucketOwnerPreferred" }],
            reason: "adopted",
            elapsedMs: 300,
          },
        },
      },
      {
        id: "storage-configuration",
        description: "Sync IVS storage configuration",
        status: "FAILED",
        elapsedMs: 120,
        regions: {
          "us-east-1": {
            status: "CREATED",
            resource: STORAGE_ARN,
            changes: [{ attribute: "storageConfiguration", from: undefined, to: STORAGE_ARN }],
            elapsedMs: 100,
          },
          "eu-west-1": {
            status: "FAILED",
            changes: [],
            error: "AccessDeniedException: not allowed (HTTP 403)",
            elapsedMs: 120,
          },
        },
      },
    ],
    env: {
      "us-east-1": {
        AWS_IVS_STORAGE_CONFIGURATION_ARN: STORAGE_ARN,
        AWS_IVS_REALTIME_RECORDINGS_BUCKET: "yolo-production-acme-live-ivs-recordings-us-east-1",
      },
    },
    warnings: [{ region: "eu-west-1", step: "recording-bucket", message: "MediaConvertRead left out" }],
    errors: [
      {
        region: "eu-west-1",
        step: "storage-configuration",
        message: "AccessDeniedException: not allowed (HTTP 403)",
      },
    ],
    ...overrides,
  };
}

describe("renderJson", () => {
  it("prints exactly SPEC §6's document for a multi-region run", () => {
    const document = JSON.parse(renderJson(multiRegionResult()));
    expect(document).toEqual({
      command: "sync",
      environment: "production",
      account: "123456789012",
      dryRun: false,
      regions: ["us-east-1", "eu-west-1"],
      status: "FAILED",
      steps: [
        {
          id: "mediaconvert-role",
          description: "Sync MediaConvert role",
          status: "CREATED",
          elapsedMs: 402,
          regions: {
            global: {
              status: "CREATED",
              resource: "yolo-production-acme-live-mediaconvert-role",
              changes: [],
            },
          },
        },
        {
          id: "recording-bucket",
          description: "Sync IVS realtime recording bucket",
          status: "CREATED",
          elapsedMs: 412,
          regions: {
            "us-east-1": {
              status: "CREATED",
              resource: "yolo-production-acme-live-ivs-recordings-us-east-1",
              changes: [{ attribute: "policy", from: null, to: '{"Statement":[]}' }],
            },
            "eu-west-1": {
              status: "SYNCED",
              resource: "yolo-production-acme-live-ivs-recordings-eu-west-1",
              changes: [{ attribute: "objectOwnership", from: "ObjectWriter", to: "BucketOwnerPreferred" }],
              reason: "adopted",
            },
          },
        },
        {
          id: "storage-configuration",
          description: "Sync IVS storage configuration",
          status: "FAILED",
          elapsedMs: 120,
          regions: {
            "us-east-1": {
              status: "CREATED",
              resource: STORAGE_ARN,
              changes: [{ attribute: "storageConfiguration", from: null, to: STORAGE_ARN }],
            },
            "eu-west-1": {
              status: "FAILED",
              changes: [],
              error: "AccessDeniedException: not allowed (HTTP 403)",
            },
          },
        },
      ],
      env: {
        "us-east-1": {
          AWS_IVS_REALTIME_RECORDINGS_BUCKET: "yolo-production-acme-live-ivs-recordings-us-east-1",
          AWS_IVS_STORAGE_CONFIGURATION_ARN: STORAGE_ARN,
        },
      },
      warnings: [{ region: "eu-west-1", step: "recording-bucket", message: "MediaConvertRead left out" }],
      errors: [
        {
          region: "eu-west-1",
          step: "storage-configuration",
          message: "AccessDeniedException: not allowed (HTTP 403)",
        },
      ],
    });
  });

  it("keeps the documented key order", () => {
    const document = JSON.parse(renderJson(multiRegionResult()));
    expect(Object.keys(document)).toEqual([
      "command",
      "environment",
      "account",
      "dryRun",
      "regions",
      "status",
      "steps",
      "env",
      "warnings",
      "errors",
    ]);
    expect(Object.keys(document.steps[0])).toEqual(["id", "description", "status", "elapsedMs", "regions"]);
    expect(Object.keys(document.steps[1].regions["eu-west-1"])).toEqual([
      "status",
      "resource",
      "changes",
      "reason",
    ]);
    expect(Object.keys(document.env["us-east-1"])).toEqual([
      "AWS_IVS_REALTIME_RECORDINGS_BUCKET",
      "AWS_IVS_STORAGE_CONFIGURATION_ARN",
    ]);
  });

  it("is FAILED whenever it carries an error, whatever the steps say (an error wins, SPEC §6)", () => {
    const refused = multiRegionResult({
      status: "WOULD_DELETE",
      steps: [],
      errors: [{ step: "confirmation", message: "refused" }],
    });
    expect(JSON.parse(renderJson(refused)).status).toBe("FAILED");
    expect(JSON.parse(renderJson({ ...refused, errors: [] })).status).toBe("WOULD_DELETE");
  });

  it("prints messages written for a terminal as one line, without the padding that aligned them", () => {
    const wrapped =
      "yolo.yml:7:13  environments.production.aws.ivs.regions[1]: nope.\n               Use one of: us-east-1.";
    const document = JSON.parse(
      renderJson(
        multiRegionResult({
          warnings: [{ region: "eu-west-1", message: `left out\n    until the role exists` }],
          errors: [{ region: "eu-west-1", step: "storage-configuration", message: wrapped }],
        }),
      ),
    );
    expect(document.errors[0].message).toBe(
      "yolo.yml:7:13  environments.production.aws.ivs.regions[1]: nope. Use one of: us-east-1.",
    );
    expect(document.warnings[0].message).toBe("left out until the role exists");
  });

  it('adds "local": true only for a run against the local emulator', () => {
    expect(JSON.parse(renderJson(multiRegionResult())).local).toBeUndefined();
    const local = JSON.parse(renderJson(multiRegionResult({ local: true, account: "000000000000" })));
    expect(local.local).toBe(true);
    expect(local.dryRun).toBe(false);
  });

  it("is one JSON document with nothing around it", () => {
    const text = renderJson(multiRegionResult({ dryRun: true }));
    expect(text.trim()).toBe(text);
    expect(JSON.parse(text).dryRun).toBe(true);
  });
});

describe("renderEnvJson", () => {
  it("gives the values per region and exactly the dotenv lines", () => {
    const document = JSON.parse(
      renderEnvJson({
        environment: "production",
        account: "123456789012",
        regions: ["us-east-1", "eu-west-1"],
        env: {
          "eu-west-1": { AWS_IVS_REALTIME_RECORDINGS_BUCKET: "bucket-eu" },
          "us-east-1": {
            AWS_IVS_REALTIME_RECORDINGS_BUCKET: "bucket-us",
            AWS_IVS_STORAGE_CONFIGURATION_ARN: STORAGE_ARN,
          },
        },
      }),
    );
    expect(Object.keys(document)).toEqual(["environment", "account", "regions", "env", "dotenv"]);
    expect(Object.keys(document.env)).toEqual(["us-east-1", "eu-west-1"]);
    expect(document.dotenv).toEqual({
      AWS_IVS_REGIONS: "us-east-1,eu-west-1",
      AWS_IVS_REGION: "us-east-1",
      AWS_IVS_REALTIME_RECORDINGS_BUCKET: "bucket-us",
      AWS_IVS_STORAGE_CONFIGURATION_ARN: STORAGE_ARN,
      AWS_IVS_REALTIME_RECORDINGS_BUCKET_US_EAST_1: "bucket-us",
      AWS_IVS_STORAGE_CONFIGURATION_ARN_US_EAST_1: STORAGE_ARN,
      AWS_IVS_REALTIME_RECORDINGS_BUCKET_EU_WEST_1: "bucket-eu",
    });
    expect(Object.keys(document.dotenv)[0]).toBe("AWS_IVS_REGIONS");
  });
});
