import { describe, expect, it } from 'vitest';
import { toFailure } from '../../src/api/failure.js';
import { SourceError } from '../../src/api/source.js';
import type { Action, AppState } from '../../src/state/reducer.js';
import { createReducer, initialState, PAGE_SIZE, topView } from '../../src/state/reducer.js';
import { layout } from '../../src/state/layout.js';
import { INFO_SCHEMA, makeConnection, SAMPLE } from '../helpers/fake-source.js';

const reducer = createReducer('acme');
const SIZE = { columns: 100, rows: 30 };
/** A key press as the input decoder reports it: a single character types itself, named keys type nothing. */
const key = (name: string): Action => ({
  type: 'key',
  name,
  text: name === 'space' ? ' ' : name.length === 1 ? name : '',
});
const run = (state: AppState, ...actions: Action[]) => actions.reduce(reducer, state);

/** A state whose first list request has been answered with `count` connections. */
function loaded(count: number): AppState {
  const state = initialState(SIZE);
  const items = Array.from({ length: Math.min(count, PAGE_SIZE) }, (_, index) => makeConnection(index));
  return reducer(state, { type: 'list-loaded', seq: state.list.request!.seq, page: 1, items });
}

describe('the connections list', () => {
  it('starts by asking for page 1 and keeps the rows it gets', () => {
    const state = initialState(SIZE);
    expect(state.list.request).toEqual({ seq: expect.any(Number), page: 1 });
    const next = loaded(5);
    expect(next.list.items).toHaveLength(5);
    expect(next.list.exhausted).toBe(true);
    expect(next.list.request).toBeUndefined();
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
    expect(state.list.request).toBeUndefined();
    state = run(state, key('end'));
    expect(state.list.cursor).toBe(PAGE_SIZE - 1);
    const request = state.list.request!;
    expect(request.page).toBe(2);
    state = run(state, key('k'), key('j'));
    expect(state.list.request).toBe(request);
    const more = Array.from({ length: 10 }, (_, index) => makeConnection(PAGE_SIZE + index));
    state = reducer(state, { type: 'list-loaded', seq: request.seq, page: 2, items: more });
    expect(state.list.items).toHaveLength(PAGE_SIZE + 10);
    expect(state.list.exhausted).toBe(true);
  });

  it('drops the answer to a request that was superseded (typing on while a search ran)', () => {
    let state = loaded(10);
    state = run(state, key('/'), key('a'), { type: 'apply-search' });
    const first = state.list.request!;
    state = run(state, key('b'), { type: 'apply-search' });
    const second = state.list.request!;
    expect(second.seq).not.toBe(first.seq);
    state = reducer(state, { type: 'list-loaded', seq: first.seq, page: 1, items: [makeConnection(99)] });
    expect(state.list.items).toEqual([]);
    state = reducer(state, { type: 'list-loaded', seq: second.seq, page: 1, items: [makeConnection(7)] });
    expect(state.list.items.map((item) => item.connection_id)).toEqual(['conn_00007']);
    expect(state.list.search).toBe('ab');
  });

  it('treats typed letters as filter text, not commands, while filtering; Esc clears it', () => {
    let state = run(loaded(10), key('/'), key('q'), key('t'));
    expect(state.quitting).toBe(false);
    expect(topView(state).kind).toBe('connections');
    expect(state.list.filterText).toBe('qt');
    state = run(state, key('backspace'));
    expect(state.list.filterText).toBe('q');
    state = run(state, key('esc'));
    expect(state.list).toMatchObject({ filtering: false, filterText: '', search: '' });
  });

  it('Enter applies the filter at once without waiting for the pause', () => {
    const state = run(loaded(10), key('/'), key('w'), key('enter'));
    expect(state.list).toMatchObject({ filtering: false, search: 'w', items: [] });
    expect(state.list.request?.page).toBe(1);
  });

  it('s cycles the sort and reloads from page 1', () => {
    const state = run(loaded(10), key('s'));
    expect(state.list.sort).toBe(1);
    expect(state.list.request?.page).toBe(1);
    expect(state.flash?.text).toContain('name');
  });

  it('keeps the rows on screen when a refresh fails, and says so', () => {
    let state = run(loaded(10), key('r'));
    const seq = state.list.request!.seq;
    expect(state.list.items).toHaveLength(10);
    state = reducer(state, {
      type: 'list-failed',
      seq,
      failure: toFailure(new SourceError('network', 'ECONNREFUSED')),
    });
    expect(state.list.items).toHaveLength(10);
    expect(state.list.failure?.kind).toBe('network');
  });
});

describe('navigation', () => {
  it('Enter opens the detail, Esc comes back, q quits only from the top level', () => {
    let state = run(loaded(3), key('j'), key('enter'));
    const detail = topView(state);
    expect(detail).toMatchObject({ kind: 'detail', id: 'conn_00001', load: { status: 'loading' } });
    state = run(state, key('q'));
    expect(state.quitting).toBe(false);
    state = run(state, key('esc'));
    expect(topView(state).kind).toBe('connections');
    expect(run(state, key('q')).quitting).toBe(true);
  });

  it('Ctrl+C quits from anywhere, even from a form field', () => {
    const state = run(loaded(3), key('n'), key('ctrl+c'));
    expect(state.quitting).toBe(true);
  });

  it('? opens the help over any view and closes it again', () => {
    let state = run(loaded(3), key('enter'), key('?'));
    expect(topView(state).kind).toBe('help');
    state = run(state, key('?'));
    expect(topView(state).kind).toBe('detail');
  });

  it('a result is applied to the view that asked for it, a late one is ignored', () => {
    let state = run(loaded(3), key('enter'));
    const view = topView(state);
    if (view.kind !== 'detail') throw new Error('expected the detail');
    state = run(state, key('esc'));
    const after = reducer(state, { type: 'view-loaded', seq: view.load.seq, data: makeConnection(0) });
    expect(after).toBe(state);
    state = run(state, key('t'));
    const test = topView(state);
    if (test.kind !== 'test') throw new Error('expected the test view');
    state = reducer(state, {
      type: 'view-failed',
      seq: test.load.seq,
      failure: toFailure(new SourceError('forbidden', 'no', { status: 403 })),
    });
    expect(topView(state)).toMatchObject({
      kind: 'test',
      load: { status: 'error', failure: { kind: 'forbidden' } },
    });
    state = run(state, key('r'));
    expect(topView(state)).toMatchObject({ kind: 'test', load: { status: 'loading' } });
  });

  it('says so when a connection command finds nothing selected', () => {
    const state = run(loaded(0), key('t'));
    expect(topView(state).kind).toBe('connections');
    expect(state.flash).toEqual({ tone: 'error', text: 'No connection selected.' });
  });
});

describe('delete', () => {
  it('asks first; n keeps the connection, y deletes it and removes the row', () => {
    let state = run(loaded(3), key('j'), key('d'));
    expect(topView(state)).toMatchObject({ kind: 'delete', id: 'conn_00001', deleting: undefined });
    expect(topView(run(state, key('n')))).toMatchObject({ kind: 'connections' });
    state = run(state, key('y'));
    const view = topView(state);
    if (view.kind !== 'delete' || view.deleting === undefined) throw new Error('expected a delete in flight');
    state = reducer(state, { type: 'deleted', seq: view.deleting });
    expect(topView(state).kind).toBe('connections');
    expect(state.list.items.map((item) => item.connection_id)).toEqual(['conn_00000', 'conn_00002']);
    expect(state.flash?.text).toBe('Deleted Warehouse 00001.');
  });

  it('keeps the confirmation up with the reason when the delete fails', () => {
    let state = run(loaded(3), key('d'), key('y'));
    const view = topView(state);
    if (view.kind !== 'delete') throw new Error('expected the confirmation');
    state = reducer(state, {
      type: 'delete-failed',
      seq: view.deleting!,
      failure: toFailure(new SourceError('forbidden', 'Permission denied', { status: 403 })),
    });
    expect(topView(state)).toMatchObject({ kind: 'delete', deleting: undefined, failure: { status: 403 } });
    expect(state.list.items).toHaveLength(3);
  });
});

describe('the information schema and the sample', () => {
  function schemaState(): AppState {
    let state = run(loaded(1), key('i'));
    const view = topView(state);
    if (view.kind !== 'schema') throw new Error('expected the schema view');
    state = reducer(state, { type: 'view-loaded', seq: view.load.seq, data: INFO_SCHEMA });
    return state;
  }

  it('expands with → and Enter, collapses with ←, and ← on a child goes to its parent', () => {
    let state = schemaState();
    state = run(state, key('right'), key('j'), key('right'));
    let view = topView(state);
    if (view.kind !== 'schema') throw new Error('expected the schema view');
    expect([...view.expanded]).toEqual(['sales', 'sales/orders']);
    expect(view.cursor).toBe(1);
    state = run(state, key('j'), key('left'));
    view = topView(state);
    if (view.kind !== 'schema') throw new Error('expected the schema view');
    expect(view.cursor).toBe(1);
    state = run(state, key('left'));
    view = topView(state);
    if (view.kind !== 'schema') throw new Error('expected the schema view');
    expect([...view.expanded]).toEqual(['sales']);
  });

  it('Enter on a table opens its sample; arrows scroll rows and columns within bounds', () => {
    let state = run(schemaState(), key('space'), key('j'), key('enter'));
    const view = topView(state);
    expect(view).toMatchObject({ kind: 'sample', schemaName: 'sales', tableName: 'orders' });
    if (view.kind !== 'sample') throw new Error('expected the sample');
    state = reducer(state, { type: 'view-loaded', seq: view.load.seq, data: SAMPLE });
    state = run(state, key('right'), key('right'), key('end'));
    expect(topView(state)).toMatchObject({ column: 2, row: 0 });
    state = run(state, ...Array.from({ length: 10 }, () => key('right')));
    expect(topView(state)).toMatchObject({ column: Object.keys(SAMPLE).length - 1 });
    state = run(state, key('esc'));
    expect(topView(state).kind).toBe('schema');
  });
});

describe('the form', () => {
  it('n opens an empty create form; required fields are checked before anything is sent', () => {
    let state = run(loaded(1), key('n'), key('ctrl+s'));
    const view = topView(state);
    if (view.kind !== 'form') throw new Error('expected the form');
    expect(view.form.submitting).toBeUndefined();
    expect(view.form.errors.engine_id?.[0]).toContain('required');
    state = run(state, key('esc'));
    expect(topView(state).kind).toBe('connections');
  });

  it('types into text fields, masks nothing in state but sends only what was given', () => {
    let state = reducer(loaded(1), {
      type: 'engines-loaded',
      seq: initialState(SIZE).engines.seq,
      items: [{ engine_id: 1, provider_id: 1, service_name: 'BigQuery', engine_type: 'EDW' }],
    });
    state = run(state, key('n'), ...'New one'.split('').map((char) => key(char === ' ' ? 'space' : char)));
    state = run(state, key('tab'), key('tab'), key('right'), key('ctrl+s'));
    const view = topView(state);
    if (view.kind !== 'form') throw new Error('expected the form');
    expect(view.form.submitting?.payload).toEqual({ company_id: 'acme', name: 'New one', engine_id: 1 });
  });

  it('shows the server’s 400 field errors and lets the user fix them', () => {
    let state = run(loaded(1), key('e'), key('x'), key('ctrl+s'));
    const view = topView(state);
    if (view.kind !== 'form') throw new Error('expected the form');
    expect(view.form.submitting?.payload).toEqual({ name: 'Warehouse 00000x' });
    state = reducer(state, {
      type: 'save-failed',
      seq: view.form.submitting!.seq,
      failure: toFailure(
        new SourceError('invalid', 'Invalid input', { status: 400, fieldErrors: { name: ['is taken'] } }),
      ),
    });
    const failed = topView(state);
    if (failed.kind !== 'form') throw new Error('expected the form');
    expect(failed.form.submitting).toBeUndefined();
    expect(failed.form.errors.name).toEqual(['is taken']);
    expect(failed.form.formError).toContain('Invalid input');
  });

  it('closes on success, reloads the list and says what happened', () => {
    let state = run(loaded(1), key('e'), key('x'), key('ctrl+s'));
    const view = topView(state);
    if (view.kind !== 'form') throw new Error('expected the form');
    state = reducer(state, { type: 'saved', seq: view.form.submitting!.seq, connectionId: 'conn_00000' });
    expect(topView(state).kind).toBe('connections');
    expect(state.list.request?.page).toBe(1);
    expect(state.flash?.text).toBe('Saved connection conn_00000.');
  });
});

describe('help', () => {
  it('scrolls within its lines, so k works at once after holding j', () => {
    let state = run(loaded(1), key('?'), ...Array.from({ length: 500 }, () => key('j')));
    const bottom = topView(state);
    if (bottom.kind !== 'help') throw new Error('expected help');
    expect(bottom.top).toBeGreaterThan(0);
    expect(bottom.top).toBeLessThan(500);
    state = run(state, key('k'));
    expect(topView(state)).toMatchObject({ kind: 'help', top: bottom.top - 1 });
  });
});

describe('a later page that fails', () => {
  it('is retried by r without losing the rows or the position', () => {
    let state = run(loaded(PAGE_SIZE), key('end'));
    const request = state.list.request!;
    expect(request.page).toBe(2);
    state = reducer(state, {
      type: 'list-failed',
      seq: request.seq,
      failure: toFailure(new SourceError('server', 'boom', { status: 500 })),
    });
    expect(state.list.failure?.kind).toBe('server');
    state = run(state, key('r'));
    expect(state.list.request?.page).toBe(2);
    expect(state.list.items).toHaveLength(PAGE_SIZE);
    expect(state.list.cursor).toBe(PAGE_SIZE - 1);
    expect(state.list.failure).toBeUndefined();
  });
});

describe('starting with the first page already here', () => {
  it('shows it without asking for it again, and knows whether more exist', () => {
    const few = initialState(SIZE, [makeConnection(0), makeConnection(1)]);
    expect(few.list).toMatchObject({ request: undefined, exhausted: true });
    expect(few.list.items).toHaveLength(2);
    const full = initialState(
      SIZE,
      Array.from({ length: PAGE_SIZE }, (_, index) => makeConnection(index)),
    );
    expect(full.list).toMatchObject({ request: undefined, exhausted: false, nextPage: 2 });
    expect(run(full, key('end')).list.request?.page).toBe(2);
  });
});

describe('keys a terminal cannot tell apart', () => {
  it('takes ESC then a key in one read (Alt+key) as Esc, then the key, where Alt means nothing', () => {
    // Esc from the detail goes back to the list; then e opens the edit form there.
    const state = run(loaded(3), key('enter'), key('meta+e'));
    expect(topView(state).kind).toBe('form');
    expect(run(loaded(3), key('meta+j')).list.cursor).toBe(1);
  });
});

describe('below the minimum size', () => {
  it('ignores every key but q and Ctrl+C, and every paste', () => {
    let state = run(loaded(5), { type: 'resize', size: { columns: 60, rows: 20 } });
    state = run(state, key('j'), key('d'), key('y'), key('enter'), key('n'), { type: 'paste', text: 'x' });
    expect(state.stack).toHaveLength(1);
    expect(state.list.cursor).toBe(0);
    expect(run(state, key('q')).quitting).toBe(true);
    expect(run(state, key('ctrl+c')).quitting).toBe(true);
  });
});
