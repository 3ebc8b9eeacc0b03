// The timeout and the caller's signal stop a body that arrives slowly, whatever the fetch: under
// MSW (whose bodies ignore the abort signal) and with a fetch double that ignores it too.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APITimeoutError, Spartera } from '../../src/index.js';
import { rejectionOf, TEST_COMPANY, TEST_KEY } from '../helpers/observed.js';

const BASE = 'https://api.spartera.test';

/** A 200 whose body sends its first bytes at once and the rest after `ms`. */
function slowBody(ms: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      controller.enqueue(encoder.encode('{"message":"ok","data":['));
      await new Promise((resolve) => setTimeout(resolve, ms));
      controller.enqueue(encoder.encode(']}'));
      controller.close();
    },
  });
}

const msw = setupServer(
  http.get(
    `${BASE}/companies/:company/connections`,
    () => new HttpResponse(slowBody(2_000), { headers: { 'content-type': 'application/json' } }),
  ),
);
beforeAll(() => {
  msw.listen({ onUnhandledRequest: 'error' });
});
afterAll(() => {
  msw.close();
});

const client = (fetch?: typeof globalThis.fetch) =>
  new Spartera({
    apiKey: TEST_KEY,
    companyId: TEST_COMPANY,
    baseUrl: BASE,
    timeoutMs: 300,
    maxRetries: 0,
    fetch,
  });

describe('a slow body', () => {
  it('times out under MSW instead of resolving when the body finally ends', async () => {
    const error = await rejectionOf(client().connections.list());
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe(
      `Request timed out after 300 ms (GET /companies/${TEST_COMPANY}/connections)`,
    );
  });

  it("stops at the caller's abort under MSW, with the abort's reason", async () => {
    const controller = new AbortController();
    const reason = new Error('left the screen');
    const pending = new Spartera({
      apiKey: TEST_KEY,
      companyId: TEST_COMPANY,
      baseUrl: BASE,
      timeoutMs: 0,
    }).connections.list({}, { signal: controller.signal });
    setTimeout(() => {
      controller.abort(reason);
    }, 100);
    await expect(pending).rejects.toBe(reason);
  });

  it('times out with a fetch whose body ignores the signal', async () => {
    const deaf: typeof globalThis.fetch = () =>
      Promise.resolve(new Response(slowBody(2_000), { headers: { 'content-type': 'application/json' } }));
    const error = await rejectionOf(client(deaf).connections.get('conn_1'));
    expect(error).toBeInstanceOf(APITimeoutError);
  });
});
