// Path parameters of the raw client are checked like the methods' ids: none can address another path.
import { describe, expect, it } from 'vitest';
import { SparteraError } from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { createObservedClient, ok, rejectionOf, TEST_COMPANY } from '../helpers/observed.js';

const escapes = ['.', '..', '/', '%2e', '%2E%2E', '', 'a/b', '../connections'];

describe('raw path parameters', () => {
  it.each(escapes)('a DELETE with connection_id %j never reaches the server', async (connectionId) => {
    const { client, requests } = await createObservedClient();
    const error = await rejectionOf(
      createRawClient(client).DELETE('/companies/{company_id}/connections/{connection_id}', {
        params: { path: { company_id: TEST_COMPANY, connection_id: connectionId } },
      }),
    );
    expect(error).toBeInstanceOf(SparteraError);
    expect((error as Error).message).toMatch(
      /^connection_id must be 1 to 255 letters, digits, '_' or '-'; got "/,
    );
    expect(requests).toHaveLength(0);
  });

  it.each(escapes)('a company_id of %j is refused the same way', async (companyId) => {
    const { client, requests } = await createObservedClient();
    const error = await rejectionOf(
      createRawClient(client).GET('/companies/{company_id}/connections', {
        params: { path: { company_id: companyId } },
      }),
    );
    expect((error as Error).message).toMatch(/^company_id must be/);
    expect(requests).toHaveLength(0);
  });

  it('integer parameters must be whole numbers', async () => {
    const { client, requests } = await createObservedClient();
    const raw = createRawClient(client);
    for (const providerId of [-1, 1.5, Number.NaN]) {
      const error = await rejectionOf(
        raw.GET('/cloud-providers/{provider_id}/storage-engines', {
          params: { path: { provider_id: providerId } },
        }),
      );
      expect(error).toBeInstanceOf(SparteraError);
      expect((error as Error).message).toMatch(/^provider_id must be a whole number/);
    }
    expect(requests).toHaveLength(0);
  });

  it('a proper id still reaches its own path', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(ok({ connection_id: 'conn_1' }));
    const { data } = await createRawClient(client).DELETE(
      '/companies/{company_id}/connections/{connection_id}',
      {
        params: { path: { company_id: TEST_COMPANY, connection_id: 'conn_1' } },
      },
    );
    expect(data?.data).toEqual({ connection_id: 'conn_1' });
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `DELETE /companies/${TEST_COMPANY}/connections/conn_1`,
    ]);
  });

  it('the methods refuse the same ids', async () => {
    const { client, requests } = await createObservedClient();
    for (const connectionId of escapes) {
      const error = await rejectionOf(client.connections.delete(connectionId));
      expect(error).toBeInstanceOf(SparteraError);
    }
    expect(requests).toHaveLength(0);
  });
});
