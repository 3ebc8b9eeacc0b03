import { describe, expect, it } from 'vitest';
import type { APIError } from '../../src/index.js';
import { NotFoundError } from '../../src/index.js';
import { createObservedClient, ok, rejectionOf, TEST_COMPANY } from '../helpers/observed.js';

const notFound = { status: 404, json: { code: 404, message: 'Resource not found' } };
const path = `/companies/${TEST_COMPANY}/connections/conn_x`;

describe('request ids', () => {
  it('an APIError carries x-request-id and its message ends with it', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ ...notFound, headers: { 'x-request-id': 'req_8f2K1' } });
    const error = (await rejectionOf(client.connections.get('conn_x'))) as APIError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.requestId).toBe('req_8f2K1');
    expect(error.message).toBe(`404 Resource not found (GET ${path}) (request id: req_8f2K1)`);
    expect(error.toJSON()).toMatchObject({ requestId: 'req_8f2K1' });
  });

  it('falls back to request-id', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ ...notFound, headers: { 'request-id': 'abc-123' } });
    const error = (await rejectionOf(client.connections.get('conn_x'))) as APIError;
    expect(error.requestId).toBe('abc-123');
    expect(error.message).toMatch(/ \(request id: abc-123\)$/);
  });

  it('is undefined when the response has none, and the message says nothing of it', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue(notFound);
    const error = (await rejectionOf(client.connections.get('conn_x'))) as APIError;
    expect(error.requestId).toBeUndefined();
    expect(error.message).toBe(`404 Resource not found (GET ${path})`);
  });

  it('withResponse gives it for a success', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ ...ok([]), headers: { 'x-request-id': 'req_ok' } }, ok([]));
    expect((await client.connections.list().withResponse()).requestId).toBe('req_ok');
    expect((await client.connections.list().withResponse()).requestId).toBeUndefined();
  });
});
