import { describe, expect, it } from "vitest";
import {
  dotenvEntries,
  formatDotenv,
  regionEnv,
  regionSuffix,
  updateDotenv,
} from "../../src/engine/env-vars.js";

const BUCKET = "AWS_IVS_REALTIME_RECORDINGS_BUCKET";
const STORAGE = "AWS_IVS_STORAGE_CONFIGURATION_ARN";
const ENCODER = "AWS_IVS_ENCODER_CONFIGURATION_ARN";

const storageArn = (region: string) =>
  `arn:aws:ivs:${region}:123456789012:storage-configuration/St${region.length}`;
const encoderArn = (region: string) =>
  `arn:aws:ivs:${region}:123456789012:encoder-configuration/En${region.length}`;
const full = (region: string) =>
  regionEnv({
    bucket: `yolo-production-acme-live-ivs-recordings-${region}`,
    storageConfigurationArn: storageArn(region),
    encoderConfigurationArn: encoderArn(region),
  });

describe("regionEnv", () => {
  it("names the three values with yolo's keys and leaves out the missing ones", () => {
    expect(
      regionEnv({ bucket: "b", storageConfigurationArn: "arn:s", encoderConfigurationArn: "arn:e" }),
    ).toEqual({
      [BUCKET]: "b",
      [STORAGE]: "arn:s",
      [ENCODER]: "arn:e",
    });
    expect(regionEnv({ bucket: "b" })).toEqual({ [BUCKET]: "b" });
    expect(regionEnv({})).toEqual({});
  });

  it("suffixes a region as an env-var name", () => {
    expect(regionSuffix("us-east-1")).toBe("_US_EAST_1");
    expect(regionSuffix("ap-northeast-2")).toBe("_AP_NORTHEAST_2");
  });
});

describe("dotenvEntries", () => {
  it("one region: AWS_IVS_REGION and the three unsuffixed keys", () => {
    expect(dotenvEntries(["eu-west-1"], { "eu-west-1": full("eu-west-1") })).toEqual([
      ["AWS_IVS_REGION", "eu-west-1"],
      [BUCKET, "yolo-production-acme-live-ivs-recordings-eu-west-1"],
      [STORAGE, storageArn("eu-west-1")],
      [ENCODER, encoderArn("eu-west-1")],
    ]);
  });

  it("three regions: AWS_IVS_REGIONS, the first region unsuffixed, then every region suffixed, in manifest order", () => {
    const regions = ["us-east-1", "eu-west-1", "ap-northeast-1"];
    // The env object's own key order must not matter: the manifest's order does.
    const env = {
      "ap-northeast-1": full("ap-northeast-1"),
      "eu-west-1": full("eu-west-1"),
      "us-east-1": full("us-east-1"),
    };
    const keys = dotenvEntries(regions, env).map(([key]) => key);
    expect(keys).toEqual([
      "AWS_IVS_REGIONS",
      "AWS_IVS_REGION",
      BUCKET,
      STORAGE,
      ENCODER,
      `${BUCKET}_US_EAST_1`,
      `${STORAGE}_US_EAST_1`,
      `${ENCODER}_US_EAST_1`,
      `${BUCKET}_EU_WEST_1`,
      `${STORAGE}_EU_WEST_1`,
      `${ENCODER}_EU_WEST_1`,
      `${BUCKET}_AP_NORTHEAST_1`,
      `${STORAGE}_AP_NORTHEAST_1`,
      `${ENCODER}_AP_NORTHEAST_1`,
    ]);
    const entries = Object.fromEntries(dotenvEntries(regions, env));
    expect(entries.AWS_IVS_REGIONS).toBe("us-east-1,eu-west-1,ap-northeast-1");
    expect(entries.AWS_IVS_REGION).toBe("us-east-1");
    expect(entries[STORAGE]).toBe(storageArn("us-east-1"));
    expect(entries[`${ENCODER}_AP_NORTHEAST_1`]).toBe(encoderArn("ap-northeast-1"));
  });

  it("leaves out values that do not exist (a dry-run before the first sync)", () => {
    const regions = ["us-east-1", "eu-west-1", "ap-northeast-1"];
    const env = { "eu-west-1": regionEnv({ bucket: "adopted-bucket" }) };
    expect(dotenvEntries(regions, env)).toEqual([
      ["AWS_IVS_REGIONS", "us-east-1,eu-west-1,ap-northeast-1"],
      ["AWS_IVS_REGION", "us-east-1"],
      [`${BUCKET}_EU_WEST_1`, "adopted-bucket"],
    ]);
    expect(dotenvEntries([], {})).toEqual([]);
  });
});

describe("updateDotenv", () => {
  const entries: [string, string][] = [
    ["AWS_IVS_REGION", "us-east-1"],
    [BUCKET, "new-bucket"],
  ];

  it("writes a new file when there is none", () => {
    expect(updateDotenv(undefined, entries)).toBe(`AWS_IVS_REGION=us-east-1\n${BUCKET}=new-bucket\n`);
  });

  it("replaces the keys in place and keeps every other line, comment and blank line byte for byte", () => {
    const before = [
      "# app settings",
      "APP_KEY='base64:abc=='",
      "",
      `${BUCKET}=old-bucket   # set by yolo`,
      "   # indented comment",
      "export AWS_IVS_REGION=eu-west-1",
      'DB_URL="postgres://u@h/db"',
      "",
    ].join("\n");
    const after = updateDotenv(before, entries);
    expect(after).toBe(
      [
        "# app settings",
        "APP_KEY='base64:abc=='",
        "",
        `${BUCKET}=new-bucket`,
        "   # indented comment",
        "export AWS_IVS_REGION=us-east-1",
        'DB_URL="postgres://u@h/db"',
        "",
      ].join("\n"),
    );
  });

  it("appends missing keys at the end", () => {
    const before = "APP_NAME=acme\n\n# end\n";
    expect(updateDotenv(before, entries)).toBe(
      `APP_NAME=acme\n\n# end\nAWS_IVS_REGION=us-east-1\n${BUCKET}=new-bucket\n`,
    );
  });

  it("keeps a file without a final newline without one", () => {
    expect(updateDotenv("APP_NAME=acme", entries)).toBe(
      `APP_NAME=acme\nAWS_IVS_REGION=us-east-1\n${BUCKET}=new-bucket`,
    );
    expect(updateDotenv("AWS_IVS_REGION=eu-west-1", [["AWS_IVS_REGION", "us-east-1"]])).toBe(
      "AWS_IVS_REGION=us-east-1",
    );
  });

  it("keeps CRLF line breaks and uses them for appended keys", () => {
    const before = "A=1\r\nAWS_IVS_REGION=eu-west-1\r\n# c\r\n";
    expect(updateDotenv(before, entries)).toBe(
      `A=1\r\nAWS_IVS_REGION=us-east-1\r\n# c\r\n${BUCKET}=new-bucket\r\n`,
    );
  });

  it("touches only the keys given: other yolo keys stay as they are", () => {
    const before = `${STORAGE}_EU_CENTRAL_1=arn:stale\nAWS_IVS_REGION=eu-west-1\n`;
    expect(updateDotenv(before, [["AWS_IVS_REGION", "us-east-1"]])).toBe(
      `${STORAGE}_EU_CENTRAL_1=arn:stale\nAWS_IVS_REGION=us-east-1\n`,
    );
  });

  it("replaces a multi-line quoted value whole and leaves lines inside another one alone", () => {
    const before = 'CERT="line1\nAWS_IVS_REGION=inside-a-value\nline3"\nAWS_IVS_REGION=eu-west-1\n';
    expect(updateDotenv(before, [["AWS_IVS_REGION", "us-east-1"]])).toBe(
      'CERT="line1\nAWS_IVS_REGION=inside-a-value\nline3"\nAWS_IVS_REGION=us-east-1\n',
    );
  });

  it("quotes a value only when it needs it", () => {
    expect(formatDotenv([["A", "arn:aws:ivs:us-east-1:123456789012:storage-configuration/Ab1"]])).toBe(
      "A=arn:aws:ivs:us-east-1:123456789012:storage-configuration/Ab1\n",
    );
    expect(formatDotenv([["A", "two words"]])).toBe("A='two words'\n");
    expect(formatDotenv([["A", "it's #1"]])).toBe('A="it\'s #1"\n');
  });
});
