import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../src/state/list.js';
import { initialState } from '../../src/state/reducer.js';
import { INFO_SCHEMA, makeConnection } from '../helpers/fake-source.js';
import { answer, fail, failure, key, loaded, NOW, pending, run, SIZE, top, typed } from './helpers.js';

const page = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => makeConnection(from + index));

describe('failures that pass by themselves', () => {
  it('counts a 429 down from Retry-After at once, retries when it ends, and r retries now', () => {
    let state = fail(
      initialState(SIZE),
      'list-page',
      failure('rate-limit', 'Rate limit', { status: 429, retryAfter: 3 }),
    );
    expect(state.list.failure).toMatchObject({
      page: 1,
      retryAt: NOW + 3000,
      failure: { kind: 'rate-limit' },
    });
    const scheduled = pending(state, 'list-page');
    expect(scheduled).toMatchObject({ page: 1, notBefore: NOW + 3000, attempt: 1 });
    expect(state.list.loading?.seq).toBe(scheduled.seq);
    // When it goes out and succeeds, the failure is gone.
    expect(answer(state, 'list-page', page(0, 3)).list).toMatchObject({
      failure: undefined,
      loading: undefined,
    });
    // r sends it now: the scheduled one is dropped for a new one without delay.
    state = run(state, key('r'));
    const now = pending(state, 'list-page');
    expect(now.notBefore).toBeUndefined();
    expect(state.requests.filter((request) => request.kind === 'list-page')).toEqual([now]);
  });

  it('backs off twice after a network failure, then leaves it to r', () => {
    let state = run(loaded(3), key('enter'));
    state = fail(state, 'connection', failure('network', 'ECONNRESET'));
    expect(pending(state, 'connection')).toMatchObject({ attempt: 1, notBefore: NOW + 500 });
    state = fail(state, 'connection', failure('network', 'ECONNRESET'));
    expect(pending(state, 'connection')).toMatchObject({ attempt: 2, notBefore: NOW + 1000 });
    state = fail(state, 'connection', failure('network', 'ECONNRESET'));
    expect(state.requests).toEqual([]);
    const { load } = top(state, 'detail');
    expect(load).toMatchObject({ status: 'error', failure: { kind: 'network' } });
    expect(load.status === 'error' && load.retryAt).toBeUndefined();
  });

  it('never repeats a create or an update by itself, nor a failure that will not pass', () => {
    let state = run(
      loaded(1),
      key('n'),
      ...typed('Repeat'),
      key('tab'),
      key('tab'),
      key('right'),
      key('ctrl+s'),
    );
    state = fail(state, 'create', failure('network', 'socket hang up'));
    expect(state.requests).toEqual([]);
    state = fail(run(loaded(1), key('t')), 'test', failure('forbidden', 'no', { status: 403 }));
    expect(state.requests).toEqual([]);
  });
});

describe('a refresh', () => {
  it('is a refresh, not "more", while it runs and when it fails', () => {
    let state = run(loaded(10), key('r'));
    expect(state.list.loading?.page).toBe(1);
    state = fail(state, 'list-page', failure('server', 'boom', { status: 503 }));
    expect(state.list.failure?.page).toBe(1);
    expect(state.list.items).toHaveLength(10);
  });
});

describe('a delete whose answer was lost', () => {
  it('is retried by itself after a network failure, and a 404 then counts as done', () => {
    let state = run(loaded(3), key('j'), key('d'), key('y'));
    state = fail(state, 'delete', failure('network', 'socket hang up'));
    expect(top(state, 'delete')).toMatchObject({ retryAt: NOW + 500, failure: { kind: 'network' } });
    expect(pending(state, 'delete').id).toBe('conn_00001');
    state = fail(state, 'delete', failure('not-found', 'Resource not found', { status: 404 }));
    expect(state.stack).toHaveLength(1);
    expect(state.list.items.map((item) => item.connection_id)).not.toContain('conn_00001');
    expect(state.flash?.text).toBe('Deleted Warehouse 00001 (it was already gone).');
  });
});

describe('a create whose answer was lost', () => {
  const lost = () => {
    const state = run(
      loaded(1),
      key('n'),
      ...typed('Lost one'),
      key('tab'),
      key('tab'),
      key('right'),
      key('ctrl+s'),
    );
    return fail(state, 'create', failure('network', 'socket hang up'));
  };

  it('looks the connection up by name on Ctrl+F, and opens it when it was created', () => {
    let state = run(lost(), key('r'));
    // r is text in the Name field, not a command: the form never offers it as advice.
    expect(top(state, 'form').form.values.name).toBe('Lost one');
    state = run(lost(), key('ctrl+f'));
    expect(pending(state, 'find-by-name').name).toBe('Lost one');
    state = answer(state, 'find-by-name', [
      makeConnection(40, { name: 'Lost one plus' }),
      makeConnection(41, { name: 'Lost one' }),
    ]);
    expect(top(state, 'detail')).toMatchObject({ id: 'conn_00041' });
    expect(state.stack.map((view) => view.kind)).toEqual(['connections', 'detail']);
    expect(state.flash?.text).toContain('the create went through');
  });

  it('says the create did not go through when no connection has the name', () => {
    const state = answer(run(lost(), key('ctrl+f')), 'find-by-name', [
      makeConnection(40, { name: 'Lost one plus' }),
    ]);
    expect(top(state, 'form').form.formError).toBe(
      'No connection is named “Lost one”: the create did not go through. Ctrl+S creates it.',
    );
  });
});

describe('a duplicate name', () => {
  it('shows the 409 beside Name and moves there', () => {
    let state = run(
      loaded(1),
      key('n'),
      ...typed('Taken'),
      key('tab'),
      key('tab'),
      key('right'),
      key('ctrl+s'),
    );
    state = fail(state, 'create', failure('conflict', 'A connection with this name exists', { status: 409 }));
    const { form } = top(state, 'form');
    expect(form.errors.name?.[0]).toContain('already used by another connection (409)');
    expect(form.focus).toBe(0);
  });
});

describe('clearing fields on edit', () => {
  it('sends an emptied description as "", and refuses to empty what the API cannot clear', () => {
    const original = makeConnection(0, { description: 'Old words', provider_domain: 'api.weather.com' });
    let state = answer(initialState(SIZE), 'list-page', [original]);
    state = run(
      state,
      key('e'),
      key('tab'),
      ...Array.from({ length: 9 }, () => key('backspace')),
      key('ctrl+s'),
    );
    expect(pending(state, 'update').patch).toEqual({ description: '' });
    state = run(answer(initialState(SIZE), 'list-page', [original]), key('e'));
    for (let step = 0; step < 5; step += 1) state = run(state, key('tab'));
    state = run(state, ...Array.from({ length: 15 }, () => key('backspace')), key('ctrl+s'));
    expect(top(state, 'form').form.errors.provider_domain?.[0]).toContain('the API cannot clear it');
  });
});

describe('keys typed while the data loads', () => {
  it('apply when the first page arrives, in order', () => {
    let state = run(initialState(SIZE), key('j'), key('j'), key('enter'));
    expect(state.stack).toHaveLength(1);
    state = answer(state, 'list-page', page(0, 5));
    expect(top(state, 'detail').id).toBe('conn_00002');
  });

  it('wait for the next page at the last loaded row (a held j goes on)', () => {
    let state = run(loaded(PAGE_SIZE), ...Array.from({ length: PAGE_SIZE - 1 }, () => key('j')));
    expect(state.list.cursor).toBe(PAGE_SIZE - 1);
    expect(pending(state, 'list-page').page).toBe(2);
    state = run(state, key('j'), key('j'));
    expect(state.list.cursor).toBe(PAGE_SIZE - 1);
    state = answer(state, 'list-page', page(PAGE_SIZE, 10));
    expect(state.list.cursor).toBe(PAGE_SIZE + 1);
  });

  it('wait for the information schema before moving in it', () => {
    let state = run(loaded(1), key('i'), key('l'), key('j'));
    state = answer(state, 'schema', INFO_SCHEMA);
    expect(top(state, 'schema')).toMatchObject({ cursor: 1 });
    expect([...top(state, 'schema').expanded]).toEqual(['sales']);
  });

  it('are forgotten when the view they waited in closes', () => {
    let state = run(loaded(1), key('i'), key('l'), key('esc'));
    expect(state.stack).toHaveLength(1);
    state = run(state, key('j'));
    expect(state.deferred).toBeUndefined();
  });
});

describe('G and g', () => {
  it('G loads page after page to the real last row, saying so; g goes back to the first', () => {
    let state = run(loaded(PAGE_SIZE), key('G'));
    expect(state.list.toEnd).toBe(true);
    state = answer(state, 'list-page', page(PAGE_SIZE, PAGE_SIZE));
    expect(state.list.cursor).toBe(2 * PAGE_SIZE - 1);
    expect(pending(state, 'list-page').page).toBe(3);
    state = answer(state, 'list-page', page(2 * PAGE_SIZE, 7));
    expect(state.list).toMatchObject({ toEnd: false, exhausted: true, cursor: 2 * PAGE_SIZE + 6 });
    expect(run(state, key('g')).list).toMatchObject({ cursor: 0, top: 0 });
  });

  it('stops on Esc or a moving key, and Enter opens the real last row', () => {
    expect(run(loaded(PAGE_SIZE), key('G'), key('esc')).list.toEnd).toBe(false);
    expect(run(loaded(PAGE_SIZE), key('G'), key('g')).list).toMatchObject({ toEnd: false, cursor: 0 });
    let state = run(loaded(PAGE_SIZE), key('G'), key('enter'));
    expect(state.stack).toHaveLength(1);
    state = answer(state, 'list-page', page(PAGE_SIZE, 3));
    expect(top(state, 'detail').id).toBe('conn_00102');
  });
});

describe('help', () => {
  it('pages with PgDn and PgUp, and jumps with End and Home', () => {
    let state = run(loaded(1), key('?'), key('pagedown'));
    const paged = top(state, 'help').top;
    expect(paged).toBeGreaterThan(1);
    state = run(state, key('end'));
    expect(top(state, 'help').top).toBeGreaterThanOrEqual(paged);
    state = run(state, key('pageup'), key('home'));
    expect(top(state, 'help').top).toBe(0);
  });
});

describe('the engine picker before the engine list is in', () => {
  it('keeps → until the list arrives, and asks again for a list that failed', () => {
    let state = answer(initialState(SIZE), 'list-page', page(0, 3));
    state = run(state, key('n'), key('tab'), key('tab'), key('right'));
    expect(top(state, 'form').form.values.engine_id).toBeUndefined();
    state = answer(state, 'engines', [
      { engine_id: 7, provider_id: 1, service_name: 'Alpha', engine_type: 'EDW' },
      { engine_id: 3, provider_id: 1, service_name: 'Beta', engine_type: 'EDW' },
    ]);
    expect(top(state, 'form').form.values.engine_id).toBe(7);
    let failed = answer(initialState(SIZE), 'list-page', page(0, 3));
    failed = fail(failed, 'engines', failure('forbidden', 'no', { status: 403 }));
    failed = run(failed, key('n'), key('tab'), key('tab'), key('right'));
    expect(pending(failed, 'engines')).toBeDefined();
    expect(failed.flash?.text).toContain('asking again');
  });
});
