import { describe, expect, it } from 'vitest';
import { SparteraError } from '../../src/index.js';
import { createObservedClient, ok, rejectionOf, TEST_COMPANY } from '../helpers/observed.js';

const listed = ok([{ connection_id: 'conn_1', company_id: TEST_COMPANY, engine_id: 1 }]);

describe('withResponse and asResponse taken off their promise', () => {
  it('called detached, reject with a SparteraError that says how to call them, and send nothing more', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(listed);
    const call = client.connections.list();
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the misuse under test
    const { withResponse, asResponse } = call;
    for (const [name, detached] of [
      ['withResponse', withResponse],
      ['asResponse', asResponse],
    ] as const) {
      const error = await rejectionOf(detached());
      expect(error).toBeInstanceOf(SparteraError);
      expect((error as Error).message).toBe(
        `${name}() was called without its promise: call it as call.${name}(), or pass () => call.${name}()`,
      );
    }
    // The call itself is untouched by the misuse.
    await expect(call).resolves.toHaveLength(1);
    expect(requests).toHaveLength(1);
  });

  it('passed to then() as a callback, reject with the same SparteraError, not a TypeError', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue(listed);
    const call = client.connections.list();
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the misuse under test
    const error = await rejectionOf(Promise.resolve().then(call.withResponse));
    expect(error).toBeInstanceOf(SparteraError);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('withResponse() was called without its promise');
    await call;
  });

  it('called on another object, reject with the same SparteraError', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue(listed);
    const call = client.connections.list();
    const error = await rejectionOf(call.asResponse.call(Promise.resolve([])));
    expect(error).toBeInstanceOf(SparteraError);
    expect((error as Error).message).toContain('asResponse() was called without its promise');
    await call;
  });

  it('wrapped in an arrow function, as the message advises, work', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue(listed);
    const call = client.connections.list();
    const asResponse = () => call.asResponse();
    const response = await asResponse();
    expect(response.status).toBe(200);
  });
});
