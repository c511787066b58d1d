/**
 * Checks a parsed manifest against the description in schema.ts, then the rules that span keys
 * (region resolution, pixel count, buckets per region, derived names), and turns one environment
 * into its {@link EnvironmentConfig} with every default applied. Every error carries the place
 * of the offending node.
 */

import { bucketNameProblems } from "./bucket-name.js";
import { cut, formatNumber, ManifestError, ManifestErrors } from "./errors.js";
import type { ListNode, Manifest, ManifestNode, MapNode, Position, ScalarNode } from "./load.js";
import { derivedNamesTooLong, names } from "./names.js";
import { IVS_REALTIME_REGIONS, isIvsRealtimeRegion } from "./regions.js";
import {
  type EitherShape,
  type ListShape,
  type MapShape,
  manifestShape,
  type NumberShape,
  type RecordShape,
  type Shape,
  type StringShape,
  VIDEO_LIMITS,
} from "./schema.js";
import {
  DEFAULT_LOG_RETENTION_DAYS,
  DEFAULT_VIDEO,
  type EnvironmentConfig,
  type VideoSettings,
} from "./types.js";

type KeyPath = readonly (string | number)[];

/**
 * Every problem in the manifest: the top level plus the named environment, or every
 * environment when none is named (`yolo validate`). Empty when the manifest is valid.
 */
export function validateManifest(manifest: Manifest, environment?: string): ManifestError[] {
  return examine(manifest, environment).errors;
}

/**
 * The environment's desired state, validated and with every default applied. Throws
 * {@link ManifestErrors} (all the problems at once) when the manifest or that environment is
 * invalid, or the environment does not exist.
 */
export function resolveEnvironment(manifest: Manifest, environment: string): EnvironmentConfig {
  const { errors, configs } = examine(manifest, environment);
  const config = configs.get(environment);
  if (errors.length > 0 || !config) throw new ManifestErrors(errors);
  return config;
}

/** The environment names the manifest defines, in file order (empty when it has none). */
export function environmentNames(manifest: Manifest): string[] {
  const environments = entry(manifest.root, "environments");
  return environments?.kind === "map" ? [...environments.entries.keys()] : [];
}

function examine(
  manifest: Manifest,
  only?: string,
): { errors: ManifestError[]; configs: Map<string, EnvironmentConfig> } {
  const checker = new Checker(manifest.file, (path) => {
    return only !== undefined && path.length === 2 && path[0] === "environments" && path[1] !== only;
  });
  checker.check(manifest.root, manifestShape, []);
  const configs = new Map<string, EnvironmentConfig>();
  const environments = entry(manifest.root, "environments");
  if (environments?.kind !== "map") return { errors: checker.errors, configs };

  if (only !== undefined && !environments.entries.has(only)) {
    const existing = [...environments.entries.keys()];
    // `Production` for `production`: the same name in another case first, else the closest one.
    const suggestion =
      existing.find((name) => name.toLowerCase() === only.toLowerCase()) ?? closestKey(only, existing);
    checker.errors.push(
      new ManifestError({
        file: manifest.file,
        path: `environments.${cut(only)}`,
        found: "nothing",
        message: `no such environment${suggestion ? `; did you mean ${suggestion}?` : "."}`,
        allowed:
          existing.length > 0
            ? `Environments in this file: ${existing.join(", ")}.`
            : "This file defines no environments yet.",
      }),
    );
  }
  const appValid = !checker.hasErrorsUnder(["name"]);
  for (const [name, node] of environments.entries) {
    if (only !== undefined && name !== only) continue;
    const path = ["environments", name];
    if (!appValid || checker.hasErrorsUnder(path)) continue;
    const app = (entry(manifest.root, "name") as ScalarNode).value as string;
    const environment = readEnvironment(manifest.file, app, name, node as MapNode);
    checker.checkEnvironmentRules(environment, path);
    if (!checker.hasErrorsUnder(path)) configs.set(name, environment.config);
  }
  return { errors: checker.errors, configs };
}

// ---------------------------------------------------------------------------------------------
// Structure: one walk over the tree, guided by the schema description.

class Checker {
  readonly errors: ManifestError[] = [];
  private readonly errorPaths: KeyPath[] = [];

  constructor(
    private readonly file: string,
    private readonly skip: (path: KeyPath) => boolean,
  ) {}

  hasErrorsUnder(prefix: KeyPath): boolean {
    return this.errorPaths.some((path) => prefix.every((segment, i) => path[i] === segment));
  }

  report(
    at: Position,
    path: KeyPath,
    message: string,
    details: { found?: string; allowed?: string } = {},
  ): void {
    this.errorPaths.push(path);
    this.errors.push(
      new ManifestError({
        file: this.file,
        line: at.line,
        column: at.column,
        path: pathText(path),
        message,
        ...details,
      }),
    );
  }

  /** `optional`: the key may be left out (a wrong value's advice may then say to remove it). */
  check(node: ManifestNode, shape: Shape, path: KeyPath, optional = false): void {
    switch (shape.type) {
      case "map": {
        this.checkMap(node, shape, path, optional);
        return;
      }
      case "record": {
        this.checkRecord(node, shape, path, optional);
        return;
      }
      case "list": {
        this.checkList(node, shape, path, optional);
        return;
      }
      case "either": {
        this.checkEither(node, shape, path, optional);
        return;
      }
      case "string": {
        this.checkString(node, shape, path, optional);
        return;
      }
      case "boolean":
        if (node.kind !== "scalar" || typeof node.value !== "boolean")
          this.wrongType(node, shape, path, optional);
        return;
      case "integer":
      case "number": {
        this.checkNumber(node, shape, path, optional);
        return;
      }
    }
  }

  private checkMap(node: ManifestNode, shape: MapShape, path: KeyPath, optional: boolean): void {
    if (node.kind !== "map") {
      this.wrongType(node, shape, path, optional);
      return;
    }
    for (const [key, value] of node.entries) {
      const childPath = [...path, key];
      if (this.skip(childPath)) continue;
      const property = shape.properties[key];
      if (property) {
        this.check(value, property, childPath, !shape.required?.includes(key));
      } else if (shape.closed) {
        const allowed = Object.keys(shape.properties);
        const suggestion = closestKey(key, allowed);
        this.report(
          value.keyPos ?? value.pos,
          childPath,
          `unknown key${suggestion ? `; did you mean ${suggestion}?` : "."}`,
          {
            found: cut(key),
            allowed: `Allowed under ${shape.label}: ${allowed.join(", ")}.`,
          },
        );
      }
    }
    for (const key of shape.required ?? []) {
      if (node.entries.has(key)) continue;
      const where = path.length === 0 ? "at the top level" : `under ${pathText(path)}`;
      const example = shape.examples?.[key] ?? `${key}: …`;
      this.report(placeOfMissing(node), [...path, key], "is missing.", {
        found: "nothing",
        allowed: `Add ${example} ${where}.`,
      });
    }
  }

  private checkRecord(node: ManifestNode, shape: RecordShape, path: KeyPath, optional: boolean): void {
    if (node.kind !== "map") {
      this.wrongType(node, shape, path, optional);
      return;
    }
    if (node.entries.size < (shape.minEntries ?? 0)) {
      this.report(placeOfValue(node), path, "is empty.", { found: "{}", allowed: shape.whenEmpty });
    }
    for (const [key, value] of node.entries) {
      const childPath = [...path, key];
      if (this.skip(childPath)) continue;
      const keyNode: ScalarNode = {
        kind: "scalar",
        value: key,
        pos: value.keyPos ?? value.pos,
        quoted: false,
        empty: false,
      };
      this.checkString(keyNode, shape.keys, childPath);
      this.check(value, shape.values, childPath);
    }
  }

  private checkList(node: ManifestNode, shape: ListShape, path: KeyPath, optional: boolean): void {
    if (node.kind !== "list") {
      this.wrongType(node, shape, path, optional);
      return;
    }
    if (node.items.length < (shape.minItems ?? 0)) {
      this.report(placeOfValue(node), path, "is an empty list.", { found: "[]", allowed: shape.whenEmpty });
    }
    const seen = new Set<unknown>();
    node.items.forEach((item, index) => {
      this.check(item, shape.items, [...path, index]);
      if (!shape.uniqueItems || item.kind !== "scalar") return;
      if (seen.has(item.value)) {
        this.report(item.pos, [...path, index], `${render(item)} is listed twice.`, {
          found: render(item),
          allowed: "List each value once.",
        });
      }
      seen.add(item.value);
    });
  }

  private checkEither(node: ManifestNode, shape: EitherShape, path: KeyPath, optional: boolean): void {
    const option = shape.options.find((candidate) =>
      candidate.type === "map"
        ? node.kind === "map"
        : node.kind === "scalar" && typeof node.value === "boolean",
    );
    if (option) this.check(node, option, path, optional);
    else this.wrongType(node, shape, path, optional);
  }

  private checkString(node: ManifestNode, shape: StringShape, path: KeyPath, optional = false): void {
    if (node.kind !== "scalar" || typeof node.value !== "string") {
      this.wrongType(node, shape, path, optional);
      return;
    }
    const value = node.value;
    const found = render(node);
    if (shape.enum && !shape.enum.includes(value)) {
      this.report(node.pos, path, `${found} ${shape.notInEnum ?? "is not allowed here."}`, {
        found,
        allowed: `Use one of: ${shape.enum.join(", ")}.`,
      });
      return;
    }
    const broken =
      (shape.pattern && !shape.pattern.test(value)) ||
      (shape.minLength !== undefined && value.length < shape.minLength) ||
      (shape.maxLength !== undefined && value.length > shape.maxLength);
    if (!broken) return;
    const reasons = shape.explain?.(value) ?? [];
    this.report(
      node.pos,
      path,
      `${found} ${shape.invalid ?? "is not valid"}${reasons.length ? `: ${reasons.join("; ")}` : ""}.`,
      {
        found,
        allowed: shape.allowed,
      },
    );
  }

  private checkNumber(node: ManifestNode, shape: NumberShape, path: KeyPath, optional: boolean): void {
    if (node.kind !== "scalar" || typeof node.value !== "number" || !Number.isFinite(node.value)) {
      this.wrongType(node, shape, path, optional);
      return;
    }
    const problem = numberProblem(node.value, shape, String(path.at(-1)));
    if (problem)
      this.report(node.pos, path, `${render(node)} ${problem.message}`, {
        found: render(node),
        allowed: problem.allowed,
      });
  }

  private wrongType(node: ManifestNode, shape: Shape, path: KeyPath, optional: boolean): void {
    const key = String(path.at(-1) ?? "");
    const expected = expectedText(shape);
    const empty = node.kind === "scalar" && node.empty;
    const message =
      empty && path.length === 0
        ? "the manifest is empty."
        : empty
          ? `has no value; expected ${expected}.`
          : `${describe(node)} is not ${expected}.`;
    const allowed =
      shape.hint?.(node, key) ?? typeHint(node, shape, key) ?? typeAdvice(node, shape, key, optional);
    this.report(placeOfValue(node), path, message, { found: render(node), allowed });
  }

  // -------------------------------------------------------------------------------------------
  // Rules that span keys: run on an environment whose structure is valid.

  checkEnvironmentRules(environment: ReadEnvironment, path: KeyPath): void {
    const { config, nodes } = environment;
    const ivsPath = [...path, "aws", "ivs"];
    const recordingPath = [...ivsPath, "recording"];

    const fallback = nodes.regions[0];
    if (config.ivsEnabled && fallback?.source === "aws.region" && !isIvsRealtimeRegion(fallback.region)) {
      this.report(
        fallback.node.pos,
        fallback.path,
        `${render(fallback.node)} has no IVS real-time, and it is the IVS region because aws.ivs names no regions.`,
        {
          found: render(fallback.node),
          allowed: `Set aws.ivs.regions (or aws.ivs.region) to IVS real-time regions: ${IVS_REALTIME_REGIONS.join(", ")}; or turn IVS off with ivs: false.`,
        },
      );
    }

    const video = nodes.video;
    const pixels = config.recording.video.width * config.recording.video.height;
    if (video && pixels > VIDEO_LIMITS.maxPixels) {
      const { width, height } = config.recording.video;
      this.report(
        video.keyPos ?? video.pos,
        [...recordingPath, "video"],
        `${width}×${height} is ${formatNumber(pixels)} pixels, more than IVS allows.`,
        {
          found: `${width}×${height}`,
          allowed: `Keep width × height at most 1920×1080 (${formatNumber(VIDEO_LIMITS.maxPixels)} pixels).`,
        },
      );
    }

    for (const [region, node] of nodes.buckets) {
      if (config.regions.includes(region)) continue;
      this.report(
        node.keyPos ?? node.pos,
        [...recordingPath, "buckets", region],
        `${region} is not one of this environment's IVS regions (${config.regions.join(", ")}).`,
        {
          found: region,
          allowed: `Add ${region} to aws.ivs.regions, or remove this bucket.`,
        },
      );
    }

    this.checkBucketsShared(config, nodes.buckets, [...recordingPath, "buckets"]);

    if (config.recording.enabled) {
      for (const { region, node, path: regionPath } of nodes.regions) {
        if (config.recording.buckets[region]) continue;
        const name = names.recordingBucket(config.environment, config.app, region);
        const problems = bucketNameProblems(name);
        if (problems.length === 0) continue;
        this.report(
          node.pos,
          regionPath,
          `the recording bucket name derived for ${region}, "${name}" (${name.length} characters), is not a valid S3 bucket name: ${problems.join("; ")}.`,
          {
            found: name,
            allowed: `Name the bucket yourself under aws.ivs.recording.buckets.${region}, or shorten the app or environment name.`,
          },
        );
      }
    }

    const tooLong = derivedNamesTooLong(config.environment, config.app, {
      logging: config.logging.enabled,
      recording: config.recording.enabled,
      mediaconvert: config.mediaconvert,
    });
    for (const problem of tooLong) {
      const at = nodes.feature[problem.feature];
      this.report(
        at.pos,
        at.path,
        `the ${problem.resource} name derived for this environment, "${problem.name}" (${problem.name.length} characters), is longer than AWS allows (${problem.limit}).`,
        {
          found: problem.name,
          allowed: "Shorten the app name or the environment name.",
        },
      );
    }
  }

  /**
   * Two IVS regions must not record into one bucket: a bucket lives in one region, and IVS takes
   * only a bucket in the storage configuration's own region. Left to AWS, the second region's
   * CreateBucket answers BucketAlreadyOwnedByYou and its next call a 301, halfway through a sync.
   * Checked whatever the recording switch says: destroy:recording uses the same names.
   */
  private checkBucketsShared(
    config: EnvironmentConfig,
    overrides: Map<string, ManifestNode>,
    path: KeyPath,
  ): void {
    const used = config.regions.map((region) => ({
      region,
      bucket:
        config.recording.buckets[region] ?? names.recordingBucket(config.environment, config.app, region),
      node: overrides.get(region),
    }));
    const first = new Map<string, (typeof used)[number]>();
    for (const entry of used) {
      const earlier = first.get(entry.bucket);
      if (!earlier) {
        first.set(entry.bucket, entry);
        continue;
      }
      // Point at a name the user wrote (two derived names never collide): the later one when both are.
      const [named, other] = entry.node ? [entry, earlier] : [earlier, entry];
      if (!named.node) continue;
      const whose = other.node
        ? `is also the bucket named for ${other.region} (aws.ivs.recording.buckets.${other.region})`
        : `is the bucket name yolo derives for ${other.region}, also an IVS region of this environment`;
      const derived = names.recordingBucket(config.environment, config.app, named.region);
      const derivedFree =
        bucketNameProblems(derived).length === 0 && !used.some((u) => u.bucket === derived && u !== named);
      this.report(
        placeOfValue(named.node),
        [...path, named.region],
        `${render(named.node)} ${whose}: ${other.region} and ${named.region} cannot share a bucket (a bucket lives in one region, and IVS records only into a bucket in its own region).`,
        {
          found: render(named.node),
          allowed: derivedFree
            ? `Give each IVS region its own bucket: name another one for ${named.region}, or remove buckets.${named.region} to use the name yolo derives, ${derived}.`
            : `Give each IVS region its own bucket: name another one for ${named.region}.`,
        },
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reading a structurally valid environment into its config, keeping the nodes the rules need.

interface RegionSource {
  region: string;
  node: ScalarNode;
  path: KeyPath;
  source: "regions" | "region" | "aws.region";
}

interface ReadEnvironment {
  config: EnvironmentConfig;
  nodes: {
    regions: RegionSource[];
    video?: ManifestNode;
    buckets: Map<string, ManifestNode>;
    /** Where each feature that needs derived names is turned on. */
    feature: Record<"logging" | "recording" | "mediaconvert", { pos: Position; path: KeyPath }>;
  };
}

function readEnvironment(file: string, app: string, environment: string, envNode: MapNode): ReadEnvironment {
  const envPath = ["environments", environment];
  const awsPath = [...envPath, "aws"];
  const ivsPath = [...awsPath, "ivs"];
  const recordingPath = [...ivsPath, "recording"];
  const aws = entry(envNode, "aws") as MapNode;
  const homeRegionNode = entry(aws, "region") as ScalarNode;
  const ivsNode = entry(aws, "ivs");
  const ivsMap = ivsNode?.kind === "map" ? ivsNode : undefined;
  const ivsEnabled = ivsMap !== undefined || scalar(ivsNode) === true;
  const recordingNode = entry(ivsMap, "recording");
  const videoNode = entry(recordingNode, "video");
  const bucketsNode = entry(recordingNode, "buckets");

  const regions = ivsEnabled ? resolveRegions(ivsMap, homeRegionNode, awsPath) : [];
  const video: VideoSettings = {
    width: (scalar(entry(videoNode, "width")) as number | undefined) ?? DEFAULT_VIDEO.width,
    height: (scalar(entry(videoNode, "height")) as number | undefined) ?? DEFAULT_VIDEO.height,
    framerate: (scalar(entry(videoNode, "framerate")) as number | undefined) ?? DEFAULT_VIDEO.framerate,
    bitrate: (scalar(entry(videoNode, "bitrate")) as number | undefined) ?? DEFAULT_VIDEO.bitrate,
  };
  const buckets = bucketsNode?.kind === "map" ? bucketsNode.entries : new Map<string, ManifestNode>();
  const accountId = scalar(entry(aws, "account-id")) as string | undefined;
  const expireAfterDays = scalar(entry(recordingNode, "expire-after-days")) as number | undefined;
  const place = (node: ManifestNode | undefined, path: KeyPath) => ({
    pos: node ? placeOfValue(node) : (envNode.keyPos ?? envNode.pos),
    path,
  });

  const config: EnvironmentConfig = {
    manifestPath: file,
    app,
    environment,
    homeRegion: homeRegionNode.value as string,
    ...(accountId !== undefined ? { accountId } : {}),
    mediaconvert: scalar(entry(aws, "mediaconvert")) === true,
    ivsEnabled,
    regions: regions.map((source) => source.region),
    logging: {
      // `ivs: true` is the shorthand for {logging: true}.
      enabled: ivsMap ? scalar(entry(ivsMap, "logging")) === true : ivsEnabled,
      retentionDays:
        (scalar(entry(ivsMap, "log-retention-days")) as number | undefined) ?? DEFAULT_LOG_RETENTION_DAYS,
      ...(scalar(entry(ivsMap, "logging")) === false ? { switchedOff: true as const } : {}),
    },
    recording: {
      enabled: scalar(entry(recordingNode, "real_time")) === true,
      ...(scalar(entry(recordingNode, "real_time")) === false ? { switchedOff: true as const } : {}),
      video,
      ...(expireAfterDays !== undefined ? { expireAfterDays } : {}),
      buckets: Object.fromEntries([...buckets].map(([region, node]) => [region, scalar(node) as string])),
    },
  };
  return {
    config,
    nodes: {
      regions,
      video: videoNode,
      buckets,
      feature: {
        logging: ivsMap ? place(entry(ivsMap, "logging"), [...ivsPath, "logging"]) : place(ivsNode, ivsPath),
        recording: place(entry(recordingNode, "real_time"), [...recordingPath, "real_time"]),
        mediaconvert: place(entry(aws, "mediaconvert"), [...awsPath, "mediaconvert"]),
      },
    },
  };
}

/** SPEC §2: `aws.ivs.regions` → `[aws.ivs.region]` → `[aws.region]`. */
function resolveRegions(ivs: MapNode | undefined, homeRegion: ScalarNode, awsPath: KeyPath): RegionSource[] {
  const list = entry(ivs, "regions") as ListNode | undefined;
  if (list) {
    return list.items.map((node, index) => ({
      region: (node as ScalarNode).value as string,
      node: node as ScalarNode,
      path: [...awsPath, "ivs", "regions", index],
      source: "regions" as const,
    }));
  }
  const single = entry(ivs, "region") as ScalarNode | undefined;
  if (single)
    return [
      { region: single.value as string, node: single, path: [...awsPath, "ivs", "region"], source: "region" },
    ];
  return [
    {
      region: homeRegion.value as string,
      node: homeRegion,
      path: [...awsPath, "region"],
      source: "aws.region",
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

function entry(node: ManifestNode | undefined, key: string): ManifestNode | undefined {
  return node?.kind === "map" ? node.entries.get(key) : undefined;
}

function scalar(node: ManifestNode | undefined): unknown {
  return node?.kind === "scalar" ? node.value : undefined;
}

/** Where to point for a problem with this value: an empty value is pointed at by its key. */
function placeOfValue(node: ManifestNode): Position {
  return node.kind === "scalar" && node.empty ? (node.keyPos ?? node.pos) : node.pos;
}

/** Where to point for a key missing from this map: the key holding the map. */
function placeOfMissing(node: MapNode): Position {
  return node.keyPos ?? node.pos;
}

/** `environments.production.aws.ivs.regions[1]` */
function pathText(path: KeyPath): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === "number") return `${text}[${segment}]`;
    return text ? `${text}.${cut(segment)}` : cut(segment);
  }, "");
}

/** The value as YAML would show it: `"us-east-1"`, `15`, `true`, `nothing`, `a list`. */
function render(node: ManifestNode): string {
  if (node.kind === "map") return "a map";
  if (node.kind === "list") return "a list";
  if (node.empty) return "nothing";
  if (typeof node.value === "string") return cut(node.value, true);
  return cut(String(node.value));
}

/** The value in words, for "X is not Y" sentences. */
function describe(node: ManifestNode): string {
  if (node.kind !== "scalar") return render(node);
  if (typeof node.value === "string") return `the string ${render(node)}`;
  if (typeof node.value === "number") return `the number ${render(node)}`;
  return render(node);
}

function expectedText(shape: Shape): string {
  if (shape.expected) return shape.expected;
  switch (shape.type) {
    case "string":
      return "a string";
    case "boolean":
      return "a boolean (true or false)";
    case "integer":
      return "a whole number";
    case "number":
      return "a number";
    case "list":
      return "a list";
    case "map":
    case "record":
      return "a map";
    case "either":
      return shape.options.map(expectedText).join(" or ");
  }
}

const YAML11_BOOLEANS = new Set(["yes", "no", "on", "off", "y", "n"]);

/** Advice for the common wrong types: quoted booleans and numbers. */
function typeHint(node: ManifestNode, shape: Shape, key: string): string | undefined {
  if (node.kind !== "scalar" || typeof node.value !== "string") return undefined;
  const text = node.value.trim().toLowerCase();
  if (shape.type === "boolean" && (text === "true" || text === "false" || YAML11_BOOLEANS.has(text))) {
    const why = YAML11_BOOLEANS.has(text) ? ` (YAML 1.2 reads ${node.value} as a string)` : "";
    return `Write ${key}: true or ${key}: false, without quotes${why}.`;
  }
  if (shape.type === "integer" || shape.type === "number") {
    const number = Number(text.replace(/[_,]/g, ""));
    if (text !== "" && Number.isFinite(number))
      return `Write it as a plain number, without quotes: ${key}: ${number}.`;
  }
  return undefined;
}

/**
 * What to write instead of a value of the wrong type, when neither the shape's own hint nor
 * {@link typeHint} has better advice: every wrong-type error says what is allowed.
 */
function typeAdvice(node: ManifestNode, shape: Shape, key: string, optional: boolean): string {
  const advice = adviceFor(node, shape, key);
  // `expire-after-days:` or `~`: the key may just be left out.
  const nothing = node.kind === "scalar" && node.value === null;
  if (!nothing || !optional) return advice;
  const absent =
    "default" in shape && shape.default !== undefined
      ? ` to use the default, ${shape.default}`
      : shape.whenAbsent
        ? ` ${shape.whenAbsent}`
        : "";
  return `${advice.replace(/\.$/, "")}; or remove ${key}${absent}.`;
}

function adviceFor(node: ManifestNode, shape: Shape, key: string): string {
  if (shape.example) return `Write ${shape.example}.`;
  switch (shape.type) {
    case "string": {
      if (shape.enum) return `Use one of: ${shape.enum.join(", ")}.`;
      // A number or boolean where a string belongs (`name: 123`): quoting it may be all it needs.
      const text = node.kind === "scalar" && node.value !== null ? String(node.value) : undefined;
      if (text !== undefined && stringFits(text, shape)) return `Quote it: ${key}: "${text}".`;
      return shape.allowed ?? `Write ${key} as a string.`;
    }
    case "boolean":
      return `Write ${key}: true or ${key}: false.`;
    case "integer":
    case "number":
      return shape.enum ? `Use one of: ${shape.enum.join(", ")}.` : `Use ${numberRangeText(shape)}.`;
    case "list":
      return `Write a list: ${key}: [first, second].`;
    case "map":
      return `Write a map under ${key}, with any of: ${Object.keys(shape.properties).join(", ")}.`;
    case "record":
      return `Write a map under ${key}.`;
    case "either":
      return `Write ${key}: ${expectedText(shape)}.`;
  }
}

/** The text passes every check a string of this shape has. */
function stringFits(text: string, shape: StringShape): boolean {
  if (shape.enum) return shape.enum.includes(text);
  if (shape.pattern && !shape.pattern.test(text)) return false;
  if (shape.minLength !== undefined && text.length < shape.minLength) return false;
  return shape.maxLength === undefined || text.length <= shape.maxLength;
}

/** What is wrong with a number, if anything: completes "<value> …", and what to use instead. */
function numberProblem(
  value: number,
  shape: NumberShape,
  key: string,
): { message: string; allowed: string } | undefined {
  if (shape.enum) {
    if (shape.enum.includes(value)) return undefined;
    return {
      message: shape.notInEnum ?? "is not allowed here.",
      allowed: `Use one of: ${shape.enum.join(", ")}.`,
    };
  }
  const allowed = `Use ${numberRangeText(shape)}.`;
  if (shape.type === "integer" && !Number.isInteger(value))
    return { message: "is not a whole number.", allowed };
  if (
    (shape.minimum !== undefined && value < shape.minimum) ||
    (shape.maximum !== undefined && value > shape.maximum)
  ) {
    return { message: "is out of range.", allowed };
  }
  if (shape.multipleOf === 2 && value % 2 !== 0)
    return { message: `is odd; IVS needs an even ${key}.`, allowed };
  if (shape.multipleOf !== undefined && value % shape.multipleOf !== 0) {
    return { message: `is not a multiple of ${shape.multipleOf}.`, allowed };
  }
  return undefined;
}

function numberRangeText(shape: NumberShape): string {
  const kind = `${shape.multipleOf === 2 ? "an even " : "a "}${shape.type === "integer" ? "whole number" : "number"}`;
  const { minimum, maximum } = shape;
  if (minimum !== undefined && maximum !== undefined)
    return `${kind} from ${formatNumber(minimum)} to ${formatNumber(maximum)}`;
  if (minimum !== undefined) return `${kind} of at least ${formatNumber(minimum)}`;
  if (maximum !== undefined) return `${kind} of at most ${formatNumber(maximum)}`;
  return kind;
}

/** The allowed key a typo most likely meant (`realtime` → `real_time`), if any is close. */
function closestKey(key: string, allowed: readonly string[]): string | undefined {
  const normalize = (text: string) => text.toLowerCase().replace(/[-_\s]/g, "");
  const wanted = normalize(key);
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const normal = normalize(candidate);
    const distance = normal === wanted ? 0 : editDistance(wanted, normal);
    const close = distance <= Math.max(1, Math.min(2, Math.floor(normal.length / 3)));
    const contained = wanted.length >= 4 && (normal.includes(wanted) || wanted.includes(normal));
    if ((close || contained) && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
