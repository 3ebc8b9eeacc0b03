import type { Connection } from '@spartera/types';
import type { Failure } from '../api/failure.js';
import type { Command } from '../keys.js';
import { connectionCommand } from './commands.js';
import type { ViewHandler } from './handler.js';
import { CONTROL, DEFERRABLE, flash, refusePaste } from './handler.js';
import { layout } from './layout.js';
import { scrollTo } from './scroll.js';
import { selectedConnection } from './selectors.js';
import { dropRequests, startRequest } from './stack.js';
import type { AppState, KeyPress, ListState, Retry, SortBy, SortOrder } from './types.js';
import { openDetail } from './views.js';

export const PAGE_SIZE = 100;

export interface SortChoice {
  by: SortBy;
  order: SortOrder;
  label: string;
}

export const SORT_CHOICES: readonly SortChoice[] = [
  { by: 'last_updated', order: 'desc', label: 'last updated, newest first' },
  { by: 'name', order: 'asc', label: 'name, A to Z' },
  { by: 'date_created', order: 'desc', label: 'created, newest first' },
];

function sortChoice(index: number): SortChoice {
  return SORT_CHOICES[index] ?? { by: 'last_updated', order: 'desc', label: 'last updated, newest first' };
}

/** The request the list starts with; the startup prefetch asks for exactly this. */
export function firstPageQuery(): {
  page: number;
  limit: number;
  sort_by: SortBy;
  sort_order: SortOrder;
} {
  const sort = sortChoice(0);
  return { page: 1, limit: PAGE_SIZE, sort_by: sort.by, sort_order: sort.order };
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
    filtering: false,
    sort: 0,
    cursor: 0,
    top: 0,
    toEnd: false,
  };
}

/** Asks for one page of the list as it is sorted and filtered now; an earlier page request is dropped. */
export function requestPage(state: AppState, page: number): AppState {
  const sort = sortChoice(state.list.sort);
  const cleared = dropRequests(state, (pending) => pending.kind === 'list-page');
  const [next, seq] = startRequest(cleared, {
    kind: 'list-page',
    page,
    search: state.list.search,
    sortBy: sort.by,
    sortOrder: sort.order,
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

function moveList(state: AppState, to: (cursor: number, page: number, count: number) => number): AppState {
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

function connectionsCommand(state: AppState, command: Command | undefined): AppState {
  // Any key but G itself ends a jump to the last row (Esc just stops it).
  if (state.list.toEnd && command !== 'end') {
    const stopped = { ...state, list: { ...state.list, toEnd: false } };
    return command === 'filter-cancel' ? stopped : connectionsCommand(stopped, command);
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
      return { ...state, list: { ...list, filtering: true } };
    case 'filter-cancel':
      if (list.filterText === '' && list.search === '') return state;
      return reloadList({ ...state, list: { ...list, filterText: '', search: '', filtering: false } }, false);
    case 'refresh': {
      // After a later page failed, r retries that page and keeps the rows and the position.
      const failedPage = list.failure?.page;
      const next =
        failedPage !== undefined && failedPage > 1 ? requestPage(state, failedPage) : reloadList(state, true);
      return retryEngines(next);
    }
    case 'sort': {
      const sort = (list.sort + 1) % SORT_CHOICES.length;
      const next = reloadList({ ...state, list: { ...list, sort } }, false);
      return flash(next, 'info', `Sorted by ${sortChoice(sort).label}`);
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

/** Keys while the filter box has focus: letters are text, Enter keeps the filter, Esc clears it. */
function filterKey(state: AppState, command: Command | undefined, press: KeyPress): AppState {
  const { list } = state;
  if (command === 'filter-accept' || command === 'filter-cancel') {
    const filterText = command === 'filter-cancel' ? '' : list.filterText;
    return applySearch({ ...state, list: { ...list, filterText, filtering: false } });
  }
  if (command === 'up' || command === 'down') return connectionsCommand(state, command);
  let text = list.filterText;
  if (press.name === 'backspace') text = text.slice(0, -1);
  else if (press.text !== '') text += press.text;
  else return state;
  return { ...state, list: { ...list, filterText: text.slice(0, 255) } };
}

const ACTS_ON_ROW: ReadonlySet<Command> = new Set<Command>(['open', 'test', 'schema', 'edit', 'delete']);

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
  key: (state, _view, command, press) =>
    state.list.filtering ? filterKey(state, command, press) : connectionsCommand(state, command),
  paste: (state, _view, text) => {
    if (!state.list.filtering)
      return flash(state, 'error', 'Nothing pasted: no text field has focus (press / to filter).');
    if (CONTROL.test(text)) return refusePaste(state, 'The filter');
    return { ...state, list: { ...state.list, filterText: (state.list.filterText + text).slice(0, 255) } };
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

/** A page arrived: page 1 replaces the rows, a later page adds to them. */
export function listPageLoaded(state: AppState, seq: number, items: Connection[]): AppState {
  const { list } = state;
  if (list.loading?.seq !== seq) return state;
  const { page } = list.loading;
  const all = page === 1 ? items : [...list.items, ...items];
  const exhausted = items.length < PAGE_SIZE;
  const { listRows } = layout(state.size);
  // On the way to the last row, the cursor follows the rows as they come.
  const moved = scrollTo(list.toEnd ? all.length - 1 : list.cursor, list.top, listRows, all.length);
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
