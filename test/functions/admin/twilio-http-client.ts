interface RequestOptions {
  method: string;
  uri: string;
  username?: string;
  password?: string;
  headers?: Record<string, string>;
  params?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

/**
 * The official client's custom `httpClient` hook: every Twilio host (api., monitor., …) is sent to
 * the local API at `baseUrl`, keeping path and query.
 */
export function localTwilioHttpClient(baseUrl: string) {
  const form = (values: Record<string, unknown> | undefined) => {
    const out = new URLSearchParams();
    for (const [key, value] of Object.entries(values ?? {})) {
      if (value !== undefined) out.append(key, String(value));
    }
    return out;
  };
  return {
    async request(opts: RequestOptions) {
      const url = new URL(opts.uri);
      const target = new URL(`${url.pathname}${url.search}`, baseUrl);
      for (const [key, value] of form(opts.params)) target.searchParams.append(key, value);
      const method = opts.method.toUpperCase();
      const body = method === 'POST' ? form(opts.data).toString() : undefined;
      const res = await fetch(target, {
        method,
        headers: {
          ...opts.headers,
          authorization: `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`,
        },
        ...(body === undefined ? {} : { body }),
      });
      return { statusCode: res.status, body: await res.text(), headers: Object.fromEntries(res.headers) };
    },
  };
}
