/**
 * List paging for IVS: `maxResults` and an opaque `nextToken`. The token names the creation
 * sequence number of the last item returned, so a page boundary survives creates and deletes
 * between calls (AWS's tokens are opaque too; callers must not parse them).
 */
import { AwsError } from "../errors.js";

export interface PageInput {
  nextToken?: string;
  maxResults?: number;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

const PREFIX = "ivs-page-after-";

function encodeToken(seq: number): string {
  return Buffer.from(`${PREFIX}${seq}`).toString("base64");
}

function decodeToken(token: string): number {
  const text = Buffer.from(token, "base64").toString();
  const seq = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isInteger(seq) || seq < 0)
    throw new AwsError("ValidationException", "The pagination token is invalid");
  return seq;
}

/** One page of `records` (in creation order), at most `maxResults` or `defaultMaxResults` long. */
export function pageOf<T extends { seq: number }>(
  records: T[],
  input: PageInput,
  defaultMaxResults: number,
): Page<T> {
  const after = input.nextToken ? decodeToken(input.nextToken) : 0;
  const limit = input.maxResults ?? defaultMaxResults;
  const remaining = records.filter((record) => record.seq > after).sort((a, b) => a.seq - b.seq);
  const items = remaining.slice(0, limit);
  return remaining.length > limit
    ? { items, nextToken: encodeToken(items[items.length - 1].seq) }
    : { items };
}
