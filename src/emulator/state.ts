import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * All emulated AWS state, as one JSON-serialisable tree. Each service keeps its own part:
 * global ones (S3 bucket names, IAM) under `global[service]`, regional ones under
 * `regional["{account}/{region}"][service]`.
 */
export interface EmulatorStore {
  global: Record<string, any>;
  regional: Record<string, Record<string, any>>;
}

export function emptyStore(): EmulatorStore {
  return { global: {}, regional: {} };
}

/** A service's global state (created on first use). */
export function globalState<T>(store: EmulatorStore, service: string, init: () => T): T {
  store.global[service] ??= init();
  return store.global[service] as T;
}

/** A service's state for one account and region (created on first use). */
export function regionalState<T>(
  store: EmulatorStore,
  service: string,
  account: string,
  region: string,
  init: () => T,
): T {
  const key = `${account}/${region}`;
  store.regional[key] ??= {};
  store.regional[key][service] ??= init();
  return store.regional[key][service] as T;
}

/** Every (account, region) that has state for a service. */
export function regionalStates<T>(
  store: EmulatorStore,
  service: string,
): { account: string; region: string; state: T }[] {
  return Object.entries(store.regional)
    .filter(([, services]) => services[service] !== undefined)
    .map(([key, services]) => {
      const [account, region] = key.split("/");
      return { account, region, state: services[service] as T };
    });
}

export function loadStore(file: string): EmulatorStore {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8"));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      throw new Error("the file does not hold an emulator state object");
    return { global: parsed.global ?? {}, regional: parsed.regional ?? {} };
  } catch (error: any) {
    if (error?.code === "ENOENT") return emptyStore();
    throw new Error(`Cannot read emulator state ${file}: ${error.message}`);
  }
}

/**
 * Write atomically (temp file + rename) so a crash never leaves half a state file. Its folder is
 * made on the first write, so an emulator that is only read (a dry run) leaves no trace on disk.
 */
export function saveStore(file: string, store: EmulatorStore): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(store));
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** An AWS-style random id (IVS ids are 12 alphanumeric characters). */
export function randomId(length = 12): string {
  const bytes = randomBytes(length);
  let id = "";
  for (let i = 0; i < length; i++) id += ID_ALPHABET[bytes[i] % ID_ALPHABET.length];
  return id;
}
