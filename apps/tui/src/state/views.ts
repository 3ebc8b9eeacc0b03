import type { Connection } from '@spartera/types';
import { newForm } from './form-fields.js';
import { connectionTitle } from './selectors.js';
import { push, startLoad } from './stack.js';
import type { Scope } from '../keys.js';
import { helpLineOf } from '../keys.js';
import type { AppState } from './types.js';

/** The views a key opens, each with the request for its data already recorded. */

export function openDetail(state: AppState, connection: Connection): AppState {
  const id = connection.connection_id;
  const [next, load] = startLoad<Connection>(state, { kind: 'connection', id });
  return push(next, { kind: 'detail', id, title: connectionTitle(connection), load, top: 0 });
}

export function openTest(state: AppState, id: string, title: string): AppState {
  const [next, load] = startLoad<never>(state, { kind: 'test', id });
  return push(next, { kind: 'test', id, title, load });
}

export function openSchema(state: AppState, id: string, title: string): AppState {
  const [next, load] = startLoad<never>(state, { kind: 'schema', id });
  return push(next, {
    kind: 'schema',
    id,
    title,
    load,
    expanded: new Set(),
    cursor: 0,
    top: 0,
    filter: '',
    filterCursor: 0,
    filtering: false,
  });
}

export function openSample(
  state: AppState,
  source: { id: string; title: string },
  schemaName: string,
  tableName: string,
): AppState {
  const [next, load] = startLoad<never>(state, { kind: 'sample', id: source.id, schemaName, tableName });
  return push(next, {
    kind: 'sample',
    id: source.id,
    title: source.title,
    schemaName,
    tableName,
    load,
    row: 0,
    column: 0,
    find: undefined,
    hit: undefined,
  });
}

export function openForm(state: AppState, mode: 'create' | 'edit', original?: Connection): AppState {
  return push(state, { kind: 'form', form: newForm(mode, original) });
}

/** The help screen, opened at the section of the keys in force where it was asked for. */
export function openHelp(state: AppState, scope: Scope): AppState {
  return push(state, { kind: 'help', top: helpLineOf(scope), find: undefined, hit: undefined });
}

export function openDelete(state: AppState, connection: Connection): AppState {
  return push(state, {
    kind: 'delete',
    id: connection.connection_id,
    title: connectionTitle(connection),
    deleting: undefined,
    failure: undefined,
  });
}
