/**
 * Can IVS record into this region? The recording bucket is in the region, its policy lets the
 * regional `ivs-composite` principal write (evaluated, not string-compared), and the storage and
 * encoder configurations the app uses exist as sync would find them. Reads only.
 */
import { evaluatePolicy } from "../aws-semantics/policy-evaluation.js";
import { names, type Ownership, ownershipOf } from "../manifest/names.js";
import { ivsCompositeServicePrincipal } from "../policy/documents.js";
import { effectiveVideo, readEncoderConfigurations, sameVideo } from "../resources/encoder-configuration.js";
import { preferredConfiguration } from "../resources/ivs-configurations.js";
import {
  type BucketLocation,
  isAdoptedByConsent,
  readBucketLocation,
  readBucketOwnership,
  readBucketPolicy,
  recordingBucketName,
} from "../resources/recording-bucket.js";
import { readStorageConfigurations } from "../resources/storage-configuration.js";
import { foreignOwnerPhrase } from "../resources/tags.js";
import { readContext } from "./read-context.js";
import { readFailure } from "./read-failure.js";
import { type RegionCheckContext, syncCommandFor, type VerifyCheck } from "./types.js";

/** The key verify asks about: where a composite recording's first file lands. */
export const SAMPLE_RECORDING_KEY =
  "yolo-verify/composition/destination/composite/events/recording-started.json";

const CHECKS = {
  bucket: "recording bucket exists in the region",
  policy: "bucket policy lets IVS write recordings",
  storage: "storage configuration points at the recording bucket",
  encoder: "encoder configuration has the manifest's video",
} as const;

/** The four recording checks of one region, in report order. */
export async function recordingChecks(ctx: RegionCheckContext): Promise<VerifyCheck[]> {
  const bucketAndPolicy = () => checkBucketAndPolicy(ctx);
  const storage = () => guarded(ctx, "storage-configuration", CHECKS.storage, () => checkStorage(ctx));
  const encoder = () => guarded(ctx, "encoder-configuration", CHECKS.encoder, () => checkEncoder(ctx));
  if (ctx.sequential) return [...(await bucketAndPolicy()), await storage(), await encoder()];
  const [first, second, third] = await Promise.all([bucketAndPolicy(), storage(), encoder()]);
  return [...first, second, third];
}

/** Run a check; a read AWS refuses (permissions, throttling) fails the check instead of the run. */
async function guarded(
  ctx: RegionCheckContext,
  id: VerifyCheck["id"],
  check: string,
  run: () => Promise<Omit<VerifyCheck, "region" | "id" | "check">>,
): Promise<VerifyCheck> {
  try {
    return { region: ctx.region, id, check, ...(await run()) };
  } catch (error) {
    return { region: ctx.region, id, check, ...readFailure(ctx, error) };
  }
}

async function checkBucketAndPolicy(ctx: RegionCheckContext): Promise<VerifyCheck[]> {
  const bucket = recordingBucketName(ctx.config, ctx.region);
  let location: BucketLocation;
  let owner: Ownership | undefined;
  try {
    location = await readBucketLocation(readContext(ctx, "recording-bucket"));
    if (location.kind === "here") owner = await readBucketOwnership(readContext(ctx, "recording-bucket"));
  } catch (error) {
    const failure = readFailure(ctx, error);
    return [
      { region: ctx.region, id: "recording-bucket", check: CHECKS.bucket, ...failure },
      { region: ctx.region, id: "bucket-policy", check: CHECKS.policy, ...failure },
    ];
  }
  const bucketCheck: VerifyCheck = {
    region: ctx.region,
    id: "recording-bucket",
    check: CHECKS.bucket,
    ...bucketVerdict(ctx, bucket, location, owner),
  };
  if (!bucketCheck.ok) {
    return [
      bucketCheck,
      {
        region: ctx.region,
        id: "bucket-policy",
        check: CHECKS.policy,
        ok: false,
        detail: `not checked: recording bucket ${bucket} is not usable in ${ctx.region}`,
        fix: bucketCheck.fix,
      },
    ];
  }
  const policyCheck = await guarded(ctx, "bucket-policy", CHECKS.policy, () => checkPolicy(ctx, bucket));
  return [bucketCheck, policyCheck];
}

function bucketVerdict(
  ctx: RegionCheckContext,
  bucket: string,
  location: BucketLocation,
  owner: Ownership | undefined,
): Omit<VerifyCheck, "region" | "id" | "check"> {
  const { region } = ctx;
  const env = ctx.config.environment;
  const nameAnother = `name a bucket in ${region} under aws.ivs.recording.buckets.${region}`;
  switch (location.kind) {
    case "here":
      // Another app's bucket under this app's name: sync refuses it, so no sync command fixes it.
      if (owner?.kind === "foreign")
        return {
          ok: false,
          detail: `${bucket} ${foreignOwnerPhrase(owner, env, ctx.config.app)}: yolo will not modify it`,
          fix: `rename this app (name in yolo.yml), or ${nameAnother}`,
        };
      return { ok: true, detail: `${bucket} is in ${region}` };
    case "elsewhere":
      return {
        ok: false,
        detail: `${bucket} is in ${location.region ?? "another region"}, not ${region}: IVS records only into a bucket in the stage's own region`,
        fix: `the bucket is in ${location.region ?? "another region"}; ${nameAnother}`,
      };
    case "foreign":
      return {
        ok: false,
        detail: `${bucket} belongs to another AWS account (S3 answered 403)`,
        fix: `bucket names are global; ${nameAnother}`,
      };
    case "missing":
      return {
        ok: false,
        detail: `${bucket} does not exist`,
        fix: isAdoptedByConsent(ctx.config, region)
          ? `create ${bucket} in ${region}, or ${nameAnother}; then ${syncCommandFor("recording", env)}`
          : syncCommandFor("recording", env),
      };
  }
}

async function checkPolicy(ctx: RegionCheckContext, bucket: string) {
  const fix = syncCommandFor("recording", ctx.config.environment);
  const principal = ivsCompositeServicePrincipal(ctx.region);
  const policy = await readBucketPolicy(readContext(ctx, "recording-bucket"));
  if (!policy)
    return { ok: false, detail: `${bucket} has no bucket policy, so ${principal} may not write`, fix };

  const evaluation = evaluatePolicy(policy, {
    principal: { type: "Service", id: principal },
    action: "s3:PutObject",
    resource: `arn:aws:s3:::${bucket}/${SAMPLE_RECORDING_KEY}`,
    context: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SecureTransport": "true" },
  });
  const statements = evaluation.matchedStatements.join(", ");
  switch (evaluation.decision) {
    case "allow":
      return {
        ok: true,
        detail: `${principal} may s3:PutObject with bucket-owner-full-control over TLS (allowed by ${statements})`,
      };
    case "deny":
      return {
        ok: false,
        detail: `statement ${statements} of the policy of ${bucket} denies ${principal} s3:PutObject with bucket-owner-full-control over TLS`,
        fix: `remove or narrow statement ${statements} in the policy of ${bucket}, then ${fix}`,
      };
    default:
      return {
        ok: false,
        detail: `no statement of the policy of ${bucket} lets ${principal} s3:PutObject with bucket-owner-full-control over TLS`,
        fix,
      };
  }
}

async function checkStorage(ctx: RegionCheckContext) {
  const { environment: env, app } = ctx.config;
  const name = names.storageConfiguration(env, app);
  const bucket = recordingBucketName(ctx.config, ctx.region);
  const fix = syncCommandFor("recording", env);
  const all = await readStorageConfigurations(readContext(ctx, "storage-configuration"));
  const named = all
    .filter((c) => c.name === name)
    .map((c) => ({ arn: c.arn, name: c.name, tags: c.tags, bucket: c.bucketName }));
  const ours = named.filter((c) => ownershipOf(c.tags, env, app).kind !== "foreign");
  const kept = preferredConfiguration(
    ours.filter((c) => c.bucket === bucket),
    env,
    app,
  );
  if (kept) return { ok: true, detail: `${kept.arn} records into ${bucket}` };
  if (ours.length > 0)
    return {
      ok: false,
      detail: `storage configuration ${name} points at ${[...new Set(ours.map((c) => c.bucket))].join(", ")}, not ${bucket}`,
      fix,
    };
  if (named.length > 0)
    return {
      ok: false,
      detail: `storage configuration ${name} belongs to another app or environment (yolo tags)`,
      fix: `rename this app or environment: yolo will not touch ${name}`,
    };
  return { ok: false, detail: `no storage configuration named ${name} in ${ctx.region}`, fix };
}

async function checkEncoder(ctx: RegionCheckContext) {
  const { environment: env, app } = ctx.config;
  const name = names.encoderConfiguration(env, app);
  const want = ctx.config.recording.video;
  const fix = syncCommandFor("recording", env);
  // Sync's read: every configuration of the app's name, each with its video (GetEncoderConfiguration).
  const read = await readEncoderConfigurations(readContext(ctx, "encoder-configuration"));
  const detailed = read
    .filter((c) => ownershipOf(c.tags, env, app).kind !== "foreign")
    .map((c) => ({ arn: c.arn, tags: c.tags, video: effectiveVideo(c.video) }));
  const describe = (v: typeof want) => `${v.width}x${v.height} ${v.framerate} fps ${v.bitrate} bps`;
  const kept = preferredConfiguration(
    detailed.filter((c) => sameVideo(c.video, want)),
    env,
    app,
  );
  if (kept) return { ok: true, detail: `${kept.arn} records ${describe(want)}` };
  if (detailed.length > 0)
    return {
      ok: false,
      detail: `encoder configuration ${name} records ${detailed.map((c) => describe(c.video)).join(", ")}, not ${describe(want)}`,
      fix,
    };
  return { ok: false, detail: `no encoder configuration named ${name} in ${ctx.region}`, fix };
}
