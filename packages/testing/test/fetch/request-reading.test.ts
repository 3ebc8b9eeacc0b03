// The arguments of the common fetch call are read without building a Request (which loads Node's
// fetch implementation); that reading must give exactly what `new Request(input, init)` gives, and
// refuse exactly what it refuses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncomingRequest } from '../../src/transport/request.js';
import { readFetchArguments, readRequest } from '../../src/transport/request.js';

function comparable(request: IncomingRequest) {
  return {
    url: request.url.href,
    method: request.method.toUpperCase(),
    headers: Object.entries(request.headers).sort(([a], [b]) => (a < b ? -1 : 1)),
    body: request.body,
    bodyTooLarge: request.bodyTooLarge,
  };
}

// Not `__proto__`: Node's Request drops a header of that name (its record conversion assigns it to
// a plain object), where the direct reading keeps it as data; the engine reads neither.
const headerName = fc.oneof(
  fc.constantFrom('x-api-key', 'X-API-Key', 'Content-Type', 'content-type', 'accept', 'x-trace-id'),
  fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/).filter((name) => name !== '__proto__'),
  fc.constantFrom('bad name', 'x:y', 'é', ''),
);
const headerValue = fc.oneof(
  fc.stringMatching(/^[ \t]?[\x20-\x7e]{0,16}[ \t]?$/),
  fc.constantFrom('caf\u00e9', 'line\nbreak', 'nul\0', 'snow\u2603', ' padded ', ''),
);
const method = fc.constantFrom(
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'get',
  'post',
  'Patch',
  'TRACE',
  'bad method',
);
const url = fc.oneof(
  fc.constantFrom(
    'https://api.spartera.com/companies/acme_analytics/connections?page=2&limit=5',
    'https://api.spartera.com/cloud-providers#fragment',
    'https://API.Spartera.com:443/a/../b?q=%20x',
    'https://user:pass@api.spartera.com/x',
    'not a url',
    '/relative',
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);

describe('reading fetch arguments without a Request', () => {
  it('gives what new Request(input, init) gives, and refuses what it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(
        url,
        fc.boolean(),
        fc.option(method, { nil: undefined }),
        fc.option(fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 }), { nil: undefined }),
        fc.option(fc.oneof(fc.string(), fc.constant(''), fc.constant(null)), { nil: undefined }),
        async (input, asUrl, givenMethod, headerList, body) => {
          let target: string | URL = input;
          if (asUrl) {
            try {
              target = new URL(input);
            } catch {
              target = input;
            }
          }
          const init: RequestInit = {};
          if (givenMethod !== undefined) init.method = givenMethod;
          if (headerList !== undefined) {
            const record: Record<string, string> = {};
            for (const [name, value] of headerList) {
              Object.defineProperty(record, name, {
                value,
                enumerable: true,
                configurable: true,
                writable: true,
              });
            }
            init.headers = record;
          }
          if (body !== undefined) init.body = body;

          let expected: IncomingRequest | undefined;
          let refusal: unknown;
          try {
            expected = await readRequest(new Request(target, init));
          } catch (error) {
            refusal = error;
          }
          const read = readFetchArguments(target, init);
          if (expected === undefined) {
            expect(refusal).toBeInstanceOf(TypeError);
            await expect(read).rejects.toThrow(TypeError);
          } else {
            expect(comparable(await read)).toEqual(comparable(expected));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps a header named like an Object member as data', async () => {
    const request = await readFetchArguments('https://api.spartera.com/x', {
      headers: JSON.parse('{"__proto__": "p", "constructor": "c"}') as Record<string, string>,
    });
    expect(Object.getPrototypeOf(request.headers)).toBeNull();
    expect(request.headers['__proto__']).toBe('p');
    expect(request.headers['constructor']).toBe('c');
  });

  it('marks a body over the limit without keeping it', async () => {
    const request = await readFetchArguments('https://api.spartera.com/x', {
      method: 'POST',
      body: 'é'.repeat(600_000),
    });
    expect([request.bodyTooLarge, request.body]).toEqual([true, undefined]);
    const small = await readFetchArguments('https://api.spartera.com/x', {
      method: 'POST',
      body: 'é'.repeat(1000),
    });
    expect([small.bodyTooLarge, small.body?.length]).toEqual([false, 1000]);
  });
});
