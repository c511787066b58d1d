import { describe, expect, it } from "vitest";
import { formatNumber } from "../../src/manifest/errors.js";
import {
  isManifestError,
  ManifestError,
  ManifestErrors,
  parseManifest,
  validateManifest,
} from "../../src/manifest/index.js";

// The manifest of UX.md's first error example: regions[1] sits at line 7, column 31.
const uxManifest = `name: acme-live
environments:
  production:
    aws:
      region: us-east-1
      ivs:
        regions: [ us-east-1, ap-southeast-2 ]
        logging: true
`;

describe("ManifestError", () => {
  it("prints like UX.md: place, key path and problem, then what is allowed, aligned", () => {
    const [error] = validateManifest(parseManifest(uxManifest, "/work/app/yolo.yml"));
    expect(error.format("/work/app")).toBe(
      'yolo.yml:7:31  environments.production.aws.ivs.regions[1]: "ap-southeast-2" has no IVS real-time.\n' +
        "               Use one of: us-east-1, us-west-2, eu-west-1, eu-central-1, ap-south-1, ap-northeast-1, ap-northeast-2.",
    );
  });

  it("carries its parts for machines", () => {
    const [error] = validateManifest(parseManifest(uxManifest, "yolo.yml"));
    expect(error.toJSON()).toEqual({
      file: "yolo.yml",
      line: 7,
      column: 31,
      path: "environments.production.aws.ivs.regions[1]",
      found: '"ap-southeast-2"',
      allowed:
        "Use one of: us-east-1, us-west-2, eu-west-1, eu-central-1, ap-south-1, ap-northeast-1, ap-northeast-2.",
      message: '"ap-southeast-2" has no IVS real-time.',
    });
  });

  it("shows a file outside the working directory by its full path", () => {
    const [error] = validateManifest(parseManifest(uxManifest, "/srv/other/yolo.yml"));
    expect(error.where("/work/app")).toBe("/srv/other/yolo.yml:7:31");
  });

  it("prints a problem without a place as the file alone", () => {
    const error = new ManifestError({ file: "yolo.yml", path: "", message: "no manifest here." });
    expect(error.format()).toBe("yolo.yml  no manifest here.");
  });
});

describe("ManifestErrors", () => {
  it("holds every problem and prints them separated by a blank line", () => {
    const manifest = parseManifest(uxManifest.replace("logging: true", 'logging: "true"'), "yolo.yml");
    const aggregate = new ManifestErrors(validateManifest(manifest));
    expect(aggregate).toBeInstanceOf(Error);
    expect(aggregate.errors).toHaveLength(2);
    const printed = aggregate.format();
    expect(printed.split("\n\n")).toHaveLength(2);
    expect(printed).toContain("yolo.yml:8:18  environments.production.aws.ivs.logging:");
    expect(aggregate.message).toBe(printed);
    expect(isManifestError(aggregate)).toBe(true);
    expect(isManifestError(aggregate.errors[0])).toBe(true);
    expect(isManifestError(new Error("x"))).toBe(false);
  });
});

describe("formatNumber", () => {
  it("groups thousands only from five digits on, and leaves fractions as they are", () => {
    expect(formatNumber(1920)).toBe("1920");
    expect(formatNumber(10_000)).toBe("10,000");
    expect(formatNumber(2_073_600)).toBe("2,073,600");
    expect(formatNumber(8_500_000)).toBe("8,500,000");
    expect(formatNumber(-123_456)).toBe("-123,456");
    expect(formatNumber(12_345.5)).toBe("12345.5");
  });
});
