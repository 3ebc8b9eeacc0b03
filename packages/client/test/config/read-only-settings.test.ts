import { expect, it } from 'vitest';
import { Spartera } from '../../src/index.js';
import { TEST_COMPANY, TEST_KEY } from '../helpers/observed.js';

it('the settings cannot be changed by assignment, which calls without options would ignore', () => {
  const client = new Spartera({
    apiKey: TEST_KEY,
    companyId: TEST_COMPANY,
    baseUrl: 'http://127.0.0.1:9',
    timeoutMs: 5_000,
    fetch: () => Promise.resolve(Response.json({ data: [] })),
  });
  const settings = client as unknown as Record<string, unknown>;
  for (const name of ['timeoutMs', 'maxRetries', 'companyId', 'baseUrl', 'logLevel', 'connections']) {
    expect(() => {
      settings[name] = 1;
    }, name).toThrow(TypeError);
  }
  expect(client.timeoutMs).toBe(5_000);
  // Still listed, as before, by console.log and Object.keys.
  expect(Object.keys(client)).toEqual(expect.arrayContaining(['timeoutMs', 'maxRetries', 'companyId']));
  // Another setting is another client.
  expect(client.withOptions({ timeoutMs: 100 }).timeoutMs).toBe(100);
});
