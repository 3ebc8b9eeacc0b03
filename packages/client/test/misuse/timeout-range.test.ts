// timeoutMs: 1 to 2^31-1 ms; 0 or Infinity for none; anything else refused before any request.
import { afterEach, describe, expect, it } from 'vitest';
import { APITimeoutError, Spartera, SparteraError } from '../../src/index.js';
import { createObservedClient, ok, rejectionOf, TEST_KEY } from '../helpers/observed.js';

const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
process.on('warning', onWarning);
afterEach(() => {
  warnings.length = 0;
});

describe('timeoutMs', () => {
  it.each([3e9, 2 ** 31, -1, 1.5, Number.NaN, '100'])(
    'refuses %j at construction, naming it',
    (timeoutMs) => {
      const construct = () => new Spartera({ apiKey: TEST_KEY, timeoutMs: timeoutMs as number });
      expect(construct).toThrow(SparteraError);
      expect(construct).toThrow(
        /^timeoutMs must be a whole number from 1 to 2147483647 ms, or 0 or Infinity for none; got /,
      );
    },
  );

  it('shows the type of what it refused', () => {
    expect(() => new Spartera({ apiKey: TEST_KEY, timeoutMs: '100' as unknown as number })).toThrow(
      'got "100" (a string)',
    );
    expect(() => new Spartera({ apiKey: TEST_KEY, timeoutMs: 3e9 })).toThrow('got 3000000000 (a number)');
  });

  it('refuses a per-call 3e9 before any request, and sends no request that times out at once', async () => {
    const { client, server, requests } = await createObservedClient({ maxRetries: 0 });
    server.enqueue(ok([]));
    const error = await rejectionOf(client.connections.list({}, { timeoutMs: 3e9 }));
    expect(error).toBeInstanceOf(SparteraError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect(requests).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
  });

  it.each([0, Infinity])('%s means no timeout: a slow answer still arrives', async (timeoutMs) => {
    const { client, server } = await createObservedClient({ timeoutMs, maxRetries: 0 });
    expect(client.timeoutMs).toBe(0);
    server.setHandler(() => ({ delayMs: 150, json: { message: 'ok', data: [] } }));
    await expect(client.connections.list()).resolves.toEqual([]);
    await expect(client.connections.list({}, { timeoutMs })).resolves.toEqual([]);
    expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
  });

  it('the largest timer, 2^31-1 ms, is accepted', async () => {
    const { client, server } = await createObservedClient({ timeoutMs: 2 ** 31 - 1 });
    server.enqueue(ok([]));
    await expect(client.connections.list()).resolves.toEqual([]);
    expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
  });
});
