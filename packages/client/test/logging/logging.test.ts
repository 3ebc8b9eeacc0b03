import { afterEach, describe, expect, it, vi } from 'vitest';
import { Spartera, type Logger, type LogLevel } from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import {
  createObservedClient,
  ok,
  rejectionOf,
  startObservedServer,
  TEST_COMPANY,
} from '../helpers/observed.js';

/** A logger that keeps every line with its level. */
function recordingLogger() {
  const lines: { level: string; line: string }[] = [];
  const logger = Object.fromEntries(
    (['error', 'warn', 'info', 'debug'] as const).map((level) => [
      level,
      (line: string) => lines.push({ level, line }),
    ]),
  ) as unknown as Logger;
  return { lines, logger, text: () => lines.map(({ level, line }) => `${level} ${line}`) };
}

const unavailable = {
  status: 503,
  json: { code: 503, message: 'Unavailable' },
  headers: { 'retry-after': '0' },
};
const list = `/companies/${TEST_COMPANY}/connections`;

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('logging', () => {
  it('at debug, one line per attempt: method, path, status, duration, attempt, and why and when it retries', async () => {
    const { lines, logger } = recordingLogger();
    const { client, server } = await createObservedClient({ logger, logLevel: 'debug' });
    server.enqueue(unavailable, { ...ok([]), headers: { 'x-request-id': 'req_7' } });
    await client.connections.list();
    expect(lines.map(({ level }) => level)).toEqual(['info', 'debug']);
    expect(lines[0]!.line).toMatch(
      new RegExp(`^\\[spartera\\] GET ${list}: 503 in \\d+ ms, attempt 1 of 3; retrying in 0 ms$`),
    );
    expect(lines[1]!.line).toMatch(
      new RegExp(`^\\[spartera\\] GET ${list}: 200 \\(request id req_7\\) in \\d+ ms, attempt 2 of 3$`),
    );
  });

  it('says why a connection failure is retried, and after how long', async () => {
    const { lines, logger } = recordingLogger();
    const { client, server } = await createObservedClient({ logger, logLevel: 'info', timeoutMs: 1_000 });
    server.enqueue({ destroy: true }, { hang: true }, ok([]));
    await client.connections.list();
    const written = lines.map(({ line }) => line.replace(/\d+ ms/g, 'N ms'));
    expect(written).toHaveLength(2);
    // The socket closed under the request: undici's code for it names the cause.
    expect(written[0]).toMatch(
      new RegExp(
        `^\\[spartera\\] GET ${list}: failed \\([A-Z_]+\\) in N ms, attempt 1 of 3; retrying in N ms$`,
      ),
    );
    expect(written[1]).toBe(`[spartera] GET ${list}: timed out in N ms, attempt 2 of 3; retrying in N ms`);
  });

  it('at warn (the default), retries that gave up and malformed responses, nothing else', async () => {
    const { text, logger } = recordingLogger();
    const { client, server } = await createObservedClient({ logger });
    expect(client.logLevel).toBe('warn');
    server.enqueue(ok([]), unavailable, unavailable, unavailable, {
      status: 404,
      json: { code: 404, message: 'x' },
    });
    server.enqueue({ json: { message: 'ok', data: null } });
    await client.connections.list();
    await rejectionOf(client.connections.list());
    await rejectionOf(client.connections.get('conn_1'));
    await rejectionOf(client.connections.list());
    expect(text().map((line) => line.replace(/\d+ ms/g, 'N ms'))).toEqual([
      `warn [spartera] GET ${list}: 503 in N ms, attempt 3 of 3; gave up`,
      `warn [spartera] GET ${list}: 200 malformed response, data is null, expected an array of objects`,
    ]);
  });

  it('warns when the server asks for a longer wait than the client takes', async () => {
    const { text, logger } = recordingLogger();
    const { client, server } = await createObservedClient({ logger });
    server.enqueue({ status: 429, json: { code: 429, message: 'Slow down', retry_after: 3600 } });
    await rejectionOf(client.connections.list());
    expect(text()[0]).toMatch(
      /^warn \[spartera\] GET .*: 429 in \d+ ms, attempt 1 of 3; not retried: the server asked to wait 3600 s$/,
    );
  });

  it.each([
    ['off', 0],
    ['error', 0],
    ['warn', 1],
    ['info', 3],
    ['debug', 4],
  ] as [LogLevel, number][])('logLevel %s writes %i of the lines', async (logLevel, count) => {
    const { lines, logger } = recordingLogger();
    const { client, server } = await createObservedClient({ logger, logLevel });
    server.enqueue(unavailable, unavailable, unavailable, ok([]));
    await rejectionOf(client.connections.list());
    await client.connections.list();
    expect(lines).toHaveLength(count);
  });

  it('reads SPARTERA_LOG; the option wins over it', async () => {
    const { lines, logger } = recordingLogger();
    const server = await startObservedServer();
    server.setHandler(() => ok([]));
    vi.stubEnv('SPARTERA_LOG', 'debug');
    const fromEnv = new Spartera({ apiKey: 'k', companyId: TEST_COMPANY, baseUrl: server.url, logger });
    expect(fromEnv.logLevel).toBe('debug');
    await fromEnv.connections.list();
    expect(lines).toHaveLength(1);
    const fromOption = new Spartera({
      apiKey: 'k',
      companyId: TEST_COMPANY,
      baseUrl: server.url,
      logger,
      logLevel: 'off',
    });
    await fromOption.connections.list();
    expect(lines).toHaveLength(1);
    vi.stubEnv('SPARTERA_LOG', 'loud');
    expect(() => new Spartera({ apiKey: 'k' })).toThrow(
      'SPARTERA_LOG must be one of off, error, warn, info, debug; got "loud" (a string)',
    );
  });

  it('writes to console by default', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const { client, server } = await createObservedClient({ logLevel: 'debug' });
    server.enqueue(ok([]));
    await client.connections.list();
    expect(debug).toHaveBeenCalledTimes(1);
    expect(debug.mock.calls[0]![0]).toMatch(/^\[spartera\] GET /);
  });

  it('the raw client logs through the same transport', async () => {
    const { lines, logger } = recordingLogger();
    const { client, server } = await createObservedClient({ logger, logLevel: 'debug' });
    server.enqueue(ok([]));
    await createRawClient(client).GET('/cloud-providers');
    expect(lines[0]!.line).toMatch(/^\[spartera\] GET \/cloud-providers: 200 in \d+ ms, attempt 1 of 3$/);
  });

  it('never writes the API key or connection credentials, at any level, whatever happens', async () => {
    // A key and credentials that a regex finds anywhere, even cut into pieces by quoting.
    const apiKey = 'sk_live_Q7wErTy8UiOp9AsDfGh0JkLz';
    const credentials = JSON.stringify({
      type: 'service_account',
      private_key: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----',
      password: 'hunter2-correct-horse',
    });
    const secrets = /sk_live_|Q7wErTy8|BEGIN PRIVATE KEY|MIIEvQIBADAN|hunter2|correct-horse/;
    const { text, logger } = recordingLogger();
    const server = await startObservedServer();
    const client = new Spartera({
      apiKey,
      companyId: TEST_COMPANY,
      baseUrl: server.url,
      logger,
      logLevel: 'debug',
      // Two of the replies hang on purpose; on a loaded machine a prompt one can time out too,
      // and the calls then meet the replies in another order. Any order must leave no secret.
      timeoutMs: 1_000,
    });
    const echo = (status: number) => ({
      status,
      headers: { 'x-echo-key': apiKey, 'retry-after': '0', 'x-request-id': `req ${apiKey}` },
      json: {
        code: status,
        message: `rejected ${apiKey} with ${credentials}`,
        errors: { credentials: [credentials] },
      },
    });
    server.enqueue(
      echo(503),
      echo(503),
      echo(503),
      echo(400),
      echo(422),
      { json: { message: apiKey, data: credentials } },
      { destroy: true },
      { hang: true },
      { hang: true },
      echo(500),
    );
    await rejectionOf(client.connections.list({ search: 'warehouse' }));
    await rejectionOf(client.connections.create({ engine_id: 1, name: 'n', credentials }));
    await rejectionOf(client.connections.update('conn_1', { credentials }));
    await rejectionOf(client.connections.get('conn_1'));
    await rejectionOf(client.connections.delete('conn_1'));
    // The raw client resolves a 500 as { error }, and rejects a call that timed out: either will do.
    await createRawClient(client)
      .POST('/companies/{company_id}/connections', {
        params: { path: { company_id: TEST_COMPANY } },
        body: { company_id: TEST_COMPANY, engine_id: 1, credentials },
      })
      .catch(() => undefined);
    const written = text();
    expect(written.length).toBeGreaterThanOrEqual(6);
    for (const line of written) expect(line).not.toMatch(secrets);
  });
});
