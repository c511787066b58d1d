/**
 * The app's environment variables (SPEC §6): the one place their names live, how they are laid
 * out for one or several regions, and how a dotenv file is updated without disturbing it.
 */
import type { RegionEnv } from "./result.js";

/** `AWS_IVS_REGION`: the (first) IVS region. */
export const REGION_KEY = "AWS_IVS_REGION";
/** `AWS_IVS_REGIONS`: every IVS region, comma-separated (only when there are several). */
export const REGIONS_KEY = "AWS_IVS_REGIONS";
export const BUCKET_KEY = "AWS_IVS_REALTIME_RECORDINGS_BUCKET";
export const STORAGE_CONFIGURATION_KEY = "AWS_IVS_STORAGE_CONFIGURATION_ARN";
export const ENCODER_CONFIGURATION_KEY = "AWS_IVS_ENCODER_CONFIGURATION_ARN";

/** The per-region keys, in the order they are printed. */
export const REGION_VALUE_KEYS = [BUCKET_KEY, STORAGE_CONFIGURATION_KEY, ENCODER_CONFIGURATION_KEY] as const;

/** What the sync knows about one region. */
export interface RegionValues {
  bucket?: string;
  storageConfigurationArn?: string;
  encoderConfigurationArn?: string;
}

/** One region's variables, unsuffixed; a key without a value is left out. */
export function regionEnv(values: RegionValues): Record<string, string> {
  const env: Record<string, string> = {};
  if (values.bucket) env[BUCKET_KEY] = values.bucket;
  if (values.storageConfigurationArn) env[STORAGE_CONFIGURATION_KEY] = values.storageConfigurationArn;
  if (values.encoderConfigurationArn) env[ENCODER_CONFIGURATION_KEY] = values.encoderConfigurationArn;
  return env;
}

/** The suffix a region gives its keys: `us-east-1` → `_US_EAST_1`. */
export function regionSuffix(region: string): string {
  return `_${region.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/**
 * The dotenv lines, in order. One region: `AWS_IVS_REGION` and the three keys. Several:
 * `AWS_IVS_REGIONS`, then `AWS_IVS_REGION` and the unsuffixed keys of the first region (in the
 * manifest's order), then every region's keys suffixed. Values that do not exist are left out.
 */
export function dotenvEntries(regions: string[], env: RegionEnv): [string, string][] {
  if (regions.length === 0) return [];
  const [first] = regions;
  const valuesOf = (region: string): [string, string][] =>
    REGION_VALUE_KEYS.flatMap((key) => {
      const value = env[region]?.[key];
      return value ? [[key, value] as [string, string]] : [];
    });

  const entries: [string, string][] = [];
  if (regions.length > 1) entries.push([REGIONS_KEY, regions.join(",")]);
  entries.push([REGION_KEY, first], ...valuesOf(first));
  if (regions.length > 1) {
    for (const region of regions) {
      for (const [key, value] of valuesOf(region)) entries.push([`${key}${regionSuffix(region)}`, value]);
    }
  }
  return entries;
}

/** Whether any region has a value (so there is more to print than the region names). */
export function hasEnvValues(env: RegionEnv): boolean {
  return Object.values(env).some((values) => Object.values(values).some(Boolean));
}

/** A value as dotenv writes it: bare when safe, else single-quoted (no expansion), else double-quoted. */
export function formatDotenvValue(value: string): string {
  if (/^[A-Za-z0-9_.,:/@+%=-]+$/.test(value)) return value;
  if (!value.includes("'") && !value.includes("\n")) return `'${value}'`;
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** `KEY=value` lines, each ending in a newline. */
export function formatDotenv(entries: [string, string][]): string {
  return entries.map(([key, value]) => `${key}=${formatDotenvValue(value)}\n`).join("");
}

const ASSIGNMENT = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)(\s*=)(.*)$/;

interface DotenvLine {
  /** The line's text without its line break. */
  text: string;
  /** Its line break (`\n`, `\r\n`, or `` for a last line without one). */
  eol: string;
  /** The key it assigns, when it starts an assignment. */
  key?: string;
  /** `export ` and the like, kept when the line is replaced. */
  prefix?: string;
  /** Further lines of a multi-line quoted value. */
  continuation: { text: string; eol: string }[];
}

/**
 * Update exactly the given keys in a dotenv file's text: an existing assignment is replaced
 * where it stands (every occurrence, so whichever one a loader honours is right), missing keys
 * are appended at the end, and every other byte — comments, blank lines, order, line breaks,
 * a missing final newline — is kept.
 */
export function updateDotenv(
  existingText: string | undefined,
  entries: [string, string][],
  /** Keys to take out (yolo's own keys that no longer have a value); other lines are kept. */
  remove: readonly string[] = [],
): string {
  if (existingText === undefined || existingText === "") return formatDotenv(entries);
  const lines = parseDotenvLines(existingText);
  const removed = new Set(remove.filter((key) => !entries.some(([k]) => k === key)));
  const eol = existingText.includes("\r\n") ? "\r\n" : "\n";
  const wanted = new Map(entries);
  const written = new Set<string>();

  let out = "";
  for (const line of lines) {
    if (line.key !== undefined && removed.has(line.key)) continue;
    if (line.key !== undefined && wanted.has(line.key)) {
      const lastEol =
        line.continuation.length > 0 ? line.continuation[line.continuation.length - 1].eol : line.eol;
      out += `${line.prefix ?? ""}${line.key}=${formatDotenvValue(wanted.get(line.key)!)}${lastEol}`;
      written.add(line.key);
      continue;
    }
    out += line.text + line.eol;
    for (const more of line.continuation) out += more.text + more.eol;
  }

  const missing = entries.filter(([key]) => !written.has(key));
  if (missing.length === 0) return out;
  const endsWithNewline = /\r?\n$/.test(existingText);
  const appended = missing.map(([key, value]) => `${key}=${formatDotenvValue(value)}`).join(eol);
  return endsWithNewline ? `${out}${appended}${eol}` : `${out}${eol}${appended}`;
}

/** Split dotenv text into lines, grouping a double/single-quoted value that spans several lines. */
function parseDotenvLines(text: string): DotenvLine[] {
  const raw: { text: string; eol: string }[] = [];
  const pattern = /([^\n]*?)(\r\n|\n|$)/gy;
  let position = 0;
  while (position < text.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(text)!;
    raw.push({ text: match[1], eol: match[2] });
    position = pattern.lastIndex;
  }

  const lines: DotenvLine[] = [];
  for (let i = 0; i < raw.length; i++) {
    const { text: lineText, eol } = raw[i];
    const match = ASSIGNMENT.exec(lineText);
    const line: DotenvLine = { text: lineText, eol, continuation: [] };
    if (match) {
      line.prefix = match[1];
      line.key = match[2];
      const value = match[4].trimStart();
      const quote = value[0];
      if ((quote === '"' || quote === "'") && !closesQuote(value.slice(1), quote)) {
        // A quoted value that continues on the next lines: those lines belong to this key.
        while (i + 1 < raw.length) {
          i++;
          line.continuation.push(raw[i]);
          if (closesQuote(raw[i].text, quote)) break;
        }
      }
    }
    lines.push(line);
  }
  return lines;
}

function closesQuote(text: string, quote: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\" && quote === '"') i++;
    else if (text[i] === quote) return true;
  }
  return false;
}

/** Every key yolo may write for these regions (what `env --write` owns in a dotenv file). */
export function allEnvKeys(regions: readonly string[]): string[] {
  return [
    REGIONS_KEY,
    REGION_KEY,
    ...REGION_VALUE_KEYS,
    ...regions.flatMap((region) => REGION_VALUE_KEYS.map((key) => `${key}${regionSuffix(region)}`)),
  ];
}
