/**
 * Opaque `nextToken` paging over an already ordered list, as the JSON 1.1 services (Logs and
 * EventBridge) page. A token encodes the offset of the next item and the listing it belongs to
 * (its scope), so a token from one listing is refused by another.
 */

/** One page of a listing, and the token for the next one when more remain. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Which page to return: the listing's scope, the page size and the caller's token, if any. */
export interface PageRequest {
  scope: string;
  limit: number;
  nextToken: string | undefined;
}

function encode(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset })).toString("base64url");
}

function decode(scope: string, token: string, invalidToken: (message: string) => Error): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (parsed?.s === scope && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw invalidToken(`The specified nextToken is invalid: ${token}`);
}

/**
 * Items `[offset, offset + limit)` of `items`, and a token when more remain. A token that cannot
 * be decoded or belongs to another scope is refused with the service's own error.
 */
export function pageOf<T>(
  items: T[],
  { scope, limit, nextToken }: PageRequest,
  invalidToken: (message: string) => Error,
): Page<T> {
  const offset = nextToken === undefined ? 0 : decode(scope, nextToken, invalidToken);
  const slice = items.slice(offset, offset + limit);
  const next = offset + slice.length;
  return next < items.length ? { items: slice, nextToken: encode(scope, next) } : { items: slice };
}
