// A DELETE whose first answer is lost and whose retry finds nothing did delete: it resolves.
import { describe, expect, it } from 'vitest';
import { NotFoundError, type Logger } from '../../src/index.js';
import { createObservedClient, ok, rejectionOf, TEST_COMPANY, type Reply } from '../helpers/observed.js';

/** A logger that keeps every line, by level. */
function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    error: (line) => lines.push(`error ${line}`),
    warn: (line) => lines.push(`warn ${line}`),
    info: (line) => lines.push(`info ${line}`),
    debug: (line) => lines.push(`debug ${line}`),
  };
  return { lines, logger };
}

const notFound: Reply = { status: 404, json: { code: 404, message: 'Resource not found' } };

describe('DELETE after a lost answer', () => {
  it.each([
    ['the connection dropped', { destroy: true }],
    [
      'a 502 from a proxy',
      { status: 502, text: '<html>Bad Gateway</html>', headers: { 'retry-after': '0' } },
    ],
  ] as [string, Reply][])('%s, then 404: resolves as deleted and the log says so', async (_label, first) => {
    const { lines, logger } = recordingLogger();
    const { client, server, requests } = await createObservedClient({ logger, logLevel: 'debug' });
    // The server deletes on the first request, then loses the answer; the retry finds nothing.
    server.enqueue(first, notFound);
    await expect(client.connections.delete('conn_1')).resolves.toEqual({ connection_id: 'conn_1' });
    expect(requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
    expect(
      lines.some((line) =>
        /^info .*DELETE \/companies\/acme_analytics\/connections\/conn_1: 404 after a lost answer/.test(line),
      ),
    ).toBe(true);
  });

  it('withResponse shows the 404 that settled it', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ destroy: true }, notFound);
    const { data, response } = await client.connections.delete('conn_1').withResponse();
    expect(data).toEqual({ connection_id: 'conn_1' });
    expect(response.status).toBe(404);
  });

  it('a first answer of 404 is still NotFoundError: nothing was lost', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue(notFound);
    await expect(client.connections.delete('conn_1')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a 429 then 404 is NotFoundError: the server said it did not act', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ status: 429, json: { code: 429, message: 'slow down', retry_after: 0 } }, notFound);
    await expect(client.connections.delete('conn_1')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a GET after a lost answer that gets 404 is NotFoundError', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ destroy: true }, notFound);
    const error = await rejectionOf(client.connections.get('conn_1'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain(`/companies/${TEST_COMPANY}/connections/conn_1`);
  });

  it('without retries there is no second answer to read: the lost answer is an error', async () => {
    const { client, server } = await createObservedClient({ maxRetries: 0 });
    server.enqueue({ destroy: true }, ok({ connection_id: 'conn_1' }));
    await expect(client.connections.delete('conn_1')).rejects.toThrow(/Connection error/);
  });
});
