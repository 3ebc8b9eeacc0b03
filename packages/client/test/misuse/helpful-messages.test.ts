// Messages that say what went wrong: field errors, the host and cause of a connection failure, a
// clean excerpt of an HTML page, and the type of a refused value.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { InternalServerError } from '../../src/index.js';
import { APIConnectionError, BadRequestError, Spartera } from '../../src/index.js';
import {
  createObservedClient,
  rejectionOf,
  startObservedServer,
  TEST_COMPANY,
  TEST_KEY,
} from '../helpers/observed.js';

/** A loopback port that nothing listens on any more. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const clientAt = (baseUrl: string) =>
  new Spartera({ apiKey: TEST_KEY, companyId: TEST_COMPANY, baseUrl, maxRetries: 0 });

describe('helpful messages', () => {
  it('a 400 includes its per-field errors', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({
      status: 400,
      json: {
        code: 400,
        message: 'Invalid input',
        errors: { engine_id: ['must be integer'], name: ['is too long', 'has a line\nbreak'] },
      },
    });
    const error = await rejectionOf(client.connections.create({ engine_id: 1 }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toBe(
      `400 Invalid input (engine_id: must be integer; name: is too long, has a line break) (POST /companies/${TEST_COMPANY}/connections)`,
    );
  });

  it('a refused connection names the host and ECONNREFUSED', async () => {
    const port = await closedPort();
    const error = await rejectionOf(clientAt(`http://127.0.0.1:${port}`).connections.list());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(
      `Connection error: ECONNREFUSED from 127.0.0.1:${port} (GET /companies/${TEST_COMPANY}/connections)`,
    );
  });

  it('a name that does not resolve names the host and the DNS error', async () => {
    const error = await rejectionOf(clientAt('http://spartera.invalid').connections.list());
    expect(error).toBeInstanceOf(APIConnectionError);
    // ENOTFOUND where DNS answers, EAI_AGAIN where no resolver is reachable.
    expect((error as Error).message).toMatch(
      /^Connection error: (ENOTFOUND|EAI_AGAIN) from spartera\.invalid \(GET /,
    );
  });

  it('a TLS failure names the TLS error', async () => {
    const server = await startObservedServer();
    const error = await rejectionOf(clientAt(server.url.replace('http:', 'https:')).connections.list());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(
      /^Connection error: ERR_SSL_[A-Z_]+ from 127\.0\.0\.1:\d+ \(GET /,
    );
  });

  it('an HTML page leaves out the text of its scripts and styles', async () => {
    const { client, server } = await createObservedClient({ maxRetries: 0 });
    server.enqueue({
      status: 502,
      headers: { 'content-type': 'text/html' },
      text: '<html><head><style>body { color: red }</style><script>window.secret = "tracking";</script></head><body><!-- upstream: 10.0.0.7 --><h1>Bad Gateway</h1><SCRIPT type="module">alert(1)</SCRIPT></body></html>',
    });
    const error = (await rejectionOf(client.connections.list())) as InternalServerError;
    expect(error.body).toBe('Bad Gateway');
    expect(error.message).toBe(`502 Bad Gateway (GET /companies/${TEST_COMPANY}/connections)`);
  });

  it('terminal escapes in a server message are left out', async () => {
    const { client, server } = await createObservedClient({ maxRetries: 0 });
    server.enqueue({ status: 409, json: { code: 409, message: 'dup\u001b[31mlicate\u0007' } });
    const error = await rejectionOf(client.connections.create({ engine_id: 1 }));
    expect((error as Error).message).toBe(`409 dup [31mlicate (POST /companies/${TEST_COMPANY}/connections)`);
  });

  it('a refused value shows its type: "1" is not 1', async () => {
    const { client } = await createObservedClient();
    await expect(client.connections.get(1 as unknown as string)).rejects.toThrow(/got 1 \(a number\)$/);
    await expect(client.engines.get('1' as unknown as number)).rejects.toThrow(/got "1" \(a string\)$/);
    expect(() => new Spartera({ apiKey: TEST_KEY, maxRetries: '2' as unknown as number })).toThrow(
      /got "2" \(a string\)$/,
    );
  });
});
