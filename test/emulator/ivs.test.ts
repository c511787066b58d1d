/**
 * The emulated IVS real-time API, driven through the real AWS SDK client: parsed outputs, error
 * names and statuses, the bucket-policy edit IVS makes, tags, paging, stages and compositions.
 */

import { CreateRoleCommand, DeleteRoleCommand } from "@aws-sdk/client-iam";
import {
  type Composition,
  CreateEncoderConfigurationCommand,
  CreateStageCommand,
  CreateStorageConfigurationCommand,
  DeleteEncoderConfigurationCommand,
  DeleteStageCommand,
  DeleteStorageConfigurationCommand,
  GetCompositionCommand,
  GetEncoderConfigurationCommand,
  GetStageCommand,
  GetStorageConfigurationCommand,
  type IVSRealTimeClient,
  ListCompositionsCommand,
  ListEncoderConfigurationsCommand,
  ListStagesCommand,
  ListStorageConfigurationsCommand,
  ListTagsForResourceCommand,
  paginateListEncoderConfigurations,
  StartCompositionCommand,
  StopCompositionCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-ivs-realtime";
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { type CompositionHookContext, compositionHooks } from "../../src/emulator/services/ivs.js";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { expectError } from "../helpers/failures.js";
import { ivsCompositeWrite } from "../helpers/policies.js";

const handle = useEmulator();
const REGION = "eu-west-1";
const BUCKET = "yolo-test-recordings-eu-west-1";

const ivs = (region = REGION) => handle.clients.ivs(region);

async function createBucket(name = BUCKET, region = REGION, clients = handle.clients) {
  const s3 = await clients.s3(region);
  await s3.send(new CreateBucketCommand({ Bucket: name }));
}

async function bucketPolicy(name = BUCKET) {
  const s3 = await handle.clients.s3(REGION);
  const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket: name }));
  return JSON.parse(Policy!);
}

/** Put a policy of these statements on the test bucket, as a user would. */
async function putBucketPolicy(...Statement: Record<string, unknown>[]) {
  const s3 = await handle.clients.s3(REGION);
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: BUCKET,
      Policy: JSON.stringify({ Version: "2012-10-17", Statement }),
    }),
  );
}

async function newStorageConfiguration(client: IVSRealTimeClient, name = "rec") {
  const { storageConfiguration } = await client.send(
    new CreateStorageConfigurationCommand({ name, s3: { bucketName: BUCKET } }),
  );
  return storageConfiguration!;
}

async function newEncoderConfiguration(client: IVSRealTimeClient, name = "enc") {
  const { encoderConfiguration } = await client.send(new CreateEncoderConfigurationCommand({ name }));
  return encoderConfiguration!;
}

async function newStage(client: IVSRealTimeClient, name = "live") {
  const { stage } = await client.send(new CreateStageCommand({ name }));
  return stage!;
}

/** A bucket, a storage and an encoder configuration, a stage, and a composition recording to S3. */
async function activeComposition(client: IVSRealTimeClient) {
  await createBucket();
  const storage = await newStorageConfiguration(client);
  const encoder = await newEncoderConfiguration(client);
  const live = await newStage(client);
  const { composition } = await client.send(
    new StartCompositionCommand({
      stageArn: live.arn,
      destinations: [
        { s3: { storageConfigurationArn: storage.arn, encoderConfigurationArns: [encoder.arn!] } },
      ],
    }),
  );
  return { storage, encoder, stage: live, composition: composition! };
}

describe("storage configurations", () => {
  it("creates one on a bucket of its region and gets, lists and deletes it", async () => {
    await createBucket();
    const client = await ivs();
    const { storageConfiguration: created, $metadata } = await client.send(
      new CreateStorageConfigurationCommand({
        name: "yolo-demo",
        s3: { bucketName: BUCKET },
        tags: { "yolo:app": "demo" },
      }),
    );
    expect($metadata.httpStatusCode).toBe(200);
    expect($metadata.requestId).toBeTruthy();
    expect(created).toEqual({
      arn: expect.stringMatching(
        /^arn:aws:ivs:eu-west-1:000000000000:storage-configuration\/[a-zA-Z0-9]{12}$/,
      ),
      name: "yolo-demo",
      s3: { bucketName: BUCKET },
      tags: { "yolo:app": "demo" },
    });

    const { storageConfiguration: got } = await client.send(
      new GetStorageConfigurationCommand({ arn: created!.arn }),
    );
    expect(got).toEqual(created);

    const listed = await client.send(new ListStorageConfigurationsCommand({}));
    expect(listed.storageConfigurations).toEqual([created]);
    expect(listed.nextToken).toBeUndefined();

    const deleted = await client.send(new DeleteStorageConfigurationCommand({ arn: created!.arn }));
    expect(deleted.$metadata.httpStatusCode).toBe(200);
    expect((await client.send(new ListStorageConfigurationsCommand({}))).storageConfigurations).toEqual([]);
    await expectError(
      client.send(new GetStorageConfigurationCommand({ arn: created!.arn })),
      "ResourceNotFoundException",
      404,
    );
  });

  it("merges its CompositeWrite statement into the bucket policy, keeps the others, and removes it on delete", async () => {
    await createBucket();
    const foreign = {
      Sid: "CloudFrontRead",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    };
    const s3 = await handle.clients.s3(REGION);
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: BUCKET,
        Policy: JSON.stringify({ Version: "2012-10-17", Statement: [foreign] }),
      }),
    );
    const client = await ivs();
    const created = await newStorageConfiguration(client);

    const merged = await bucketPolicy();
    expect(merged.Version).toBe("2012-10-17");
    expect(merged.Statement).toHaveLength(2);
    expect(merged.Statement[0]).toEqual(foreign);
    expect(merged.Statement[1]).toEqual(
      ivsCompositeWrite({
        region: "eu-west-1",
        bucket: BUCKET,
        sid: expect.stringMatching(/^CompositeWrite-[a-zA-Z0-9]+$/),
      }),
    );

    await client.send(new DeleteStorageConfigurationCommand({ arn: created.arn }));
    expect((await bucketPolicy()).Statement).toEqual([foreign]);
  });

  // IVS writes the merged policy with S3's PutBucketPolicy under the caller's permissions
  // (AWS-FACTS §1.6: CloudFormation's handler needs s3:PutBucketPolicy), so S3's checks apply to
  // it (AWS-FACTS §2.4). Which IVS error then comes back is not documented: ValidationException
  // (400, "The input fails to satisfy the constraints", IVS API reference) is the emulator's choice.
  describe("when S3 refuses the merged policy, nothing is created and the policy stays", () => {
    async function refusedCreate(code: string, status: number) {
      const client = await ivs();
      const before = (
        await handle.clients.s3(REGION).then((s3) => s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET })))
      ).Policy;
      const error = await expectError(
        client.send(new CreateStorageConfigurationCommand({ name: "rec", s3: { bucketName: BUCKET } })),
        code,
        status,
      );
      const list = await client.send(new ListStorageConfigurationsCommand({}));
      expect(list.storageConfigurations).toEqual([]);
      const s3 = await handle.clients.s3(REGION);
      expect((await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy).toBe(before);
      return error;
    }

    it("a statement naming a role that was deleted: ValidationException with S3's reason", async () => {
      await createBucket();
      const iam = await handle.clients.iam(REGION);
      const { Role } = await iam.send(
        new CreateRoleCommand({
          RoleName: "mediaconvert",
          AssumeRolePolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: "mediaconvert.amazonaws.com" },
                Action: "sts:AssumeRole",
              },
            ],
          }),
        }),
      );
      await putBucketPolicy({
        Sid: "MediaConvertRead",
        Effect: "Allow",
        Principal: { AWS: Role!.Arn },
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::${BUCKET}/*`,
      });
      await iam.send(new DeleteRoleCommand({ RoleName: "mediaconvert" }));
      // S3 now shows the deleted role by its unique id (boto/boto3#3206), which it refuses to take back.
      expect((await bucketPolicy()).Statement[0].Principal).toEqual({ AWS: Role!.RoleId });

      const error = await refusedCreate("ValidationException", 400);
      expect(error.message).toBe(
        `IVS cannot update the bucket policy of ${BUCKET}: S3 refused it with MalformedPolicy: Invalid principal in policy`,
      );
    });

    it("a policy the statement pushes over 20 KB: ValidationException", async () => {
      await createBucket();
      // One statement whose resource is padded so the policy ends 100 bytes under S3's 20 KB.
      const statement = (path: string) => ({
        Sid: "Padded",
        Effect: "Allow",
        Principal: { AWS: ACCOUNT },
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::${BUCKET}/${path}*`,
      });
      const policyOf = (path: string) =>
        JSON.stringify({ Version: "2012-10-17", Statement: [statement(path)] });
      const text = policyOf("p".repeat(20 * 1024 - 100 - Buffer.byteLength(policyOf(""))));
      expect(Buffer.byteLength(text)).toBe(20 * 1024 - 100);
      const s3 = await handle.clients.s3(REGION);
      await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: text }));

      const error = await refusedCreate("ValidationException", 400);
      expect(error.message).toMatch(/S3 refused it with MalformedPolicy: Policy exceeds the maximum/);
    });

    it("a public policy under BlockPublicPolicy: AccessDeniedException", async () => {
      await createBucket();
      const s3 = await handle.clients.s3(REGION);
      const blocks = (BlockPublicPolicy: boolean) =>
        s3.send(
          new PutPublicAccessBlockCommand({
            Bucket: BUCKET,
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              IgnorePublicAcls: true,
              BlockPublicPolicy,
              RestrictPublicBuckets: true,
            },
          }),
        );
      await blocks(false);
      await putBucketPolicy({
        Sid: "PublicRead",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::${BUCKET}/*`,
      });
      await blocks(true);

      const error = await refusedCreate("AccessDeniedException", 403);
      expect(error.message).toMatch(
        /S3 refused it with AccessDenied: User: .* because public policies are blocked/,
      );
    });
  });

  it("creates the bucket policy when there is none and deletes it when its statement was the last", async () => {
    await createBucket();
    const client = await ivs();
    const first = await newStorageConfiguration(client, "one");
    const second = await newStorageConfiguration(client, "two");
    const policy = await bucketPolicy();
    expect(policy.Version).toBe("2012-10-17");
    const sids = policy.Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).toHaveLength(2);
    expect(new Set(sids).size).toBe(2);

    await client.send(new DeleteStorageConfigurationCommand({ arn: first.arn }));
    expect((await bucketPolicy()).Statement).toHaveLength(1);
    await client.send(new DeleteStorageConfigurationCommand({ arn: second.arn }));
    const s3 = await handle.clients.s3(REGION);
    await expectError(s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET })), "NoSuchBucketPolicy", 404);
  });

  it("refuses a bucket in another region, a missing bucket and another account's bucket", async () => {
    await createBucket("yolo-test-recordings-eu-central-1", "eu-central-1");
    const client = await ivs();
    const otherRegion = await expectError(
      client.send(
        new CreateStorageConfigurationCommand({ s3: { bucketName: "yolo-test-recordings-eu-central-1" } }),
      ),
      "ValidationException",
      400,
    );
    expect(otherRegion.message).toMatch(/does not exist or is not in the correct region/);
    await expectError(
      client.send(new CreateStorageConfigurationCommand({ s3: { bucketName: "no-such-bucket-anywhere" } })),
      "ValidationException",
      400,
    );
    await createBucket("someone-elses-bucket", REGION, handle.otherClients);
    await expectError(
      client.send(new CreateStorageConfigurationCommand({ s3: { bucketName: "someone-elses-bucket" } })),
      "ValidationException",
      400,
    );
    expect((await client.send(new ListStorageConfigurationsCommand({}))).storageConfigurations).toEqual([]);
  });

  it("refuses a bad name and a bad bucket name with ValidationException", async () => {
    await createBucket();
    const client = await ivs();
    const badName = await expectError(
      client.send(new CreateStorageConfigurationCommand({ name: "has space", s3: { bucketName: BUCKET } })),
      "ValidationException",
      400,
    );
    expect(badName.message).toContain("'name'");
    expect(badName.exceptionMessage).toBe(badName.message);
    await expectError(
      client.send(
        new CreateStorageConfigurationCommand({ name: "a".repeat(129), s3: { bucketName: BUCKET } }),
      ),
      "ValidationException",
      400,
    );
    await expectError(
      client.send(new CreateStorageConfigurationCommand({ s3: { bucketName: "My_Bucket" } })),
      "ValidationException",
      400,
    );
  });

  it("stops at the quota of 5 per region with a 402 that is not retried", async () => {
    await createBucket();
    const client = await ivs();
    for (let i = 0; i < 5; i++) await newStorageConfiguration(client, `rec-${i}`);
    const error = await expectError(
      newStorageConfiguration(client, "rec-5"),
      "ServiceQuotaExceededException",
      402,
    );
    expect(error.$metadata.attempts).toBe(1);
    // The quota is per region: another region still has room (with its own bucket).
    await createBucket("yolo-test-recordings-us-east-1", "us-east-1");
    const east = await ivs("us-east-1");
    const { storageConfiguration: created } = await east.send(
      new CreateStorageConfigurationCommand({ s3: { bucketName: "yolo-test-recordings-us-east-1" } }),
    );
    expect(created!.arn).toMatch(/^arn:aws:ivs:us-east-1:/);
  });

  it("pages its list with maxResults and nextToken, defaulting to pages of 5", async () => {
    await createBucket();
    const client = await ivs();
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await newStorageConfiguration(client, `rec-${i}`)).arn);
    const first = await client.send(new ListStorageConfigurationsCommand({ maxResults: 2 }));
    expect(first.storageConfigurations!.map((s) => s.arn)).toEqual(created.slice(0, 2));
    expect(first.nextToken).toBeTruthy();
    const second = await client.send(
      new ListStorageConfigurationsCommand({ maxResults: 2, nextToken: first.nextToken }),
    );
    expect(second.storageConfigurations!.map((s) => s.arn)).toEqual(created.slice(2, 4));
    const third = await client.send(
      new ListStorageConfigurationsCommand({ maxResults: 2, nextToken: second.nextToken }),
    );
    expect(third.storageConfigurations!.map((s) => s.arn)).toEqual(created.slice(4));
    expect(third.nextToken).toBeUndefined();
    const all = await client.send(new ListStorageConfigurationsCommand({}));
    expect(all.storageConfigurations).toHaveLength(5);
    expect(all.nextToken).toBeUndefined();
    await expectError(
      client.send(new ListStorageConfigurationsCommand({ maxResults: 0 })),
      "ValidationException",
      400,
    );
    await expectError(
      client.send(new ListStorageConfigurationsCommand({ maxResults: 101 })),
      "ValidationException",
      400,
    );
  });

  it("keeps storage configurations per account and region", async () => {
    await createBucket();
    const created = await newStorageConfiguration(await ivs());
    const other = await handle.otherClients.ivs(REGION);
    expect((await other.send(new ListStorageConfigurationsCommand({}))).storageConfigurations).toEqual([]);
    expect(
      (await (await ivs("us-west-2")).send(new ListStorageConfigurationsCommand({}))).storageConfigurations,
    ).toEqual([]);
    // An ARN of another account or region is refused as invalid input, not looked up.
    await expectError(
      other.send(new GetStorageConfigurationCommand({ arn: created.arn })),
      "ValidationException",
      400,
    );
    await expectError(
      (await ivs("us-west-2")).send(new GetStorageConfigurationCommand({ arn: created.arn })),
      "ValidationException",
      400,
    );
  });

  it("answers 404 for a well-formed ARN it does not hold and 400 for a malformed one", async () => {
    const client = await ivs();
    const missing = `arn:aws:ivs:${REGION}:${ACCOUNT}:storage-configuration/AbCdEf123456`;
    await expectError(
      client.send(new GetStorageConfigurationCommand({ arn: missing })),
      "ResourceNotFoundException",
      404,
    );
    await expectError(
      client.send(new DeleteStorageConfigurationCommand({ arn: missing })),
      "ResourceNotFoundException",
      404,
    );
    await expectError(
      client.send(
        new GetStorageConfigurationCommand({ arn: "arn:aws:ivs:eu-west-1:000000000000:stage/AbC" }),
      ),
      "ValidationException",
      400,
    );
  });
});

describe("encoder configurations", () => {
  it("creates one with the default video and gets, lists (without video) and deletes it", async () => {
    const client = await ivs();
    const { encoderConfiguration: created } = await client.send(
      new CreateEncoderConfigurationCommand({ name: "yolo-720p" }),
    );
    expect(created).toEqual({
      arn: expect.stringMatching(
        /^arn:aws:ivs:eu-west-1:000000000000:encoder-configuration\/[a-zA-Z0-9]{12}$/,
      ),
      name: "yolo-720p",
      video: { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 },
      tags: {},
    });
    const { encoderConfiguration: got } = await client.send(
      new GetEncoderConfigurationCommand({ arn: created!.arn }),
    );
    expect(got).toEqual(created);
    const listed = await client.send(new ListEncoderConfigurationsCommand({}));
    expect(listed.encoderConfigurations).toEqual([{ arn: created!.arn, name: "yolo-720p", tags: {} }]);

    await client.send(new DeleteEncoderConfigurationCommand({ arn: created!.arn }));
    await expectError(
      client.send(new GetEncoderConfigurationCommand({ arn: created!.arn })),
      "ResourceNotFoundException",
      404,
    );
    await expectError(
      client.send(new DeleteEncoderConfigurationCommand({ arn: created!.arn })),
      "ResourceNotFoundException",
      404,
    );
  });

  it("fills the video members that are absent and keeps the given ones", async () => {
    const client = await ivs();
    const { encoderConfiguration } = await client.send(
      new CreateEncoderConfigurationCommand({ video: { width: 1920, height: 1080, framerate: 29.97 } }),
    );
    expect(encoderConfiguration!.name).toBe("");
    expect(encoderConfiguration!.video).toEqual({
      width: 1920,
      height: 1080,
      framerate: 29.97,
      bitrate: 2_500_000,
    });
    const portrait = await client.send(
      new CreateEncoderConfigurationCommand({ video: { width: 1080, height: 1920 } }),
    );
    expect(portrait.encoderConfiguration!.video).toMatchObject({ width: 1080, height: 1920 });
  });

  it.each([
    ["an odd width", { width: 1279 }, /even/],
    ["an odd height", { height: 721 }, /even/],
    ["too many pixels", { width: 1920, height: 1920 }, /2073600/],
    ["a width below 2", { width: 0 }, /greater than or equal to 2/],
    ["a height above 1920", { height: 1922 }, /less than or equal to 1920/],
    ["a framerate above 60", { framerate: 61 }, /less than or equal to 60/],
    ["a bitrate above 8,500,000", { bitrate: 8_500_001 }, /less than or equal to 8500000/],
    ["a zero bitrate", { bitrate: 0 }, /greater than or equal to 1/],
  ])("refuses %s with ValidationException", async (_label, video, message) => {
    const client = await ivs();
    const error = await expectError(
      client.send(new CreateEncoderConfigurationCommand({ video })),
      "ValidationException",
      400,
    );
    expect(error.message).toMatch(message);
    expect((await client.send(new ListEncoderConfigurationsCommand({}))).encoderConfigurations).toEqual([]);
  });

  it("refuses a name outside [a-zA-Z0-9-_]", async () => {
    const client = await ivs();
    await expectError(
      client.send(new CreateEncoderConfigurationCommand({ name: "yolo.720p" })),
      "ValidationException",
      400,
    );
  });

  it("stops at the quota of 20 per region with a 402", async () => {
    const client = await ivs();
    for (let i = 0; i < 20; i++) await newEncoderConfiguration(client, `enc-${i}`);
    await expectError(newEncoderConfiguration(client, "enc-20"), "ServiceQuotaExceededException", 402);
    expect(await collectEncoderArns(client)).toHaveLength(20);
  });

  it("pages with the SDK paginator and maxResults", async () => {
    const client = await ivs();
    const created = [];
    for (let i = 0; i < 7; i++) created.push((await newEncoderConfiguration(client, `enc-${i}`)).arn);
    const pages = [];
    for await (const page of paginateListEncoderConfigurations({ client, pageSize: 3 }, {}))
      pages.push(page.encoderConfigurations!.map((e) => e.arn));
    expect(pages).toEqual([created.slice(0, 3), created.slice(3, 6), created.slice(6)]);
  });

  it("refuses a nextToken it did not hand out", async () => {
    const client = await ivs();
    await expectError(
      client.send(new ListEncoderConfigurationsCommand({ nextToken: "bm90LWEtdG9rZW4=" })),
      "ValidationException",
      400,
    );
  });
});

async function collectEncoderArns(client: IVSRealTimeClient): Promise<string[]> {
  const arns: string[] = [];
  for await (const page of paginateListEncoderConfigurations({ client }, {}))
    arns.push(...page.encoderConfigurations!.map((e) => e.arn!));
  return arns;
}

describe("tags", () => {
  it("round-trips tags on storage and encoder configurations, untagging keys with ':'", async () => {
    await createBucket();
    const client = await ivs();
    const storage = await newStorageConfiguration(client);
    const encoder = await newEncoderConfiguration(client);
    for (const arn of [storage.arn!, encoder.arn!]) {
      await client.send(
        new TagResourceCommand({
          resourceArn: arn,
          tags: { "yolo:app": "demo", "yolo:env": "prod", team: "a b" },
        }),
      );
      expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({
        "yolo:app": "demo",
        "yolo:env": "prod",
        team: "a b",
      });
      await client.send(new TagResourceCommand({ resourceArn: arn, tags: { team: "c" } }));
      await client.send(
        new UntagResourceCommand({ resourceArn: arn, tagKeys: ["yolo:app", "yolo:env", "absent"] }),
      );
      expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({
        team: "c",
      });
    }
    const { storageConfiguration } = await client.send(
      new GetStorageConfigurationCommand({ arn: storage.arn }),
    );
    expect(storageConfiguration!.tags).toEqual({ team: "c" });
    const { encoderConfigurations } = await client.send(new ListEncoderConfigurationsCommand({}));
    expect(encoderConfigurations![0].tags).toEqual({ team: "c" });
  });

  it("refuses the aws: prefix, more than 50 tags and a missing resource", async () => {
    const client = await ivs();
    const encoder = await newEncoderConfiguration(client);
    await expectError(
      client.send(new TagResourceCommand({ resourceArn: encoder.arn, tags: { "aws:owner": "me" } })),
      "ValidationException",
      400,
    );
    await expectError(
      client.send(new CreateEncoderConfigurationCommand({ tags: { "AWS:x": "y" } })),
      "ValidationException",
      400,
    );
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    await client.send(new TagResourceCommand({ resourceArn: encoder.arn, tags: many }));
    await expectError(
      client.send(new TagResourceCommand({ resourceArn: encoder.arn, tags: { one: "more" } })),
      "ValidationException",
      400,
    );
    await expectError(
      client.send(new CreateEncoderConfigurationCommand({ tags: { ...many, one: "more" } })),
      "ValidationException",
      400,
    );
    await expectError(
      client.send(new CreateEncoderConfigurationCommand({ tags: { ["k".repeat(129)]: "v" } })),
      "ValidationException",
      400,
    );
    const missing = `arn:aws:ivs:${REGION}:${ACCOUNT}:encoder-configuration/AbCdEf123456`;
    await expectError(
      client.send(new ListTagsForResourceCommand({ resourceArn: missing })),
      "ResourceNotFoundException",
      404,
    );
    await expectError(
      client.send(new TagResourceCommand({ resourceArn: missing, tags: { a: "b" } })),
      "ResourceNotFoundException",
      404,
    );
    await expectError(
      client.send(new UntagResourceCommand({ resourceArn: missing, tagKeys: ["a"] })),
      "ResourceNotFoundException",
      404,
    );
  });
});

describe("stages", () => {
  it("creates, gets, lists and deletes a stage", async () => {
    const client = await ivs();
    const { stage: created, participantTokens } = await client.send(
      new CreateStageCommand({ name: "yolo-live", tags: { "yolo:app": "demo" } }),
    );
    expect(participantTokens).toEqual([]);
    expect(created).toMatchObject({
      arn: expect.stringMatching(/^arn:aws:ivs:eu-west-1:000000000000:stage\/[a-zA-Z0-9]{12}$/),
      name: "yolo-live",
      tags: { "yolo:app": "demo" },
      autoParticipantRecordingConfiguration: { storageConfigurationArn: "", mediaTypes: ["AUDIO_VIDEO"] },
    });
    expect(created!.activeSessionId).toBeUndefined();
    expect((await client.send(new GetStageCommand({ arn: created!.arn }))).stage).toEqual(created);
    expect((await client.send(new ListStagesCommand({}))).stages).toEqual([
      { arn: created!.arn, name: "yolo-live", tags: { "yolo:app": "demo" } },
    ]);
    await client.send(new DeleteStageCommand({ arn: created!.arn }));
    await expectError(
      client.send(new GetStageCommand({ arn: created!.arn })),
      "ResourceNotFoundException",
      404,
    );
    expect((await client.send(new ListStagesCommand({}))).stages).toEqual([]);
  });

  it("hands out one participant token per token configuration", async () => {
    const client = await ivs();
    const { participantTokens } = await client.send(
      new CreateStageCommand({
        participantTokenConfigurations: [{ userId: "alice", capabilities: ["PUBLISH"] }, {}],
      }),
    );
    expect(participantTokens).toHaveLength(2);
    expect(participantTokens![0]).toMatchObject({
      userId: "alice",
      capabilities: ["PUBLISH"],
      duration: 720,
    });
    expect(participantTokens![0].token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(participantTokens![0].expirationTime).toBeInstanceOf(Date);
  });
});

describe("compositions", () => {
  it("starts a composition recording to S3 and gets, lists and stops it", async () => {
    const client = await ivs();
    const { storage, encoder, stage: live, composition } = await activeComposition(client);
    expect(composition).toMatchObject({
      arn: expect.stringMatching(/^arn:aws:ivs:eu-west-1:000000000000:composition\/[a-zA-Z0-9]{12}$/),
      stageArn: live.arn,
      state: "ACTIVE",
      tags: {},
    });
    expect(composition.startTime).toBeInstanceOf(Date);
    expect(composition.layout?.grid).toBeDefined();
    expect(composition.destinations).toHaveLength(1);
    const [destination] = composition.destinations!;
    expect(destination.state).toBe("ACTIVE");
    expect(destination.startTime).toBeInstanceOf(Date);
    expect(destination.configuration?.s3).toMatchObject({
      storageConfigurationArn: storage.arn,
      encoderConfigurationArns: [encoder.arn],
    });
    const compositionId = composition.arn!.split("/")[1];
    expect(destination.detail?.s3?.recordingPrefix).toMatch(
      new RegExp(`^[a-zA-Z0-9]+/${compositionId}/${destination.id}/composite$`),
    );

    const got = (await client.send(new GetCompositionCommand({ arn: composition.arn }))).composition;
    expect(got).toEqual(composition);

    const listed = await client.send(new ListCompositionsCommand({ filterByStageArn: live.arn }));
    expect(listed.compositions).toEqual([
      {
        arn: composition.arn,
        stageArn: live.arn,
        state: "ACTIVE",
        destinations: [{ id: destination.id, state: "ACTIVE", startTime: destination.startTime }],
        tags: {},
        startTime: composition.startTime,
      },
    ]);
    const otherStage = await newStage(client, "other");
    expect(
      (await client.send(new ListCompositionsCommand({ filterByStageArn: otherStage.arn }))).compositions,
    ).toEqual([]);

    await client.send(new StopCompositionCommand({ arn: composition.arn }));
    const stopped = (await client.send(new GetCompositionCommand({ arn: composition.arn })))
      .composition as Composition;
    expect(stopped.state).toBe("STOPPED");
    expect(stopped.endTime).toBeInstanceOf(Date);
    expect(stopped.destinations![0].state).toBe("STOPPED");
    expect(stopped.destinations![0].endTime).toBeInstanceOf(Date);
  });

  it("refuses to delete configurations an active composition uses, and allows it once stopped", async () => {
    const client = await ivs();
    const { storage, encoder, composition } = await activeComposition(client);
    await expectError(
      client.send(new DeleteStorageConfigurationCommand({ arn: storage.arn })),
      "ConflictException",
      409,
    );
    await expectError(
      client.send(new DeleteEncoderConfigurationCommand({ arn: encoder.arn })),
      "ConflictException",
      409,
    );
    await client.send(new StopCompositionCommand({ arn: composition.arn }));
    await client.send(new DeleteStorageConfigurationCommand({ arn: storage.arn }));
    await client.send(new DeleteEncoderConfigurationCommand({ arn: encoder.arn }));
  });

  it("refuses a missing stage or configuration, a second encoder and a third destination", async () => {
    await createBucket();
    const client = await ivs();
    const storage = await newStorageConfiguration(client);
    const encoder = await newEncoderConfiguration(client);
    const live = await newStage(client);
    const s3 = { storageConfigurationArn: storage.arn, encoderConfigurationArns: [encoder.arn!] };
    const missingStage = `arn:aws:ivs:${REGION}:${ACCOUNT}:stage/AbCdEf123456`;
    await expectError(
      client.send(new StartCompositionCommand({ stageArn: missingStage, destinations: [{ s3 }] })),
      "ResourceNotFoundException",
      404,
    );
    await expectError(
      client.send(
        new StartCompositionCommand({
          stageArn: live.arn,
          destinations: [
            {
              s3: {
                ...s3,
                storageConfigurationArn: `arn:aws:ivs:${REGION}:${ACCOUNT}:storage-configuration/Nope12345678`,
              },
            },
          ],
        }),
      ),
      "ResourceNotFoundException",
      404,
    );
    await expectError(
      client.send(
        new StartCompositionCommand({
          stageArn: live.arn,
          destinations: [{ s3: { ...s3, encoderConfigurationArns: [encoder.arn!, encoder.arn!] } }],
        }),
      ),
      "ValidationException",
      400,
    );
    await expectError(
      client.send(
        new StartCompositionCommand({
          stageArn: live.arn,
          destinations: [
            { s3, name: "a" },
            { s3, name: "b" },
            { s3, name: "c" },
          ],
        }),
      ),
      "ValidationException",
      400,
    );
    // A storage configuration of another region cannot record a composition here.
    await createBucket("yolo-test-recordings-us-east-1", "us-east-1");
    const east = await ivs("us-east-1");
    const { storageConfiguration: eastStorage } = await east.send(
      new CreateStorageConfigurationCommand({ s3: { bucketName: "yolo-test-recordings-us-east-1" } }),
    );
    await expectError(
      client.send(
        new StartCompositionCommand({
          stageArn: live.arn,
          destinations: [{ s3: { ...s3, storageConfigurationArn: eastStorage!.arn } }],
        }),
      ),
      "ValidationException",
      400,
    );
    expect((await client.send(new ListCompositionsCommand({}))).compositions).toEqual([]);
  });

  it("allows 5 active compositions per stage, then answers 402", async () => {
    await createBucket();
    const client = await ivs();
    const storage = await newStorageConfiguration(client);
    const encoder = await newEncoderConfiguration(client);
    const live = await newStage(client);
    const start = () =>
      client.send(
        new StartCompositionCommand({
          stageArn: live.arn,
          destinations: [
            { s3: { storageConfigurationArn: storage.arn, encoderConfigurationArns: [encoder.arn!] } },
          ],
        }),
      );
    const started = [];
    for (let i = 0; i < 5; i++) started.push((await start()).composition!);
    await expectError(start(), "ServiceQuotaExceededException", 402);
    await client.send(new StopCompositionCommand({ arn: started[0].arn }));
    expect((await start()).composition!.state).toBe("ACTIVE");
  });

  it("returns the same composition for a repeated idempotency token", async () => {
    const client = await ivs();
    const { storage, encoder, stage: live, composition } = await activeComposition(client);
    const again = async (idempotencyToken: string) =>
      (
        await client.send(
          new StartCompositionCommand({
            stageArn: live.arn,
            idempotencyToken,
            destinations: [
              { s3: { storageConfigurationArn: storage.arn, encoderConfigurationArns: [encoder.arn!] } },
            ],
          }),
        )
      ).composition!;
    const first = await again("token-1");
    expect(first.arn).not.toBe(composition.arn);
    expect((await again("token-1")).arn).toBe(first.arn);
    expect((await client.send(new ListCompositionsCommand({}))).compositions).toHaveLength(2);
  });

  it("runs the onStart and onStop hooks with the composition", async () => {
    const seen: string[] = [];
    const onStart = ({ composition, region, account }: CompositionHookContext) =>
      seen.push(
        `start ${composition.state} ${region} ${account} ${composition.destinations[0].recordingPrefix}`,
      );
    const onStop = ({ composition }: CompositionHookContext) =>
      seen.push(`stop ${composition.state} ${composition.destinations[0].state}`);
    compositionHooks.onStart.push(onStart);
    compositionHooks.onStop.push(onStop);
    try {
      const client = await ivs();
      const { composition, stage: live } = await activeComposition(client);
      const prefix = composition.destinations![0].detail!.s3!.recordingPrefix;
      expect(seen).toEqual([`start ACTIVE ${REGION} ${ACCOUNT} ${prefix}`]);
      // Deleting the stage ends its compositions.
      await client.send(new DeleteStageCommand({ arn: live.arn }));
      expect(seen).toEqual([`start ACTIVE ${REGION} ${ACCOUNT} ${prefix}`, "stop STOPPED STOPPED"]);
      await client.send(new StopCompositionCommand({ arn: composition.arn }));
      expect(seen).toHaveLength(2);
    } finally {
      compositionHooks.onStart.splice(compositionHooks.onStart.indexOf(onStart), 1);
      compositionHooks.onStop.splice(compositionHooks.onStop.indexOf(onStop), 1);
    }
  });

  it("tags compositions and stages through the tag API", async () => {
    const client = await ivs();
    const { composition, stage: live } = await activeComposition(client);
    for (const arn of [composition.arn!, live.arn!]) {
      await client.send(new TagResourceCommand({ resourceArn: arn, tags: { "yolo:app": "demo" } }));
      expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({
        "yolo:app": "demo",
      });
    }
  });
});

describe("the wire", () => {
  it("answers an unknown path with an error the SDK can read", async () => {
    const response = await fetch(`${handle.emulator.url}/NoSuchOperation`, {
      method: "POST",
      headers: {
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIAEMULATORTEST/20250101/eu-west-1/ivs/aws4_request, SignedHeaders=host, Signature=x",
        "content-type": "application/json",
      },
      body: "{}",
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    const body = await response.json();
    expect(body.message).toBe(body.exceptionMessage);
  });
});
