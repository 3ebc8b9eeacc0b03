/**
 * `@spartera/client/raw`: the openapi-fetch client typed with the spec's `paths`, on a `Spartera`
 * client's transport. A separate entry, so that an app that only calls the methods never bundles
 * openapi-fetch.
 *
 * ```ts
 * import { Spartera } from '@spartera/client';
 * import { createRawClient } from '@spartera/client/raw';
 * const raw = createRawClient(new Spartera());
 * const { data, error } = await raw.GET('/cloud-providers');
 * ```
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '@spartera/types';
// The main entry, not its sources: the build keeps this import as it is, so that both entries
// share one copy of the client and its error classes (in CommonJS too).
import { SparteraError, type Spartera } from './index.js';
import { MAX_BODY_BYTES } from './core/transport.js';

export type { Client as RawClient, Middleware as RawMiddleware } from 'openapi-fetch';

/**
 * The escape hatch for anything the methods do not cover: openapi-fetch's client typed with the
 * spec's `paths`, with `spartera`'s key, base URL, headers, retries, timeouts, middleware and
 * logging. It returns `{ data, error, response }` as openapi-fetch does and throws only when no
 * response arrives. Path parameters are checked as the methods check ids, and `x-api-key` is
 * always the client's, whatever a call's `headers` say.
 */
export function createRawClient(spartera: Spartera): Client<paths> {
  if (typeof (spartera as Partial<Spartera> | null)?._raw !== 'function') {
    throw new SparteraError('createRawClient needs a Spartera client: createRawClient(new Spartera())');
  }
  const { send, ...options } = spartera._raw();
  const client = createClient<paths>({
    ...options,
    async fetch(request) {
      const { method, url, signal } = request;
      let received;
      try {
        received = await send(
          {
            method,
            url,
            label: `${method} ${new URL(url).pathname}`,
            headers: Object.fromEntries(request.headers),
            body: request.body ? await request.text() : undefined,
          },
          signal,
        );
      } catch (error) {
        // openapi-fetch rethrows only a truthy error: `abort(null)` or `abort(0)` would come out
        // as a TypeError about its `response`. Such a reason crosses it boxed, and is unboxed below.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw error ? error : new FalsyReason(error);
      }
      // openapi-fetch would fail on the cut JSON with a bare SyntaxError; say what happened.
      if (received.cut && received.status < 300) {
        throw new SparteraError(
          `The response to ${method} ${new URL(url).pathname} is over ${MAX_BODY_BYTES / 2 ** 20} MiB: not read`,
        );
      }
      // An opaque redirect (status 0, a browser worker's answer to `redirect: 'manual'`) is no
      // response a Response can be made of: it says what happened instead.
      if (!received.status) {
        throw new SparteraError(
          `${method} ${new URL(url).pathname}: redirected, not followed: the API key is only sent to the base URL`,
        );
      }
      const response = new Response(received.text || null, received);
      Object.defineProperty(response, 'url', { value: url });
      return response;
    },
  });
  for (const name of CALLS) {
    const call = client[name] as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => call(...args).catch(unbox);
  }
  return client;
}

/** The methods of an openapi-fetch client that send a request. */
const CALLS = ['request', 'GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/** A falsy rejection reason (`abort(null)`, `abort(0)`) carried through openapi-fetch. */
class FalsyReason {
  constructor(readonly reason: unknown) {}
}

function unbox(error: unknown): never {
  throw error instanceof FalsyReason ? error.reason : error;
}
