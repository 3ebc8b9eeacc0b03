import type { Connection } from '@spartera/types';
import type { Failure } from '../api/failure.js';
import type { Command } from '../keys.js';
import { connectionCommand } from './commands.js';
import type { Context, ViewHandler } from './handler.js';
import { CONTROL, DEFERRABLE, flash, refusePaste } from './handler.js';
import { layout } from './layout.js';
import { editLine, insertText } from './line.js';
import { scrollTo } from './scroll.js';
import { selectedConnection } from './selectors.js';
import { dropRequests, startRequest } from './stack.js';
import type { AppState, KeyPress, ListState, Retry, SortBy, SortOrder } from './types.js';
import { openDetail } from './views.js';
import { PAGE_SIZE } from './query.js';

export { firstPageQuery, PAGE_SIZE } from './query.js';

/** The columns the API sorts by, in the order `s` cycles them, each with its natural direction. */
export const SORT_COLUMNS: readonly { by: SortBy; order: SortOrder; label: string }[] = [
  { by: 'last_updated', order: 'desc', label: 'last updated' },
  { by: 'name', order: 'asc', label: 'name' },
  { by: 'date_created', order: 'desc', label: 'created' },
];

/** "name, A to Z", "last updated, newest first". */
export function sortLabel(by: SortBy, order: SortOrder): string {
  const column = SORT_COLUMNS.find((candidate) => candidate.by === by)?.label ?? by;
  if (by === 'name') return `${column}, ${order === 'asc' ? 'A to Z' : 'Z to A'}`;
  return `${column}, ${order === 'desc' ? 'newest first' : 'oldest first'}`;
}

export function initialList(firstPage: Connection[] | undefined): ListState {
  return {
    items: firstPage ?? [],
    nextPage: 2,
    exhausted: firstPage !== undefined && firstPage.length < PAGE_SIZE,
    loading: undefined,
    failure: undefined,
    search: '',
    filterText: '',
    filterCursor: 0,
    filtering: false,
    sortBy: 'last_updated',
    sortOrder: 'desc',
    cursor: 0,
    top: 0,
    toEnd: false,
    follow: undefined,
  };
}

/** Asks for one page of the list as it is sorted and filtered now; an earlier page request is dropped. */
export function requestPage(state: AppState, page: number): AppState {
  const cleared = dropRequests(state, (pending) => pending.kind === 'list-page');
  const [next, seq] = startRequest(cleared, {
    kind: 'list-page',
    page,
    search: state.list.search,
    sortBy: state.list.sortBy,
    sortOrder: state.list.sortOrder,
  });
  return { ...next, list: { ...next.list, loading: { seq, page }, failure: undefined } };
}

/** Page 1 again (new search, new sort, refresh); a refresh keeps the rows and the position until it lands. */
export function reloadList(state: AppState, keepCursor: boolean): AppState {
  const list: ListState = {
    ...state.list,
    items: keepCursor ? state.list.items : [],
    exhausted: false,
    cursor: keepCursor ? state.list.cursor : 0,
    top: keepCursor ? state.list.top : 0,
    toEnd: false,
    follow: keepCursor ? selectedConnection(state)?.connection_id : undefined,
  };
  return requestPage({ ...state, list }, 1);
}

/** Requests the next page once the cursor comes within a screen of the last loaded row. */
function loadMoreIfNear(state: AppState): AppState {
  const { list } = state;
  const { listRows } = layout(state.size);
  if (list.exhausted || list.loading || list.failure) return state;
  if (list.cursor < list.items.length - listRows) return state;
  return requestPage(state, list.nextPage);
}

export function moveList(
  state: AppState,
  to: (cursor: number, page: number, count: number) => number,
): AppState {
  const { list } = state;
  const { listRows } = layout(state.size);
  const moved = scrollTo(to(list.cursor, listRows, list.items.length), list.top, listRows, list.items.length);
  if (moved.cursor === list.cursor && moved.top === list.top) return loadMoreIfNear(state);
  return loadMoreIfNear({ ...state, list: { ...list, ...moved } });
}

export function applySearch(state: AppState): AppState {
  const { list } = state;
  if (list.filterText === list.search) return state;
  return reloadList({ ...state, list: { ...list, search: list.filterText } }, false);
}

function sortBy(state: AppState, by: SortBy, order: SortOrder): AppState {
  const next = reloadList({ ...state, list: { ...state.list, sortBy: by, sortOrder: order } }, false);
  return flash(next, 'info', `Sorted by ${sortLabel(by, order)}`);
}

function connectionsCommand(state: AppState, command: Command | undefined, context?: Context): AppState {
  // Any key but G itself ends a jump to the last row (Esc just stops it).
  if (state.list.toEnd && command !== 'end') {
    const stopped = { ...state, list: { ...state.list, toEnd: false } };
    return command === 'filter-cancel' ? stopped : connectionsCommand(stopped, command, context);
  }
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
      // The real last row: pages load one after another until there is no more.
      return moveList(
        list.exhausted ? state : { ...state, list: { ...list, toEnd: true } },
        (_c, _p, count) => count - 1,
      );
    case 'open': {
      const connection = selectedConnection(state);
      return connection ? openDetail(state, connection) : state;
    }
    case 'filter':
      return { ...state, list: { ...list, filtering: true, filterCursor: list.filterText.length } };
    case 'filter-cancel':
      if (list.filterText === '' && list.search === '') return state;
      return reloadList(
        { ...state, list: { ...list, filterText: '', filterCursor: 0, search: '', filtering: false } },
        false,
      );
    case 'refresh': {
      // After a later page failed, r retries that page and keeps the rows and the position.
      const failedPage = list.failure?.page;
      const next =
        failedPage !== undefined && failedPage > 1 ? requestPage(state, failedPage) : reloadList(state, true);
      return retryEngines(next);
    }
    case 'sort': {
      const index = SORT_COLUMNS.findIndex((column) => column.by === list.sortBy);
      const column = SORT_COLUMNS[(index + 1) % SORT_COLUMNS.length] ?? SORT_COLUMNS[0];
      return column ? sortBy(state, column.by, column.order) : state;
    }
    case 'sort-direction':
      return sortBy(state, list.sortBy, list.sortOrder === 'asc' ? 'desc' : 'asc');
    case 'test':
    case 'schema':
    case 'create':
    case 'edit':
    case 'delete':
    case 'copy':
    case 'open-console':
      return connectionCommand(state, command, context);
    default:
      return state;
  }
}

/** Keys while the filter box has focus: a line editor; Enter keeps the filter, Esc clears it. */
function filterKey(state: AppState, command: Command | undefined, press: KeyPress): AppState {
  const { list } = state;
  if (command === 'filter-accept' || command === 'filter-cancel') {
    const filterText = command === 'filter-cancel' ? '' : list.filterText;
    return applySearch({
      ...state,
      list: { ...list, filterText, filterCursor: filterText.length, filtering: false },
    });
  }
  if (command === 'up' || command === 'down') return connectionsCommand(state, command);
  const edited = editLine({ text: list.filterText, cursor: list.filterCursor }, command, press);
  if (!edited) return state;
  const text = edited.text.slice(0, 255);
  return {
    ...state,
    list: { ...list, filterText: text, filterCursor: Math.min(edited.cursor, text.length) },
  };
}

const ACTS_ON_ROW: ReadonlySet<Command> = new Set<Command>([
  'open',
  'test',
  'schema',
  'edit',
  'delete',
  'copy',
]);

export const connectionsHandler: ViewHandler<'connections'> = {
  scopes: (state) => (state.list.filtering ? ['filter'] : ['connections']),
  awaits: (state, _view, command) => {
    const { list } = state;
    if (!list.loading || list.filtering || !DEFERRABLE.has(command)) return undefined;
    // Nothing to act on yet: every such key waits.
    if (list.items.length === 0) return list.loading.seq;
    // On the way to the last row, a moving key ends the jump at once; a key that acts on the
    // selected row waits for the row it means, the last.
    if (list.toEnd) return ACTS_ON_ROW.has(command) ? list.loading.seq : undefined;
    const atEnd = list.cursor >= list.items.length - 1;
    return atEnd && (command === 'down' || command === 'page-down') ? list.loading.seq : undefined;
  },
  key: (state, _view, command, press, context) =>
    state.list.filtering ? filterKey(state, command, press) : connectionsCommand(state, command, context),
  paste: (state, _view, text) => {
    if (!state.list.filtering)
      return flash(state, 'error', 'Nothing pasted: no text field has focus (press / to filter).');
    if (CONTROL.test(text)) return refusePaste(state, 'the filter');
    const line = insertText({ text: state.list.filterText, cursor: state.list.filterCursor }, text);
    const filterText = line.text.slice(0, 255);
    return {
      ...state,
      list: { ...state.list, filterText, filterCursor: Math.min(line.cursor, filterText.length) },
    };
  },
  mouse: (state, _view, event) => {
    if (event.action !== 'press')
      return connectionsCommand(state, event.action === 'wheel-up' ? 'up' : 'down');
    // Rows start below the header line and the column titles.
    const index = state.list.top + event.y - 2;
    if (event.y < 2 || index >= state.list.items.length) return state;
    if (index === state.list.cursor) return connectionsCommand(state, 'open');
    return moveList(state, () => index);
  },
};

/** The engine listing again, if it failed: a refresh retries everything that failed. */
export function retryEngines(state: AppState): AppState {
  if (!state.engines.failure) return state;
  const waiting = state.engines.loading;
  const cleared = dropRequests(state, (pending) => pending.seq === waiting);
  const [next, seq] = startRequest(cleared, { kind: 'engines', providers: 'all' });
  return { ...next, engines: { ...next.engines, loading: seq, failure: undefined } };
}

/**
 * The ids of a list's rows, by the rows' array: a later page is checked against them in the time
 * of its own rows, not of the whole list. The set of the rows a page was added to moves on to the
 * new array (it is never read for the old one again), so loading 100,000 rows builds it once.
 */
const rowIds = new WeakMap<readonly Connection[], Set<string>>();

function idsOf(items: readonly Connection[]): Set<string> {
  let ids = rowIds.get(items);
  if (ids === undefined) {
    ids = new Set(items.map((connection) => connection.connection_id));
    rowIds.set(items, ids);
  }
  return ids;
}

/**
 * `items` added after the rows already loaded, without the connections those rows already hold.
 * Pages are read by offset: a connection created or updated by someone else while the list is
 * read moves the later ones down, and the next page then starts with rows already shown (a rename
 * under the name sort can bring back any row). Kept, they showed one connection on two rows.
 */
function appendPage(loaded: readonly Connection[], items: readonly Connection[]): Connection[] {
  const ids = idsOf(loaded);
  const fresh = items.filter((connection) => {
    if (ids.has(connection.connection_id)) return false;
    ids.add(connection.connection_id);
    return true;
  });
  const all = loaded.concat(fresh);
  rowIds.delete(loaded);
  rowIds.set(all, ids);
  return all;
}

/** A page arrived: page 1 replaces the rows, a later page adds the connections not shown yet. */
export function listPageLoaded(state: AppState, seq: number, items: Connection[]): AppState {
  const { list } = state;
  if (list.loading?.seq !== seq) return state;
  const { page } = list.loading;
  const all = appendPage(page === 1 ? [] : list.items, items);
  const exhausted = items.length < PAGE_SIZE;
  const { listRows } = layout(state.size);
  // On the way to the last row, the cursor follows the rows as they come; after a reload in place,
  // it follows the connection that was selected (an edit moves it to the top of the last-updated
  // sort: its old index now holds another connection, which t, e or d would then act on).
  const followed = list.follow === undefined ? -1 : all.findIndex((row) => row.connection_id === list.follow);
  const target = list.toEnd ? all.length - 1 : followed >= 0 ? followed : list.cursor;
  const moved = scrollTo(target, list.top, listRows, all.length);
  return loadMoreIfNear({
    ...state,
    list: {
      ...list,
      items: all,
      ...moved,
      nextPage: page + 1,
      exhausted,
      loading: undefined,
      failure: undefined,
      toEnd: list.toEnd && !exhausted,
      follow: undefined,
    },
  });
}

/** A page failed: the rows stay; a retry scheduled by itself keeps the list waiting for it. */
export function listPageFailed(
  state: AppState,
  seq: number,
  failure: Failure,
  retry: Retry | undefined,
): AppState {
  const { list } = state;
  if (list.loading?.seq !== seq) return state;
  const { page } = list.loading;
  return {
    ...state,
    list: {
      ...list,
      loading: retry ? { seq: retry.seq, page } : undefined,
      failure: retry ? { failure, page, retryAt: retry.at } : { failure, page },
      toEnd: list.toEnd && retry !== undefined,
    },
  };
}
