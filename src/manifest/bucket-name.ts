/**
 * S3 general-purpose bucket naming rules (AWS-FACTS §2.5), checked before any AWS call so a
 * derived or explicit name that S3 would refuse with `InvalidBucketName` is a manifest error.
 */

export const BUCKET_NAME_MIN_LENGTH = 3;
export const BUCKET_NAME_MAX_LENGTH = 63;

const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] as const;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The same rules as one ECMAScript pattern (for the JSON Schema, where no code runs); the
 * length limits are stated separately there as `minLength`/`maxLength`.
 */
export const BUCKET_NAME_PATTERN = new RegExp(
  "^" +
    `(?!${RESERVED_PREFIXES.map(escapeRegExp).join("|")})` +
    "(?!.*\\.\\.)" +
    "(?!\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$)" +
    `(?!.*(?:${RESERVED_SUFFIXES.map(escapeRegExp).join("|")})$)` +
    "[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$",
);

/** Every rule the name breaks, in words; empty when S3 accepts it. */
export function bucketNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length < BUCKET_NAME_MIN_LENGTH || name.length > BUCKET_NAME_MAX_LENGTH) {
    problems.push(
      `it is ${name.length} characters long; S3 allows ${BUCKET_NAME_MIN_LENGTH} to ${BUCKET_NAME_MAX_LENGTH}`,
    );
  }
  const invalid = [...new Set(name.replace(/[a-z0-9.-]/g, ""))];
  if (invalid.length > 0) {
    problems.push(
      `it contains ${invalid.map((c) => JSON.stringify(c)).join(", ")}; only lowercase letters, digits, dots and hyphens are allowed`,
    );
  }
  if (name.length > 0 && (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name))) {
    problems.push("it must start and end with a lowercase letter or a digit");
  }
  if (name.includes("..")) problems.push("it contains two adjacent dots");
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) problems.push("it is formatted like an IP address");
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) problems.push(`names starting with "${prefix}" are reserved`);
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) problems.push(`names ending with "${suffix}" are reserved`);
  return problems;
}

export function isValidBucketName(name: string): boolean {
  return bucketNameProblems(name).length === 0;
}
