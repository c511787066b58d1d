/** Policy documents that AWS, or someone with console access, writes: fixtures for policy tests. */
import type { PolicyStatement } from "../../src/policy/types.js";
import { ACCOUNT } from "./emulator.js";

/**
 * The statement IVS adds to a recording bucket's policy when a storage configuration is created
 * (AWS-FACTS §1.6, §2.1). IVS picks the Sid at random; pass the one a test expects.
 */
export function ivsCompositeWrite(options: { region: string; bucket: string; sid: string }): PolicyStatement {
  return {
    Sid: options.sid,
    Effect: "Allow",
    Principal: { Service: `ivs-composite.${options.region}.amazonaws.com` },
    Action: ["s3:PutObject", "s3:PutObjectAcl"],
    Resource: `arn:aws:s3:::${options.bucket}/*`,
    Condition: {
      StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" },
      Bool: { "aws:SecureTransport": "true" },
    },
  };
}

/** A Logs resource policy letting EventBridge write into the test account's `logGroup` in `region`. */
export function eventsToLogGroupPolicy(region: string, logGroup: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${logGroup}:*`,
      },
    ],
  });
}
