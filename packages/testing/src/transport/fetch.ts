/**
 * The engine behind a `fetch` function: a request in, the engine's answer out after its delay, as
 * a `Response`. `createMockFetch` is this, and the MSW handlers hand their requests to it, so the
 * reading of a request, the abortable wait and the making of a response exist once.
 */
import type { MockEngine } from '../engine/engine.js';
import { JSON_CONTENT_TYPE } from '../engine/errors.js';
import type { MockResponse } from '../engine/request.js';
import type { MockBase } from './base-url.js';
import { describeUrl, enginePath } from './base-url.js';
import { LightResponse } from './light-response.js';
import type { IncomingRequest } from './request.js';
import { readFetchArguments } from './request.js';
import type { OnStop } from './response.js';
import { abortReason, reasonPhrase, toResponse, wait } from './response.js';

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface EngineFetch {
  readonly fetch: FetchFunction;
  /**
   * Rejects the calls waiting out a delay and every later call, and cuts slow bodies, as a stopped
   * server would.
   */
  close(): void;
}

const encoder = new TextEncoder();

/** What fetch rejects with when no answer comes: a `TypeError` whose cause says why. */
function networkError(reason: string): TypeError {
  return new TypeError('fetch failed', { cause: new Error(reason) });
}

/** The server's answer to a request the mock itself failed on: a 500, not a hang or a crash. */
const INTERNAL_ERROR: MockResponse = {
  status: 500,
  headers: { 'content-type': JSON_CONTENT_TYPE },
  body: JSON.stringify({ code: 500, message: 'Internal server error' }),
  delayMs: 0,
  transport: undefined,
  operationId: undefined,
  injected: false,
};

export function createEngineFetch(
  engine: MockEngine,
  base: MockBase,
  { light = false }: { light?: boolean } = {},
): EngineFetch {
  const waiting = new Set<() => void>();
  let closed = false;
  const onStop: OnStop = (stop) => {
    waiting.add(stop);
    return () => waiting.delete(stop);
  };

  const answer = async (request: IncomingRequest): Promise<Response> => {
    const { signal } = request;
    if (signal?.aborted) throw abortReason(signal);
    if (closed) throw networkError(`the mock of ${base.href} was closed`);
    const path = enginePath(base, request.url);
    if (path === undefined) {
      // Never a silent call to a real server: the mock answers its own base URL only.
      throw new TypeError(
        `refused ${describeUrl(request.url)}: the mock fetch serves ${base.href} only (give the client and createMockFetch the same baseUrl)`,
      );
    }
    // An answer never arrives in the caller's own turn of the event loop, as over a network; an
    // abort in that turn stops the request before the engine sees it.
    await Promise.resolve();
    if (signal?.aborted) throw abortReason(signal);
    let response: MockResponse;
    try {
      response = engine.handle({
        method: request.method,
        url: path,
        headers: request.headers,
        body: request.body,
        bodyTooLarge: request.bodyTooLarge,
      });
    } catch {
      response = INTERNAL_ERROR;
    }
    if (response.delayMs > 0 && !(await wait(response.delayMs, signal, onStop))) {
      if (signal?.aborted) throw abortReason(signal);
      throw networkError(`the mock of ${base.href} was closed`);
    }
    if (response.transport?.type === 'drop') {
      throw networkError('the mock dropped the connection (an injected fault)');
    }
    const url = request.url.href;
    // A slow body needs a stream: the light response has none.
    if (light && response.transport === undefined) {
      const length = response.bodyBytes?.length ?? encoder.encode(response.body).length;
      return new LightResponse(
        response.status,
        reasonPhrase(response.status),
        { ...response.headers, 'content-length': String(length) },
        url,
        request.method.toUpperCase() === 'HEAD' ? '' : response.body,
      );
    }
    return toResponse(response, { url, method: request.method, signal }, onStop);
  };

  return {
    fetch: async (input, init) => answer(await readFetchArguments(input, init)),
    close: () => {
      closed = true;
      for (const stop of [...waiting]) stop();
    },
  };
}
