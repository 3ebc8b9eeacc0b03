import { describe, expect, it } from 'vitest';
import { Spartera, SparteraError } from '../../src/index.js';
import { createObservedClient, ok, rejectionOf, TEST_KEY } from '../helpers/observed.js';

/**
 * Users coming from other SDKs write `baseURL`, `timeout` or `defaultHeaders`. Ignored, the first
 * would send the calls (and the key) to production and the second would wait the default minute:
 * every options object refuses a name it does not have, even set to `undefined`.
 */
describe('a setting the client does not have', () => {
  const thrown = (make: () => unknown) => {
    try {
      make();
    } catch (error) {
      return error;
    }
    throw new Error('expected a throw');
  };

  it('is refused by new Spartera, naming it and the setting meant', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ baseURL: 'http://localhost:4010' }, 'have no setting "baseURL"; did you mean baseUrl?'],
      [{ timeout: 5000 }, 'have no setting "timeout"; did you mean timeoutMs?'],
      [{ maxRetry: 1 }, 'did you mean maxRetries?'],
      [
        { defaultHeaders: undefined },
        'have no setting "defaultHeaders" (the settings are apiKey, companyId, baseUrl',
      ],
    ];
    for (const [options, expected] of cases) {
      const error = thrown(() => new Spartera({ apiKey: TEST_KEY, ...options }));
      expect(error).toBeInstanceOf(SparteraError);
      expect((error as Error).message).toContain(expected);
      expect((error as Error).message).toMatch(/^The options of new Spartera/);
    }
  });

  it('is refused by withOptions, also when undefined, while a known setting left undefined is kept', () => {
    const spartera = new Spartera({ apiKey: TEST_KEY, timeoutMs: 1234 });
    const error = thrown(() => spartera.withOptions({ timeout: undefined } as never));
    expect(error).toBeInstanceOf(SparteraError);
    expect((error as Error).message).toContain('have no setting "timeout"; did you mean timeoutMs?');
    // Spreading a whole options object leaves the settings withOptions cannot change undefined.
    expect(spartera.withOptions({ timeoutMs: undefined, fetch: undefined } as never).timeoutMs).toBe(1234);
  });

  it('is refused by a call before anything is sent', async () => {
    const { client, requests, server } = await createObservedClient();
    server.setHandler(() => ok([]));
    const error = await rejectionOf(client.connections.list({}, { timeout: 10 } as never));
    expect(error).toBeInstanceOf(SparteraError);
    expect((error as Error).message).toContain(
      'The options of a call have no setting "timeout"; did you mean timeoutMs?',
    );
    expect(requests).toHaveLength(0);
    await expect(client.connections.list({}, { timeoutMs: 30_000, signal: undefined })).resolves.toEqual([]);
  });

  it('is shown escaped and cut short', () => {
    const error = thrown(() => new Spartera({ apiKey: TEST_KEY, [`\u001b]2;x\u0007${'y'.repeat(100)}`]: 1 }));
    expect((error as Error).message).not.toContain('\u001b');
    expect((error as Error).message).not.toContain('\u0007');
    expect((error as Error).message).not.toContain('y'.repeat(41));
  });
});
