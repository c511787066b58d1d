/**
 * The plan a person reads (#17), like `terraform plan`: a dry run lists, per resource and region,
 * what it would create with its attributes — names, video, retention, the rule's pattern, policy
 * statements by Sid, tags — compact by default, whole documents with `--verbose`. The JSON
 * document does not change with `--verbose`. Run through the real CLI against the emulator.
 */
import { describe, expect, it } from "vitest";
import { manifestDir, yoloRun } from "../helpers/cli.js";
import { ACCOUNT, useEmulator } from "../helpers/emulator.js";
import { APP, ENV, manifestYaml } from "../helpers/manifests.js";

const handle = useEmulator();

const REGIONS = ["us-east-1", "eu-west-1"];
const BUCKET = (region: string) => `yolo-${ENV}-${APP}-ivs-recordings-${region}`;
const ROLE = `yolo-${ENV}-${APP}-mediaconvert-role`;
const LOG_GROUP = `/aws/ivs/yolo-${ENV}-${APP}`;
const RULE = `yolo-${ENV}-${APP}-ivs-state-change`;

const manifest = () =>
  manifestYaml({
    regions: REGIONS,
    mediaconvert: true,
    logging: true,
    logRetentionDays: 30,
    recording: true,
    video: { width: 1920, height: 1080, framerate: 60 },
    expireAfterDays: 90,
  });

/** The lines of one section of the human output, from its title to the blank line after it. */
function section(stdout: string, title: string): string[] {
  const start = stdout.indexOf(`\n${title}\n`);
  expect(start, `a "${title}" section in:\n${stdout}`).toBeGreaterThanOrEqual(0);
  return stdout
    .slice(start + 1)
    .split("\n\n")[0]
    .split("\n")
    .slice(1);
}

/** The rows of one resource in a section: its heading line and the attribute lines under it. */
function resourceBlock(lines: string[], region: string, step: string, resource: string): string[] {
  const heading = lines.findIndex(
    (line) => new RegExp(`^ {2}${region} +${step} +`).test(line) && line.trimEnd().endsWith(resource),
  );
  expect(heading, `${region} ${step} ${resource} in:\n${lines.join("\n")}`).toBeGreaterThanOrEqual(0);
  const block = [lines[heading]];
  for (const line of lines.slice(heading + 1)) {
    if (/^ {2}\S/.test(line)) break;
    block.push(line.trim());
  }
  return block;
}

describe("the human plan of a greenfield sync --dry-run", () => {
  it("lists what would be created, per resource and region, with its attributes; writes nothing", async () => {
    const cwd = manifestDir(manifest());
    const run = await yoloRun(handle, cwd, "sync", ENV, "--dry-run", "--no-progress");
    expect(run.code, run.stderr).toBe(0);
    expect(run.writes).toEqual([]);
    const created = section(run.stdout, "Would create:");

    expect(resourceBlock(created, "global", "MediaConvert role", ROLE)).toContain(
      "attached policy: arn:aws:iam::aws:policy/AmazonS3FullAccess",
    );
    for (const region of REGIONS) {
      const bucket = resourceBlock(created, region, "recording bucket", BUCKET(region));
      expect(bucket).toEqual(
        expect.arrayContaining([
          `tags: yolo:environment=${ENV}, yolo:app=${APP}, Name=${BUCKET(region)}`,
          "ownership: BucketOwnerPreferred",
          "encryption: AES256",
          "lifecycle: yolo-expire-recordings expires objects after 90 days",
          `policy statement IVSRealtimeRecording: Allow s3:PutObject, s3:PutObjectAcl to ivs-composite.${region}.amazonaws.com when s3:x-amz-acl=bucket-owner-full-control, aws:SecureTransport=true`,
          // Planned as if sync:iam had created the role first (SPEC §4).
          `policy statement MediaConvertRead: Allow s3:GetObject, s3:GetObjectVersion, s3:ListBucket to arn:aws:iam::${ACCOUNT}:role/${ROLE}`,
          "policy statement DenyInsecureTransport: Deny s3:* to * when aws:SecureTransport=false",
        ]),
      );
      expect(
        resourceBlock(created, region, "storage configuration", `yolo-${ENV}-${APP}-ivs-storage`),
      ).toEqual(expect.arrayContaining(["ARN: (known after apply)", `bucket: ${BUCKET(region)}`]));
      expect(
        resourceBlock(created, region, "encoder configuration", `yolo-${ENV}-${APP}-ivs-encoder`),
      ).toContain("video: 1920×1080, 60 fps, 2,500,000 bit/s");
      expect(resourceBlock(created, region, "log group", LOG_GROUP)).toEqual(
        expect.arrayContaining([
          "retention: 30 days",
          `tags: yolo:environment=${ENV}, yolo:app=${APP}, Name=${LOG_GROUP}`,
          expect.stringMatching(
            /^resource policy yolo-production-ivs-eventbridge-policy statement TrustEventsToStoreLogEvent: Allow logs:CreateLogStream, logs:PutLogEvents to /,
          ),
        ]),
      );
      expect(resourceBlock(created, region, "EventBridge rule", RULE)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^event pattern: \{"source":\["aws\.ivs"\]/),
          "state: ENABLED",
          "description: YOLO managed IVS state change events",
        ]),
      );
      expect(resourceBlock(created, region, "EventBridge target", `${RULE}/ivs-cloudwatch-logs`)).toContain(
        `target: arn:aws:logs:${region}:${ACCOUNT}:log-group:${LOG_GROUP}`,
      );
    }
    // Compact: statements by Sid, no document, and nothing told twice as "absent → …".
    expect(run.stdout).not.toContain('"Statement"');
    expect(run.stdout).not.toContain("absent →");
    expect(run.stdout).not.toContain("Pending changes:");
  });

  it("--verbose shows the whole documents: the Logs resource policy, each statement, the event pattern", async () => {
    const cwd = manifestDir(manifest());
    const run = await yoloRun(handle, cwd, "sync:logging", ENV, "--dry-run", "--no-progress", "--verbose");
    expect(run.code, run.stderr).toBe(0);
    expect(run.writes).toEqual([]);
    const group = resourceBlock(section(run.stdout, "Would create:"), "us-east-1", "log group", LOG_GROUP);
    const title = group.indexOf("resource policy yolo-production-ivs-eventbridge-policy document:");
    expect(title).toBeGreaterThan(0);
    // The JSON under the title is the document, whole.
    const json = group.slice(title + 1);
    const end = json.indexOf("}") >= 0 ? json.lastIndexOf("}") : -1;
    const document = JSON.parse(json.slice(0, end + 1).join("\n"));
    expect(document).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "TrustEventsToStoreLogEvent",
          Effect: "Allow",
          Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/ivs/yolo-${ENV}-*`,
        },
      ],
    });

    const recording = await yoloRun(handle, cwd, "sync", ENV, "--dry-run", "--no-progress", "--verbose");
    const bucket = resourceBlock(
      section(recording.stdout, "Would create:"),
      "eu-west-1",
      "recording bucket",
      BUCKET("eu-west-1"),
    );
    const statement = bucket.indexOf('"Sid": "DenyInsecureTransport",');
    expect(statement).toBeGreaterThan(0);
    expect(bucket.slice(statement, statement + 3)).toEqual([
      '"Sid": "DenyInsecureTransport",',
      '"Effect": "Deny",',
      '"Principal": "*",',
    ]);
  });

  it("--json is the same document with --verbose as without", async () => {
    const cwd = manifestDir(manifest());
    const plain = await yoloRun(handle, cwd, "sync", ENV, "--dry-run", "--json");
    const verbose = await yoloRun(handle, cwd, "sync", ENV, "--dry-run", "--json", "--verbose");
    const withoutTimes = (text: string) => text.replace(/"elapsedMs": \d+/g, '"elapsedMs": 0');
    expect(verbose.code).toBe(0);
    expect(withoutTimes(verbose.stdout)).toBe(withoutTimes(plain.stdout));
  });

  it("a destroy plan lists what goes with each resource (the Logs resource policy under its log group)", async () => {
    const cwd = manifestDir(manifest());
    expect((await yoloRun(handle, cwd, "sync", ENV, "--no-progress")).code).toBe(0);
    const plan = await yoloRun(handle, cwd, "destroy", ENV, "--dry-run", "--no-progress");
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.writes).toEqual([]);
    const group = resourceBlock(
      section(plan.stdout, "Pending deletions:"),
      "us-east-1",
      "log group",
      LOG_GROUP,
    );
    expect(group[1]).toMatch(
      /^resource policy yolo-production-ivs-eventbridge-policy statement TrustEventsToStoreLogEvent: Allow /,
    );
  });
});
