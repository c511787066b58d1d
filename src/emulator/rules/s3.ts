/**
 * The S3 input constraints the emulator checks, as AWS's model (s3-2006-03-01) states them.
 * Member paths use the model's member names (`OwnershipControls.Rules[]`), not the XML element
 * names (`<Rule>`): the service converts each request body into that shape before checking it.
 * Behaviour the model does not state (bucket naming, tag limits, policy grammar) lives in the
 * service itself.
 */
import type { ServiceRules } from "./validate.js";

const BUCKET_CANNED_ACL = ["private", "public-read", "public-read-write", "authenticated-read"];
const OBJECT_CANNED_ACL = [
  "private",
  "public-read",
  "public-read-write",
  "authenticated-read",
  "aws-exec-read",
  "bucket-owner-read",
  "bucket-owner-full-control",
];
const OBJECT_OWNERSHIP = ["BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced"];
const SERVER_SIDE_ENCRYPTION = ["AES256", "aws:kms", "aws:kms:dsse"];
const EXPIRATION_STATUS = ["Enabled", "Disabled"];
const TRANSITION_STORAGE_CLASS = [
  "GLACIER",
  "STANDARD_IA",
  "ONEZONE_IA",
  "INTELLIGENT_TIERING",
  "DEEP_ARCHIVE",
  "GLACIER_IR",
];
/** BucketLocationConstraint: `us-east-1` is deliberately absent (it is the default, sent as no constraint). */
const BUCKET_LOCATION_CONSTRAINT = [
  "af-south-1",
  "ap-east-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ca-central-1",
  "cn-north-1",
  "cn-northwest-1",
  "EU",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "sa-east-1",
  "us-east-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-west-1",
  "us-west-2",
];

export const s3Rules: ServiceRules = {
  CreateBucket: {
    ACL: { enum: BUCKET_CANNED_ACL },
    ObjectOwnership: { enum: OBJECT_OWNERSHIP },
    "CreateBucketConfiguration.LocationConstraint": { enum: BUCKET_LOCATION_CONSTRAINT },
  },
  PutBucketOwnershipControls: {
    OwnershipControls: { required: true, type: "structure" },
    "OwnershipControls.Rules": { required: true, type: "list" },
    "OwnershipControls.Rules[].ObjectOwnership": { required: true, enum: OBJECT_OWNERSHIP },
  },
  PutBucketTagging: {
    Tagging: { required: true, type: "structure" },
    "Tagging.TagSet": { required: true, type: "list" },
    "Tagging.TagSet[].Key": { required: true, type: "string", length: { min: 1 } },
    "Tagging.TagSet[].Value": { required: true, type: "string" },
  },
  PutPublicAccessBlock: {
    PublicAccessBlockConfiguration: { required: true, type: "structure" },
    "PublicAccessBlockConfiguration.BlockPublicAcls": { type: "boolean" },
    "PublicAccessBlockConfiguration.IgnorePublicAcls": { type: "boolean" },
    "PublicAccessBlockConfiguration.BlockPublicPolicy": { type: "boolean" },
    "PublicAccessBlockConfiguration.RestrictPublicBuckets": { type: "boolean" },
  },
  PutBucketEncryption: {
    ServerSideEncryptionConfiguration: { required: true, type: "structure" },
    "ServerSideEncryptionConfiguration.Rules": { required: true, type: "list" },
    "ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault.SSEAlgorithm": {
      required: true,
      enum: SERVER_SIDE_ENCRYPTION,
    },
  },
  PutBucketLifecycleConfiguration: {
    "LifecycleConfiguration.Rules": { required: true, type: "list" },
    "LifecycleConfiguration.Rules[].Status": { required: true, enum: EXPIRATION_STATUS },
    "LifecycleConfiguration.Rules[].Transitions[].StorageClass": { enum: TRANSITION_STORAGE_CLASS },
    "LifecycleConfiguration.Rules[].NoncurrentVersionTransitions[].StorageClass": {
      enum: TRANSITION_STORAGE_CLASS,
    },
  },
  PutObject: {
    Key: { required: true, type: "string", length: { min: 1 } },
    ACL: { enum: OBJECT_CANNED_ACL },
  },
  DeleteObjects: {
    Delete: { required: true, type: "structure" },
    "Delete.Objects": { required: true, type: "list" },
    "Delete.Objects[].Key": { required: true, type: "string", length: { min: 1 } },
  },
  ListObjectsV2: {
    MaxKeys: { type: "integer" },
  },
  ListObjectVersions: {
    MaxKeys: { type: "integer" },
  },
  ListBuckets: {
    MaxBuckets: { type: "integer", range: { min: 1, max: 10000 } },
  },
};
