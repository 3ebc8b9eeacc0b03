import { describe, expect, it, vi } from 'vitest';
import { APIConnectionError, type Middleware } from '../../src/index.js';
import { createObservedClient, recordingLogger, rejectionOf } from '../helpers/observed.js';

/**
 * `controller.abort(null)` (or `0`, `''`, `false`) aborts as surely as `abort()`: the signal is
 * `aborted` and its `reason` is the falsy value. A client must stop at once, as for any abort.
 */
describe('an abort whose reason is falsy', () => {
  for (const reason of [null, 0, '', false]) {
    it(`abort(${JSON.stringify(reason)}) during an attempt stops the call at once with that reason, never retried`, async () => {
      const { lines, logger } = recordingLogger();
      const seen: unknown[] = [];
      const recordError: Middleware = { onError: ({ error }) => void seen.push(error) };
      const { client, server, requests } = await createObservedClient({
        maxRetries: 3,
        logLevel: 'debug',
        logger,
        middleware: [recordError],
      });
      server.setHandler(() => ({ hang: true }));
      const controller = new AbortController();
      const call = client.connections.list({}, { signal: controller.signal, timeoutMs: 0 });
      await vi.waitFor(() => {
        expect(requests).toHaveLength(1);
      });
      controller.abort(reason);
      const settled = await rejectionOf(call);
      expect(settled).toBe(reason);
      // What hooks see is the abort, not a connection error to retry.
      expect(seen).toEqual([reason]);
      expect(lines.some((line) => line.includes('retrying'))).toBe(false);
      // Give a wrongly scheduled retry the time to show.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(requests).toHaveLength(1);
    });
  }

  it('abort(null) while the body streams stops the read with that reason, without a connection error', async () => {
    const { lines, logger } = recordingLogger();
    const { client, server, requests } = await createObservedClient({
      maxRetries: 2,
      logLevel: 'debug',
      logger,
    });
    server.setHandler(() => ({ stallAfter: '{"message":"OK","data":[' }));
    const controller = new AbortController();
    const call = client.connections.list({}, { signal: controller.signal, timeoutMs: 0 });
    await vi.waitFor(() => {
      expect(requests).toHaveLength(1);
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(null);
    const settled = await rejectionOf(call);
    expect(settled).toBeNull();
    expect(settled).not.toBeInstanceOf(APIConnectionError);
    expect(lines.filter((line) => /retrying|failed/.test(line))).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toHaveLength(1);
  });

  it('abort(null) before the call rejects at once with null and sends nothing', async () => {
    const { client, requests } = await createObservedClient();
    const controller = new AbortController();
    controller.abort(null);
    expect(await rejectionOf(client.connections.list({}, { signal: controller.signal }))).toBeNull();
    expect(requests).toHaveLength(0);
  });

  it('abort(null) in an onRequest hook that waits stops the call with null', async () => {
    const { client, requests } = await createObservedClient({
      maxRetries: 2,
      middleware: [{ onRequest: () => new Promise<never>(() => undefined) }],
    });
    const controller = new AbortController();
    const call = client.connections.list({}, { signal: controller.signal, timeoutMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(null);
    const settled = await rejectionOf(call);
    expect(settled).toBeNull();
    expect(requests).toHaveLength(0);
  });

  it('abort(null) during the backoff between attempts stops it with null', async () => {
    const { client, server, requests } = await createObservedClient({ maxRetries: 2 });
    server.setHandler(() => ({
      status: 503,
      json: { code: 503, message: 'Unavailable' },
      headers: { 'retry-after': '30' },
    }));
    const controller = new AbortController();
    const call = client.connections.list({}, { signal: controller.signal });
    await vi.waitFor(() => {
      expect(requests).toHaveLength(1);
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(null);
    const settled = await rejectionOf(call);
    expect(settled).toBeNull();
    expect(requests).toHaveLength(1);
  });
});
