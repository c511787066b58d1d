import { describe, expect, it } from "vitest";
import { collectByNextToken } from "../../src/aws/paginate.js";
import { sameVideo } from "../../src/resources/encoder-configuration.js";
import { candidatesNamed, preferredConfiguration } from "../../src/resources/ivs-configurations.js";
import {
  EXPIRE_RECORDINGS_RULE_ID,
  expireRecordingsRule,
  isExpireRecordingsRule,
  mergeLifecycleRules,
} from "../../src/resources/recording-bucket.js";
import { applyTagDiff, diffTags, foreignOwnerPhrase, foreignOwnerRefusal } from "../../src/resources/tags.js";

const ours = { "yolo:environment": "production", "yolo:app": "acme-live", Name: "n" };

describe("diffTags", () => {
  it("manages only yolo's keys and keeps every other tag", () => {
    const live = { "yolo:environment": "production", Name: "old", team: "video" };
    const diff = diffTags(live, ours);
    expect(diff.toSet).toEqual({ "yolo:app": "acme-live", Name: "n" });
    expect(diff.toRemove).toEqual([]);
    expect(diff.changes).toEqual([
      {
        attribute: "tags",
        from: { "yolo:app": null, Name: "old" },
        to: { "yolo:app": "acme-live", Name: "n" },
      },
    ]);
    expect(applyTagDiff(live, diff)).toEqual({ ...ours, team: "video" });
  });

  it("reports nothing when the managed keys already match", () => {
    expect(diffTags({ ...ours, cost: "x" }, ours)).toEqual({ changes: [], toSet: {}, toRemove: [] });
  });

  it("removes a managed key the desired tags no longer carry", () => {
    const diff = diffTags(ours, { "yolo:environment": "production", "yolo:app": "acme-live" });
    expect(diff.toRemove).toEqual(["Name"]);
    expect(applyTagDiff({ ...ours, team: "t" }, diff)).toEqual({
      "yolo:environment": "production",
      "yolo:app": "acme-live",
      team: "t",
    });
  });
});

describe("foreignOwnerPhrase", () => {
  it("names the other app, the other environment, or the missing tag", () => {
    expect(
      foreignOwnerPhrase(
        { kind: "foreign", app: "other-app", environment: "production" },
        "production",
        "acme-live",
      ),
    ).toBe('belongs to app "other-app" (tag yolo:app)');
    expect(
      foreignOwnerPhrase(
        { kind: "foreign", app: "acme-live", environment: "staging" },
        "production",
        "acme-live",
      ),
    ).toBe('belongs to environment "staging" (tag yolo:environment)');
    expect(
      foreignOwnerPhrase({ kind: "foreign", environment: "production" }, "production", "acme-live"),
    ).toBe("has the tag yolo:environment but no yolo:app, so yolo cannot tell whose it is");
  });
});

describe("foreignOwnerRefusal", () => {
  it("says what to do next: rename the app, rename or tag, or the step's own advice", () => {
    const env = "production";
    const app = "acme-live";
    expect(
      foreignOwnerRefusal(
        "log group /aws/ivs/x",
        { kind: "foreign", app: "other-app", environment: env },
        env,
        app,
      ),
    ).toBe(
      'log group /aws/ivs/x belongs to app "other-app" (tag yolo:app). yolo will not modify it. Its name comes from this app\'s name: rename this app (name in yolo.yml) so the two do not collide.',
    );
    expect(foreignOwnerRefusal("IAM role r", { kind: "foreign", environment: env }, env, app)).toBe(
      "IAM role r has the tag yolo:environment but no yolo:app, so yolo cannot tell whose it is. yolo will not modify it. Its name comes from this app's and environment's names: rename one of them so the two do not collide, or, if it is this app's, tag it yolo:environment=production yolo:app=acme-live.",
    );
    expect(
      foreignOwnerRefusal(
        "bucket b",
        { kind: "foreign", app: "other-app", environment: env },
        env,
        app,
        "Name another.",
      ),
    ).toBe('bucket b belongs to app "other-app" (tag yolo:app). yolo will not modify it. Name another.');
  });
});

describe("collectByNextToken", () => {
  it("follows nextToken through every page", async () => {
    const pages: Record<string, { items: number[]; nextToken?: string }> = {
      start: { items: [1, 2], nextToken: "a" },
      a: { items: [3], nextToken: "b" },
      b: { items: [4] },
    };
    const seen: (string | undefined)[] = [];
    const items = await collectByNextToken(
      async (token) => {
        seen.push(token);
        return pages[token ?? "start"];
      },
      (page) => page.items,
    );
    expect(items).toEqual([1, 2, 3, 4]);
    expect(seen).toEqual([undefined, "a", "b"]);
  });

  it("refuses a service that repeats a token instead of looping", async () => {
    await expect(
      collectByNextToken(
        async () => ({ items: [1], nextToken: "same" }),
        (p) => p.items,
      ),
    ).rejects.toThrow(/twice/);
  });
});

describe("IVS configuration selection", () => {
  it("prefers a configuration tagged for this app, then the smallest ARN", () => {
    const a = { arn: "arn:aws:ivs:us-east-1:0:storage-configuration/AAA", tags: {} };
    const b = { arn: "arn:aws:ivs:us-east-1:0:storage-configuration/BBB", tags: ours };
    const c = { arn: "arn:aws:ivs:us-east-1:0:storage-configuration/CCC", tags: ours };
    expect(preferredConfiguration([c, a, b], "production", "acme-live")).toBe(b);
    expect(preferredConfiguration([a, { ...a, arn: `${a.arn}0` }], "production", "acme-live")).toBe(a);
  });

  it("stops on a same-named configuration tagged for another app", () => {
    const foreign = {
      arn: "arn:x",
      name: "n",
      tags: { "yolo:environment": "production", "yolo:app": "other-app" },
    };
    expect(() => candidatesNamed([foreign], "storage configuration", "n", "production", "acme-live")).toThrow(
      /belongs to app "other-app" \(tag yolo:app\)\. yolo will not modify it/,
    );
    expect(
      candidatesNamed([foreign], "storage configuration", "other-name", "production", "acme-live"),
    ).toEqual([]);
  });
});

describe("lifecycle rule", () => {
  it("recognises exactly the rule the tool writes", () => {
    const rule = expireRecordingsRule(30)!;
    expect(isExpireRecordingsRule(rule, 30)).toBe(true);
    expect(isExpireRecordingsRule(rule, 31)).toBe(false);
    expect(isExpireRecordingsRule({ ...rule, Status: "Disabled" }, 30)).toBe(false);
    expect(isExpireRecordingsRule({ ...rule, Filter: { Prefix: "media/" } }, 30)).toBe(false);
    expect(
      isExpireRecordingsRule({ ...rule, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }, 30),
    ).toBe(false);
  });

  it("merges by ID, keeping other rules", () => {
    const other = {
      ID: "keep-logs",
      Status: "Enabled" as const,
      Filter: { Prefix: "logs/" },
      Expiration: { Days: 3 },
    };
    const stale = { ...expireRecordingsRule(10)!, ID: EXPIRE_RECORDINGS_RULE_ID };
    expect(mergeLifecycleRules([other, stale], expireRecordingsRule(30))).toEqual([
      other,
      expireRecordingsRule(30),
    ]);
    expect(mergeLifecycleRules([other, stale], undefined)).toEqual([other]);
  });
});

describe("sameVideo", () => {
  it("compares framerate as a number", () => {
    const video = { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 };
    expect(sameVideo(video, { ...video, framerate: 30.0 })).toBe(true);
    expect(sameVideo(video, { ...video, framerate: 29.97 })).toBe(false);
    expect(sameVideo(video, { ...video, width: 1920 })).toBe(false);
  });
});
