import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  DEFAULT_LOG_RETENTION_DAYS,
  DEFAULT_VIDEO,
  type EnvironmentConfig,
  environmentNames,
  loadManifest,
  loadManifestSync,
  ManifestError,
  ManifestErrors,
  parseManifest,
  resolveEnvironment,
  validateManifest,
} from "../../src/manifest/index.js";

const example = resolve(import.meta.dirname, "../../examples/yolo.yml");

function resolveText(text: string, env = "production"): EnvironmentConfig {
  return resolveEnvironment(parseManifest(text, "yolo.yml"), env);
}

function errorsOf(action: () => unknown): ManifestError[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ManifestErrors) return [...error.errors];
    if (error instanceof ManifestError) return [error];
    throw error;
  }
  throw new Error("expected manifest errors, got none");
}

const withIvs = (ivs: string, aws = "region: us-east-1") => `name: acme-live
environments:
  production:
    aws:
      ${aws}
      ivs: ${ivs}
`;

describe("resolveEnvironment: defaults", () => {
  it("fills every field for a minimal IVS map", () => {
    const config = resolveText(withIvs("{logging: true}"));
    expect(config).toEqual({
      manifestPath: "yolo.yml",
      app: "acme-live",
      environment: "production",
      homeRegion: "us-east-1",
      mediaconvert: false,
      ivsEnabled: true,
      regions: ["us-east-1"],
      logging: { enabled: true, retentionDays: 14 },
      recording: {
        enabled: false,
        video: { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 },
        buckets: {},
      },
    } satisfies EnvironmentConfig);
    expect(config.accountId).toBeUndefined();
    expect(config.recording.expireAfterDays).toBeUndefined();
    expect(DEFAULT_LOG_RETENTION_DAYS).toBe(14);
    expect(DEFAULT_VIDEO).toEqual({ width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 });
  });

  it("keeps the defaults for the video keys that are not set", () => {
    const config = resolveText(withIvs("{recording: {real_time: true, video: {width: 1920, height: 1080}}}"));
    expect(config.recording).toEqual({
      enabled: true,
      video: { width: 1920, height: 1080, framerate: 30, bitrate: 2_500_000 },
      buckets: {},
    });
    expect(config.logging).toEqual({ enabled: false, retentionDays: 14 });
  });

  it("passes every explicit setting through", () => {
    const config = resolveText(`name: acme-live
environments:
  production:
    aws:
      region: ap-southeast-2
      account-id: "012345678901"
      mediaconvert: true
      ivs:
        regions: [us-east-1, eu-west-1]
        logging: true
        log-retention-days: 90
        recording:
          real_time: true
          video: {width: 640, height: 360, framerate: 24.5, bitrate: 800000}
          expire-after-days: 365
          buckets:
            us-east-1: my-existing-recordings
`);
    expect(config).toEqual({
      manifestPath: "yolo.yml",
      app: "acme-live",
      environment: "production",
      homeRegion: "ap-southeast-2",
      accountId: "012345678901",
      mediaconvert: true,
      ivsEnabled: true,
      regions: ["us-east-1", "eu-west-1"],
      logging: { enabled: true, retentionDays: 90 },
      recording: {
        enabled: true,
        video: { width: 640, height: 360, framerate: 24.5, bitrate: 800_000 },
        expireAfterDays: 365,
        buckets: { "us-east-1": "my-existing-recordings" },
      },
    } satisfies EnvironmentConfig);
  });
});

describe("resolveEnvironment: IVS regions", () => {
  it("uses aws.ivs.regions, in manifest order, before aws.ivs.region", () => {
    const config = resolveText(
      withIvs("{regions: [eu-west-1, us-east-1], region: ap-south-1, logging: true}"),
    );
    expect(config.regions).toEqual(["eu-west-1", "us-east-1"]);
  });

  it("uses [aws.ivs.region] when regions is not set", () => {
    expect(resolveText(withIvs("{region: ap-northeast-2, logging: true}")).regions).toEqual([
      "ap-northeast-2",
    ]);
  });

  it("falls back to [aws.region] when aws.ivs names no region", () => {
    const config = resolveText(withIvs("{logging: true}", "region: eu-central-1"));
    expect(config.regions).toEqual(["eu-central-1"]);
    expect(config.homeRegion).toBe("eu-central-1");
  });

  it("accepts a home region without IVS when aws.ivs names IVS regions", () => {
    const config = resolveText(withIvs("{regions: [us-east-1], logging: true}", "region: ap-southeast-2"));
    expect(config.homeRegion).toBe("ap-southeast-2");
    expect(config.regions).toEqual(["us-east-1"]);
  });
});

describe("resolveEnvironment: the aws.ivs switch", () => {
  it("ivs: true is logging on with 14 days of retention and recording off", () => {
    const config = resolveText(withIvs("true", "region: us-west-2"));
    expect(config.ivsEnabled).toBe(true);
    expect(config.regions).toEqual(["us-west-2"]);
    expect(config.logging).toEqual({ enabled: true, retentionDays: 14 });
    expect(config.recording.enabled).toBe(false);
  });

  it("ivs: false turns every IVS feature off", () => {
    const config = resolveText(withIvs("false", "region: ap-southeast-2"));
    expect(config.ivsEnabled).toBe(false);
    expect(config.regions).toEqual([]);
    expect(config.logging.enabled).toBe(false);
    expect(config.recording.enabled).toBe(false);
  });

  it("an absent aws.ivs turns every IVS feature off, whatever the home region", () => {
    const config = resolveText(
      "name: acme-live\nenvironments:\n  production:\n    aws:\n      region: sa-east-1\n",
    );
    expect(config.ivsEnabled).toBe(false);
    expect(config.regions).toEqual([]);
    expect(config.logging.enabled).toBe(false);
    expect(config.recording.enabled).toBe(false);
    expect(config.mediaconvert).toBe(false);
  });

  it("a map without logging or recording enables IVS with nothing to sync", () => {
    const config = resolveText(withIvs("{regions: [us-east-1]}"));
    expect(config.ivsEnabled).toBe(true);
    expect(config.logging.enabled).toBe(false);
    expect(config.recording.enabled).toBe(false);
  });
});

describe("tolerance of other yolo keys", () => {
  const manifest = `name: acme-live
build:
  commands: [composer install]
deploy: {strategy: rolling}
environments:
  production:
    domain: live.acme.example
    build: {docker: true}
    aws:
      region: us-east-1
      vpc: {cidr: 10.0.0.0/16, subnets: 3}
      autoscaling: {min: 2}
      ivs: {logging: true}
`;

  it("ignores keys yolo's other features use, outside aws.ivs", () => {
    expect(validateManifest(parseManifest(manifest, "yolo.yml"))).toEqual([]);
    expect(resolveText(manifest).logging.enabled).toBe(true);
  });

  it("refuses unknown keys inside aws.ivs", () => {
    const errors = validateManifest(
      parseManifest(manifest.replace("{logging: true}", "{logging: true, vpc: x}"), "yolo.yml"),
    );
    expect(errors.map((error) => error.path)).toEqual(["environments.production.aws.ivs.vpc"]);
  });

  it("follows anchors, aliases and merge keys, with explicit keys winning", () => {
    const config = resolveText(`name: acme-live
x-ivs: &ivs
  regions: [us-east-1, eu-west-1]
  logging: true
  log-retention-days: 30
environments:
  production:
    aws:
      region: us-east-1
      ivs:
        <<: *ivs
        log-retention-days: 60
`);
    expect(config.regions).toEqual(["us-east-1", "eu-west-1"]);
    expect(config.logging).toEqual({ enabled: true, retentionDays: 60 });
  });

  it("reports a merged value at the place it is written", () => {
    const errors = validateManifest(
      parseManifest(
        "name: acme-live\nx: &ivs\n  logging: 'yes'\nenvironments:\n  production:\n    aws:\n      region: us-east-1\n      ivs:\n        <<: *ivs\n",
        "yolo.yml",
      ),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: "environments.production.aws.ivs.logging", line: 3, column: 12 });
  });
});

describe("validateManifest", () => {
  const twoEnvironments = `name: acme-live
environments:
  production:
    aws:
      region: us-east-1
      ivs: {logging: true}
  staging:
    aws:
      region: us-west-2
      ivs: {logging: "true", log-retention-days: 15}
`;

  it("checks every environment when none is named", () => {
    const errors = validateManifest(parseManifest(twoEnvironments, "yolo.yml"));
    expect(errors.map((error) => [error.path, error.line])).toEqual([
      ["environments.staging.aws.ivs.logging", 10],
      ["environments.staging.aws.ivs.log-retention-days", 10],
    ]);
  });

  it("checks only the named environment (and the top level) when one is named", () => {
    const manifest = parseManifest(twoEnvironments, "yolo.yml");
    expect(validateManifest(manifest, "production")).toEqual([]);
    expect(resolveEnvironment(manifest, "production").regions).toEqual(["us-east-1"]);
    expect(validateManifest(manifest, "staging")).toHaveLength(2);
  });

  it("throws every problem of the environment at once", () => {
    const errors = errorsOf(() =>
      resolveText(
        withIvs(
          '{regions: [us-east-1, us-east-1], logging: "yes", recording: {realtime: true, video: {width: 1281}}}',
        ),
      ),
    );
    expect(errors.map((error) => error.path)).toEqual([
      "environments.production.aws.ivs.regions[1]",
      "environments.production.aws.ivs.logging",
      "environments.production.aws.ivs.recording.realtime",
      "environments.production.aws.ivs.recording.video.width",
    ]);
    expect(errors.every((error) => error.line === 6)).toBe(true);
  });

  it("lists the environments that exist when the named one is missing", () => {
    const errors = errorsOf(() => resolveText(twoEnvironments, "prod"));
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBeUndefined();
    expect(errors[0].format()).toBe(
      "yolo.yml  environments.prod: no such environment; did you mean production?\n          Environments in this file: production, staging.",
    );
    expect(environmentNames(parseManifest(twoEnvironments, "yolo.yml"))).toEqual(["production", "staging"]);
  });

  it("suggests the environment a differently cased name means", () => {
    const [error] = errorsOf(() => resolveText(twoEnvironments, "Production"));
    expect(error.format()).toBe(
      "yolo.yml  environments.Production: no such environment; did you mean production?\n          Environments in this file: production, staging.",
    );
    const [unrelated] = errorsOf(() => resolveText(twoEnvironments, "qa"));
    expect(unrelated.message).toBe("no such environment.");
  });

  it("accepts a derived bucket name of exactly 63 characters and refuses 64", () => {
    const manifest = (app: string) =>
      `name: ${app}\nenvironments:\n  production:\n    aws:\n      region: us-east-1\n      ivs: {recording: {real_time: true}}\n`;
    const app63 = "a".repeat(22); // yolo-production-{app}-ivs-recordings-us-east-1 = 41 + 22
    expect(validateManifest(parseManifest(manifest(app63), "yolo.yml"))).toEqual([]);
    const errors = validateManifest(parseManifest(manifest(`${app63}b`), "yolo.yml"));
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain("(64 characters)");
    expect(errors[0].allowed).toContain("aws.ivs.recording.buckets.us-east-1");
  });

  it("accepts a too-long derived name when that region's bucket is named explicitly", () => {
    const text = `name: ${"a".repeat(30)}
environments:
  production:
    aws:
      region: us-east-1
      ivs:
        recording:
          real_time: true
          buckets: {us-east-1: acme-recordings}
`;
    expect(validateManifest(parseManifest(text, "yolo.yml"))).toEqual([]);
    expect(resolveText(text).recording.buckets).toEqual({ "us-east-1": "acme-recordings" });
  });

  it("does not check recording bucket names when recording is off", () => {
    const text = withIvs("{logging: true}").replace("acme-live", "a".repeat(30));
    expect(validateManifest(parseManifest(text, "yolo.yml"))).toEqual([]);
  });

  it("refuses a MediaConvert role name longer than IAM's 64 characters", () => {
    const manifest = (app: string) =>
      `name: ${app}\nenvironments:\n  production:\n    aws:\n      region: us-east-1\n      mediaconvert: true\n`;
    // yolo-production-{app}-mediaconvert-role is 34 characters plus the app name.
    expect(validateManifest(parseManifest(manifest("a".repeat(30)), "yolo.yml"))).toEqual([]);
    const errors = validateManifest(parseManifest(manifest("a".repeat(31)), "yolo.yml"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: "environments.production.aws.mediaconvert", line: 6 });
    expect(errors[0].message).toContain("MediaConvert role");
  });
});

describe("every key, given a value of the wrong kind", () => {
  /** A manifest using every key yolo reads, each with a valid value. */
  const valid = () => ({
    name: "acme-live",
    environments: {
      production: {
        aws: {
          region: "us-east-1",
          "account-id": "123456789012",
          mediaconvert: true,
          ivs: {
            regions: ["us-east-1"],
            region: "us-east-1",
            logging: true,
            "log-retention-days": 14,
            recording: {
              real_time: true,
              video: { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 },
              "expire-after-days": 30,
              buckets: { "us-east-1": "acme-recordings" },
            },
          },
        },
      },
    },
  });
  const ivs = ["environments", "production", "aws", "ivs"];
  const recording = [...ivs, "recording"];
  const paths: (string | number)[][] = [
    ["name"],
    ["environments"],
    ["environments", "production"],
    ["environments", "production", "aws"],
    ["environments", "production", "aws", "region"],
    ["environments", "production", "aws", "account-id"],
    ["environments", "production", "aws", "mediaconvert"],
    ivs,
    [...ivs, "regions"],
    [...ivs, "regions", 0],
    [...ivs, "region"],
    [...ivs, "logging"],
    [...ivs, "log-retention-days"],
    recording,
    [...recording, "real_time"],
    [...recording, "video"],
    [...recording, "video", "width"],
    [...recording, "video", "height"],
    [...recording, "video", "framerate"],
    [...recording, "video", "bitrate"],
    [...recording, "expire-after-days"],
    [...recording, "buckets"],
    [...recording, "buckets", "us-east-1"],
  ];
  const wrong: unknown[] = [null, 123, 1.5, true, "x", "", ["x"], { x: 1 }];
  const cases = paths.flatMap((path) =>
    wrong.map((value) => [path.join("."), JSON.stringify(value), path, value]),
  );

  it.each(cases)("%s: %s says what is allowed", (_label, _shown, path, value) => {
    const manifest = valid();
    const keys = path as (string | number)[];
    let holder: any = manifest;
    for (const key of keys.slice(0, -1)) holder = holder[key];
    holder[keys.at(-1) as string | number] = value;
    const errors = validateManifest(parseManifest(stringify(manifest), "yolo.yml"));
    for (const error of errors) expect(error.allowed, error.format()).toMatch(/\S/);
  });

  it('says so for the audit\'s four: name: 123, logging: "x", aws: with no value, expire-after-days: null', () => {
    const allowedOf = (text: string) =>
      validateManifest(parseManifest(text, "yolo.yml")).map((error) => error.allowed);
    expect(allowedOf(withIvs("{logging: true}").replace("acme-live", "123"))).toEqual([
      'Quote it: name: "123".',
    ]);
    expect(allowedOf(withIvs('{logging: "x"}'))).toEqual(["Write logging: true or logging: false."]);
    expect(allowedOf("name: acme-live\nenvironments:\n  production:\n    aws:\n")).toEqual([
      "Write aws: {region: us-east-1}, with the environment's AWS settings under it.",
    ]);
    expect(allowedOf(withIvs("{recording: {real_time: true, expire-after-days: null}}"))).toEqual([
      "Use a whole number of at least 1; or remove expire-after-days to keep recordings forever.",
    ]);
  });
});

describe("loading", () => {
  const dir = mkdtempSync(join(tmpdir(), "yolo-manifest-"));

  it("reads the same manifest synchronously and asynchronously", async () => {
    const file = join(dir, "yolo.yml");
    writeFileSync(file, withIvs("true"));
    const asynchronous = await loadManifest(file);
    expect(loadManifestSync(file)).toEqual(asynchronous);
    expect(resolveEnvironment(asynchronous, "production").manifestPath).toBe(file);
  });

  it("names the missing file and says how to create one", async () => {
    const file = join(dir, "missing", "yolo.yml");
    const error = await loadManifest(file).catch((caught) => caught);
    expect(error).toBeInstanceOf(ManifestError);
    expect(error.file).toBe(file);
    expect(error.format(dir)).toBe(
      "missing/yolo.yml  no manifest here: the file does not exist.\n" +
        "                  Create one with `yolo init`, or point to it with --manifest PATH.",
    );
    expect(() => loadManifestSync(file)).toThrow(ManifestError);
  });

  it("reports a YAML syntax error with its line and column", () => {
    const error = errorsOf(() =>
      parseManifest("name: acme-live\nenvironments: {production: [\n", "yolo.yml"),
    )[0];
    expect(error.message).toMatch(/^YAML syntax error: /);
    expect(error.line).toBe(3);
    expect(error.column).toBeGreaterThanOrEqual(1);
  });

  it("refuses a file of two YAML documents in its own words, at the line the second starts", () => {
    const errors = errorsOf(() =>
      parseManifest(`${withIvs("{logging: true}")}---\nname: other\n`, "yolo.yml"),
    );
    expect(errors.map((error) => error.format())).toEqual([
      "yolo.yml:7:1  holds more than one YAML document: a second one starts here, at line 7.\n" +
        "              yolo.yml must hold one document: remove this --- line and merge what follows into the first document (or move it to a file of its own).",
    ]);
    expect(errors[0].format()).not.toContain("parseAllDocuments");
  });

  it("names a key written twice, where it is and under which key", () => {
    const errors = errorsOf(() =>
      parseManifest(withIvs("{logging: true}") + "    deploy: 1\n    deploy: 2\n", "yolo.yml"),
    );
    expect(errors.map((error) => error.format())).toEqual([
      "yolo.yml:8:5  environments.production.deploy: the key deploy appears twice under environments.production.\n" +
        "              Keep one deploy under environments.production and remove the other.",
    ]);
  });

  it("says a value nested past any manifest's depth is nested too deeply, naming the key that holds it", () => {
    const nested = (depth: number) =>
      withIvs("true").replace("ivs: true", `other: ${"[".repeat(depth)}${"]".repeat(depth)}`);
    const [error] = errorsOf(() => parseManifest(nested(100), "yolo.yml"));
    expect(error.format()).toMatch(
      /^yolo\.yml:6:\d+ {2}environments\.production\.aws\.other\[0\]\[0\]\[0\]\[0\]…: is nested too deeply /,
    );
    expect(error.format()).not.toContain("[0][0][0][0][0]");
    // So deep that the YAML parser itself gives up: still the same words, not a stack overflow.
    const [deepest] = errorsOf(() => parseManifest(nested(20_000), "yolo.yml"));
    expect(deepest.message).toContain("nested too deeply");
    expect(deepest.line).toBe(6);
    // A manifest's real depth is nowhere near the limit.
    expect(() => parseManifest(nested(20), "yolo.yml")).not.toThrow();
  });

  it("cuts a long bad value short in the error, saying how long it was", () => {
    const long = "x".repeat(5000);
    const [error] = errorsOf(() => resolveText(withIvs("true", `region: ${long}`)));
    const text = error.format();
    expect(text).toContain(`"${"x".repeat(40)}…" (5000 characters) is not an AWS region name.`);
    expect(text.length).toBeLessThan(300);
    const [key] = errorsOf(() => resolveText(withIvs(`{${"q".repeat(300)}: 1}`)));
    expect(key.format()).toContain(
      `environments.production.aws.ivs.${"q".repeat(40)}… (300 characters): unknown key.`,
    );
    expect(key.format().length).toBeLessThan(400);
  });
});

describe("the example manifest", () => {
  it("validates, every environment", async () => {
    expect(validateManifest(await loadManifest(example))).toEqual([]);
  });

  it("points editors at the JSON Schema on its first line", () => {
    expect(readFileSync(example, "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../schema/yolo.schema.json",
    );
  });

  it("resolves production and staging as SPEC §2 describes", async () => {
    const manifest = await loadManifest(example);
    const production = resolveEnvironment(manifest, "production");
    expect(production).toMatchObject({
      app: "acme-live",
      homeRegion: "ap-southeast-2",
      mediaconvert: true,
      ivsEnabled: true,
      regions: ["us-east-1", "eu-west-1", "ap-northeast-1"],
      logging: { enabled: true, retentionDays: 14 },
      recording: { enabled: true, video: DEFAULT_VIDEO, buckets: {} },
    });
    const staging = resolveEnvironment(manifest, "staging");
    expect(staging).toMatchObject({
      ivsEnabled: true,
      regions: ["us-west-2"],
      logging: { enabled: true, retentionDays: 14 },
      recording: { enabled: false },
    });
  });
});
