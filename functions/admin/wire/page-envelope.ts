import { err, ok, type Result } from '#functions/shared/result.js';
import type { PageRequest } from '#functions/shared/store/query.js';
import type { AdminLimits } from '../admin-limits.js';

export interface PageParams extends PageRequest {
  /** Twilio's `Page`: client state only, echoed back and used for `start`/`end`. */
  readonly page: number;
}

const INTEGER = /^(0|[1-9][0-9]{0,8})$/;

/** Parses `PageSize` (1..maxPageSize, default defaultPageSize), `Page` (≥ 0) and `PageToken`. */
export function parsePageParams(query: URLSearchParams, limits: AdminLimits): Result<PageParams, string> {
  const sizeText = query.get('PageSize');
  const pageText = query.get('Page');
  const token = query.get('PageToken');
  const pageSize = sizeText === null ? limits.defaultPageSize : Number(sizeText);
  if (sizeText !== null && (!INTEGER.test(sizeText) || pageSize < 1 || pageSize > limits.maxPageSize)) {
    return err(`PageSize must be an integer from 1 to ${limits.maxPageSize}`);
  }
  const page = pageText === null ? 0 : Number(pageText);
  if (pageText !== null && !INTEGER.test(pageText)) return err('Page must be a non-negative integer');
  return ok({ pageSize, page, ...(token === null || token === '' ? {} : { pageToken: token }) });
}

/** Twilio's list envelope around `records` under `listKey`. */
export function pageEnvelope(
  path: string,
  listKey: string,
  records: readonly unknown[],
  params: PageParams,
  nextPageToken: string | undefined,
) {
  const uri = (page: number, token?: string) =>
    `${path}.json?PageSize=${params.pageSize}&Page=${page}${token === undefined ? '' : `&PageToken=${token}`}`;
  const start = params.page * params.pageSize;
  return {
    [listKey]: records,
    end: Math.max(start, start + records.length - 1),
    first_page_uri: uri(0),
    next_page_uri: nextPageToken === undefined ? null : uri(params.page + 1, nextPageToken),
    page: params.page,
    page_size: params.pageSize,
    previous_page_uri: null,
    start,
    uri: uri(params.page, params.pageToken),
  };
}
