/** The base URL an in-process transport serves, and where a request's URL falls against it. */

/** The API's own base URL, which is also `@spartera/client`'s default. */
export const DEFAULT_BASE_URL = 'https://api.spartera.com';

export interface MockBase {
  /** `https://api.spartera.com`, or with its path prefix (`https://stage.example/v1`), no trailing slash. */
  readonly href: string;
  readonly origin: string;
  /** The path prefix without its trailing slash: `''` or `/v1`. */
  readonly prefix: string;
}

export function parseBaseUrl(baseUrl: string): MockBase {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new TypeError(
      `baseUrl must be an absolute URL such as ${DEFAULT_BASE_URL}, got ${JSON.stringify(baseUrl)}`,
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TypeError(`baseUrl must be an http: or https: URL, got ${JSON.stringify(baseUrl)}`);
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  return { href: base.origin + prefix, origin: base.origin, prefix };
}

/**
 * The path and query the engine is asked for (`/companies/acme/connections?page=2`), or undefined
 * when `url` is not under the base: another origin, or the same origin outside the path prefix.
 */
export function enginePath(base: MockBase, url: URL): string | undefined {
  if (url.origin !== base.origin) return undefined;
  const { pathname } = url;
  if (base.prefix !== '' && pathname !== base.prefix && !pathname.startsWith(`${base.prefix}/`)) {
    return undefined;
  }
  const path = pathname.slice(base.prefix.length);
  return (path === '' ? '/' : path) + url.search;
}

/**
 * A URL as an error message may show it: no user info and no query, which can hold secrets
 * (`?api_key=`); the origin and path are what tell a reader which call went astray.
 */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}${url.search === '' ? '' : '?…'}`;
}
