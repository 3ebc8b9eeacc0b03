import { describe, expect, it } from 'vitest';
import type { AppState } from '../../src/state/types.js';
import { INFO_SCHEMA, makeConnection, SAMPLE } from '../helpers/fake-source.js';
import { answer, fail, failure, key, loaded, pending, reducer, run, top, typed } from './helpers.js';

describe('navigation', () => {
  it('Enter opens the detail, Esc comes back, q quits only from the top level', () => {
    let state = run(loaded(3), key('j'), key('enter'));
    expect(top(state, 'detail')).toMatchObject({ id: 'conn_00001', load: { status: 'loading' } });
    expect(pending(state, 'connection').id).toBe('conn_00001');
    state = run(state, key('q'));
    expect(state.quitting).toBe(false);
    state = run(state, key('esc'));
    expect(state.stack).toHaveLength(1);
    expect(run(state, key('q')).quitting).toBe(true);
  });

  it('Ctrl+C quits from anywhere, even from a form field', () => {
    expect(run(loaded(3), key('n'), key('ctrl+c')).quitting).toBe(true);
  });

  it('? opens the help over any view and closes it again', () => {
    let state = run(loaded(3), key('enter'), key('?'));
    top(state, 'help');
    state = run(state, key('?'));
    top(state, 'detail');
  });

  it('drops the request of a view that closes, and ignores its late answer', () => {
    let state = run(loaded(3), key('enter'));
    const { seq } = pending(state, 'connection');
    state = run(state, key('esc'));
    expect(state.requests).toEqual([]);
    const after = reducer(state, {
      type: 'settled',
      seq,
      outcome: { kind: 'connection', value: makeConnection(0) },
    });
    expect(after).toBe(state);
  });

  it('puts a result in the view that asked for it; r asks again', () => {
    let state = run(loaded(3), key('t'));
    state = fail(state, 'test', failure('forbidden', 'no', { status: 403 }));
    expect(top(state, 'test')).toMatchObject({ load: { status: 'error', failure: { kind: 'forbidden' } } });
    state = run(state, key('r'));
    expect(top(state, 'test')).toMatchObject({ load: { status: 'loading' } });
    expect(pending(state, 'test').id).toBe('conn_00000');
  });

  it('says so when a connection command finds nothing selected', () => {
    const state = run(loaded(0), key('t'));
    expect(state.stack).toHaveLength(1);
    expect(state.flash).toEqual({ tone: 'error', text: 'No connection selected.' });
  });
});

describe('delete', () => {
  it('asks first; n keeps the connection, y deletes it and removes the row', () => {
    let state = run(loaded(3), key('j'), key('d'));
    expect(top(state, 'delete')).toMatchObject({ id: 'conn_00001', deleting: undefined });
    expect(run(state, key('n')).stack).toHaveLength(1);
    state = run(state, key('y'));
    expect(pending(state, 'delete').id).toBe('conn_00001');
    state = answer(state, 'delete', undefined);
    expect(state.stack).toHaveLength(1);
    expect(state.list.items.map((item) => item.connection_id)).toEqual(['conn_00000', 'conn_00002']);
    expect(state.flash?.text).toBe('Deleted Warehouse 00001.');
  });

  it('keeps the confirmation up with the reason when the delete fails', () => {
    let state = run(loaded(3), key('d'), key('y'));
    state = fail(state, 'delete', failure('forbidden', 'Permission denied', { status: 403 }));
    expect(top(state, 'delete')).toMatchObject({ deleting: undefined, failure: { status: 403 } });
    expect(state.list.items).toHaveLength(3);
  });
});

describe('the information schema and the sample', () => {
  const schemaState = (): AppState => answer(run(loaded(1), key('i')), 'schema', INFO_SCHEMA);

  it('expands with → and Enter, collapses with ←, and ← on a child goes to its parent', () => {
    let state = run(schemaState(), key('right'), key('j'), key('right'));
    expect([...top(state, 'schema').expanded]).toEqual(['sales', 'sales/orders']);
    expect(top(state, 'schema').cursor).toBe(1);
    state = run(state, key('j'), key('left'));
    expect(top(state, 'schema').cursor).toBe(1);
    state = run(state, key('left'));
    expect([...top(state, 'schema').expanded]).toEqual(['sales']);
  });

  it('Enter on a table opens its sample; arrows scroll rows and columns within bounds', () => {
    let state = run(schemaState(), key('space'), key('j'), key('enter'));
    expect(top(state, 'sample')).toMatchObject({ schemaName: 'sales', tableName: 'orders' });
    expect(pending(state, 'sample')).toMatchObject({ schemaName: 'sales', tableName: 'orders' });
    // Five narrow columns fit the screen: → has nothing to scroll to.
    state = answer(state, 'sample', SAMPLE);
    state = run(state, key('right'), key('right'), key('end'));
    expect(top(state, 'sample')).toMatchObject({ column: 0, row: 0 });
    state = run(state, key('esc'));
    top(state, 'schema');
  });

  it('scrolls a wide sample right only until its last column is on screen', () => {
    const wide = Object.fromEntries(
      Array.from({ length: 12 }, (_, index) => [`column_${index}`, ['x'.repeat(20), 'y'.repeat(20)]]),
    );
    let state = run(
      answer(run(loaded(1), key('i')), 'schema', INFO_SCHEMA),
      key('space'),
      key('j'),
      key('enter'),
    );
    state = answer(state, 'sample', wide);
    state = run(state, ...Array.from({ length: 20 }, () => key('right')));
    // 98 columns hold four 21-column cells: the last start that shows column 11 is 8.
    expect(top(state, 'sample').column).toBe(8);
  });
});

describe('the form', () => {
  it('n opens an empty create form; required fields are checked before anything is sent', () => {
    let state = run(loaded(1), key('n'), key('ctrl+s'));
    expect(top(state, 'form').form.submitting).toBeUndefined();
    expect(state.requests).toEqual([]);
    expect(top(state, 'form').form.errors.engine_id?.[0]).toContain('required');
    state = run(state, key('esc'));
    expect(state.stack).toHaveLength(1);
  });

  it('types into text fields and sends only what was given', () => {
    const state = run(
      loaded(1),
      key('n'),
      ...typed('New one'),
      key('tab'),
      key('tab'),
      key('right'),
      key('ctrl+s'),
    );
    expect(pending(state, 'create').input).toEqual({ company_id: 'acme', name: 'New one', engine_id: 1 });
    expect(top(state, 'form').form.submitting).toBe(pending(state, 'create').seq);
  });

  it('shows the server’s 400 field errors and lets the user fix them', () => {
    let state = run(loaded(1), key('e'), key('x'), key('ctrl+s'));
    expect(pending(state, 'update')).toMatchObject({ id: 'conn_00000', patch: { name: 'Warehouse 00000x' } });
    state = fail(
      state,
      'update',
      failure('invalid', 'Invalid input', { status: 400, fieldErrors: { name: ['is taken'] } }),
    );
    const { form } = top(state, 'form');
    expect(form.submitting).toBeUndefined();
    expect(form.errors.name).toEqual(['is taken']);
    expect(form.failure?.message).toBe('Invalid input');
  });

  it('closes on success, reloads the list and says what happened', () => {
    let state = run(loaded(1), key('e'), key('x'), key('ctrl+s'));
    state = answer(state, 'update', { connection_id: 'conn_00000' });
    expect(state.stack).toHaveLength(1);
    expect(pending(state, 'list-page').page).toBe(1);
    expect(state.flash?.text).toBe('Saved connection conn_00000.');
  });
});

describe('help', () => {
  it('scrolls within its lines, so k works at once after holding j', () => {
    let state = run(loaded(1), key('?'), ...Array.from({ length: 500 }, () => key('j')));
    const bottom = top(state, 'help');
    expect(bottom.top).toBeGreaterThan(0);
    expect(bottom.top).toBeLessThan(500);
    state = run(state, key('k'));
    expect(top(state, 'help').top).toBe(bottom.top - 1);
  });
});

describe('keys a terminal cannot tell apart', () => {
  it('takes ESC then a key in one read (Alt+key) as Esc, then the key, where Alt means nothing', () => {
    // Esc from the detail goes back to the list; then e opens the edit form there.
    top(run(loaded(3), key('enter'), key('meta+e')), 'form');
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
