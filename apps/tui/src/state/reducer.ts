import type {
  Connection,
  ConnectionInput,
  ConnectionTestResult,
  ConnectionUpdate,
  InfoSchema,
  SampleData,
  StorageEngine,
} from '@spartera/types';
import type { Failure } from '../api/failure.js';
import { explainFailure } from '../api/failure.js';
import type { Command, Scope } from '../keys.js';
import { helpLineCount, resolveKey } from '../keys.js';
import type { FieldErrors, FormState } from './form.js';
import { FORM_FIELDS, newForm, validateForm } from './form.js';
import type { TerminalSize } from './layout.js';
import { isTooSmall, layout } from './layout.js';
import { sampleRows, treeRows } from './schema-tree.js';

export const PAGE_SIZE = 100;
export const SAMPLE_LIMIT = 100;

export interface SortChoice {
  by: 'last_updated' | 'name' | 'date_created';
  order: 'asc' | 'desc';
  label: string;
}

export const SORT_CHOICES: readonly SortChoice[] = [
  { by: 'last_updated', order: 'desc', label: 'last updated, newest first' },
  { by: 'name', order: 'asc', label: 'name, A to Z' },
  { by: 'date_created', order: 'desc', label: 'created, newest first' },
];

/** The request the list starts with; the startup prefetch asks for exactly this. */
export function firstPageQuery(): {
  page: number;
  limit: number;
  sort_by: string;
  sort_order: 'asc' | 'desc';
} {
  const sort = SORT_CHOICES[0] ?? { by: 'last_updated', order: 'desc' };
  return { page: 1, limit: PAGE_SIZE, sort_by: sort.by, sort_order: sort.order };
}

/** Data a view fetches; `seq` identifies the request so a late answer to an old one is dropped. */
export type Load<T> =
  | { status: 'loading'; seq: number }
  | { status: 'ready'; seq: number; data: T }
  | { status: 'error'; seq: number; failure: Failure };

export type View =
  | { kind: 'connections' }
  | { kind: 'detail'; id: string; title: string; load: Load<Connection> }
  | { kind: 'test'; id: string; title: string; load: Load<ConnectionTestResult> }
  | {
      kind: 'schema';
      id: string;
      title: string;
      load: Load<InfoSchema>;
      expanded: ReadonlySet<string>;
      cursor: number;
      top: number;
      filter: string;
      filtering: boolean;
    }
  | {
      kind: 'sample';
      id: string;
      title: string;
      schemaName: string;
      tableName: string;
      load: Load<SampleData>;
      row: number;
      column: number;
    }
  | { kind: 'form'; form: FormState }
  | { kind: 'delete'; id: string; title: string; deleting: number | undefined; failure: Failure | undefined }
  | { kind: 'help'; top: number };

export type ViewKind = View['kind'];

export interface ListState {
  items: Connection[];
  nextPage: number;
  /** A page shorter than PAGE_SIZE came back: there is nothing more to load. */
  exhausted: boolean;
  request: { seq: number; page: number } | undefined;
  failure: Failure | undefined;
  /** The search the loaded items answer (server-side). */
  search: string;
  /** What is typed in the filter box; applied after a pause (debounce) or on Enter. */
  filterText: string;
  filtering: boolean;
  sort: number;
  cursor: number;
  top: number;
}

export interface AppState {
  size: TerminalSize;
  stack: View[];
  list: ListState;
  engines: { items: StorageEngine[]; seq: number; failure: Failure | undefined };
  flash: { tone: 'info' | 'error'; text: string } | undefined;
  seq: number;
  quitting: boolean;
}

export type Action =
  | { type: 'key'; name: string; text: string }
  | { type: 'paste'; text: string }
  | { type: 'resize'; size: TerminalSize }
  | { type: 'apply-search' }
  | { type: 'list-loaded'; seq: number; page: number; items: Connection[] }
  | { type: 'list-failed'; seq: number; failure: Failure }
  | { type: 'engines-loaded'; seq: number; items: StorageEngine[] }
  | { type: 'engines-failed'; seq: number; failure: Failure }
  | { type: 'view-loaded'; seq: number; data: unknown }
  | { type: 'view-failed'; seq: number; failure: Failure }
  | { type: 'saved'; seq: number; connectionId: string }
  | { type: 'save-failed'; seq: number; failure: Failure }
  | { type: 'deleted'; seq: number }
  | { type: 'delete-failed'; seq: number; failure: Failure };

/**
 * The state at start. `firstPage`, when the first page of `firstPageQuery()` already arrived,
 * is shown at once instead of being asked for again.
 */
export function initialState(size: TerminalSize, firstPage?: Connection[]): AppState {
  return {
    size,
    stack: [{ kind: 'connections' }],
    list: {
      items: firstPage ?? [],
      nextPage: 2,
      exhausted: firstPage !== undefined && firstPage.length < PAGE_SIZE,
      request: firstPage ? undefined : { seq: 1, page: 1 },
      failure: undefined,
      search: '',
      filterText: '',
      filtering: false,
      sort: 0,
      cursor: 0,
      top: 0,
    },
    engines: { items: [], seq: 2, failure: undefined },
    flash: undefined,
    seq: 2,
    quitting: false,
  };
}

export function topView(state: AppState): View {
  const view = state.stack[state.stack.length - 1];
  if (!view) throw new Error('The view stack is never empty');
  return view;
}

export function selectedConnection(state: AppState): Connection | undefined {
  return state.list.items[state.list.cursor];
}

export function engineName(state: AppState, engineId: number | undefined): string {
  if (engineId === undefined) return '—';
  const engine = state.engines.items.find((item) => item.engine_id === engineId);
  return engine ? engine.service_name : `engine ${engineId}`;
}

/** The engines in the order the form offers them: by name. */
export function enginesByName(state: AppState): StorageEngine[] {
  return [...state.engines.items].sort((a, b) => a.service_name.localeCompare(b.service_name));
}

export function connectionTitle(connection: Pick<Connection, 'name' | 'connection_id'>): string {
  return connection.name && connection.name !== '' ? connection.name : connection.connection_id;
}

/** The key scopes in force, most specific first: what the top view is and whether it takes text. */
export function activeScopes(state: AppState): Scope[] {
  const view = topView(state);
  switch (view.kind) {
    case 'connections':
      return state.list.filtering ? ['filter'] : ['connections'];
    case 'schema':
      return view.filtering ? ['filter'] : ['schema'];
    default:
      return [view.kind];
  }
}

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

/** Keeps `cursor` inside the window that starts at `top` and is `height` rows tall. */
function scrollTo(
  cursor: number,
  top: number,
  height: number,
  count: number,
): { cursor: number; top: number } {
  const nextCursor = clamp(cursor, 0, Math.max(0, count - 1));
  let nextTop = top;
  if (nextCursor < nextTop) nextTop = nextCursor;
  if (nextCursor >= nextTop + height) nextTop = nextCursor - height + 1;
  nextTop = clamp(nextTop, 0, Math.max(0, count - height));
  return { cursor: nextCursor, top: nextTop };
}

function replaceTop(state: AppState, view: View): AppState {
  return { ...state, stack: [...state.stack.slice(0, -1), view] };
}

function push(state: AppState, view: View): AppState {
  return { ...state, stack: [...state.stack, view] };
}

function pop(state: AppState): AppState {
  return state.stack.length > 1 ? { ...state, stack: state.stack.slice(0, -1) } : state;
}

/** Asks the loader for page 1 again (new search, new sort, refresh). */
function reloadList(state: AppState, keepCursor: boolean): AppState {
  const seq = state.seq + 1;
  return {
    ...state,
    seq,
    list: {
      ...state.list,
      items: keepCursor ? state.list.items : [],
      request: { seq, page: 1 },
      failure: undefined,
      exhausted: false,
      cursor: keepCursor ? state.list.cursor : 0,
      top: keepCursor ? state.list.top : 0,
    },
  };
}

/** Requests the next page once the cursor comes within a screen of the last loaded row. */
function loadMoreIfNear(state: AppState): AppState {
  const { list } = state;
  const { listRows } = layout(state.size);
  if (list.exhausted || list.request || list.failure) return state;
  if (list.cursor < list.items.length - listRows) return state;
  const seq = state.seq + 1;
  return { ...state, seq, list: { ...list, request: { seq, page: list.nextPage } } };
}

function moveList(state: AppState, to: (cursor: number, page: number, count: number) => number): AppState {
  const { list } = state;
  const { listRows } = layout(state.size);
  const moved = scrollTo(to(list.cursor, listRows, list.items.length), list.top, listRows, list.items.length);
  return loadMoreIfNear({ ...state, list: { ...list, ...moved } });
}

function loading<T>(state: AppState): [AppState, Load<T>] {
  const seq = state.seq + 1;
  return [
    { ...state, seq },
    { status: 'loading', seq },
  ];
}

function openDetail(state: AppState, connection: Connection): AppState {
  const [next, load] = loading<Connection>(state);
  return push(next, {
    kind: 'detail',
    id: connection.connection_id,
    title: connectionTitle(connection),
    load,
  });
}

function openTest(state: AppState, id: string, title: string): AppState {
  const [next, load] = loading<ConnectionTestResult>(state);
  return push(next, { kind: 'test', id, title, load });
}

function openSchema(state: AppState, id: string, title: string): AppState {
  const [next, load] = loading<InfoSchema>(state);
  return push(next, {
    kind: 'schema',
    id,
    title,
    load,
    expanded: new Set(),
    cursor: 0,
    top: 0,
    filter: '',
    filtering: false,
  });
}

/** The connection the connection-level commands (t, i, e, d) act on: the detail's, or the selected row. */
function subject(state: AppState): Connection | undefined {
  const view = topView(state);
  if (view.kind === 'detail') {
    if (view.load.status === 'ready') return view.load.data;
    return state.list.items.find((item) => item.connection_id === view.id);
  }
  return selectedConnection(state);
}

function connectionCommand(state: AppState, command: Command): AppState {
  const connection = subject(state);
  if (command === 'create') return push(state, { kind: 'form', form: newForm('create') });
  if (!connection) return { ...state, flash: { tone: 'error', text: 'No connection selected.' } };
  const title = connectionTitle(connection);
  switch (command) {
    case 'test':
      return openTest(state, connection.connection_id, title);
    case 'schema':
      return openSchema(state, connection.connection_id, title);
    case 'edit':
      return push(state, { kind: 'form', form: newForm('edit', connection) });
    case 'delete':
      return push(state, {
        kind: 'delete',
        id: connection.connection_id,
        title,
        deleting: undefined,
        failure: undefined,
      });
    default:
      return state;
  }
}

function connectionsCommand(state: AppState, command: Command): AppState {
  const { list } = state;
  switch (command) {
    case 'quit':
      return { ...state, quitting: true };
    case 'up':
      return moveList(state, (cursor) => cursor - 1);
    case 'down':
      return moveList(state, (cursor) => cursor + 1);
    case 'page-up':
      return moveList(state, (cursor, page) => cursor - page);
    case 'page-down':
      return moveList(state, (cursor, page) => cursor + page);
    case 'home':
      return moveList(state, () => 0);
    case 'end':
      return moveList(state, (_cursor, _page, count) => count - 1);
    case 'open': {
      const connection = selectedConnection(state);
      return connection ? openDetail(state, connection) : state;
    }
    case 'filter':
      return { ...state, list: { ...list, filtering: true } };
    case 'filter-cancel':
      if (list.filterText === '' && list.search === '') return state;
      return reloadList({ ...state, list: { ...list, filterText: '', search: '', filtering: false } }, false);
    case 'refresh': {
      // After a later page failed, r retries that page and keeps the rows and the position.
      if (list.failure && list.items.length > 0) {
        const seq = state.seq + 1;
        return {
          ...state,
          seq,
          list: { ...list, failure: undefined, request: { seq, page: list.nextPage } },
        };
      }
      const refreshed = reloadList(state, true);
      if (!state.engines.failure) return refreshed;
      return {
        ...refreshed,
        seq: refreshed.seq + 1,
        engines: { ...state.engines, seq: refreshed.seq + 1, failure: undefined },
      };
    }
    case 'sort': {
      const sort = (list.sort + 1) % SORT_CHOICES.length;
      const next = reloadList({ ...state, list: { ...list, sort } }, false);
      return { ...next, flash: { tone: 'info', text: `Sorted by ${SORT_CHOICES[sort]?.label ?? ''}` } };
    }
    case 'test':
    case 'schema':
    case 'create':
    case 'edit':
    case 'delete':
      return connectionCommand(state, command);
    default:
      return state;
  }
}

function applySearch(state: AppState): AppState {
  const { list } = state;
  if (list.filterText === list.search) return state;
  return reloadList({ ...state, list: { ...list, search: list.filterText } }, false);
}

function filterKey(state: AppState, name: string, input: string, command: Command | undefined): AppState {
  const view = topView(state);
  const editing = view.kind === 'schema' ? view.filter : state.list.filterText;
  let text = editing;
  if (command === 'filter-accept' || command === 'filter-cancel') {
    if (view.kind === 'schema') {
      const filter = command === 'filter-cancel' ? '' : view.filter;
      return replaceTop(state, { ...view, filter, filtering: false, cursor: 0, top: 0 });
    }
    const filterText = command === 'filter-cancel' ? '' : state.list.filterText;
    return applySearch({ ...state, list: { ...state.list, filterText, filtering: false } });
  }
  if (command === 'up' || command === 'down') {
    return view.kind === 'schema' ? schemaCommand(state, view, command) : connectionsCommand(state, command);
  }
  if (name === 'backspace') text = text.slice(0, -1);
  else if (input !== '') text += input;
  else return state;
  if (view.kind === 'schema') return replaceTop(state, { ...view, filter: text, cursor: 0, top: 0 });
  return { ...state, list: { ...state.list, filterText: text.slice(0, 255) } };
}

function schemaCommand(state: AppState, view: Extract<View, { kind: 'schema' }>, command: Command): AppState {
  if (command === 'back') return pop(state);
  if (command === 'refresh') {
    const [next, load] = loading<InfoSchema>(state);
    return replaceTop(next, { ...view, load });
  }
  if (command === 'filter') return replaceTop(state, { ...view, filtering: true });
  if (view.load.status !== 'ready') return state;
  const rows = treeRows(view.load.data, view.expanded, view.filter);
  const { listRows } = layout(state.size);
  const height = listRows;
  const move = (cursor: number) =>
    replaceTop(state, { ...view, ...scrollTo(cursor, view.top, height, rows.length) });
  const row = rows[view.cursor];
  const setExpanded = (key: string, open: boolean) => {
    const expanded = new Set(view.expanded);
    if (open) expanded.add(key);
    else expanded.delete(key);
    return replaceTop(state, { ...view, expanded });
  };
  switch (command) {
    case 'up':
      return move(view.cursor - 1);
    case 'down':
      return move(view.cursor + 1);
    case 'page-up':
      return move(view.cursor - height);
    case 'page-down':
      return move(view.cursor + height);
    case 'home':
      return move(0);
    case 'end':
      return move(rows.length - 1);
    case 'right':
      return row?.expandable && !row.expanded ? setExpanded(row.key, true) : state;
    case 'left': {
      if (!row) return state;
      if (row.expanded) return setExpanded(row.key, false);
      const parentKey = row.key.split('/').slice(0, -1).join('/');
      const parentIndex = rows.findIndex((candidate) => candidate.key === parentKey);
      return parentIndex >= 0 ? move(parentIndex) : state;
    }
    case 'toggle':
      return row?.expandable ? setExpanded(row.key, !row.expanded) : state;
    case 'open': {
      if (!row) return state;
      if (row.kind === 'table' && row.tableName !== undefined) {
        const [next, load] = loading<SampleData>(state);
        return push(next, {
          kind: 'sample',
          id: view.id,
          title: view.title,
          schemaName: row.schemaName,
          tableName: row.tableName,
          load,
          row: 0,
          column: 0,
        });
      }
      return row.expandable ? setExpanded(row.key, !row.expanded) : state;
    }
    default:
      return state;
  }
}

function sampleCommand(state: AppState, view: Extract<View, { kind: 'sample' }>, command: Command): AppState {
  if (command === 'back') return pop(state);
  if (command === 'refresh') {
    const [next, load] = loading<SampleData>(state);
    return replaceTop(next, { ...view, load, row: 0, column: 0 });
  }
  if (view.load.status !== 'ready') return state;
  const { columns, rows } = sampleRows(view.load.data);
  const height = Math.max(1, layout(state.size).listRows - 1);
  const lastTop = Math.max(0, rows.length - height);
  const setRow = (row: number) => replaceTop(state, { ...view, row: clamp(row, 0, lastTop) });
  const setColumn = (column: number) =>
    replaceTop(state, { ...view, column: clamp(column, 0, Math.max(0, columns.length - 1)) });
  switch (command) {
    case 'up':
      return setRow(view.row - 1);
    case 'down':
      return setRow(view.row + 1);
    case 'page-up':
      return setRow(view.row - height);
    case 'page-down':
      return setRow(view.row + height);
    case 'home':
      return setRow(0);
    case 'end':
      return setRow(lastTop);
    case 'left':
      return setColumn(view.column - 1);
    case 'right':
      return setColumn(view.column + 1);
    default:
      return state;
  }
}

function cycle<T>(choices: readonly T[], current: T | undefined, step: number): T | undefined {
  if (choices.length === 0) return current;
  const index = current === undefined ? -1 : choices.indexOf(current);
  if (index < 0) return step > 0 ? choices[0] : choices[choices.length - 1];
  return choices[(index + step + choices.length) % choices.length];
}

function submitForm(state: AppState, view: Extract<View, { kind: 'form' }>, companyId: string): AppState {
  const { form } = view;
  if (form.submitting) return state;
  const result = validateForm(form, companyId, state.engines.items);
  if (!result.ok) {
    const firstBad = FORM_FIELDS.findIndex((field) => result.errors[field.key] !== undefined);
    return replaceTop(state, {
      kind: 'form',
      form: {
        ...form,
        errors: result.errors,
        formError: result.formError,
        focus: firstBad >= 0 ? firstBad : form.focus,
      },
    });
  }
  const seq = state.seq + 1;
  const payload: ConnectionInput | ConnectionUpdate = result.payload;
  return replaceTop(
    { ...state, seq },
    { kind: 'form', form: { ...form, errors: {}, formError: undefined, submitting: { seq, payload } } },
  );
}

function formKey(
  state: AppState,
  view: Extract<View, { kind: 'form' }>,
  name: string,
  input: string,
  companyId: string,
): AppState {
  const { form } = view;
  const field = FORM_FIELDS[form.focus];
  const update = (changes: Partial<FormState>) =>
    replaceTop(state, { kind: 'form', form: { ...form, ...changes } });
  const typing = field && (field.kind === 'text' || field.kind === 'secret');
  if (form.submitting) return name === 'ctrl+c' ? { ...state, quitting: true } : state;
  if (typing && (input !== '' || name === 'backspace')) {
    const current = form.values[field.key] as string;
    const text = name === 'backspace' ? current.slice(0, -1) : current + input;
    const errors: FieldErrors = { ...form.errors, [field.key]: undefined };
    return update({ values: { ...form.values, [field.key]: text }, errors });
  }
  const command = resolveKey(['form'], name);
  const fieldCount = FORM_FIELDS.length + 1;
  switch (command) {
    case 'force-quit':
      return { ...state, quitting: true };
    case 'back':
      return pop(state);
    case 'next-field':
      return update({ focus: (form.focus + 1) % fieldCount });
    case 'previous-field':
      return update({ focus: (form.focus - 1 + fieldCount) % fieldCount });
    case 'open':
      return form.focus === FORM_FIELDS.length
        ? submitForm(state, view, companyId)
        : update({ focus: form.focus + 1 });
    case 'submit':
      return submitForm(state, view, companyId);
    case 'toggle':
      if (field?.kind !== 'boolean') return state;
      return update({
        values: { ...form.values, verified_usage_ability: !form.values.verified_usage_ability },
      });
    case 'left':
    case 'right': {
      const step = command === 'left' ? -1 : 1;
      if (field?.kind === 'engine') {
        const ids = enginesByName(state).map((engine) => engine.engine_id);
        return update({
          values: { ...form.values, engine_id: cycle(ids, form.values.engine_id, step) },
          errors: { ...form.errors, engine_id: undefined },
        });
      }
      if (field?.kind === 'choice') {
        return update({
          values: {
            ...form.values,
            credential_type: cycle(field.choices, form.values.credential_type, step) ?? '',
          },
          errors: { ...form.errors, credential_type: undefined },
        });
      }
      if (field?.kind === 'boolean') {
        return update({
          values: { ...form.values, verified_usage_ability: !form.values.verified_usage_ability },
        });
      }
      return state;
    }
    default:
      return state;
  }
}

/** Line breaks, tabs and other control characters: a one-line field refuses a paste holding them. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A paste is text for the field that has focus, never keys: pasted `jdy` must not delete anything.
 * Credentials keep their line breaks (a service-account JSON); one-line fields refuse them.
 */
function pasteText(state: AppState, pasted: string): AppState {
  const view = topView(state);
  const refuse = (where: string) => ({
    ...state,
    flash: {
      tone: 'error' as const,
      text: `Nothing pasted: ${where} takes one line, and the pasted text has line breaks or control characters.`,
    },
  });
  if (view.kind === 'form') {
    const { form } = view;
    const field = FORM_FIELDS[form.focus];
    if (form.submitting || !field || (field.kind !== 'text' && field.kind !== 'secret')) {
      return { ...state, flash: { tone: 'error', text: 'Nothing pasted: move to a text field first.' } };
    }
    let text = pasted;
    if (field.kind === 'secret') text = pasted.replace(/\r\n?/g, '\n');
    else if (CONTROL.test(pasted)) return refuse(field.label);
    const current = form.values[field.key] as string;
    return replaceTop(state, {
      kind: 'form',
      form: {
        ...form,
        values: { ...form.values, [field.key]: current + text },
        errors: { ...form.errors, [field.key]: undefined },
      },
    });
  }
  const filtering =
    view.kind === 'schema' ? view.filtering : view.kind === 'connections' && state.list.filtering;
  if (filtering) {
    if (CONTROL.test(pasted)) return refuse('The filter');
    if (view.kind === 'schema')
      return replaceTop(state, { ...view, filter: view.filter + pasted, cursor: 0, top: 0 });
    return { ...state, list: { ...state.list, filterText: (state.list.filterText + pasted).slice(0, 255) } };
  }
  return {
    ...state,
    flash: { tone: 'error', text: 'Nothing pasted: no text field has focus (press / to filter).' },
  };
}

function keyAction(state: AppState, name: string, input: string, companyId: string): AppState {
  const view = topView(state);
  if (view.kind === 'form') return formKey(state, view, name, input, companyId);
  const scopes = activeScopes(state);
  const command = resolveKey(scopes, name);
  if (command === 'force-quit') return { ...state, quitting: true };
  if (scopes[0] === 'filter') return filterKey(state, name, input, command);
  if (command === undefined) return state;
  if (command === 'help' && view.kind !== 'help') return push(state, { kind: 'help', top: 0 });
  switch (view.kind) {
    case 'connections':
      return connectionsCommand(state, command);
    case 'help':
      if (command === 'up' || command === 'down') {
        const lastTop = Math.max(0, helpLineCount() - layout(state.size).bodyHeight);
        return replaceTop(state, { ...view, top: clamp(view.top + (command === 'up' ? -1 : 1), 0, lastTop) });
      }
      return command === 'back' || command === 'help' ? pop(state) : state;
    case 'detail':
      if (command === 'back') return pop(state);
      if (command === 'refresh') {
        const [next, load] = loading<Connection>(state);
        return replaceTop(next, { ...view, load });
      }
      return connectionCommand(state, command);
    case 'test':
      if (command === 'back') return pop(state);
      if (command === 'retry') {
        const [next, load] = loading<ConnectionTestResult>(state);
        return replaceTop(next, { ...view, load });
      }
      return state;
    case 'schema':
      return schemaCommand(state, view, command);
    case 'sample':
      return sampleCommand(state, view, command);
    case 'delete':
      if (view.deleting !== undefined) return state;
      if (command === 'back') return pop(state);
      if (command === 'confirm') {
        const seq = state.seq + 1;
        return replaceTop({ ...state, seq }, { ...view, deleting: seq, failure: undefined });
      }
      return state;
  }
}

/** Applies a result to whichever view in the stack is waiting for that request. */
function settleView(state: AppState, seq: number, settle: (view: View) => View): AppState {
  const waiting = (view: View) => 'load' in view && view.load.seq === seq && view.load.status === 'loading';
  if (!state.stack.some(waiting)) return state;
  return { ...state, stack: state.stack.map((view) => (waiting(view) ? settle(view) : view)) };
}

export function createReducer(companyId: string) {
  return function reducer(state: AppState, action: Action): AppState {
    switch (action.type) {
      case 'key': {
        if (state.quitting) return state;
        // ESC then a key in one read looks like Alt+key. Unless Alt+key means something here (word
        // moves while editing text), it is the Esc the user pressed, then the key.
        if (action.name.startsWith('meta+') && resolveKey(activeScopes(state), action.name) === undefined) {
          const rest = action.name.slice('meta+'.length);
          const escaped = reducer(state, { type: 'key', name: 'esc', text: '' });
          const named = rest.length === 1 || rest === 'space';
          return reducer(escaped, {
            type: 'key',
            name: rest,
            text: named ? (rest === 'space' ? ' ' : rest) : '',
          });
        }
        // Below the minimum size the view is hidden: no key may act on it unseen.
        if (isTooSmall(state.size)) {
          return action.name === 'q' || action.name === 'ctrl+c' ? { ...state, quitting: true } : state;
        }
        // A flash message lasts until the next key. A key that changes nothing returns the same
        // object, so React skips the render.
        const base = state.flash ? { ...state, flash: undefined } : state;
        return keyAction(base, action.name, action.text, companyId);
      }
      case 'paste':
        if (state.quitting || isTooSmall(state.size)) return state;
        return pasteText(state.flash ? { ...state, flash: undefined } : state, action.text);
      case 'resize': {
        if (action.size.columns === state.size.columns && action.size.rows === state.size.rows) return state;
        const { listRows } = layout(action.size);
        const moved = scrollTo(state.list.cursor, state.list.top, listRows, state.list.items.length);
        return { ...state, size: action.size, list: { ...state.list, ...moved } };
      }
      case 'apply-search':
        return applySearch(state);
      case 'list-loaded': {
        const { list } = state;
        if (list.request?.seq !== action.seq) return state;
        const items = action.page === 1 ? action.items : [...list.items, ...action.items];
        const { listRows } = layout(state.size);
        const moved = scrollTo(list.cursor, list.top, listRows, items.length);
        return loadMoreIfNear({
          ...state,
          list: {
            ...list,
            items,
            ...moved,
            nextPage: action.page + 1,
            exhausted: action.items.length < PAGE_SIZE,
            request: undefined,
            failure: undefined,
          },
        });
      }
      case 'list-failed':
        if (state.list.request?.seq !== action.seq) return state;
        return { ...state, list: { ...state.list, request: undefined, failure: action.failure } };
      case 'engines-loaded':
        if (state.engines.seq !== action.seq) return state;
        return { ...state, engines: { ...state.engines, items: action.items, failure: undefined } };
      case 'engines-failed':
        if (state.engines.seq !== action.seq) return state;
        return { ...state, engines: { ...state.engines, failure: action.failure } };
      case 'view-loaded':
        return settleView(
          state,
          action.seq,
          (view) => ({ ...view, load: { status: 'ready', seq: action.seq, data: action.data } }) as View,
        );
      case 'view-failed':
        return settleView(
          state,
          action.seq,
          (view) =>
            ({ ...view, load: { status: 'error', seq: action.seq, failure: action.failure } }) as View,
        );
      case 'saved': {
        const view = topView(state);
        if (view.kind !== 'form' || view.form.submitting?.seq !== action.seq) return state;
        const verb = view.form.mode === 'create' ? 'Created' : 'Saved';
        let next = pop(state);
        const below = topView(next);
        if (below.kind === 'detail') {
          const [reloaded, load] = loading<Connection>(next);
          next = replaceTop(reloaded, { ...below, load });
        }
        next = reloadList(next, view.form.mode === 'edit');
        return { ...next, flash: { tone: 'info', text: `${verb} connection ${action.connectionId}.` } };
      }
      case 'save-failed': {
        const view = topView(state);
        if (view.kind !== 'form' || view.form.submitting?.seq !== action.seq) return state;
        const { failure } = action;
        const errors = failure.kind === 'invalid' ? { ...failure.fieldErrors } : {};
        const formError =
          failure.kind === 'invalid'
            ? `The server rejected the connection: ${failure.message}`
            : explainFailure(
                failure,
                view.form.mode === 'create' ? 'creating the connection' : 'saving the connection',
              );
        return replaceTop(state, {
          kind: 'form',
          form: { ...view.form, submitting: undefined, errors, formError },
        });
      }
      case 'deleted': {
        const view = topView(state);
        if (view.kind !== 'delete' || view.deleting !== action.seq) return state;
        let next = pop(state);
        const below = topView(next);
        if (below.kind === 'detail' && below.id === view.id) next = pop(next);
        const items = next.list.items.filter((item) => item.connection_id !== view.id);
        const { listRows } = layout(next.size);
        const moved = scrollTo(next.list.cursor, next.list.top, listRows, items.length);
        return {
          ...next,
          list: { ...next.list, items, ...moved },
          flash: { tone: 'info', text: `Deleted ${view.title}.` },
        };
      }
      case 'delete-failed': {
        const view = topView(state);
        if (view.kind !== 'delete' || view.deleting !== action.seq) return state;
        return replaceTop(state, { ...view, deleting: undefined, failure: action.failure });
      }
    }
  };
}
