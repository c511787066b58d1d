/**
 * The rule's pattern, held against EventBridge's own matching: IVS's state change events reach
 * the log group, the CloudTrail API-call events that share source `aws.ivs` do not.
 */
import { describe, expect, it } from "vitest";
import { matchesEventPattern, parseEventPattern } from "../../src/aws-semantics/event-pattern.js";
import { IVS_EVENT_PATTERN } from "../../src/resources/eventbridge-rule.js";

const pattern = parseEventPattern(JSON.stringify(IVS_EVENT_PATTERN));
const event = (detailType: string, source = "aws.ivs") => ({
  version: "0",
  id: "7bf73129-1428-4cd3-a780-95db273d1602",
  "detail-type": detailType,
  source,
  account: "123456789012",
  time: "2026-12-06T12:00:00Z",
  region: "us-east-1",
  resources: [],
  detail: {},
});

describe("the IVS rule's event pattern", () => {
  it.each([
    "IVS Stage Update",
    "IVS Composition State Change",
    "IVS Participant Recording State Change",
    "IVS Recording State Change",
    "IVS Stream State Change",
  ])("matches %s", (detailType) => {
    expect(matchesEventPattern(pattern, event(detailType))).toBe(true);
  });

  it("does not match IVS API calls delivered by CloudTrail, nor other services' events", () => {
    expect(matchesEventPattern(pattern, event("AWS API Call via CloudTrail"))).toBe(false);
    expect(matchesEventPattern(pattern, event("Object Created", "aws.s3"))).toBe(false);
  });
});
