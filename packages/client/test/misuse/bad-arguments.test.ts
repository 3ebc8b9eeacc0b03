// Every bad argument from plain JavaScript is a SparteraError, before any request.
import { describe, expect, it } from 'vitest';
import { Spartera, SparteraError } from '../../src/index.js';
import { createObservedClient, rejectionOf } from '../helpers/observed.js';

/** Calls made the way plain JavaScript can make them, past the types. */
type Loose = Record<string, (...args: unknown[]) => Promise<unknown>>;

const cyclic: Record<string, unknown> = { engine_id: 1, name: 'loop' };
cyclic.self = cyclic;

describe('bad arguments', () => {
  it.each([
    ['create(null)', (c: Loose) => c.create!(null), /^The body must be an object; got null$/],
    ['create(undefined)', (c: Loose) => c.create!(undefined), /^The body must be an object; got undefined$/],
    ['create("{}")', (c: Loose) => c.create!('{}'), /^The body must be an object; got "\{\}" \(a string\)$/],
    ['create([])', (c: Loose) => c.create!([]), /^The body must be an object; got an array$/],
    ['update(id, null)', (c: Loose) => c.update!('conn_1', null), /^The body must be an object; got null$/],
    [
      'a cyclic object',
      (c: Loose) => c.create!(cyclic),
      /^The body could not be sent as JSON: Converting circular structure to JSON/,
    ],
    [
      'a BigInt',
      (c: Loose) => c.create!({ engine_id: 1n }),
      /^The body could not be sent as JSON: Do not know how to serialize a BigInt/,
    ],
    [
      'update(id, { name: undefined })',
      (c: Loose) => c.update!('conn_1', { name: undefined }),
      /^update needs at least one field to change$/,
    ],
    ['list("foo")', (c: Loose) => c.list!('foo'), /^query must be an object; got "foo" \(a string\)$/],
    [
      'list({ search: null })',
      (c: Loose) => c.list!({ search: null }),
      /^search must be a string, a finite number or a boolean; got null$/,
    ],
    [
      'list({ page: {} })',
      (c: Loose) => c.list!({ page: {} }),
      /^page must be a string, a finite number or a boolean; got an object$/,
    ],
    [
      'list({ limit: NaN })',
      (c: Loose) => c.list!({ limit: Number.NaN }),
      /^limit must be .*; got NaN \(a number\)$/,
    ],
    ['list({}, "fast")', (c: Loose) => c.list!({}, 'fast'), /^options must be an object; got a string$/],
    [
      'list({}, { signal: true })',
      (c: Loose) => c.list!({}, { signal: true }),
      /^signal must be an AbortSignal; got true \(a boolean\)$/,
    ],
    ['sampleData(id, "orders")', (c: Loose) => c.sampleData!('conn_1', 'orders'), /^query must be an object/],
    [
      'get(1)',
      (c: Loose) => c.get!(1),
      /^connection_id must be 1 to 255 letters, digits, '_' or '-'; got 1 \(a number\)$/,
    ],
    ['get("1 2")', (c: Loose) => c.get!('1 2'), /; got "1 2" \(a string\)$/],
  ])('%s', async (_label, call, message) => {
    const { client, requests } = await createObservedClient();
    const error = await rejectionOf(call(client.connections as unknown as Loose));
    expect(error).toBeInstanceOf(SparteraError);
    expect((error as Error).message).toMatch(message);
    expect(requests).toHaveLength(0);
  });

  it('iterate("foo") and listPage("foo") refuse the query too', async () => {
    const { client, requests } = await createObservedClient();
    const loose = client.connections as unknown as Record<string, (...args: unknown[]) => unknown>;
    expect(() => loose.iterate!('foo')).toThrow(SparteraError);
    await expect(loose.listPage!('foo')).rejects.toThrow(/^query must be an object/);
    expect(requests).toHaveLength(0);
  });

  it('engines.get("1") shows the string it refused', async () => {
    const { client, requests } = await createObservedClient();
    await expect(client.engines.get('1' as unknown as number)).rejects.toThrow(
      'engineId must be a whole number from 1 to 9007199254740991; got "1" (a string)',
    );
    expect(requests).toHaveLength(0);
  });

  it('new Spartera("key") says what it wanted, without echoing what could be a key', () => {
    const construct = () => new Spartera('sk_live_0123456789' as never);
    expect(construct).toThrow(SparteraError);
    expect(construct).toThrow('The options of new Spartera must be an object; got a string');
  });
});
