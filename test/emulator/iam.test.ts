import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from "@aws-sdk/client-iam";
import { beforeEach, describe, expect, it } from "vitest";
import { mediaConvertTrustPolicy } from "../../src/policy/documents.js";
import { MEDIACONVERT_MANAGED_POLICIES } from "../../src/resources/mediaconvert-role.js";
import { useEmulator } from "../helpers/emulator.js";
import { expectError } from "../helpers/failures.js";

const handle = useEmulator();
let iam: IAMClient;

beforeEach(async () => {
  iam = await handle.clients.iam("us-east-1");
});

const TRUST = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "mediaconvert.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
};
const TRUST_TEXT = JSON.stringify(TRUST);
const S3_FULL = "arn:aws:iam::aws:policy/AmazonS3FullAccess";
const API_INVOKE = "arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess";
const READ_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:ListBucket"],
      Resource: ["arn:aws:s3:::rec", "arn:aws:s3:::rec/*"],
    },
  ],
};

function createRole(
  RoleName: string,
  extra: Partial<ConstructorParameters<typeof CreateRoleCommand>[0]> = {},
) {
  return iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST_TEXT, ...extra }));
}

describe("IAM CreateRole and GetRole", () => {
  it("creates a role with AWS's defaults and returns the trust policy URL-encoded", async () => {
    const created = await createRole("yolo-dev-app-mediaconvert-role", {
      Description: "MediaConvert role managed by yolo",
      Tags: [{ Key: "yolo:env", Value: "dev" }],
    });
    expect(created.$metadata.httpStatusCode).toBe(200);
    const role = created.Role!;
    expect(role.Path).toBe("/");
    expect(role.RoleName).toBe("yolo-dev-app-mediaconvert-role");
    expect(role.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(role.Arn).toBe("arn:aws:iam::000000000000:role/yolo-dev-app-mediaconvert-role");
    expect(role.CreateDate).toBeInstanceOf(Date);
    expect(role.MaxSessionDuration).toBe(3600);
    expect(role.Description).toBe("MediaConvert role managed by yolo");
    expect(role.Tags).toEqual([{ Key: "yolo:env", Value: "dev" }]);
    expect(role.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST_TEXT));

    const got = (await iam.send(new GetRoleCommand({ RoleName: "yolo-dev-app-mediaconvert-role" }))).Role!;
    expect(got.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST_TEXT));
    expect(got.AssumeRolePolicyDocument?.startsWith("%7B%22Version%22%3A%222012-10-17%22")).toBe(true);
    expect(JSON.parse(decodeURIComponent(got.AssumeRolePolicyDocument!))).toEqual(TRUST);
    expect(got).toEqual({ ...role, CreateDate: role.CreateDate });
  });

  it("puts the path into the ARN and keeps the MaxSessionDuration asked for", async () => {
    const role = (await createRole("Converter", { Path: "/service-role/", MaxSessionDuration: 43200 })).Role!;
    expect(role.Arn).toBe("arn:aws:iam::000000000000:role/service-role/Converter");
    expect(role.Path).toBe("/service-role/");
    expect(role.MaxSessionDuration).toBe(43200);
  });

  it("accepts the trust policy and managed policies yolo itself uses", async () => {
    await createRole("yolo-role", { AssumeRolePolicyDocument: JSON.stringify(mediaConvertTrustPolicy()) });
    for (const PolicyArn of MEDIACONVERT_MANAGED_POLICIES)
      await iam.send(new AttachRolePolicyCommand({ RoleName: "yolo-role", PolicyArn }));
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "yolo-role" }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyArn).sort()).toEqual(
      [...MEDIACONVERT_MANAGED_POLICIES].sort(),
    );
  });

  it("refuses a second role whose name differs only in case: 409 EntityAlreadyExists", async () => {
    await createRole("Recorder");
    const error = await expectError(
      createRole("recorder"),
      "EntityAlreadyExistsException",
      409,
      "Role with name recorder already exists.",
    );
    expect(error.Error?.Code).toBe("EntityAlreadyExists");
    // Look-ups ignore case too, and report the name as it was created.
    expect((await iam.send(new GetRoleCommand({ RoleName: "RECORDER" }))).Role?.RoleName).toBe("Recorder");
  });

  it("answers a missing role with 404 NoSuchEntity", async () => {
    const error = await expectError(
      iam.send(new GetRoleCommand({ RoleName: "nope" })),
      "NoSuchEntityException",
      404,
      "The role with name nope cannot be found.",
    );
    expect(error.Error).toMatchObject({ Type: "Sender", Code: "NoSuchEntity" });
  });

  it("checks the model's constraints: 400 ValidationError", async () => {
    await expectError(createRole("has space"), "ValidationError", 400, /regular expression pattern/);
    await expectError(createRole("r".repeat(65)), "ValidationError", 400, /length less than or equal to 64/);
    await expectError(
      createRole("r", { MaxSessionDuration: 3599 }),
      "ValidationError",
      400,
      /greater than or equal to 3600/,
    );
    await expectError(
      createRole("r", { MaxSessionDuration: 43201 }),
      "ValidationError",
      400,
      /less than or equal to 43200/,
    );
    await expectError(createRole("r", { Description: "d".repeat(1001) }), "ValidationError", 400, /1000/);
    await expectError(createRole("r", { Path: "service-role" }), "ValidationError", 400, /pattern/);
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    await expectError(
      createRole("r", { Tags: tags }),
      "ValidationError",
      400,
      /length less than or equal to 50/,
    );
    await expectError(
      createRole("r", { Tags: [{ Key: "bad*key", Value: "v" }] }),
      "ValidationError",
      400,
      /pattern/,
    );
    await expectError(
      iam.send(new CreateRoleCommand({ RoleName: "r" } as any)),
      "ValidationError",
      400,
      /AssumeRolePolicyDocument' failed to satisfy constraint: Member must not be null/,
    );
    expect((await iam.send(new ListRolesCommand({}))).Roles).toEqual([]);
  });

  it("refuses duplicate tag keys (case-insensitive): 400 InvalidInput", async () => {
    const tags = [
      { Key: "Owner", Value: "a" },
      { Key: "owner", Value: "b" },
    ];
    await expectError(
      createRole("r", { Tags: tags }),
      "InvalidInputException",
      400,
      "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
    );
  });
});

describe("IAM trust policy checks (MalformedPolicyDocument, 400)", () => {
  const trustWith = (statement: Record<string, unknown>) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

  it("refuses text that is not JSON", async () => {
    await expectError(
      createRole("r", { AssumeRolePolicyDocument: "{not json" }),
      "MalformedPolicyDocumentException",
      400,
      "This policy contains invalid Json",
    );
  });

  it("refuses a service principal that is not a service", async () => {
    const doc = trustWith({
      Effect: "Allow",
      Principal: { Service: "mediaconvert" },
      Action: "sts:AssumeRole",
    });
    await expectError(
      createRole("r", { AssumeRolePolicyDocument: doc }),
      "MalformedPolicyDocumentException",
      400,
      'Invalid principal in policy: "SERVICE":"mediaconvert"',
    );
  });

  it("accepts a role ARN principal only while that role exists", async () => {
    const arn = "arn:aws:iam::000000000000:role/Trusted";
    const doc = trustWith({ Effect: "Allow", Principal: { AWS: arn }, Action: "sts:AssumeRole" });
    await expectError(
      createRole("Trusting", { AssumeRolePolicyDocument: doc }),
      "MalformedPolicyDocumentException",
      400,
      `Invalid principal in policy: "AWS":"${arn}"`,
    );
    await createRole("Trusted");
    await createRole("Trusting", { AssumeRolePolicyDocument: doc });
    expect(
      (await iam.send(new GetRoleCommand({ RoleName: "Trusting" }))).Role?.AssumeRolePolicyDocument,
    ).toBe(encodeURIComponent(doc));
  });

  it("accepts account principals and refuses statements a trust policy may not have", async () => {
    await createRole("ByAccount", {
      AssumeRolePolicyDocument: trustWith({
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::999999999999:root" },
        Action: "sts:AssumeRole",
      }),
    });
    const cases: [Record<string, unknown>, string][] = [
      [
        {
          Effect: "Allow",
          Principal: { Service: "mediaconvert.amazonaws.com" },
          Action: "sts:AssumeRole",
          Resource: "*",
        },
        "Has prohibited field Resource",
      ],
      [{ Effect: "Allow", Action: "sts:AssumeRole" }, "Missing required field Principal"],
      [
        { Effect: "Allow", Principal: { Service: "mediaconvert.amazonaws.com" }, Action: "s3:GetObject" },
        "AssumeRole policy may only specify STS AssumeRole actions.",
      ],
      [
        { Effect: "Allow", Principal: { Service: "mediaconvert.amazonaws.com" } },
        "Policy statement must contain actions.",
      ],
      [
        { Effect: "Maybe", Principal: { Service: "mediaconvert.amazonaws.com" }, Action: "sts:AssumeRole" },
        "Syntax errors in policy.",
      ],
    ];
    for (const [statement, message] of cases)
      await expectError(
        createRole("r", { AssumeRolePolicyDocument: trustWith(statement) }),
        "MalformedPolicyDocumentException",
        400,
        message,
      );
    await expectError(
      createRole("r", { AssumeRolePolicyDocument: JSON.stringify({ ...TRUST, Version: "2020-01-01" }) }),
      "MalformedPolicyDocumentException",
      400,
      "The policy failed legacy parsing",
    );
  });

  it("refuses a trust policy over 2,048 characters (whitespace excluded): 409 LimitExceeded", async () => {
    const services = Array.from({ length: 80 }, (_, i) => `service${i}.amazonaws.com`);
    const doc = trustWith({ Effect: "Allow", Principal: { Service: services }, Action: "sts:AssumeRole" });
    expect(doc.length).toBeGreaterThan(2048);
    await expectError(
      createRole("r", { AssumeRolePolicyDocument: doc }),
      "LimitExceededException",
      409,
      "Cannot exceed quota for ACLSizePerRole: 2048",
    );
  });
});

describe("IAM is global and per account", () => {
  it("shows a role made through a us-east-1 client to an eu-central-1 client", async () => {
    await createRole("Global");
    const eu = await handle.clients.iam("eu-central-1");
    const role = (await eu.send(new GetRoleCommand({ RoleName: "Global" }))).Role!;
    expect(role.Arn).toBe("arn:aws:iam::000000000000:role/Global");
    await expectError(
      eu.send(new CreateRoleCommand({ RoleName: "Global", AssumeRolePolicyDocument: TRUST_TEXT })),
      "EntityAlreadyExistsException",
      409,
    );
    expect(handle.emulator.log.map((entry) => entry.region)).toEqual([
      "us-east-1",
      "eu-central-1",
      "eu-central-1",
    ]);
  });

  it("keeps each account's roles apart", async () => {
    await createRole("Shared");
    const other = await handle.otherClients.iam("us-east-1");
    await expectError(other.send(new GetRoleCommand({ RoleName: "Shared" })), "NoSuchEntityException", 404);
    const theirs = await other.send(
      new CreateRoleCommand({ RoleName: "Shared", AssumeRolePolicyDocument: TRUST_TEXT }),
    );
    expect(theirs.Role?.Arn).toBe("arn:aws:iam::999999999999:role/Shared");
    expect((await other.send(new ListRolesCommand({}))).Roles?.map((r) => r.Arn)).toEqual([
      "arn:aws:iam::999999999999:role/Shared",
    ]);
  });
});

describe("IAM ListRoles", () => {
  it("lists roles by name, filters by path prefix and pages with Marker/MaxItems", async () => {
    for (const name of ["delta", "Alpha", "echo", "charlie", "bravo"])
      await createRole(name, { Tags: [{ Key: "k", Value: "v" }] });
    await createRole("svc", { Path: "/service-role/" });

    const all = await iam.send(new ListRolesCommand({}));
    expect(all.IsTruncated).toBe(false);
    expect(all.Marker).toBeUndefined();
    expect(all.Roles?.map((r) => r.RoleName)).toEqual(["Alpha", "bravo", "charlie", "delta", "echo", "svc"]);
    // ListRoles leaves tags out (GetRole has them) but carries the encoded trust policy.
    expect(all.Roles?.[0].Tags).toBeUndefined();
    expect(all.Roles?.[0].AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST_TEXT));

    const filtered = await iam.send(new ListRolesCommand({ PathPrefix: "/service-role/" }));
    expect(filtered.Roles?.map((r) => r.RoleName)).toEqual(["svc"]);

    const names: string[] = [];
    let Marker: string | undefined;
    let pages = 0;
    do {
      const result = await iam.send(new ListRolesCommand({ MaxItems: 4, Marker }));
      pages++;
      expect(result.Roles!.length).toBeLessThanOrEqual(4);
      names.push(...result.Roles!.map((r) => r.RoleName!));
      Marker = result.IsTruncated ? result.Marker : undefined;
      if (result.IsTruncated) expect(result.Marker).toBeTruthy();
    } while (Marker);
    expect(pages).toBe(2);
    expect(names).toEqual(["Alpha", "bravo", "charlie", "delta", "echo", "svc"]);

    await expectError(iam.send(new ListRolesCommand({ MaxItems: 0 })), "ValidationError", 400);
  });
});

describe("IAM UpdateAssumeRolePolicy and UpdateRole", () => {
  it("replaces the trust policy, checked like CreateRole's", async () => {
    await createRole("r");
    const next = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: ["mediaconvert.amazonaws.com", "ec2.amazonaws.com"] },
          Action: "sts:AssumeRole",
        },
      ],
    });
    const updated = await iam.send(
      new UpdateAssumeRolePolicyCommand({ RoleName: "r", PolicyDocument: next }),
    );
    expect(updated.$metadata.httpStatusCode).toBe(200);
    expect(
      JSON.parse(
        decodeURIComponent(
          (await iam.send(new GetRoleCommand({ RoleName: "r" }))).Role!.AssumeRolePolicyDocument!,
        ),
      ),
    ).toEqual(JSON.parse(next));
    await expectError(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "r", PolicyDocument: "[]" })),
      "MalformedPolicyDocumentException",
      400,
    );
    await expectError(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "missing", PolicyDocument: next })),
      "NoSuchEntityException",
      404,
      "The role with name missing cannot be found.",
    );
  });

  it("updates the description and the maximum session duration", async () => {
    await createRole("r", { Description: "old" });
    await iam.send(new UpdateRoleCommand({ RoleName: "r", Description: "new", MaxSessionDuration: 7200 }));
    const role = (await iam.send(new GetRoleCommand({ RoleName: "r" }))).Role!;
    expect(role).toMatchObject({ Description: "new", MaxSessionDuration: 7200 });
    await iam.send(new UpdateRoleCommand({ RoleName: "r", MaxSessionDuration: 3600 }));
    expect((await iam.send(new GetRoleCommand({ RoleName: "r" }))).Role).toMatchObject({
      Description: "new",
      MaxSessionDuration: 3600,
    });
    await expectError(
      iam.send(new UpdateRoleCommand({ RoleName: "r", MaxSessionDuration: 50000 })),
      "ValidationError",
      400,
    );
    await expectError(iam.send(new UpdateRoleCommand({ RoleName: "nope" })), "NoSuchEntityException", 404);
  });
});

describe("IAM role tags", () => {
  it("adds, overwrites (keys ignore case), lists and removes tags", async () => {
    await createRole("r", { Tags: [{ Key: "Owner", Value: "a" }] });
    await iam.send(
      new TagRoleCommand({
        RoleName: "r",
        Tags: [
          { Key: "owner", Value: "b" },
          { Key: "yolo:app", Value: "demo" },
        ],
      }),
    );
    const listed = await iam.send(new ListRoleTagsCommand({ RoleName: "r" }));
    expect(listed.IsTruncated).toBe(false);
    expect(listed.Tags).toEqual([
      { Key: "owner", Value: "b" },
      { Key: "yolo:app", Value: "demo" },
    ]);
    await iam.send(new UntagRoleCommand({ RoleName: "r", TagKeys: ["OWNER", "not-there"] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: "r" }))).Tags).toEqual([
      { Key: "yolo:app", Value: "demo" },
    ]);
    await iam.send(new UntagRoleCommand({ RoleName: "r", TagKeys: ["yolo:app"] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: "r" }))).Tags).toEqual([]);
    expect((await iam.send(new GetRoleCommand({ RoleName: "r" }))).Role?.Tags).toBeUndefined();
  });

  it("refuses more than 50 tags on a role: 409 LimitExceeded", async () => {
    await createRole("r", { Tags: Array.from({ length: 40 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) });
    await expectError(
      iam.send(
        new TagRoleCommand({
          RoleName: "r",
          Tags: Array.from({ length: 11 }, (_, i) => ({ Key: `n${i}`, Value: "v" })),
        }),
      ),
      "LimitExceededException",
      409,
    );
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: "r" }))).Tags).toHaveLength(40);
    await expectError(iam.send(new ListRoleTagsCommand({ RoleName: "nope" })), "NoSuchEntityException", 404);
    await expectError(
      iam.send(new TagRoleCommand({ RoleName: "nope", Tags: [{ Key: "a", Value: "b" }] })),
      "NoSuchEntityException",
      404,
    );
  });
});

describe("IAM managed policies on a role", () => {
  it("attaches AWS managed policies (idempotently), lists them and detaches them", async () => {
    await createRole("r");
    await iam.send(new AttachRolePolicyCommand({ RoleName: "r", PolicyArn: S3_FULL }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "r", PolicyArn: API_INVOKE }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "r", PolicyArn: S3_FULL }));
    const listed = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "r" }));
    expect(listed.IsTruncated).toBe(false);
    expect(listed.AttachedPolicies).toEqual([
      { PolicyName: "AmazonAPIGatewayInvokeFullAccess", PolicyArn: API_INVOKE },
      { PolicyName: "AmazonS3FullAccess", PolicyArn: S3_FULL },
    ]);
    await iam.send(new DetachRolePolicyCommand({ RoleName: "r", PolicyArn: S3_FULL }));
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "r" }))).AttachedPolicies).toEqual(
      [{ PolicyName: "AmazonAPIGatewayInvokeFullAccess", PolicyArn: API_INVOKE }],
    );
  });

  it("refuses unknown policies, malformed ARNs and detaching what is not attached", async () => {
    await createRole("r");
    await expectError(
      iam.send(
        new AttachRolePolicyCommand({
          RoleName: "r",
          PolicyArn: "arn:aws:iam::aws:policy/NoSuchPolicyAnywhere",
        }),
      ),
      "NoSuchEntityException",
      404,
      "Policy arn:aws:iam::aws:policy/NoSuchPolicyAnywhere does not exist or is not attachable.",
    );
    await expectError(
      iam.send(new AttachRolePolicyCommand({ RoleName: "r", PolicyArn: "not-an-arn-but-long-enough" })),
      "InvalidInputException",
      400,
      "ARN not-an-arn-but-long-enough is not valid.",
    );
    await expectError(
      iam.send(new AttachRolePolicyCommand({ RoleName: "r", PolicyArn: "arn:short" })),
      "ValidationError",
      400,
    );
    await expectError(
      iam.send(new DetachRolePolicyCommand({ RoleName: "r", PolicyArn: S3_FULL })),
      "NoSuchEntityException",
      404,
      `Policy ${S3_FULL} was not found.`,
    );
    await expectError(
      iam.send(new AttachRolePolicyCommand({ RoleName: "nope", PolicyArn: S3_FULL })),
      "NoSuchEntityException",
      404,
    );
    await expectError(
      iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "nope" })),
      "NoSuchEntityException",
      404,
    );
  });

  it("allows at most 10 managed policies per role: 409 LimitExceeded", async () => {
    await createRole("r");
    const names = [
      "AmazonS3FullAccess",
      "AmazonS3ReadOnlyAccess",
      "AmazonAPIGatewayInvokeFullAccess",
      "AWSElementalMediaConvertFullAccess",
      "AWSElementalMediaConvertReadOnly",
      "CloudWatchLogsFullAccess",
      "CloudWatchLogsReadOnlyAccess",
      "AdministratorAccess",
      "ReadOnlyAccess",
      "IVSFullAccess",
    ];
    for (const name of names)
      await iam.send(
        new AttachRolePolicyCommand({ RoleName: "r", PolicyArn: `arn:aws:iam::aws:policy/${name}` }),
      );
    await expectError(
      iam.send(
        new AttachRolePolicyCommand({
          RoleName: "r",
          PolicyArn: "arn:aws:iam::aws:policy/IVSReadOnlyAccess",
        }),
      ),
      "LimitExceededException",
      409,
      "Cannot exceed quota for PoliciesPerRole: 10",
    );
    const page1 = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "r", MaxItems: 6 }));
    expect(page1.IsTruncated).toBe(true);
    const page2 = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: "r", MaxItems: 6, Marker: page1.Marker }),
    );
    expect(page2.IsTruncated).toBe(false);
    expect([...page1.AttachedPolicies!, ...page2.AttachedPolicies!].map((p) => p.PolicyName).sort()).toEqual(
      [...names].sort(),
    );
  });
});

describe("IAM inline policies", () => {
  it("puts, gets (URL-encoded), lists and deletes an inline policy", async () => {
    await createRole("r");
    const text = JSON.stringify(READ_POLICY);
    await iam.send(
      new PutRolePolicyCommand({ RoleName: "r", PolicyName: "read-recordings", PolicyDocument: text }),
    );
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: "r", PolicyName: "read-recordings" }));
    expect(got).toMatchObject({
      RoleName: "r",
      PolicyName: "read-recordings",
      PolicyDocument: encodeURIComponent(text),
    });
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument!))).toEqual(READ_POLICY);

    await iam.send(new PutRolePolicyCommand({ RoleName: "r", PolicyName: "another", PolicyDocument: text }));
    const listed = await iam.send(new ListRolePoliciesCommand({ RoleName: "r" }));
    expect(listed.PolicyNames).toEqual(["another", "read-recordings"]);
    expect(listed.IsTruncated).toBe(false);

    await iam.send(new DeleteRolePolicyCommand({ RoleName: "r", PolicyName: "another" }));
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: "r" }))).PolicyNames).toEqual([
      "read-recordings",
    ]);
  });

  it("refuses malformed permission policies and missing ones", async () => {
    await createRole("r");
    const put = (document: unknown) =>
      iam.send(
        new PutRolePolicyCommand({
          RoleName: "r",
          PolicyName: "p",
          PolicyDocument: JSON.stringify(document),
        }),
      );
    const statement = READ_POLICY.Statement[0];
    await expectError(
      put({ Version: "2012-10-17", Statement: [{ ...statement, Principal: "*" }] }),
      "MalformedPolicyDocumentException",
      400,
      "Policy document should not specify a principal.",
    );
    await expectError(
      put({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject" }] }),
      "MalformedPolicyDocumentException",
      400,
      "Policy statement must contain resources.",
    );
    await expectError(
      put({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "GetObject", Resource: "*" }] }),
      "MalformedPolicyDocumentException",
      400,
      "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
    );
    await expectError(
      put({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "my-bucket" }],
      }),
      "MalformedPolicyDocumentException",
      400,
      'Resource my-bucket must be in ARN format or "*".',
    );
    await expectError(
      iam.send(new GetRolePolicyCommand({ RoleName: "r", PolicyName: "p" })),
      "NoSuchEntityException",
      404,
      "The role policy with name p cannot be found.",
    );
    await expectError(
      iam.send(new DeleteRolePolicyCommand({ RoleName: "r", PolicyName: "p" })),
      "NoSuchEntityException",
      404,
    );
    await expectError(
      iam.send(new ListRolePoliciesCommand({ RoleName: "nope" })),
      "NoSuchEntityException",
      404,
    );
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: "r" }))).PolicyNames).toEqual([]);
  });

  it("refuses inline policies over 10,240 characters per role (whitespace excluded): 409 LimitExceeded", async () => {
    await createRole("r");
    const resources = Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::bucket-number-${i}/*`);
    const big = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: resources }],
    });
    expect(big.length).toBeGreaterThan(10240);
    await expectError(
      iam.send(new PutRolePolicyCommand({ RoleName: "r", PolicyName: "big", PolicyDocument: big })),
      "LimitExceededException",
      409,
      "Maximum policy size of 10240 bytes exceeded for role r",
    );
  });
});

describe("IAM DeleteRole", () => {
  it("refuses while a managed policy is attached or an inline policy exists: 409 DeleteConflict", async () => {
    await createRole("r");
    await iam.send(new AttachRolePolicyCommand({ RoleName: "r", PolicyArn: S3_FULL }));
    const error = await expectError(
      iam.send(new DeleteRoleCommand({ RoleName: "r" })),
      "DeleteConflictException",
      409,
      "Cannot delete entity, must detach all policies first.",
    );
    expect(error.Error?.Code).toBe("DeleteConflict");

    await iam.send(new DetachRolePolicyCommand({ RoleName: "r", PolicyArn: S3_FULL }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: "r",
        PolicyName: "p",
        PolicyDocument: JSON.stringify(READ_POLICY),
      }),
    );
    await expectError(
      iam.send(new DeleteRoleCommand({ RoleName: "r" })),
      "DeleteConflictException",
      409,
      "Cannot delete entity, must delete policies first.",
    );

    await iam.send(new DeleteRolePolicyCommand({ RoleName: "r", PolicyName: "p" }));
    const deleted = await iam.send(new DeleteRoleCommand({ RoleName: "r" }));
    expect(deleted.$metadata.httpStatusCode).toBe(200);
    await expectError(iam.send(new GetRoleCommand({ RoleName: "r" })), "NoSuchEntityException", 404);
    await expectError(iam.send(new DeleteRoleCommand({ RoleName: "r" })), "NoSuchEntityException", 404);
  });

  it("makes a deleted role's ARN an invalid principal again", async () => {
    await createRole("Trusted");
    await iam.send(new DeleteRoleCommand({ RoleName: "Trusted" }));
    const doc = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::000000000000:role/Trusted" },
          Action: "sts:AssumeRole",
        },
      ],
    });
    await expectError(
      createRole("Trusting", { AssumeRolePolicyDocument: doc }),
      "MalformedPolicyDocumentException",
      400,
    );
  });
});
