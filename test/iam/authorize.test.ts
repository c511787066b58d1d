/**
 * The emulator enforcing a caller's identity policy: each service refuses with the error the
 * real SDK surfaces for it, IVS checks the bucket permissions it uses on the caller's behalf,
 * and every operation the emulator serves has an IAM action and resource.
 */
import {
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  AccessDeniedException as LogsAccessDenied,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeRuleCommand,
  AccessDeniedException as EventsAccessDenied,
} from "@aws-sdk/client-eventbridge";
import { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand } from "@aws-sdk/client-iam";
import {
  CreateStorageConfigurationCommand,
  DeleteStorageConfigurationCommand,
  AccessDeniedException as IvsAccessDenied,
  ListStorageConfigurationsCommand,
} from "@aws-sdk/client-ivs-realtime";
import { CreateBucketCommand, GetBucketPolicyCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { operationPermission, policyAuthorizer, requiredPermissions } from "../../src/emulator/authorize.js";
import { AwsError } from "../../src/emulator/errors.js";
import { eventsRules } from "../../src/emulator/rules/events.js";
import { iamRules } from "../../src/emulator/rules/iam.js";
import { ivsRules } from "../../src/emulator/rules/ivs.js";
import { logsRules } from "../../src/emulator/rules/logs.js";
import { stsRules } from "../../src/emulator/rules/sts.js";
import { eventBridgeService } from "../../src/emulator/services/events.js";
import { iamService } from "../../src/emulator/services/iam.js";
import { ivsRealtimeService } from "../../src/emulator/services/ivs.js";
import { logsService } from "../../src/emulator/services/logs.js";
import { s3Service } from "../../src/emulator/services/s3.js";
import { stsService } from "../../src/emulator/services/sts.js";
import type { EmulatedService, EmulatorRequest } from "../../src/emulator/types.js";
import type { PolicyDocument } from "../../src/policy/types.js";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { failure } from "../helpers/failures.js";

const handle = useEmulator();
const REGION = "eu-west-1";

function allow(...statements: { Action: string | string[]; Resource?: string | string[] }[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => ({ Effect: "Allow" as const, Resource: "*", ...s })),
  };
}

/** Nothing but STS (a statement is needed for a valid document). */
const NOTHING = allow({ Action: "sts:GetCallerIdentity" });

describe("the AccessDenied each service answers, as the real SDK surfaces it", () => {
  it("S3: AccessDenied, HTTP 403", async () => {
    handle.emulator.setAuthorizer(policyAuthorizer(NOTHING));
    const s3 = await handle.clients.s3(REGION);
    const error = await failure(s3.send(new GetBucketPolicyCommand({ Bucket: "some-bucket" })));
    expect(error.name).toBe("AccessDenied");
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/emulator is not authorized to perform: s3:GetBucketPolicy on resource: arn:aws:s3:::some-bucket because no identity-based policy allows the s3:GetBucketPolicy action`,
    );
  });

  it("IVS real-time: AccessDeniedException, HTTP 403", async () => {
    handle.emulator.setAuthorizer(policyAuthorizer(NOTHING));
    const ivs = await handle.clients.ivs(REGION);
    const error = await failure(ivs.send(new ListStorageConfigurationsCommand({})));
    expect(error).toBeInstanceOf(IvsAccessDenied);
    expect(error.name).toBe("AccessDeniedException");
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toContain("ivs:ListStorageConfigurations on resource: *");
  });

  it("CloudWatch Logs: AccessDeniedException, HTTP 400", async () => {
    handle.emulator.setAuthorizer(policyAuthorizer(NOTHING));
    const logs = await handle.clients.logs(REGION);
    const error = await failure(logs.send(new DescribeLogGroupsCommand({})));
    expect(error).toBeInstanceOf(LogsAccessDenied);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain("logs:DescribeLogGroups");
  });

  it("EventBridge: AccessDeniedException, HTTP 400", async () => {
    handle.emulator.setAuthorizer(policyAuthorizer(NOTHING));
    const events = await handle.clients.events(REGION);
    const error = await failure(events.send(new DescribeRuleCommand({ Name: "r" })));
    expect(error).toBeInstanceOf(EventsAccessDenied);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain(
      `events:DescribeRule on resource: arn:aws:events:${REGION}:${ACCOUNT}:rule/r`,
    );
  });

  it("IAM: AccessDenied (a Sender error), HTTP 403", async () => {
    handle.emulator.setAuthorizer(policyAuthorizer(NOTHING));
    const iam = await handle.clients.iam(REGION);
    const error = await failure(iam.send(new GetRoleCommand({ RoleName: "some-role" })));
    expect(error.name).toBe("AccessDenied");
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.Error?.Type).toBe("Sender");
    expect(error.message).toContain(`iam:GetRole on resource: arn:aws:iam::${ACCOUNT}:role/some-role`);
  });

  it("STS: GetCallerIdentity needs no permission, even under an explicit Deny of everything", async () => {
    handle.emulator.setAuthorizer(
      policyAuthorizer({
        Version: "2012-10-17",
        Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }],
      }),
    );
    const sts = await handle.clients.sts(REGION);
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT);
  });
});

describe("what the authorizer checks", () => {
  it("an explicit Deny wins over an Allow, and says so", async () => {
    handle.emulator.setAuthorizer(
      policyAuthorizer({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "logs:*", Resource: "*" },
          { Effect: "Deny", Action: "logs:DescribeLogGroups", Resource: "*" },
        ],
      }),
    );
    const logs = await handle.clients.logs(REGION);
    const error = await failure(logs.send(new DescribeLogGroupsCommand({})));
    expect(error.message).toContain("with an explicit deny in an identity-based policy");
  });

  it("tags at create need the service's TagResource too (Logs CreateLogGroup)", async () => {
    handle.emulator.setAuthorizer(policyAuthorizer(allow({ Action: "logs:CreateLogGroup" })));
    const logs = await handle.clients.logs(REGION);
    const error = await failure(
      logs.send(new CreateLogGroupCommand({ logGroupName: "/a", tags: { k: "v" } })),
    );
    expect(error.message).toContain("logs:TagResource");
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/b" }));
  });

  it("S3 CreateBucket with an object ownership needs s3:PutBucketOwnershipControls", async () => {
    handle.emulator.setAuthorizer(policyAuthorizer(allow({ Action: "s3:CreateBucket" })));
    const s3 = await handle.clients.s3(REGION);
    const owned = new CreateBucketCommand({
      Bucket: "owned-bucket",
      ObjectOwnership: "BucketOwnerPreferred",
      CreateBucketConfiguration: { LocationConstraint: REGION },
    });
    expect((await failure(s3.send(owned))).message).toContain("s3:PutBucketOwnershipControls");
    await s3.send(
      new CreateBucketCommand({
        Bucket: "plain-bucket",
        CreateBucketConfiguration: { LocationConstraint: REGION },
      }),
    );
  });

  it("conditions see the request's keys: AttachRolePolicy limited to some managed policies", async () => {
    const iam = await handle.clients.iam(REGION);
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "mediaconvert.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    });
    await iam.send(new CreateRoleCommand({ RoleName: "r", AssumeRolePolicyDocument: trust }));
    handle.emulator.setAuthorizer(
      policyAuthorizer({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "iam:AttachRolePolicy",
            Resource: `arn:aws:iam::${ACCOUNT}:role/r`,
            Condition: { ArnEquals: { "iam:PolicyARN": ["arn:aws:iam::aws:policy/AmazonS3FullAccess"] } },
          },
        ],
      }),
    );
    const admin = new AttachRolePolicyCommand({
      RoleName: "r",
      PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    });
    expect((await failure(iam.send(admin))).name).toBe("AccessDenied");
    await iam.send(
      new AttachRolePolicyCommand({ RoleName: "r", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" }),
    );
  });
});

describe("IVS uses the caller's permissions on the recording bucket", () => {
  const bucket = "ivs-recordings-eu";
  const ivsActions = allow({
    Action: ["ivs:CreateStorageConfiguration", "ivs:DeleteStorageConfiguration", "ivs:TagResource"],
  });
  const withS3 = (...actions: string[]): PolicyDocument => ({
    Version: "2012-10-17",
    Statement: [
      ...[ivsActions.Statement].flat(),
      { Effect: "Allow", Action: actions, Resource: `arn:aws:s3:::${bucket}` },
    ],
  });

  async function makeBucket() {
    const s3 = await handle.clients.s3(REGION);
    await s3.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }),
    );
    return s3;
  }

  it("CreateStorageConfiguration is refused without s3:PutBucketPolicy, and the bucket policy is left alone", async () => {
    const s3 = await makeBucket();
    handle.emulator.setAuthorizer(policyAuthorizer(withS3("s3:GetBucketLocation", "s3:GetBucketPolicy")));
    const ivs = await handle.clients.ivs(REGION);
    const error = await failure(
      ivs.send(new CreateStorageConfigurationCommand({ s3: { bucketName: bucket } })),
    );
    expect(error).toBeInstanceOf(IvsAccessDenied);
    expect(error.message).toContain(`s3:PutBucketPolicy on resource: arn:aws:s3:::${bucket}`);
    handle.emulator.setAuthorizer(undefined);
    expect((await failure(s3.send(new GetBucketPolicyCommand({ Bucket: bucket })))).name).toBe(
      "NoSuchBucketPolicy",
    );

    for (const missing of ["s3:GetBucketLocation", "s3:GetBucketPolicy"]) {
      const granted = ["s3:GetBucketLocation", "s3:GetBucketPolicy", "s3:PutBucketPolicy"].filter(
        (a) => a !== missing,
      );
      handle.emulator.setAuthorizer(policyAuthorizer(withS3(...granted)));
      const refused = await failure(
        ivs.send(new CreateStorageConfigurationCommand({ s3: { bucketName: bucket } })),
      );
      expect(refused.message).toContain(missing);
    }
    handle.emulator.setAuthorizer(
      policyAuthorizer(withS3("s3:GetBucketLocation", "s3:GetBucketPolicy", "s3:PutBucketPolicy")),
    );
    await ivs.send(new CreateStorageConfigurationCommand({ s3: { bucketName: bucket } }));
  });

  it("DeleteStorageConfiguration re-puts the policy (s3:PutBucketPolicy) or deletes it when IVS's statement was the last (s3:DeleteBucketPolicy)", async () => {
    const s3 = await makeBucket();
    const ivs = await handle.clients.ivs(REGION);
    const created = await ivs.send(new CreateStorageConfigurationCommand({ s3: { bucketName: bucket } }));
    const arn = created.storageConfiguration?.arn ?? "";

    // IVS's statement is the bucket policy's only one: deleting the configuration deletes the policy.
    handle.emulator.setAuthorizer(policyAuthorizer(withS3("s3:GetBucketPolicy", "s3:PutBucketPolicy")));
    const error = await failure(ivs.send(new DeleteStorageConfigurationCommand({ arn })));
    expect(error.message).toContain("s3:DeleteBucketPolicy");

    // With another statement beside it, IVS re-puts the policy instead.
    handle.emulator.setAuthorizer(undefined);
    const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? "{}");
    policy.Statement.push({
      Sid: "Other",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: `arn:aws:s3:::${bucket}/*`,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
    handle.emulator.setAuthorizer(policyAuthorizer(withS3("s3:GetBucketPolicy", "s3:DeleteBucketPolicy")));
    expect((await failure(ivs.send(new DeleteStorageConfigurationCommand({ arn })))).message).toContain(
      "s3:PutBucketPolicy",
    );
    handle.emulator.setAuthorizer(policyAuthorizer(withS3("s3:GetBucketPolicy", "s3:PutBucketPolicy")));
    await ivs.send(new DeleteStorageConfigurationCommand({ arn }));
  });
});

// ── Every operation the emulator serves has an IAM action and resource ───────────────────────

function request(partial: Partial<EmulatorRequest>): EmulatorRequest {
  return {
    method: "POST",
    rawPath: "/",
    path: "/",
    query: new URLSearchParams(),
    headers: {},
    body: Buffer.from(""),
    region: REGION,
    signingName: "",
    accessKeyId: "AKIAEMULATORTEST",
    account: ACCOUNT,
    ...partial,
  };
}

function served(service: EmulatedService, req: EmulatorRequest): string | undefined {
  const identified = service.identify(req);
  return identified instanceof AwsError ? undefined : identified.operation;
}

describe("operationPermission covers every operation the emulator serves", () => {
  it("IVS real-time", () => {
    const arn = `arn:aws:ivs:${REGION}:${ACCOUNT}:stage/AbCdEf123456`;
    for (const operation of Object.keys(ivsRules)) {
      const tags = ["TagResource", "UntagResource", "ListTagsForResource"].includes(operation);
      const method = !tags
        ? "POST"
        : operation === "ListTagsForResource"
          ? "GET"
          : operation === "TagResource"
            ? "POST"
            : "DELETE";
      const rawPath = tags ? `/tags/${encodeURIComponent(arn)}` : `/${operation}`;
      const req = request({
        method,
        rawPath,
        path: rawPath,
        body: Buffer.from(JSON.stringify({ arn, stageArn: arn })),
      });
      expect(served(ivsRealtimeService, req)).toBe(operation);
      const permission = operationPermission("ivs", operation, req);
      expect(permission?.action).toBe(`ivs:${operation}`);
      expect(permission?.resource).toMatch(
        /^(\*|arn:aws:ivs:eu-west-1:000000000000:[a-z-]+\/(\*|AbCdEf123456))$/,
      );
    }
  });

  it("CloudWatch Logs and EventBridge", () => {
    for (const [service, rules, prefix, emulated] of [
      ["logs", logsRules, "Logs_20140328", logsService],
      ["events", eventsRules, "AWSEvents", eventBridgeService],
    ] as const) {
      for (const operation of Object.keys(rules)) {
        const body = {
          logGroupName: "/g",
          logStreamName: "s",
          Name: "n",
          Rule: "n",
          resourceArn: "arn:x",
          ResourceARN: "arn:y",
        };
        const req = request({
          headers: { "x-amz-target": `${prefix}.${operation}` },
          body: Buffer.from(JSON.stringify(body)),
        });
        expect(served(emulated, req)).toBe(operation);
        const permission = operationPermission(service, operation, req);
        expect(permission?.action).toBe(`${service}:${operation}`);
        expect(permission?.resource).toMatch(/^(\*|arn:)/);
      }
    }
  });

  it("IAM and STS", () => {
    for (const operation of Object.keys(iamRules)) {
      const req = request({ body: Buffer.from(`Action=${operation}&Version=2010-05-08&RoleName=r`) });
      expect(served(iamService, req)).toBe(operation);
      expect(operationPermission("iam", operation, req)?.action).toBe(`iam:${operation}`);
    }
    for (const operation of Object.keys(stsRules)) {
      const req = request({ body: Buffer.from(`Action=${operation}&Version=2011-06-15`) });
      expect(served(stsService, req)).toBe(operation);
      expect(requiredPermissions("sts", operation, req)).toEqual([]);
    }
  });

  it("S3: every method on every bucket sub-resource and object the service recognises", () => {
    const subresources = [
      "",
      "policy",
      "ownershipControls",
      "tagging",
      "publicAccessBlock",
      "encryption",
      "lifecycle",
      "location",
      "versions",
      "delete",
      "list-type",
      "acl",
      "cors",
      "website",
      "versioning",
      "logging",
      "notification",
      "replication",
      "uploads",
      "object-lock",
      "accelerate",
      "requestPayment",
      "analytics",
      "metrics",
      "inventory",
      "intelligent-tiering",
      "uploadId",
      "restore",
      "select",
      "attributes",
      "retention",
      "legal-hold",
    ];
    const seen = new Set<string>();
    for (const method of ["GET", "PUT", "DELETE", "HEAD", "POST"]) {
      for (const path of ["/", "/bucket/", "/bucket/some/key"]) {
        for (const key of subresources) {
          const req = request({
            method,
            rawPath: path,
            path,
            query: new URLSearchParams(key ? `${key}=` : ""),
          });
          const operation = served(s3Service, req);
          if (!operation) continue;
          seen.add(operation);
          const permission = operationPermission("s3", operation, req);
          expect(permission?.action, operation).toMatch(/^s3:[A-Za-z]+$/);
          expect(permission?.resource, operation).toMatch(/^(\*|arn:aws:s3:::bucket(\/.*)?)$/);
        }
      }
    }
    // The enumeration reached the operations yolo uses (it is not vacuous).
    for (const operation of [
      "CreateBucket",
      "PutBucketPolicy",
      "ListObjectVersions",
      "DeleteObjects",
      "ListBuckets",
    ])
      expect(seen).toContain(operation);
  });
});
