/**
 * The errors S3 answers with, named as S3 names them, so every S3 module words them alike.
 */
import { AwsError } from "../errors.js";

/** 404 NoSuchBucket: no bucket of that name exists (in any account or region). */
export const noSuchBucket = (name: string) =>
  new AwsError("NoSuchBucket", "The specified bucket does not exist", 404, { BucketName: name });
/** 403 AccessDenied, S3's answer for another account's bucket and for refused requests. */
export const accessDenied = () => new AwsError("AccessDenied", "Access Denied", 403);
/** 400 MalformedXML: a request body that is not the XML the operation expects. */
export const malformedXml = () =>
  new AwsError(
    "MalformedXML",
    "The XML you provided was not well-formed or did not validate against our published schema",
    400,
  );
/** 400 MalformedPolicy: a bucket policy PutBucketPolicy refuses. */
export const malformedPolicy = (message: string) => new AwsError("MalformedPolicy", message, 400);
/** 400 InvalidArgument: a header or query parameter out of range. */
export const invalidArgument = (message: string, extra: Record<string, string> = {}) =>
  new AwsError("InvalidArgument", message, 400, extra);
/** 400 InvalidTag: a bucket tag set S3 refuses. */
export const invalidTag = (message: string) => new AwsError("InvalidTag", message, 400);
/** 404 for a bucket sub-resource that was never configured (`NoSuchBucketPolicy`, `NoSuchTagSet`, …). */
export const notConfigured = (code: string, message: string, bucket: string) =>
  new AwsError(code, message, 404, { BucketName: bucket });

/** 501 NotImplemented: a request for an S3 operation the emulator does not serve. */
export function notImplemented(): AwsError {
  return new AwsError(
    "NotImplemented",
    "A header or query you provided implies functionality that is not implemented",
    501,
  );
}
