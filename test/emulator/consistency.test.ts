/**
 * AWS behaviours around propagation and identity that the emulator reproduces on demand or always,
 * through the real SDK clients: a new bucket's propagation window (a setting, off by default), a
 * composition's STARTING and STOPPING windows (settings, off by default), role unique ids in
 * resource policies after DeleteRole, and IVS's PendingVerification fault preset.
 */
import { CreateRoleCommand, DeleteRoleCommand, GetRoleCommand, type IAMClient } from "@aws-sdk/client-iam";
import {
  CreateEncoderConfigurationCommand,
  CreateStageCommand,
  CreateStorageConfigurationCommand,
  DeleteEncoderConfigurationCommand,
  DeleteStorageConfigurationCommand,
  GetCompositionCommand,
  GetStorageConfigurationCommand,
  type IVSRealTimeClient,
  ListCompositionsCommand,
  ListStorageConfigurationsCommand,
  PendingVerification,
  StartCompositionCommand,
  StopCompositionCommand,
} from "@aws-sdk/client-ivs-realtime";
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, startEmulator } from "../../src/emulator/index.js";
import { iamState } from "../../src/emulator/services/iam-store.js";
import { findComposition } from "../../src/emulator/services/ivs-store.js";
import { findBucket, getBucketPolicy } from "../../src/emulator/services/s3-store.js";
import { ACCOUNT, OTHER_ACCOUNT, TEST_CREDENTIALS, useEmulator } from "../helpers/emulator.js";
import { expectError, failureOf } from "../helpers/failures.js";

const handle = useEmulator();
const REGION = "eu-west-1";
const BUCKET = "yolo-propagating-eu-west-1";

const s3 = () => handle.clients.s3(REGION);
const ivs = () => handle.clients.ivs(REGION);
const iam = (): Promise<IAMClient> => handle.clients.iam("us-east-1");

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${handle.emulator.url}/_emulator${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Move the bucket's creation back in time, as if the window had passed. */
function age(bucket: string, ms: number) {
  const record = findBucket(handle.emulator.store, bucket)!;
  record.createdAt = new Date(Date.parse(record.createdAt) - ms).toISOString();
}

const readPolicy = (bucket: string) =>
  policyOf((async () => (await (await s3()).send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy)());
async function policyOf(text: Promise<string | undefined>) {
  return JSON.parse((await text) ?? "null");
}

function rolePolicy(bucket: string, principal: unknown): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "MediaConvertRead",
        Effect: "Allow",
        Principal: { AWS: principal },
        Action: ["s3:GetObject"],
        Resource: `arn:aws:s3:::${bucket}/*`,
        Condition: { StringEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/mediaconvert` } },
      },
    ],
  });
}

const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "mediaconvert.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});

async function createRole(name: string, trust = TRUST) {
  return (
    await (await iam()).send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }))
  ).Role!;
}

/** Every sub-resource write S3 refuses while a new bucket propagates, as the SDK sends it. */
const SUBRESOURCE_WRITES: [string, (bucket: string) => any][] = [
  [
    "PutBucketPolicy",
    (Bucket) =>
      new PutBucketPolicyCommand({
        Bucket,
        Policy: JSON.stringify({
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: ACCOUNT },
              Action: "s3:GetObject",
              Resource: `arn:aws:s3:::${Bucket}/*`,
            },
          ],
        }),
      }),
  ],
  [
    "PutBucketTagging",
    (Bucket) => new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: [{ Key: "app", Value: "yolo" }] } }),
  ],
  [
    "PutPublicAccessBlock",
    (Bucket) =>
      new PutPublicAccessBlockCommand({
        Bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
  ],
  [
    "PutBucketEncryption",
    (Bucket) =>
      new PutBucketEncryptionCommand({
        Bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
        },
      }),
  ],
  [
    "PutBucketOwnershipControls",
    (Bucket) =>
      new PutBucketOwnershipControlsCommand({
        Bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      }),
  ],
  [
    "PutBucketLifecycleConfiguration",
    (Bucket) =>
      new PutBucketLifecycleConfigurationCommand({
        Bucket,
        LifecycleConfiguration: {
          Rules: [{ ID: "expire", Status: "Enabled", Filter: { Prefix: "" }, Expiration: { Days: 30 } }],
        },
      }),
  ],
  ["DeleteBucketPolicy", (Bucket) => new DeleteBucketPolicyCommand({ Bucket })],
];

describe("the bucket propagation window (setting bucketPropagationMs, off by default)", () => {
  it("is off by default: a new bucket's configuration can be written at once", async () => {
    expect(handle.emulator.settings).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.bucketPropagationMs).toBe(0);
    const client = await s3();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const [, command] of SUBRESOURCE_WRITES) await client.send(command(BUCKET));
  });

  it.each(SUBRESOURCE_WRITES)(
    "answers %s with 404 NoSuchBucket inside the window, and succeeds after it",
    async (_name, command) => {
      handle.emulator.configure({ bucketPropagationMs: 60_000 });
      const client = await s3();
      await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
      const error = await expectError(
        client.send(command(BUCKET)),
        "NoSuchBucket",
        404,
        "The specified bucket does not exist",
      );
      expect(error.BucketName).toBe(BUCKET);
      age(BUCKET, 60_000);
      await client.send(command(BUCKET));
    },
  );

  it("answers 409 OperationAborted with S3's message when set so, in S3's XML error shape", async () => {
    handle.emulator.configure({ bucketPropagationMs: 60_000, bucketPropagationError: "OperationAborted" });
    const client = await s3();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const [, command] of SUBRESOURCE_WRITES)
      await expectError(
        client.send(command(BUCKET)),
        "OperationAborted",
        409,
        "A conflicting conditional operation is currently in progress against this resource. Please try again.",
      );

    const raw = await fetch(`${handle.emulator.url}/${BUCKET}/?tagging=`, {
      method: "PUT",
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20240101/${REGION}/s3/aws4_request, SignedHeaders=host, Signature=00`,
      },
      body: "<Tagging><TagSet/></Tagging>",
    });
    expect(raw.status).toBe(409);
    expect(raw.headers.get("content-type")).toBe("application/xml");
    expect(raw.headers.get("x-amz-request-id")).toBeTruthy();
    const xml = await raw.text();
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\s*<Error><Code>OperationAborted<\/Code><Message>A conflicting conditional operation is currently in progress against this resource\. Please try again\.<\/Message>.*<RequestId>[^<]+<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/s,
    );
  });

  it("leaves the bucket itself, its reads and its objects alone, and only new buckets are affected", async () => {
    const client = await s3();
    await client.send(new CreateBucketCommand({ Bucket: "yolo-old-bucket" }));
    handle.emulator.configure({ bucketPropagationMs: 60_000 });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    expect((await client.send(new HeadBucketCommand({ Bucket: BUCKET }))).BucketRegion).toBe(REGION);
    await expectError(client.send(new GetBucketTaggingCommand({ Bucket: BUCKET })), "NoSuchTagSet", 404);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "k", Body: "x" }));
    // A bucket made before the window was switched on is older than the window.
    age("yolo-old-bucket", 60_000);
    await client.send(SUBRESOURCE_WRITES[1][1]("yolo-old-bucket"));
  });

  it("ends on its own after the set time", async () => {
    handle.emulator.configure({ bucketPropagationMs: 150 });
    const client = await s3();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await expectError(client.send(SUBRESOURCE_WRITES[1][1](BUCKET)), "NoSuchBucket", 404);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await client.send(SUBRESOURCE_WRITES[1][1](BUCKET));
  });

  it("makes IVS CreateStorageConfiguration answer as for a bucket it cannot see (400 ValidationException), changing nothing", async () => {
    handle.emulator.configure({ bucketPropagationMs: 60_000 });
    await (await s3()).send(new CreateBucketCommand({ Bucket: BUCKET }));
    const client = await ivs();
    await expectError(
      client.send(new CreateStorageConfigurationCommand({ name: "rec", s3: { bucketName: BUCKET } })),
      "ValidationException",
      400,
      `S3 bucket ${BUCKET} does not exist or is not in the correct region (${REGION})`,
    );
    expect((await client.send(new ListStorageConfigurationsCommand({}))).storageConfigurations).toEqual([]);
    expect(getBucketPolicy(handle.emulator.store, BUCKET)).toBeUndefined();

    age(BUCKET, 60_000);
    const created = await client.send(
      new CreateStorageConfigurationCommand({ name: "rec", s3: { bucketName: BUCKET } }),
    );
    expect(created.storageConfiguration?.s3?.bucketName).toBe(BUCKET);
  });

  it("is set through the admin API and the constructor option, and reset returns to the options", async () => {
    expect(await admin("GET", "/settings")).toEqual({ status: 200, body: DEFAULT_SETTINGS });
    const set = await admin("POST", "/settings", {
      bucketPropagationMs: 5000,
      bucketPropagationError: "OperationAborted",
    });
    expect(set).toEqual({
      status: 200,
      body: { ...DEFAULT_SETTINGS, bucketPropagationMs: 5000, bucketPropagationError: "OperationAborted" },
    });
    const client = await s3();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await expectError(client.send(SUBRESOURCE_WRITES[1][1](BUCKET)), "OperationAborted", 409);

    for (const bad of [
      { bucketPropagationMs: -1 },
      { bucketPropagationMs: "10" },
      { bucketPropagationError: "Nope" },
      { iamWindow: 1 },
    ]) {
      const response = await admin("POST", "/settings", bad);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(/bucketPropagation|Unknown emulator setting/);
    }
    expect(handle.emulator.settings.bucketPropagationMs).toBe(5000);

    await admin("POST", "/reset");
    expect(handle.emulator.settings).toEqual(DEFAULT_SETTINGS);

    const own = await startEmulator({ settings: { bucketPropagationMs: 60_000 } });
    try {
      expect(own.settings).toEqual({ ...DEFAULT_SETTINGS, bucketPropagationMs: 60_000 });
      own.configure({ bucketPropagationError: "OperationAborted" });
      own.reset();
      expect(own.settings).toEqual({ ...DEFAULT_SETTINGS, bucketPropagationMs: 60_000 });
    } finally {
      await own.close();
    }
    await expect(startEmulator({ settings: { bucketPropagationMs: Number.NaN } })).rejects.toThrow(
      /bucketPropagationMs/,
    );
  });
});

describe("a new role's propagation window (setting rolePropagationMs, off by default)", () => {
  /** Move the role's creation back in time, as if the window had passed. */
  function ageRole(name: string, ms: number) {
    const role = Object.values(iamState(handle.emulator.store).roles).find((r) => r.roleName === name)!;
    role.createdAtMs = (role.createdAtMs ?? Date.now()) - ms;
  }

  it("is off by default: a bucket policy may name a role the moment it exists", async () => {
    expect(DEFAULT_SETTINGS.rolePropagationMs).toBe(0);
    const role = await createRole("mediaconvert");
    const client = await s3();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await client.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: rolePolicy(BUCKET, role.Arn) }));
  });

  it("refuses a policy naming a role created inside the window as Invalid principal in policy, then accepts it", async () => {
    const client = await s3();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    handle.emulator.configure({ rolePropagationMs: 60_000 });
    const role = await createRole("mediaconvert");
    await expectError(
      client.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: rolePolicy(BUCKET, role.Arn) })),
      "MalformedPolicy",
      400,
      "Invalid principal in policy",
    );
    expect(getBucketPolicy(handle.emulator.store, BUCKET)).toBeUndefined();
    // IAM itself knows the role at once (GetRole is strongly consistent for the caller that made it).
    expect((await (await iam()).send(new GetRoleCommand({ RoleName: "mediaconvert" }))).Role?.Arn).toBe(
      role.Arn,
    );
    ageRole("mediaconvert", 60_000);
    await client.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: rolePolicy(BUCKET, role.Arn) }));
  });

  it("leaves roles made before it alone and is set through the admin API", async () => {
    const old = await createRole("older");
    ageRole("older", 1_000);
    expect(await admin("POST", "/settings", { rolePropagationMs: 500 })).toEqual({
      status: 200,
      body: { ...DEFAULT_SETTINGS, rolePropagationMs: 500 },
    });
    const client = await s3();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await client.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: rolePolicy(BUCKET, old.Arn) }));
    expect((await admin("POST", "/settings", { rolePropagationMs: -5 })).status).toBe(400);
  });
});

describe("a composition's stop and start windows (settings compositionStopMs and compositionStartMs, off by default)", () => {
  const STOP_WINDOW = 60_000;

  /** A bucket, its storage configuration, an encoder configuration, a stage and a composition recording to them. */
  async function recordingComposition() {
    const client = await ivs();
    await (await s3()).send(new CreateBucketCommand({ Bucket: BUCKET }));
    const storage = (
      await client.send(new CreateStorageConfigurationCommand({ name: "rec", s3: { bucketName: BUCKET } }))
    ).storageConfiguration!;
    const encoder = (await client.send(new CreateEncoderConfigurationCommand({ name: "enc" })))
      .encoderConfiguration!;
    const stage = (await client.send(new CreateStageCommand({ name: "live" }))).stage!;
    const start = () =>
      client.send(
        new StartCompositionCommand({
          stageArn: stage.arn,
          destinations: [
            { s3: { storageConfigurationArn: storage.arn, encoderConfigurationArns: [encoder.arn!] } },
          ],
        }),
      );
    const composition = (await start()).composition!;
    return { client, storage, encoder, stage, composition, start };
  }

  /** Move the end of the composition's window back in time, as if it had passed. */
  function endWindow(arn: string, field: "activeAt" | "stoppedAt") {
    const record = findComposition(handle.emulator.store, ACCOUNT, REGION, arn)!;
    record[field] = new Date(Date.now() - 1).toISOString();
  }

  const states = async (client: IVSRealTimeClient, arn: string) => {
    const got = (await client.send(new GetCompositionCommand({ arn }))).composition!;
    const listed = (await client.send(new ListCompositionsCommand({}))).compositions!.find(
      (c) => c.arn === arn,
    )!;
    return {
      got: got.state,
      gotDestinations: got.destinations!.map((d) => d.state),
      listed: listed.state,
      listedDestinations: listed.destinations!.map((d) => d.state),
    };
  };
  const all = (state: string) => ({
    got: state,
    gotDestinations: [state],
    listed: state,
    listedDestinations: [state],
  });

  it("is off by default: StartComposition is ACTIVE and StopComposition STOPPED at once", async () => {
    expect(DEFAULT_SETTINGS.compositionStopMs).toBe(0);
    expect(DEFAULT_SETTINGS.compositionStartMs).toBe(0);
    const { client, storage, composition } = await recordingComposition();
    expect(composition.state).toBe("ACTIVE");
    await client.send(new StopCompositionCommand({ arn: composition.arn }));
    expect(await states(client, composition.arn!)).toEqual(all("STOPPED"));
    await client.send(new DeleteStorageConfigurationCommand({ arn: storage.arn }));
  });

  it("shows a stopped composition STOPPING, still using its configurations, then STOPPED", async () => {
    const { client, storage, encoder, composition } = await recordingComposition();
    handle.emulator.configure({ compositionStopMs: STOP_WINDOW });
    await client.send(new StopCompositionCommand({ arn: composition.arn }));
    expect(await states(client, composition.arn!)).toEqual(all("STOPPING"));
    await expectError(
      client.send(new DeleteStorageConfigurationCommand({ arn: storage.arn })),
      "ConflictException",
      409,
      /is used by composition/,
    );
    await expectError(
      client.send(new DeleteEncoderConfigurationCommand({ arn: encoder.arn })),
      "ConflictException",
      409,
    );
    // The recording was finished at StopComposition (the onStop hooks run at the stop).
    const prefix = composition.destinations![0].detail!.s3!.recordingPrefix!;
    await (await s3()).send(
      new GetObjectCommand({ Bucket: BUCKET, Key: `${prefix}/events/recording-ended.json` }),
    );

    endWindow(composition.arn!, "stoppedAt");
    expect(await states(client, composition.arn!)).toEqual(all("STOPPED"));
    await client.send(new DeleteStorageConfigurationCommand({ arn: storage.arn }));
    await client.send(new DeleteEncoderConfigurationCommand({ arn: encoder.arn }));
  });

  it("accepts StopComposition on a STOPPING composition and changes nothing (the window is not restarted)", async () => {
    const { client, composition } = await recordingComposition();
    handle.emulator.configure({ compositionStopMs: STOP_WINDOW });
    await client.send(new StopCompositionCommand({ arn: composition.arn }));
    const record = findComposition(handle.emulator.store, ACCOUNT, REGION, composition.arn!)!;
    const { stoppedAt, endTime } = record;
    const requests = handle.emulator.log.length;
    expect(
      (await client.send(new StopCompositionCommand({ arn: composition.arn }))).$metadata.httpStatusCode,
    ).toBe(200);
    expect(handle.emulator.log.length).toBe(requests + 1);
    expect({ stoppedAt: record.stoppedAt, endTime: record.endTime }).toEqual({ stoppedAt, endTime });
    expect(await states(client, composition.arn!)).toEqual(all("STOPPING"));
  });

  it("counts a STOPPING composition toward the 5 per stage", async () => {
    const { client, composition, start } = await recordingComposition();
    for (let i = 1; i < 5; i++) await start();
    handle.emulator.configure({ compositionStopMs: STOP_WINDOW });
    await client.send(new StopCompositionCommand({ arn: composition.arn }));
    await expectError(start(), "ServiceQuotaExceededException", 402);
    endWindow(composition.arn!, "stoppedAt");
    expect((await start()).composition?.state).toBe("ACTIVE");
  });

  it("ends on its own after the set time", async () => {
    const { client, composition } = await recordingComposition();
    handle.emulator.configure({ compositionStopMs: 150 });
    await client.send(new StopCompositionCommand({ arn: composition.arn }));
    expect((await states(client, composition.arn!)).got).toBe("STOPPING");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await states(client, composition.arn!)).toEqual(all("STOPPED"));
  });

  it("shows a new composition STARTING, already using its configurations, then ACTIVE; stopped while STARTING it is STOPPING", async () => {
    handle.emulator.configure({ compositionStartMs: STOP_WINDOW, compositionStopMs: STOP_WINDOW });
    const { client, storage, composition, start } = await recordingComposition();
    expect(composition.state).toBe("STARTING");
    expect(composition.destinations!.map((d) => d.state)).toEqual(["STARTING"]);
    expect(await states(client, composition.arn!)).toEqual(all("STARTING"));
    await expectError(
      client.send(new DeleteStorageConfigurationCommand({ arn: storage.arn })),
      "ConflictException",
      409,
    );
    endWindow(composition.arn!, "activeAt");
    expect(await states(client, composition.arn!)).toEqual(all("ACTIVE"));

    const other = (await start()).composition!;
    await client.send(new StopCompositionCommand({ arn: other.arn }));
    expect(await states(client, other.arn!)).toEqual(all("STOPPING"));
  });

  it("is set through the admin API; a bad value is refused", async () => {
    expect(await admin("POST", "/settings", { compositionStopMs: 1500, compositionStartMs: 200 })).toEqual({
      status: 200,
      body: { ...DEFAULT_SETTINGS, compositionStopMs: 1500, compositionStartMs: 200 },
    });
    expect(await admin("POST", "/settings", { compositionStopMs: -1 })).toEqual({
      status: 400,
      body: { error: "compositionStopMs must be a number of milliseconds, 0 or more" },
    });
    expect((await admin("POST", "/settings", { compositionStartMs: "soon" })).status).toBe(400);
    handle.emulator.reset();
    expect(handle.emulator.settings.compositionStopMs).toBe(0);
  });
});

describe("role unique ids in policies", () => {
  it("gives roles a RoleId of AROA and 17 upper-case letters and digits (21 characters, as AWS's)", async () => {
    const role = await createRole("mediaconvert");
    expect(role.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect((await (await iam()).send(new GetRoleCommand({ RoleName: "mediaconvert" }))).Role?.RoleId).toBe(
      role.RoleId,
    );
    expect((await createRole("other")).RoleId).not.toBe(role.RoleId);
  });

  it("shows a deleted role as its unique id in bucket policies, of any account, keeping everything else", async () => {
    const role = await createRole("mediaconvert");
    const client = await s3();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const text = rolePolicy(BUCKET, [role.Arn, ACCOUNT]);
    await client.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: text }));
    const other = await handle.otherClients.s3(REGION);
    await other.send(new CreateBucketCommand({ Bucket: "other-account-bucket" }));
    await other.send(
      new PutBucketPolicyCommand({
        Bucket: "other-account-bucket",
        Policy: rolePolicy("other-account-bucket", role.Arn),
      }),
    );
    await client.send(new CreateBucketCommand({ Bucket: "unrelated-bucket" }));
    const unrelated = `{ "Statement": [ {"Effect":"Allow","Principal":{"AWS":"${OTHER_ACCOUNT}"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::unrelated-bucket/*"} ] }`;
    await client.send(new PutBucketPolicyCommand({ Bucket: "unrelated-bucket", Policy: unrelated }));

    await (await iam()).send(new DeleteRoleCommand({ RoleName: "mediaconvert" }));

    const expected = JSON.parse(text);
    expected.Statement[0].Principal.AWS = [role.RoleId, ACCOUNT];
    // The condition still names the ARN: only principals are shown by id.
    expect(await readPolicy(BUCKET)).toEqual(expected);
    const otherPolicy = JSON.parse(
      (await other.send(new GetBucketPolicyCommand({ Bucket: "other-account-bucket" }))).Policy ?? "",
    );
    expect(otherPolicy.Statement[0].Principal).toEqual({ AWS: role.RoleId });
    expect((await client.send(new GetBucketPolicyCommand({ Bucket: "unrelated-bucket" }))).Policy).toBe(
      unrelated,
    );
  });

  it("refuses to put back a policy naming a deleted role's unique id, or its ARN, as Invalid principal in policy", async () => {
    const role = await createRole("mediaconvert");
    const client = await s3();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await client.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: rolePolicy(BUCKET, role.Arn) }));
    await (await iam()).send(new DeleteRoleCommand({ RoleName: "mediaconvert" }));
    const shown = (await client.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy!;

    for (const text of [shown, rolePolicy(BUCKET, role.Arn), rolePolicy(BUCKET, "AROAAAAAAAAAAAAAAAAAA")])
      await expectError(
        client.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: text })),
        "MalformedPolicy",
        400,
        "Invalid principal in policy",
      );
    expect(getBucketPolicy(handle.emulator.store, BUCKET)).toBe(shown);

    // Re-creating a role of the same name gives a new unique id: the old one stays invalid.
    const again = await createRole("mediaconvert");
    expect(again.RoleId).not.toBe(role.RoleId);
    await expectError(
      client.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: shown })),
      "MalformedPolicy",
      400,
    );
  });

  it("accepts an existing role's unique id and stores it as the role's ARN", async () => {
    const role = await createRole("mediaconvert");
    const client = await s3();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await client.send(
      new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: rolePolicy(BUCKET, role.RoleId) }),
    );
    expect((await readPolicy(BUCKET)).Statement[0].Principal).toEqual({ AWS: role.Arn });
  });

  it("shows a deleted role as its unique id in other roles' trust policies too", async () => {
    const role = await createRole("mediaconvert");
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: role.Arn }, Action: "sts:AssumeRole" }],
    });
    await createRole("assumer", trust);
    await (await iam()).send(new DeleteRoleCommand({ RoleName: "mediaconvert" }));
    const shown = (await (await iam()).send(new GetRoleCommand({ RoleName: "assumer" }))).Role
      ?.AssumeRolePolicyDocument;
    expect(JSON.parse(decodeURIComponent(shown ?? "")).Statement[0].Principal).toEqual({ AWS: role.RoleId });
  });
});

describe("the PendingVerification fault preset", () => {
  it("answers IVS's create calls with 403 PendingVerification in IVS's error shape, and nothing is created", async () => {
    handle.emulator.addFault({ preset: "PendingVerification" });
    await (await s3()).send(new CreateBucketCommand({ Bucket: BUCKET }));
    const client = await ivs();
    const error = await expectError(
      client.send(new CreateStorageConfigurationCommand({ s3: { bucketName: BUCKET } })),
      "PendingVerification",
      403,
      "Your account is pending verification.",
    );
    expect(error).toBeInstanceOf(PendingVerification);
    expect(error.exceptionMessage).toBe("Your account is pending verification.");
    expect(error.$fault).toBe("client");
    for (const call of [
      client.send(new CreateEncoderConfigurationCommand({})),
      client.send(new CreateStageCommand({})),
      client.send(
        new StartCompositionCommand({
          stageArn: `arn:aws:ivs:${REGION}:${ACCOUNT}:stage/abcdefABCDEF`,
          destinations: [
            { channel: { channelArn: `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/abcdefABCDEF` } },
          ],
        }),
      ),
    ])
      await expectError(call, "PendingVerification", 403);
    // Reads are not refused, and nothing was created.
    expect((await client.send(new ListStorageConfigurationsCommand({}))).storageConfigurations).toEqual([]);
    expect(
      (
        await failureOf(
          client.send(
            new GetStorageConfigurationCommand({
              arn: `arn:aws:ivs:${REGION}:${ACCOUNT}:storage-configuration/abcdefABCDEF`,
            }),
          ),
        )
      )?.name,
    ).toBe("ResourceNotFoundException");
    expect(handle.emulator.log.filter((entry) => entry.injected).map((entry) => entry.operation)).toEqual([
      "CreateStorageConfiguration",
      "CreateEncoderConfiguration",
      "CreateStage",
      "StartComposition",
    ]);
  });

  it("can be narrowed like any rule, and is added over the admin API; an unknown preset is refused", async () => {
    expect(
      await admin("POST", "/faults", { preset: "PendingVerification", operation: "CreateStage", nth: 1 }),
    ).toEqual({
      status: 200,
      body: { ok: true },
    });
    const client = await ivs();
    await client.send(new CreateEncoderConfigurationCommand({}));
    await expectError(client.send(new CreateStageCommand({})), "PendingVerification", 403);
    await client.send(new CreateStageCommand({}));

    const unknown = await admin("POST", "/faults", { preset: "AccountSuspended" });
    expect(unknown).toEqual({ status: 400, body: { error: 'Unknown fault preset "AccountSuspended"' } });
    expect(() => handle.emulator.addFault({ preset: "Nope" as any })).toThrow(/Unknown fault preset/);
  });
});
