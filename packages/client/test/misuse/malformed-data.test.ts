// A 2xx whose `data` is missing, null or of the wrong JSON type is a typed error saying so.
import { describe, expect, it } from 'vitest';
import { APIError } from '../../src/index.js';
import { createObservedClient, rejectionOf, TEST_COMPANY, type Reply } from '../helpers/observed.js';

const list = `/companies/${TEST_COMPANY}/connections`;

describe('malformed success responses', () => {
  it.each([
    ['data missing', { json: { message: 'ok' } }, 'data is undefined'],
    ['data null', { json: { message: 'ok', data: null } }, 'data is null'],
    ['data an object', { json: { message: 'ok', data: { connection_id: 'c' } } }, 'data is an object'],
    ['data a string', { json: { message: 'ok', data: '[]' } }, 'data is a string'],
    ['items that are not objects', { json: { message: 'ok', data: [null, 1] } }, 'data is an array'],
    ['a JSON array body', { json: [] }, 'data is undefined'],
  ] as [string, Reply, string][])(
    'list() with %s rejects, never resolves with null',
    async (_label, reply, said) => {
      const { client, server } = await createObservedClient();
      server.enqueue(reply);
      const error = await rejectionOf(client.connections.list());
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).status).toBe(200);
      expect((error as Error).message).toMatch(
        new RegExp(`^200 malformed response, ${said}, expected an array of objects: .* \\(GET ${list}\\)$`),
      );
    },
  );

  it.each([
    ['null', null, 'data is null'],
    ['an array', [], 'data is an array'],
    ['a number', 7, 'data is 7 \\(a number\\)'],
  ])('get() with data %s rejects', async (_label, data, said) => {
    const { client, server } = await createObservedClient();
    server.enqueue({ json: { message: 'ok', data } });
    const error = await rejectionOf(client.connections.get('conn_1'));
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toMatch(
      new RegExp(`^200 malformed response, ${said}, expected an object`),
    );
  });

  it('iterate() over a null page throws an APIError, not a TypeError', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ json: { message: 'ok', data: null } });
    const seen: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const connection of client.connections.iterate()) seen.push(connection.connection_id);
      })(),
    );
    expect(seen).toEqual([]);
    expect(error).toBeInstanceOf(APIError);
    expect(error).not.toBeInstanceOf(TypeError);
  });

  it('is logged as a warning', async () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const { client, server } = await createObservedClient({
      logger: { error: log, warn: log, info: log, debug: log },
      logLevel: 'warn',
    });
    server.enqueue({ json: { message: 'ok', data: null } });
    await rejectionOf(client.connections.list());
    expect(lines).toEqual([
      `[spartera] GET ${list}: 200 malformed response, data is null, expected an array of objects`,
    ]);
  });
});
