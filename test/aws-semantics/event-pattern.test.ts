import { describe, expect, it } from "vitest";
import {
  EventPatternError,
  eventPatternProblem,
  matchesEventPattern,
  parseEventPattern,
} from "../../src/aws-semantics/event-pattern.js";

const ivsEvent = {
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "IVS Participant Recording State Change",
  source: "aws.ivs",
  account: "123456789012",
  time: "2024-03-13T22:19:04Z",
  region: "us-east-1",
  resources: ["arn:aws:ivs:us-east-1:123456789012:stage/AbCdef1G2hij"],
  detail: {
    session_id: "st-ZyXwvu1T2s",
    event_name: "Recording Start",
    participant_id: "xYz1c2d3e4f",
    recording_duration_ms: 0,
    tags: ["a", "b"],
    nested: { level: 3, flag: true, nothing: null },
  },
};

const matches = (pattern: string) => matchesEventPattern(parseEventPattern(pattern), ivsEvent);

describe("event pattern matching", () => {
  it("matches exact values, an array being any of its values", () => {
    expect(matches('{"source":["aws.ivs"]}')).toBe(true);
    expect(matches('{"source":["aws.s3","aws.ivs"]}')).toBe(true);
    expect(matches('{"source":["aws.s3"]}')).toBe(false);
    expect(matches('{"source":["AWS.IVS"]}')).toBe(false);
  });

  it("requires every field of the pattern to match", () => {
    expect(matches('{"source":["aws.ivs"],"detail-type":["IVS Participant Recording State Change"]}')).toBe(
      true,
    );
    expect(matches('{"source":["aws.ivs"],"detail-type":["IVS Stage Update"]}')).toBe(false);
  });

  it("matches nested detail fields", () => {
    expect(matches('{"detail":{"event_name":["Recording Start"]}}')).toBe(true);
    expect(matches('{"detail":{"event_name":["Recording End"]}}')).toBe(false);
    expect(matches('{"detail":{"nested":{"level":[3]}}}')).toBe(true);
    expect(matches('{"detail":{"nested":{"level":[4]}}}')).toBe(false);
  });

  it("a nested pattern does not match a scalar or a missing object", () => {
    expect(matches('{"source":{"x":["aws.ivs"]}}')).toBe(false);
    expect(matches('{"missing":{"x":["y"]}}')).toBe(false);
  });

  it("compares numbers by value and keeps types apart", () => {
    expect(matches('{"detail":{"nested":{"level":[3.0]}}}')).toBe(true);
    expect(matches('{"detail":{"nested":{"level":["3"]}}}')).toBe(false);
    expect(matches('{"detail":{"nested":{"flag":[true]}}}')).toBe(true);
    expect(matches('{"detail":{"nested":{"flag":["true"]}}}')).toBe(false);
    expect(matches('{"detail":{"nested":{"nothing":[null]}}}')).toBe(true);
  });

  it("matches an event array when any element matches", () => {
    expect(matches('{"resources":["arn:aws:ivs:us-east-1:123456789012:stage/AbCdef1G2hij"]}')).toBe(true);
    expect(matches('{"detail":{"tags":["b","z"]}}')).toBe(true);
    expect(matches('{"detail":{"tags":["z"]}}')).toBe(false);
  });

  it("prefix and suffix, optionally ignoring case", () => {
    expect(matches('{"detail-type":[{"prefix":"IVS "}]}')).toBe(true);
    expect(matches('{"detail-type":[{"prefix":"ivs "}]}')).toBe(false);
    expect(matches('{"detail-type":[{"prefix":{"equals-ignore-case":"ivs "}}]}')).toBe(true);
    expect(matches('{"detail-type":[{"suffix":"State Change"}]}')).toBe(true);
    expect(matches('{"detail-type":[{"suffix":"Update"}]}')).toBe(false);
    expect(matches('{"detail":{"nested":{"level":[{"prefix":"3"}]}}}')).toBe(false);
  });

  it("equals-ignore-case and wildcard", () => {
    expect(matches('{"source":[{"equals-ignore-case":"AWS.IVS"}]}')).toBe(true);
    expect(matches('{"resources":[{"wildcard":"arn:aws:ivs:*:stage/*"}]}')).toBe(true);
    expect(matches('{"resources":[{"wildcard":"arn:aws:ivs:*:channel/*"}]}')).toBe(false);
  });

  it("anything-but a value, a list, or a prefix", () => {
    expect(matches('{"source":[{"anything-but":"aws.s3"}]}')).toBe(true);
    expect(matches('{"source":[{"anything-but":"aws.ivs"}]}')).toBe(false);
    expect(matches('{"source":[{"anything-but":["aws.s3","aws.ivs"]}]}')).toBe(false);
    expect(matches('{"source":[{"anything-but":{"prefix":"aws."}}]}')).toBe(false);
    expect(matches('{"source":[{"anything-but":{"prefix":"custom."}}]}')).toBe(true);
    expect(matches('{"detail":{"nested":{"level":[{"anything-but":[1,2]}]}}}')).toBe(true);
    expect(matches('{"detail":{"nested":{"level":[{"anything-but":[3]}]}}}')).toBe(false);
  });

  it("anything-but does not match a missing field", () => {
    expect(matches('{"detail":{"absent":[{"anything-but":"x"}]}}')).toBe(false);
  });

  it("exists true / false", () => {
    expect(matches('{"detail":{"session_id":[{"exists":true}]}}')).toBe(true);
    expect(matches('{"detail":{"absent":[{"exists":true}]}}')).toBe(false);
    expect(matches('{"detail":{"absent":[{"exists":false}]}}')).toBe(true);
    expect(matches('{"detail":{"session_id":[{"exists":false}]}}')).toBe(false);
    // exists only applies to leaves: an object field does not "exist" for it.
    expect(matches('{"detail":{"nested":[{"exists":true}]}}')).toBe(false);
    // a field under a missing parent is missing too
    expect(matches('{"absent":{"child":[{"exists":false}]}}')).toBe(true);
  });

  it("numeric ranges", () => {
    expect(matches('{"detail":{"nested":{"level":[{"numeric":[">",2,"<=",3]}]}}}')).toBe(true);
    expect(matches('{"detail":{"nested":{"level":[{"numeric":[">",3]}]}}}')).toBe(false);
    expect(matches('{"detail":{"nested":{"level":[{"numeric":["=",3]}]}}}')).toBe(true);
    expect(matches('{"detail":{"session_id":[{"numeric":[">",0]}]}}')).toBe(false);
  });

  it("cidr matches IPv4 addresses inside the block", () => {
    const event = { detail: { sourceIp: "10.0.12.7" } };
    expect(
      matchesEventPattern(parseEventPattern('{"detail":{"sourceIp":[{"cidr":"10.0.0.0/16"}]}}'), event),
    ).toBe(true);
    expect(
      matchesEventPattern(parseEventPattern('{"detail":{"sourceIp":[{"cidr":"10.1.0.0/16"}]}}'), event),
    ).toBe(false);
    expect(
      matchesEventPattern(parseEventPattern('{"detail":{"sourceIp":[{"cidr":"10.0.12.7/32"}]}}'), event),
    ).toBe(true);
  });

  it("mixes exact values and filters in one array (any of them)", () => {
    expect(matches('{"source":["aws.s3",{"prefix":"aws.i"}]}')).toBe(true);
  });

  it("$or matches when any branch matches", () => {
    expect(matches('{"$or":[{"source":["aws.s3"]},{"detail":{"event_name":["Recording Start"]}}]}')).toBe(
      true,
    );
    expect(matches('{"$or":[{"source":["aws.s3"]},{"detail":{"event_name":["Recording End"]}}]}')).toBe(
      false,
    );
  });

  it("the documented 'log all real-time IVS events' pattern", () => {
    const pattern =
      '{"source":["aws.ivs"],"detail-type":["IVS Stage Update","IVS Composition State Change","IVS Participant Recording State Change"]}';
    expect(matches(pattern)).toBe(true);
    expect(
      matchesEventPattern(parseEventPattern(pattern), {
        ...ivsEvent,
        "detail-type": "IVS Stream State Change",
      }),
    ).toBe(false);
  });
});

describe("event pattern validation", () => {
  const invalid = [
    ["not JSON", "{source:"],
    ["a JSON array", '["aws.ivs"]'],
    ["a JSON string", '"aws.ivs"'],
    ["an empty object", "{}"],
    ["a scalar leaf", '{"source":"aws.ivs"}'],
    ["an empty array", '{"source":[]}'],
    ["nested arrays", '{"source":[["aws.ivs"]]}'],
    ["an unknown filter", '{"source":[{"contains":"ivs"}]}'],
    ["a filter with two keys", '{"source":[{"prefix":"a","suffix":"b"}]}'],
    ["a non-string prefix", '{"source":[{"prefix":5}]}'],
    ["a non-boolean exists", '{"source":[{"exists":"yes"}]}'],
    ["a bad numeric operator", '{"n":[{"numeric":["~",1]}]}'],
    ["a numeric without a number", '{"n":[{"numeric":[">","1"]}]}'],
    ["an odd numeric list", '{"n":[{"numeric":[">"]}]}'],
    ["a mixed anything-but list", '{"n":[{"anything-but":["a",1]}]}'],
    ["an anything-but object filter", '{"n":[{"anything-but":{"exists":true}}]}'],
    ["a one-branch $or", '{"$or":[{"source":["a"]}]}'],
    ["an empty nested object", '{"detail":{}}'],
    ["a malformed cidr", '{"ip":[{"cidr":"10.0.0.0/40"}]}'],
  ] as const;

  for (const [what, text] of invalid) {
    it(`refuses ${what}`, () => {
      expect(() => parseEventPattern(text)).toThrow(EventPatternError);
      expect(() => parseEventPattern(text)).toThrow(/^Event pattern is not valid\. Reason: /);
    });
  }

  it("accepts every supported construct", () => {
    const text = JSON.stringify({
      source: ["aws.ivs", { prefix: "aws." }, { suffix: ".ivs" }, { "equals-ignore-case": "AWS.IVS" }],
      "detail-type": [
        { "anything-but": ["x", "y"] },
        { "anything-but": { prefix: "z" } },
        { wildcard: "IVS*" },
      ],
      detail: { n: [{ numeric: [">=", 0, "<", 10] }, null, true, 5], gone: [{ exists: false }] },
      $or: [{ region: ["us-east-1"] }, { account: ["123456789012"] }],
    });
    expect(() => parseEventPattern(text)).not.toThrow();
  });

  it("eventPatternProblem reports the reason or undefined", () => {
    expect(eventPatternProblem({ source: ["aws.ivs"] })).toBeUndefined();
    expect(eventPatternProblem({ source: "aws.ivs" })).toMatch(/leaves must be arrays/);
  });
});
