import { describe, expect, it } from 'vitest';
import { layout } from '../../src/state/layout.js';
import { PAGE_SIZE } from '../../src/state/list.js';
import { initialState } from '../../src/state/reducer.js';
import { makeConnection } from '../helpers/fake-source.js';
import { answer, fail, failure, key, loaded, pending, reducer, run, SIZE } from './helpers.js';

const page = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => makeConnection(from + index));

describe('the connections list', () => {
  it('starts by asking for page 1 and the engine listing, and keeps the rows it gets', () => {
    const state = initialState(SIZE);
    expect(state.requests.map((request) => request.kind)).toEqual(['list-page', 'engines']);
    expect(pending(state, 'list-page')).toMatchObject({ page: 1, search: '', sortBy: 'last_updated' });
    const next = loaded(5);
    expect(next.list.items).toHaveLength(5);
    expect(next.list.exhausted).toBe(true);
    expect(next.list.loading).toBeUndefined();
    expect(next.requests).toEqual([]);
  });

  it('moves the cursor with j/k and scrolls the window to keep it visible', () => {
    const { listRows } = layout(SIZE);
    let state = loaded(60);
    state = run(state, ...Array.from({ length: listRows + 2 }, () => key('j')));
    expect(state.list.cursor).toBe(listRows + 2);
    expect(state.list.top).toBe(3);
    state = run(state, key('k'), key('k'), key('k'), key('k'));
    expect(state.list.cursor).toBe(listRows - 2);
    expect(state.list.top).toBe(3);
    state = run(state, key('home'));
    expect(state.list).toMatchObject({ cursor: 0, top: 0 });
    state = run(state, key('up'));
    expect(state.list.cursor).toBe(0);
  });

  it('loads the next page when the cursor nears the end, and only once', () => {
    let state = loaded(PAGE_SIZE);
    expect(state.list.exhausted).toBe(false);
    expect(state.requests).toEqual([]);
    state = run(state, key('end'));
    expect(state.list.cursor).toBe(PAGE_SIZE - 1);
    const request = pending(state, 'list-page');
    expect(request.page).toBe(2);
    state = run(state, key('k'), key('j'));
    expect(state.requests).toEqual([request]);
    state = answer(state, 'list-page', page(PAGE_SIZE, 10));
    expect(state.list.items).toHaveLength(PAGE_SIZE + 10);
    expect(state.list.exhausted).toBe(true);
  });

  it('shows each connection once when a page read by offset repeats rows (created meanwhile)', () => {
    let state = loaded(PAGE_SIZE);
    state = run(state, key('end'));
    // Three connections were created since page 1: page 2 starts with the last three of page 1.
    state = answer(state, 'list-page', page(PAGE_SIZE - 3, PAGE_SIZE));
    const ids = state.list.items.map((connection) => connection.connection_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(page(0, 2 * PAGE_SIZE - 3).map((connection) => connection.connection_id));
    // The page was full: more may exist, and the next one is asked for by its own number.
    expect(state.list.exhausted).toBe(false);
    state = run(state, key('end'));
    expect(pending(state, 'list-page').page).toBe(3);
    // A row met again much later (a rename moved it under the name sort) is not shown twice either.
    state = answer(state, 'list-page', [...page(5, 1), ...page(2 * PAGE_SIZE - 3, 4)]);
    const all = state.list.items.map((connection) => connection.connection_id);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(2 * PAGE_SIZE + 1);
    expect(state.list.exhausted).toBe(true);
  });

  it('keeps the selected connection selected through r, wherever the new rows put it', () => {
    let state = run(loaded(10), key('j'), key('j'), key('j'));
    const chosen = state.list.items[3]?.connection_id;
    expect(chosen).toBe('conn_00003');
    state = run(state, key('r'));
    // Someone updated it meanwhile: the last-updated sort now puts it first.
    const rows = page(0, 10);
    const moved = [rows[3], ...rows.filter((_, index) => index !== 3)].filter((row) => row !== undefined);
    state = answer(state, 'list-page', moved);
    expect(state.list.cursor).toBe(0);
    expect(state.list.items[state.list.cursor]?.connection_id).toBe(chosen);
    // Gone from the rows: the cursor keeps its place, as before.
    state = run(state, key('j'), key('j'));
    state = run(state, key('r'));
    state = answer(state, 'list-page', page(20, 10));
    expect(state.list.cursor).toBe(2);
  });

  it('drops the answer to a request that was superseded (typing on while a search ran)', () => {
    let state = loaded(10);
    state = run(state, key('/'), key('a'), { type: 'apply-search' });
    const first = pending(state, 'list-page');
    state = run(state, key('b'), { type: 'apply-search' });
    const second = pending(state, 'list-page');
    expect(second.seq).not.toBe(first.seq);
    expect(state.requests.filter((request) => request.kind === 'list-page')).toEqual([second]);
    state = reducer(state, {
      type: 'settled',
      seq: first.seq,
      outcome: { kind: 'list-page', value: page(99, 1) },
    });
    expect(state.list.items).toEqual([]);
    state = answer(state, 'list-page', [makeConnection(7)]);
    expect(state.list.items.map((item) => item.connection_id)).toEqual(['conn_00007']);
    expect(state.list.search).toBe('ab');
    expect(second).toMatchObject({ search: 'ab', page: 1 });
  });

  it('treats typed letters as filter text, not commands, while filtering; Esc clears it', () => {
    let state = run(loaded(10), key('/'), key('q'), key('t'));
    expect(state.quitting).toBe(false);
    expect(state.stack).toHaveLength(1);
    expect(state.list.filterText).toBe('qt');
    state = run(state, key('backspace'));
    expect(state.list.filterText).toBe('q');
    state = run(state, key('esc'));
    expect(state.list).toMatchObject({ filtering: false, filterText: '', search: '' });
  });

  it('Enter applies the filter at once without waiting for the pause', () => {
    const state = run(loaded(10), key('/'), key('w'), key('enter'));
    expect(state.list).toMatchObject({ filtering: false, search: 'w', items: [] });
    expect(pending(state, 'list-page')).toMatchObject({ page: 1, search: 'w' });
  });

  it('s cycles the sort and reloads from page 1', () => {
    const state = run(loaded(10), key('s'));
    expect(state.list).toMatchObject({ sortBy: 'name', sortOrder: 'asc' });
    expect(pending(state, 'list-page')).toMatchObject({ page: 1, sortBy: 'name', sortOrder: 'asc' });
    expect(state.flash?.text).toContain('name');
  });

  it('keeps the rows on screen when a refresh fails, and says so', () => {
    let state = run(loaded(10), key('r'));
    expect(state.list.items).toHaveLength(10);
    state = fail(state, 'list-page', failure('network', 'ECONNREFUSED'));
    expect(state.list.items).toHaveLength(10);
    expect(state.list.failure?.failure.kind).toBe('network');
  });

  it('retries a later page that failed with r, without losing the rows or the position', () => {
    let state = run(loaded(PAGE_SIZE), key('end'));
    expect(pending(state, 'list-page').page).toBe(2);
    state = fail(state, 'list-page', failure('server', 'boom', { status: 500 }));
    expect(state.list.failure).toMatchObject({ page: 2, failure: { kind: 'server' } });
    state = run(state, key('r'));
    expect(pending(state, 'list-page').page).toBe(2);
    expect(state.list.items).toHaveLength(PAGE_SIZE);
    expect(state.list.cursor).toBe(PAGE_SIZE - 1);
    expect(state.list.failure).toBeUndefined();
  });

  it('shows a first page that is already here without asking for it again', () => {
    const few = initialState(SIZE, [makeConnection(0), makeConnection(1)]);
    expect(few.list).toMatchObject({ loading: undefined, exhausted: true });
    expect(few.requests.map((request) => request.kind)).toEqual(['engines']);
    const full = initialState(SIZE, page(0, PAGE_SIZE));
    expect(full.list).toMatchObject({ loading: undefined, exhausted: false, nextPage: 2 });
    expect(pending(run(full, key('end')), 'list-page').page).toBe(2);
  });
});
