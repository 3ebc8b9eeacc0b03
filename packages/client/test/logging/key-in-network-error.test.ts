import { describe, expect, it } from 'vitest';
import { APIConnectionError, type FetchLike } from '../../src/index.js';
import { createObservedClient, recordingLogger, rejectionOf, TEST_KEY } from '../helpers/observed.js';

/**
 * A `fetch` wrapper or a proxy agent may quote the request's headers in the error it throws. The
 * client builds its connection error's message and its log lines from that error: the key must be
 * cut out of both, as it is out of a server's answer.
 */
describe('a network error that quotes the API key', () => {
  const quoting: [string, FetchLike][] = [
    [
      'in the message of its cause',
      (_url, init) =>
        Promise.reject(
          new TypeError('fetch failed', {
            cause: new Error(`proxy refused the headers ${JSON.stringify(init.headers)}`),
          }),
        ),
    ],
    [
      'in its code',
      (_url, init) =>
        Promise.reject(
          Object.assign(new Error('refused'), {
            code: `E_KEY_${(init.headers as Record<string, string>)['x-api-key'] ?? ''}`,
          }),
        ),
    ],
  ];
  for (const [where, fetch] of quoting) {
    it(`${where} leaves it out of the error's message and every log line`, async () => {
      const { lines, logger } = recordingLogger();
      const { client } = await createObservedClient({ fetch, maxRetries: 1, logLevel: 'debug', logger });
      const error = await rejectionOf(client.connections.list({}, { timeoutMs: 0 }));
      expect(error).toBeInstanceOf(APIConnectionError);
      const { message, stack } = error as Error;
      expect(message).toContain('[redacted]');
      expect(message).not.toContain(TEST_KEY);
      expect(stack).not.toContain(TEST_KEY);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).not.toContain(TEST_KEY);
      expect(lines.join('\n')).toContain('[redacted]');
    });
  }
});
