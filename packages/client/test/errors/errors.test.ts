import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  SparteraError,
  UnprocessableEntityError,
} from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { createObservedClient, ok, rejectionOf, TEST_COMPANY, TEST_KEY } from '../helpers/observed.js';

const path = `/companies/${TEST_COMPANY}/connections/conn_x`;

describe('HTTP errors', () => {
  it.each([
    [400, BadRequestError, 'BadRequestError'],
    [401, AuthenticationError, 'AuthenticationError'],
    [403, PermissionDeniedError, 'PermissionDeniedError'],
    [404, NotFoundError, 'NotFoundError'],
    [409, ConflictError, 'ConflictError'],
    [413, APIError, 'APIError'],
    [422, UnprocessableEntityError, 'UnprocessableEntityError'],
    [429, RateLimitError, 'RateLimitError'],
    [500, InternalServerError, 'InternalServerError'],
    [503, InternalServerError, 'InternalServerError'],
  ])('%i becomes %o', async (status, ErrorClass, name) => {
    const { client, server } = await createObservedClient({ maxRetries: 0 });
    const body = { code: status, message: `Failure ${status}`, ...(status === 429 && { retry_after: 1 }) };
    server.enqueue({ status, json: body, headers: { 'x-request-id': 'req_1' } });
    const error = await rejectionOf(client.connections.get('conn_x'));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(SparteraError);
    const apiError = error as APIError;
    expect(apiError.name).toBe(name);
    expect(apiError.status).toBe(status);
    expect(apiError.code).toBe(status);
    expect(apiError.body).toEqual(body);
    expect(apiError.headers.get('x-request-id')).toBe('req_1');
    expect(apiError.requestId).toBe('req_1');
    expect(apiError.message).toBe(`${status} Failure ${status} (GET ${path}) (request id: req_1)`);
  });

  it('names the method and path, as in the documented example', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ status: 404, json: { code: 404, message: 'Resource not found' } });
    const error = await rejectionOf(client.connections.get('x', { companyId: 'acme' }));
    expect((error as Error).message).toBe('404 Resource not found (GET /companies/acme/connections/x)');
  });

  it('400 carries the per-field errors', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({
      status: 400,
      json: { code: 400, message: 'Invalid input', errors: { engine_id: ['must be integer'] } },
    });
    const error = (await rejectionOf(client.connections.create({ engine_id: 1 }))) as BadRequestError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.errors).toEqual({ engine_id: ['must be integer'] });
  });

  it('400 without field errors has an empty map', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ status: 400, json: { code: 400, message: 'Invalid input' } });
    const error = (await rejectionOf(client.connections.create({ engine_id: 1 }))) as BadRequestError;
    expect(error.errors).toEqual({});
  });

  it('429 exposes retryAfter from the body', async () => {
    const { client, server } = await createObservedClient({ maxRetries: 0 });
    server.enqueue({ status: 429, json: { code: 429, message: 'Rate limit exceeded', retry_after: 30 } });
    const error = (await rejectionOf(client.connections.list())) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(30);
  });

  it('429 prefers the Retry-After header', async () => {
    const { client, server } = await createObservedClient({ maxRetries: 0 });
    server.enqueue({
      status: 429,
      headers: { 'retry-after': '7' },
      json: { code: 429, message: 'Rate limit exceeded', retry_after: 30 },
    });
    const error = (await rejectionOf(client.connections.list())) as RateLimitError;
    expect(error.retryAfter).toBe(7);
  });

  it('429 without any hint has retryAfter undefined', async () => {
    const { client, server } = await createObservedClient({ maxRetries: 0 });
    server.enqueue({ status: 429, json: { code: 429, message: 'Rate limit exceeded' } });
    const error = (await rejectionOf(client.connections.list())) as RateLimitError;
    expect(error.retryAfter).toBeUndefined();
  });

  it('a body code different from the status is kept as code', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ status: 403, json: { code: 40301, message: 'Plan does not allow this' } });
    const error = (await rejectionOf(client.connections.list())) as APIError;
    expect(error.status).toBe(403);
    expect(error.code).toBe(40301);
  });
});

describe('bodies that are not JSON', () => {
  it('an HTML 502 from a proxy is an InternalServerError with a short text excerpt', async () => {
    const { client, server } = await createObservedClient({ maxRetries: 0 });
    const html = `<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>${'<p>padding</p>'.repeat(100)}</body></html>`;
    server.enqueue({ status: 502, text: html, headers: { 'content-type': 'text/html' } });
    const error = (await rejectionOf(client.connections.list())) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBe(502);
    expect(error.message).toMatch(/^502 502 Bad Gateway 502 Bad Gateway nginx padding/);
    expect(error.message).not.toContain('<');
    expect(typeof error.body).toBe('string');
    expect((error.body as string).length).toBeLessThanOrEqual(201);
  });

  it('an empty error body still maps by status', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ status: 404 });
    const error = (await rejectionOf(client.connections.get('conn_x'))) as APIError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.body).toBeUndefined();
    expect(error.message).toBe(`404 (empty body) (GET ${path})`);
  });

  it('a malformed JSON error body is kept as text', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({
      status: 409,
      text: '{"code": 409, "message": "dup',
      headers: { 'content-type': 'application/json' },
    });
    const error = (await rejectionOf(client.connections.create({ engine_id: 1 }))) as APIError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.body).toBe('{"code": 409, "message": "dup');
  });

  it('a 200 with malformed JSON is an APIError, not a SyntaxError', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({
      status: 200,
      text: '{"message":"ok","data":[',
      headers: { 'content-type': 'application/json' },
    });
    const error = (await rejectionOf(client.connections.list())) as APIError;
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(200);
    expect(error.message).toBe(
      '200 malformed response, the body is not JSON (application/json), expected an array of objects: {"message":"ok","data":[ (GET /companies/acme_analytics/connections)',
    );
  });

  it('a 200 with an empty body is an APIError', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ status: 200 });
    const error = (await rejectionOf(client.connections.list())) as APIError;
    expect(error).toBeInstanceOf(APIError);
    expect(error.message).toMatch(
      /^200 malformed response, data is undefined, expected an array of objects: \(empty body\)/,
    );
  });

  it('a 200 without the data envelope is an APIError', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ json: [{ connection_id: 'c' }] });
    const error = (await rejectionOf(client.connections.list())) as APIError;
    expect(error.message).toMatch(/^200 malformed response, data is undefined, expected an array of objects/);
  });
});

describe('connection failures', () => {
  it('a refused connection is an APIConnectionError naming the call', async () => {
    const { client, server } = await createObservedClient({ maxRetries: 0 });
    server.enqueue({ destroy: true });
    const error = (await rejectionOf(client.connections.list())) as APIConnectionError;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toBeInstanceOf(SparteraError);
    expect(error.message).toMatch(
      new RegExp(
        `^Connection error: [A-Z_]+ from 127\\.0\\.0\\.1:\\d+ \\(GET /companies/${TEST_COMPANY}/connections\\)$`,
      ),
    );
    expect(error.cause).toBeDefined();
  });
});

describe('the API key never leaks', () => {
  it('not in the message, the JSON form, or the inspected error, even when the server echoes it', async () => {
    const { client, server } = await createObservedClient({ maxRetries: 0 });
    server.enqueue({
      status: 401,
      json: { code: 401, message: `Invalid key ${TEST_KEY}` },
      headers: { 'x-echo-key': TEST_KEY },
    });
    const error = (await rejectionOf(client.connections.list())) as APIError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain('[redacted]');
    const json = JSON.stringify(error);
    expect(JSON.parse(json)).toMatchObject({ name: 'AuthenticationError', status: 401, code: 401 });
    for (const rendering of [
      error.message,
      String(error),
      json,
      inspect(error, { depth: 10 }),
      error.stack ?? '',
    ]) {
      expect(rendering).not.toContain(TEST_KEY);
    }
  });

  it('not in the excerpt of a 2xx body that is not JSON', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ status: 200, text: `<html>debug page: x-api-key=${TEST_KEY}</html>` });
    const error = (await rejectionOf(client.connections.list())) as APIError;
    expect(error.message).toContain('x-api-key=[redacted]');
    expect(JSON.stringify(error)).not.toContain(TEST_KEY);
  });

  it('nor the credentials of a create or update, even when the server echoes them', async () => {
    const { client, server } = await createObservedClient();
    const credentials = '{"type":"service_account","private_key":"PK-secret-123"}';
    const echo = {
      status: 400,
      json: {
        code: 400,
        message: `bad credentials ${credentials}`,
        errors: { credentials: [`not JSON: ${credentials}`] },
      },
    };
    server.enqueue(echo, { ...echo, status: 422 });
    const created = (await rejectionOf(
      client.connections.create({ engine_id: 1, credentials }),
    )) as BadRequestError;
    const updated = (await rejectionOf(client.connections.update('conn_1', { credentials }))) as APIError;
    expect(created).toBeInstanceOf(BadRequestError);
    expect(updated).toBeInstanceOf(UnprocessableEntityError);
    expect(created.errors.credentials).toEqual(['not JSON: [redacted]']);
    for (const error of [created, updated]) {
      expect(error.message).toContain('bad credentials [redacted]');
      for (const rendering of [error.message, JSON.stringify(error), inspect(error, { depth: 10 })]) {
        expect(rendering).not.toContain('PK-secret-123');
      }
    }
  });

  it('nor the credentials when the server quotes the request body in its JSON error', async () => {
    // The body sends a JSON secret as a string, its quotes escaped once; quoted in the server's
    // JSON message, the parsed message holds that escaped form.
    const { client, server } = await createObservedClient();
    const credentials = '{"type":"service_account","private_key":"PK-secret-123"}';
    const body = JSON.stringify({ engine_id: 1, credentials });
    server.enqueue({ status: 400, json: { code: 400, message: `could not read ${body}` } });
    const error = (await rejectionOf(client.connections.create({ engine_id: 1, credentials }))) as APIError;
    expect(error.message).toContain('"credentials":"[redacted]"');
    for (const rendering of [error.message, JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(rendering).not.toContain('PK-secret-123');
    }
  });

  it('nor the credentials when the server quotes the request body as a string in its JSON error', async () => {
    // The body's text inside a JSON string of the message: the secret, escaped once in the body,
    // is escaped again in the message, and once more in the response's text.
    const { client, server } = await createObservedClient();
    const credentials = '{"type":"service_account","private_key":"-----BEGIN-----\\nPK\\"secret\\n"}';
    const body = JSON.stringify({ engine_id: 1, credentials });
    server.enqueue({ status: 400, json: { code: 400, message: `could not read ${JSON.stringify(body)}` } });
    const error = (await rejectionOf(client.connections.create({ engine_id: 1, credentials }))) as APIError;
    expect(error.message).toContain('could not read');
    for (const rendering of [
      error.message,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      JSON.stringify(error.body),
    ]) {
      expect(rendering).not.toMatch(/PK|BEGIN/);
    }
  });

  it('nor credentials that are not JSON, quoted plain, escaped and escaped twice', async () => {
    const { client, server } = await createObservedClient();
    const credentials = 'pass "word" \\ back';
    const once = JSON.stringify(credentials);
    server.enqueue({
      status: 400,
      json: { code: 400, message: `plain=${credentials} once=${once} twice=${JSON.stringify(once)}` },
    });
    const error = (await rejectionOf(client.connections.create({ engine_id: 1, credentials }))) as APIError;
    expect(error.message).toContain('plain=[redacted] once="[redacted]" twice=');
    for (const rendering of [
      error.message,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      JSON.stringify(error.body),
    ]) {
      expect(rendering).not.toContain('word');
    }
  });

  it("nor in the raw client's error, when the server echoes the key or the credentials", async () => {
    const { client, server } = await createObservedClient();
    const credentials = 'hunter2-secret';
    server.enqueue({
      status: 400,
      headers: { 'x-echo': TEST_KEY },
      json: { code: 400, message: `key ${TEST_KEY} credentials ${credentials}` },
    });
    const { error, response } = await createRawClient(client).POST('/companies/{company_id}/connections', {
      params: { path: { company_id: TEST_COMPANY } },
      body: { company_id: TEST_COMPANY, engine_id: 1, credentials },
    });
    expect(error).toEqual({ code: 400, message: 'key [redacted] credentials [redacted]' });
    expect(response.headers.get('x-echo')).toBe('[redacted]');
  });

  it('nor credentials given as an object, where the types do not check', async () => {
    const { client, server } = await createObservedClient();
    const credentials = { type: 'service_account', private_key: 'PK-secret-123' };
    server.enqueue({
      status: 400,
      json: { code: 400, message: `credentials must be a string, not ${JSON.stringify(credentials)}` },
    });
    const error = (await rejectionOf(
      client.connections.create({ engine_id: 1, credentials: credentials as unknown as string }),
    )) as APIError;
    expect(error.message).toContain('not [redacted]');
    for (const rendering of [error.message, JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(rendering).not.toContain('PK-secret-123');
    }
  });

  it('nor a value of JSON credentials that the server quotes alone', async () => {
    const { client, server } = await createObservedClient();
    const credentials = JSON.stringify({ type: 'service_account', private_key: 'PK-secret-123\nline 2' });
    server.enqueue({
      status: 400,
      json: { code: 400, message: 'private_key PK-secret-123\nline 2 is not PEM' },
    });
    const error = (await rejectionOf(client.connections.create({ engine_id: 1, credentials }))) as APIError;
    expect(error.message).toContain('private_key [redacted] is not PEM');
    for (const rendering of [error.message, JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(rendering).not.toContain('PK-secret-123');
    }
  });

  it('not when the server echoes it in JSON with escapes that parsing undoes', async () => {
    // PHP escapes `/` as `\/`; Python and others may escape any character as `\u00xx`. The
    // parsed message then holds the key, though the raw text did not.
    const apiKey = 'sk/live/9f8e7d6c5b4a3210';
    const escapedEach = TEST_KEY.replace(/./g, (char) => `\\u00${char.charCodeAt(0).toString(16)}`);
    const cases: [string, string][] = [
      [apiKey, apiKey.replaceAll('/', '\\/')],
      [TEST_KEY, escapedEach],
    ];
    for (const [key, spelt] of cases) {
      const { client, server } = await createObservedClient({ apiKey: key, maxRetries: 0 });
      server.enqueue({
        status: 401,
        text: `{"code":401,"message":"Invalid key ${spelt}","errors":{"key":["${spelt} is revoked"]}}`,
        headers: { 'content-type': 'application/json' },
      });
      const error = (await rejectionOf(client.connections.list())) as APIError;
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.message).toBe(
        `401 Invalid key [redacted] (key: [redacted] is revoked) (GET /companies/${TEST_COMPANY}/connections)`,
      );
      for (const rendering of [String(error), JSON.stringify(error), inspect(error, { depth: Infinity })]) {
        expect(rendering).not.toContain(key);
      }
    }
  });

  it("not in a malformed 2xx's content-type, in the error or its log line", async () => {
    const lines: string[] = [];
    const log = (line: string) => void lines.push(line);
    const { client, server } = await createObservedClient({
      logger: { error: log, warn: log, info: log, debug: log },
      logLevel: 'debug',
    });
    server.enqueue({
      status: 200,
      text: 'not json',
      headers: { 'content-type': `text/plain; key=${TEST_KEY}` },
    });
    const error = (await rejectionOf(client.connections.list())) as APIError;
    expect(error.message).toContain('the body is not JSON (text/plain; key=[redacted])');
    expect(lines.join('\n')).toContain('key=[redacted]');
    for (const text of [error.message, JSON.stringify(error), ...lines]) expect(text).not.toContain(TEST_KEY);
  });

  it('not when it is given as the company id by mistake, in errors and log lines', async () => {
    const lines: string[] = [];
    const log = (line: string) => void lines.push(line);
    // As when SPARTERA_COMPANY_ID was set to the key by mistake.
    const { client, server } = await createObservedClient({
      companyId: TEST_KEY,
      maxRetries: 1,
      logLevel: 'debug',
      logger: { error: log, warn: log, info: log, debug: log },
    });
    server.enqueue(
      { status: 503, json: { code: 503, message: 'busy' }, headers: { 'retry-after': '0' } },
      {
        status: 401,
        json: { code: 401, message: 'Invalid key' },
      },
    );
    const error = (await rejectionOf(client.connections.list())) as APIError;
    expect(error.message).toBe('401 Invalid key (GET /companies/[redacted]/connections)');
    server.enqueue({ destroy: true }, { destroy: true });
    const raw = await rejectionOf(
      createRawClient(client).GET('/companies/{company_id}/connections', {
        params: { path: { company_id: TEST_KEY } },
      }),
    );
    expect(lines.length).toBeGreaterThan(2);
    for (const text of [String(error), String(raw), ...lines]) expect(text).not.toContain(TEST_KEY);
  });

  it('not in a connection error either', async () => {
    const { client, server } = await createObservedClient({ maxRetries: 0 });
    server.enqueue({ destroy: true });
    const error = await rejectionOf(client.connections.list());
    expect(inspect(error, { depth: 10 })).not.toContain(TEST_KEY);
    expect(JSON.stringify(error)).not.toContain(TEST_KEY);
  });

  it('not when the client itself is logged', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue(ok([]));
    await client.connections.list();
    expect(inspect(client, { depth: 10 })).not.toContain(TEST_KEY);
  });
});
