import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** `YOLO_{ENV}_AWS_PROFILE`, with the environment upper-cased and `-` turned into `_`. */
export function profileVariable(environment: string): string {
  return `YOLO_${environment.toUpperCase().replace(/-/g, "_")}_AWS_PROFILE`;
}

/** Read one key from a dotenv file (KEY=value, optional quotes, # comments); undefined if absent. */
export function readDotenvKey(file: string, key: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match || match[1] !== key) continue;
    const value = match[2].trim();
    const quoted = /^(["'])(.*?)\1(\s+#.*)?$/.exec(value);
    return quoted ? quoted[2] : value.replace(/\s+#.*$/, "");
  }
  return undefined;
}

/**
 * The profile to use (SPEC §5): `--profile`, else YOLO_{ENV}_AWS_PROFILE from the process
 * environment, else from the `.env` beside the manifest, else none (the SDK's default chain).
 */
export function resolveProfile(options: {
  profile?: string;
  environment: string;
  manifestPath: string;
  env: NodeJS.ProcessEnv;
}): {
  profile?: string;
  source?: string;
} {
  if (options.profile) return { profile: options.profile, source: "--profile" };
  const variable = profileVariable(options.environment);
  if (options.env[variable]) return { profile: options.env[variable], source: variable };
  const dotenv = join(dirname(options.manifestPath), ".env");
  const fromFile = readDotenvKey(dotenv, variable);
  if (fromFile) return { profile: fromFile, source: `${variable} in ${dotenv}` };
  return {};
}
