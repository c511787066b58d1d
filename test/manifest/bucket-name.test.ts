import { describe, expect, it } from "vitest";
import { bucketNameProblems, isValidBucketName } from "../../src/manifest/index.js";

describe("S3 bucket names (AWS-FACTS §2.5)", () => {
  it.each([
    "abc",
    "acme-recordings",
    "yolo-production-acme-live-ivs-recordings-us-east-1",
    "my.bucket.name",
    "1bucket9",
    "a".repeat(63),
  ])("accepts %s", (name) => {
    expect(bucketNameProblems(name)).toEqual([]);
    expect(isValidBucketName(name)).toBe(true);
  });

  it.each([
    ["ab", "2 characters long"],
    ["a".repeat(64), "64 characters long"],
    ["My-Bucket", 'contains "M", "B"'],
    ["my_bucket", 'contains "_"'],
    ["-bucket", "start and end"],
    ["bucket.", "start and end"],
    ["my..bucket", "two adjacent dots"],
    ["192.168.10.1", "IP address"],
    ["xn--bucket", '"xn--" are reserved'],
    ["sthree-bucket", '"sthree-" are reserved'],
    ["amzn-s3-demo-bucket", '"amzn-s3-demo-" are reserved'],
    ["bucket-s3alias", '"-s3alias" are reserved'],
    ["bucket--ol-s3", '"--ol-s3" are reserved'],
    ["bucket.mrap", '".mrap" are reserved'],
    ["bucket--x-s3", '"--x-s3" are reserved'],
    ["bucket--table-s3", '"--table-s3" are reserved'],
  ])("refuses %s (%s)", (name, reason) => {
    expect(bucketNameProblems(name).join("; ")).toContain(reason);
    expect(isValidBucketName(name)).toBe(false);
  });
});
