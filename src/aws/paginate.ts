/** Pagination folded into one place, so call sites ask for "all of them" and never loop. */

/**
 * Every item of a `nextToken`-paginated call (IVS, CloudWatch Logs, EventBridge): `fetchPage` is
 * called with the previous page's token until a page comes back without one.
 */
export async function collectByNextToken<Page extends { nextToken?: string }, Item>(
  fetchPage: (nextToken: string | undefined) => Promise<Page>,
  itemsOf: (page: Page) => readonly Item[] | undefined,
): Promise<Item[]> {
  const items: Item[] = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page = await fetchPage(nextToken);
    items.push(...(itemsOf(page) ?? []));
    nextToken = page.nextToken || undefined;
    if (nextToken !== undefined) {
      // A service answering the same token twice would otherwise loop for ever.
      if (seen.has(nextToken)) throw new Error(`Pagination returned the token ${nextToken} twice`);
      seen.add(nextToken);
    }
  } while (nextToken !== undefined);
  return items;
}

/**
 * Every item of a `Marker`/`IsTruncated`-paginated call (IAM): `fetchPage` is called with the
 * previous page's marker while the page says it is truncated.
 */
export async function collectByMarker<Page extends { Marker?: string; IsTruncated?: boolean }, Item>(
  fetchPage: (marker: string | undefined) => Promise<Page>,
  itemsOf: (page: Page) => readonly Item[] | undefined,
): Promise<Item[]> {
  const items: Item[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  do {
    const page = await fetchPage(marker);
    items.push(...(itemsOf(page) ?? []));
    marker = page.IsTruncated ? page.Marker || undefined : undefined;
    if (marker !== undefined) {
      if (seen.has(marker)) throw new Error(`Pagination returned the marker ${marker} twice`);
      seen.add(marker);
    }
  } while (marker !== undefined);
  return items;
}
