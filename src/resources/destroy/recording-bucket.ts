/**
 * Delete the app's recording bucket in one region, after its storage configuration. Recordings
 * are the one thing a teardown cannot give back, so a bucket holding objects is RETAINED,
 * untouched, unless `--delete-recordings`; a bucket named in `recording.buckets` was adopted by
 * consent and is never deleted. The bucket's policy and settings go with the bucket.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { awsMessage, httpStatus, isError } from "../../aws/errors.js";
import { type ResourceStep, type StepContext, StepError } from "../../engine/step.js";
import type { PermissionDeclaration } from "../../iam/permissions.js";
import { arns } from "../../iam/resources.js";
import { deniedByCallerPolicy, isAdoptedByConsent, recordingBucketName } from "../recording-bucket.js";
import { tagsFromList } from "../tags.js";
import { claimForDeletion, deletedStatus, destroyOptions, nothingToDelete } from "./common.js";

/** DeleteObjects takes at most this many keys per call; ListObjectVersions returns as many per page. */
const PAGE_SIZE = 1000;
/** Counting stops here ("10000+ objects"): the number only has to say "this holds recordings". */
const COUNT_LIMIT = 10 * PAGE_SIZE;

export type LiveBucketForDestroy =
  | { state: "adopted"; bucket: string }
  | { state: "absent"; bucket: string }
  /** The bucket is in another region: yolo did not make it, so it is not ours to delete. */
  | { state: "elsewhere"; bucket: string; why: string }
  | { state: "present"; bucket: string; tags: Record<string, string>; objects: number; moreObjects: boolean };

function objectCount(live: { objects: number; moreObjects: boolean }): string {
  return `${live.objects}${live.moreObjects ? "+" : ""} object${live.objects === 1 && !live.moreObjects ? "" : "s"}`;
}

export const destroyRecordingBucketStep: ResourceStep<LiveBucketForDestroy> = {
  id: "recording-bucket",
  description: "Destroy IVS realtime recording bucket",
  scope: "region",
  // Deleting the storage configuration first stops IVS writing and removes its policy statement.
  dependsOn: ["storage-configuration"],
  gate: () => ({ enabled: true }),

  async read(ctx) {
    const bucket = recordingBucketName(ctx.config, ctx.region);
    if (isAdoptedByConsent(ctx.config, ctx.region)) return { state: "adopted", bucket };
    const { GetBucketTaggingCommand } = await import("@aws-sdk/client-s3");
    const s3 = await ctx.clients.s3(ctx.region);
    ctx.activity("reading bucket…");
    try {
      const [tags, count] = await ctx.all([
        async () => {
          try {
            return tagsFromList((await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet);
          } catch (error) {
            if (isError(error, "NoSuchTagSet")) return {};
            throw error;
          }
        },
        () => countObjects(s3, bucket),
      ] as const);
      return { state: "present", bucket, tags, ...count };
    } catch (error) {
      if (isError(error, "NoSuchBucket")) return { state: "absent", bucket };
      const status = httpStatus(error);
      if (status === 301 || isError(error, "PermanentRedirect")) {
        return {
          state: "elsewhere",
          bucket,
          why: `bucket ${bucket} is not in ${ctx.region}; yolo did not make it`,
        };
      }
      // A refusal never reads as "nothing to delete": a missing permission must not silently leave
      // a bucket behind, and a bare 403 cannot tell another account's bucket from our own.
      if (status === 403) throw accessDenied(ctx, bucket, error);
      throw error;
    }
  },

  async apply(ctx, live) {
    const { bucket } = live;
    if (live.state === "adopted") return { status: "RETAINED", resource: bucket, reason: "adopted" };
    if (live.state === "absent") return nothingToDelete();
    if (live.state === "elsewhere")
      return { status: "SKIPPED", resource: bucket, reason: `nothing to delete: ${live.why}` };

    const adopted = claimForDeletion(ctx, `recording bucket ${bucket}`, live.tags);
    const { deleteRecordings } = destroyOptions(ctx);
    const holds = live.objects > 0;
    if (holds && !deleteRecordings) {
      return {
        status: "RETAINED",
        resource: bucket,
        reason: `holds ${objectCount(live)}; --delete-recordings empties and deletes it`,
      };
    }
    const notes = [
      adopted,
      holds ? `holds ${objectCount(live)}, deleted with it (--delete-recordings)` : undefined,
    ].filter((note): note is string => note !== undefined);
    const changes = [
      { attribute: "bucket", from: bucket, to: null },
      ...(holds ? [{ attribute: "objects", from: objectCount(live), to: 0 }] : []),
    ];

    if (!ctx.dryRun) {
      const s3 = await ctx.clients.s3(ctx.region);
      if (holds) await emptyBucket(ctx, s3, bucket);
      const retained = await deleteBucket(ctx, s3, bucket, deleteRecordings);
      if (retained) return { status: "RETAINED", resource: bucket, reason: retained };
    }
    return {
      status: deletedStatus(ctx),
      resource: bucket,
      changes,
      ...(notes.length > 0 ? { reason: notes.join("; ") } : {}),
    };
  },
};

/** The step's error for a bucket S3 would not let us read (403). */
function accessDenied(ctx: StepContext, bucket: string, error: unknown): StepError {
  const what = `recording bucket ${bucket} could not be read: access denied (S3 answered 403 ${awsMessage(error)}).`;
  if (deniedByCallerPolicy(error)) {
    return new StepError(
      `${what} The credentials lack a permission destroy needs (\`yolo iam:policy ${ctx.config.environment}\` prints them); the bucket was left as it is.`,
    );
  }
  return new StepError(
    `${what} It may belong to another AWS account (bucket names are global), or these credentials may not read it; the bucket was left as it is. If it is not yours, name another bucket under aws.ivs.recording.buckets.${ctx.region}.`,
  );
}

/** Object versions and delete markers in the bucket, counted up to {@link COUNT_LIMIT}. */
async function countObjects(
  s3: S3Client,
  Bucket: string,
): Promise<{ objects: number; moreObjects: boolean }> {
  const { ListObjectVersionsCommand } = await import("@aws-sdk/client-s3");
  let objects = 0;
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListObjectVersionsCommand({ Bucket, KeyMarker, VersionIdMarker, MaxKeys: PAGE_SIZE }),
    );
    objects += (page.Versions?.length ?? 0) + (page.DeleteMarkers?.length ?? 0);
    if (!page.IsTruncated) return { objects, moreObjects: false };
    if (objects >= COUNT_LIMIT) return { objects, moreObjects: true };
    KeyMarker = page.NextKeyMarker;
    VersionIdMarker = page.NextVersionIdMarker;
  }
}

/**
 * Delete every object version and delete marker, a page at a time (at most 1000 keys per
 * DeleteObjects). Each round lists from the start again: what was deleted is gone from the listing.
 */
async function emptyBucket(ctx: StepContext, s3: S3Client, Bucket: string): Promise<void> {
  const { ListObjectVersionsCommand, DeleteObjectsCommand } = await import("@aws-sdk/client-s3");
  let deleted = 0;
  for (;;) {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket, MaxKeys: PAGE_SIZE }));
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      .filter((entry) => entry.Key !== undefined)
      .map((entry) => ({
        Key: entry.Key as string,
        ...(entry.VersionId ? { VersionId: entry.VersionId } : {}),
      }));
    if (objects.length === 0) return;
    for (let start = 0; start < objects.length; start += PAGE_SIZE) {
      const chunk = objects.slice(start, start + PAGE_SIZE);
      const out = await s3.send(
        new DeleteObjectsCommand({ Bucket, Delete: { Objects: chunk, Quiet: true } }),
      );
      const errors = out.Errors ?? [];
      if (errors.length > 0) {
        const first = errors[0];
        throw new StepError(
          `emptying recording bucket ${Bucket}: S3 refused to delete ${errors.length} object${errors.length === 1 ? "" : "s"} (first: ${first.Key}: ${first.Code} ${first.Message ?? ""}). ${deleted} deleted so far; re-run to continue.`,
        );
      }
      deleted += chunk.length;
      ctx.activity(`emptying bucket (${deleted} objects deleted)…`);
    }
  }
}

/** DeleteBucket; returns a RETAINED reason when objects arrived since the bucket was read. */
async function deleteBucket(
  ctx: StepContext,
  s3: S3Client,
  Bucket: string,
  deleteRecordings: boolean,
): Promise<string | undefined> {
  const { DeleteBucketCommand } = await import("@aws-sdk/client-s3");
  ctx.activity("deleting bucket…");
  for (let attempt = 1; ; attempt++) {
    try {
      await s3.send(new DeleteBucketCommand({ Bucket }));
      return undefined;
    } catch (error) {
      if (isError(error, "NoSuchBucket")) return undefined;
      if (!isError(error, "BucketNotEmpty")) throw error;
      if (!deleteRecordings)
        return "objects were written to it while destroy ran; --delete-recordings empties and deletes it";
      if (attempt >= 3) throw error;
      await emptyBucket(ctx, s3, Bucket);
    }
  }
}

/**
 * The IAM permissions of this step's calls, on the buckets yolo made (an adopted bucket is never
 * touched). Emptying sends each object's VersionId (S3 lists `null` for an unversioned bucket),
 * so DeleteObjects needs s3:DeleteObjectVersion.
 */
export const destroyRecordingBucketPermissions: PermissionDeclaration = (scope) => [
  {
    sid: "RecordingBuckets",
    access: "read",
    actions: ["s3:GetBucketTagging"],
    resources: arns.derivedRecordingBuckets(scope),
  },
  {
    sid: "RecordingBucketsTeardown",
    access: "read",
    actions: ["s3:ListBucketVersions"],
    resources: arns.derivedRecordingBuckets(scope),
  },
  {
    sid: "RecordingBucketsTeardown",
    access: "write",
    actions: ["s3:DeleteBucket"],
    resources: arns.derivedRecordingBuckets(scope),
  },
  {
    sid: "RecordingObjectsTeardown",
    access: "write",
    actions: ["s3:DeleteObjectVersion"],
    resources: arns.derivedRecordingObjects(scope),
  },
];
