/**
 * Opaque `nextToken` paging over an already ordered list, shared by the JSON 1.1 services
 * (Logs and EventBridge). A token encodes the offset of the next item and the operation it
 * belongs to, so a token from one listing is refused by another.
 */

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** A token that cannot be decoded or belongs to another operation. */
export class InvalidTokenError extends Error {}

function encode(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset })).toString("base64url");
}

function decode(scope: string, token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (parsed?.s === scope && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw new InvalidTokenError(`The specified nextToken is invalid: ${token}`);
}

/** Items `[offset, offset + limit)` of `items`, and a token when more remain. */
export function pageOf<T>(items: T[], scope: string, limit: number, token: string | undefined): Page<T> {
  const offset = token === undefined ? 0 : decode(scope, token);
  const slice = items.slice(offset, offset + limit);
  const next = offset + slice.length;
  return next < items.length ? { items: slice, nextToken: encode(scope, next) } : { items: slice };
}
