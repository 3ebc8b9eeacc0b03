import { expect, it } from 'vitest';
import { Spartera } from '../../src/index.js';
import { TEST_COMPANY, TEST_KEY } from '../helpers/observed.js';

it("a fetch wrapper that sets a header in place changes that call's headers, not every later call's", async () => {
  const sent: (string | undefined)[] = [];
  let calls = 0;
  const client = new Spartera({
    apiKey: TEST_KEY,
    companyId: TEST_COMPANY,
    baseUrl: 'http://127.0.0.1:9',
    fetch: (_url, init) => {
      const headers = init.headers as Record<string, string>;
      if (++calls === 1) {
        // Per-request data a wrapper adds by mutating the init it was given.
        headers['x-debug-once'] = 'first call';
        headers['x-api-key'] = 'key-of-a-wrapper-that-rotates-keys';
      }
      sent.push(`${headers['x-debug-once'] ?? '-'} ${headers['x-api-key'] ?? '-'}`);
      return Promise.resolve(Response.json({ data: [], message: 'ok' }));
    },
  });
  await client.connections.list();
  await client.connections.list();
  await client.withOptions({ companyId: 'globex_retail' }).connections.list();
  expect(sent).toEqual(['first call key-of-a-wrapper-that-rotates-keys', `- ${TEST_KEY}`, `- ${TEST_KEY}`]);
});
