import { ok, type Result } from '../result.js';
import { type ItemPage, type PageRequest, type QueryTarget, queryPage } from './query.js';
import type { StoreContext } from './store-context.js';

type Item = Record<string, unknown>;

/** Bounds the reads one filtered page may cost. */
export const FILTERED_QUERY_LIMITS = { maxReadsPerPage: 10 } as const;

/**
 * One page of the items of `target` that `keep` accepts. Each read asks for exactly the rows still
 * missing, so the last read's token resumes right after the last row examined. A page may hold
 * fewer than `pageSize` rows (even none) and still have a next page when the read bound is hit
 * (DynamoDB's own Limit-before-filter semantics).
 */
export async function queryFilteredPage(
  ctx: StoreContext,
  target: QueryTarget,
  page: PageRequest,
  keep: (item: Item) => boolean,
): Promise<Result<ItemPage, 'invalidPageToken'>> {
  const items: Item[] = [];
  let token = page.pageToken;
  for (let reads = 0; reads < FILTERED_QUERY_LIMITS.maxReadsPerPage; reads++) {
    const read = await queryPage(ctx, target, {
      pageSize: page.pageSize - items.length,
      ...(token === undefined ? {} : { pageToken: token }),
    });
    if (!read.ok) return read;
    items.push(...read.value.items.filter(keep));
    token = read.value.nextPageToken;
    if (token === undefined || items.length === page.pageSize) break;
  }
  return ok(token === undefined ? { items } : { items, nextPageToken: token });
}
