import { describe, expect, it } from 'vitest';
import { compactPage } from '../../src/api/compact.js';
import { makeConnection } from '../helpers/fake-source.js';

describe('compactPage', () => {
  it('keeps every field of every row as it was (the memory it saves is measured in bench/tui-scroll.mjs)', () => {
    const page = JSON.parse(
      JSON.stringify([makeConnection(1), makeConnection(2, { user_id: undefined, visibility: undefined })]),
    ) as ReturnType<typeof makeConnection>[];
    const compact = compactPage(page);
    expect(compact).toEqual(page);
    expect(Object.keys(compact[1]!)).toEqual(Object.keys(page[1]!));
  });
});
