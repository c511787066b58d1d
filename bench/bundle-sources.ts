/**
 * Which source a line of the built CLI came from. The bundler writes a `// <path>` comment before
 * each module it inlines (`// src/engine/runner.ts`, `// node_modules/@smithy/core/…`), so the
 * last such comment at or above a line names the module that line belongs to.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const MODULE_COMMENT = /^\/\/ ((?:src|node_modules)\/\S+)$/;

/** Who wrote the code a CPU profile sample ran in. */
export const OWNERS = [
  "yolo (src/)",
  "AWS SDK (@aws-sdk, @smithy)",
  "Node.js (HTTP, sockets, streams, crypto, timers)",
  "other packages (yaml, commander, …)",
] as const;
export type Owner = (typeof OWNERS)[number];

/** A value for every owner, in {@link OWNERS} order. */
export function byOwner(value: (owner: Owner) => number): Record<Owner, number> {
  return Object.fromEntries(OWNERS.map((owner) => [owner, value(owner)])) as Record<Owner, number>;
}

export class BundleSources {
  /** Per bundle file: [first line (0-based), module path] in file order. */
  private readonly files = new Map<string, [number, string][]>();

  /** The module path (`src/…` or `node_modules/…`) of a 0-based line of a `file://` URL, if it is in the bundle. */
  moduleAt(url: string, line: number): string | undefined {
    if (!url.startsWith("file://")) return undefined;
    let starts = this.files.get(url);
    if (!starts) {
      starts = [];
      try {
        readFileSync(fileURLToPath(url), "utf8")
          .split("\n")
          .forEach((text, index) => {
            const match = MODULE_COMMENT.exec(text);
            if (match) starts?.push([index, match[1]]);
          });
      } catch {
        // Not a file of this build: no module to name.
      }
      this.files.set(url, starts);
    }
    let found: string | undefined;
    for (const [first, path] of starts) {
      if (first > line) break;
      found = path;
    }
    return found;
  }

  /** Whose code a frame is: Node's own modules by `node:` URL, the rest by the bundled module's path. */
  ownerOf(frame: { url: string; lineNumber: number }): Owner {
    if (frame.url.startsWith("node:") || frame.url === "")
      return "Node.js (HTTP, sockets, streams, crypto, timers)";
    const module = this.moduleAt(frame.url, frame.lineNumber) ?? "";
    if (module.startsWith("src/")) return "yolo (src/)";
    if (/^node_modules\/@(aws-sdk|smithy|aws)\//.test(module)) return "AWS SDK (@aws-sdk, @smithy)";
    return "other packages (yaml, commander, …)";
  }
}
