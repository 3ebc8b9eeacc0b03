import type { InfoSchema } from '@spartera/types';
import type { Command } from '../keys.js';
import type { ViewHandler } from './handler.js';
import { matches, nextHit } from './find.js';
import { awaitsLoad, CONTROL, DEFERRABLE, flash, refusePaste } from './handler.js';
import { editLine, insertText } from './line.js';
import { layout } from './layout.js';
import { treeRows } from './schema-tree.js';
import { scrollTo } from './scroll.js';
import { pop, replaceTop, restartLoad } from './stack.js';
import type { AppState, KeyPress, SchemaView } from './types.js';
import { openSample } from './views.js';

function schemaCommand(state: AppState, view: SchemaView, command: Command | undefined): AppState {
  // Esc clears the filter first, as in the list; with no filter it goes back.
  if (command === 'back') {
    if (view.filter !== '')
      return replaceTop(state, { ...view, filter: '', filterCursor: 0, cursor: 0, top: 0 });
    return pop(state);
  }
  if (command === 'refresh') {
    const [next, load] = restartLoad<InfoSchema>(state, view.load, { kind: 'schema', id: view.id });
    return replaceTop(next, { ...view, load });
  }
  if (command === 'filter')
    return replaceTop(state, { ...view, filtering: true, filterCursor: view.filter.length });
  if (view.load.status !== 'ready') return state;
  const rows = treeRows(view.load.data, view.expanded, view.filter);
  const { listRows: height } = layout(state.size);
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
    case 'find-next':
    case 'find-previous': {
      // The next row whose own name holds the filter: n and N walk the matches.
      if (view.filter.trim() === '')
        return flash(state, 'info', 'Press / to filter first; n and N then walk the matches.');
      const step = command === 'find-next' ? 1 : -1;
      const hit = nextHit(rows.length, view.cursor, step, (index) =>
        matches(rows[index]?.name ?? '', view.filter.trim()),
      );
      return hit === undefined ? flash(state, 'error', `No name holds “${view.filter}”.`) : move(hit);
    }
    case 'open':
      if (!row) return state;
      if (row.kind === 'table' && row.tableName !== undefined) {
        return openSample(state, { id: view.id, title: view.title }, row.schemaName, row.tableName);
      }
      return row.expandable ? setExpanded(row.key, !row.expanded) : state;
    default:
      return state;
  }
}

/** Keys while the schema's filter box has focus: a line editor. */
function filterKey(
  state: AppState,
  view: SchemaView,
  command: Command | undefined,
  press: KeyPress,
): AppState {
  if (command === 'filter-accept' || command === 'filter-cancel') {
    const filter = command === 'filter-cancel' ? '' : view.filter;
    return replaceTop(state, {
      ...view,
      filter,
      filterCursor: filter.length,
      filtering: false,
      cursor: 0,
      top: 0,
    });
  }
  if (command === 'up' || command === 'down') return schemaCommand(state, view, command);
  const edited = editLine({ text: view.filter, cursor: view.filterCursor }, command, press);
  if (!edited) return state;
  const moved = edited.text === view.filter ? {} : { cursor: 0, top: 0 };
  return replaceTop(state, { ...view, filter: edited.text, filterCursor: edited.cursor, ...moved });
}

/** Schemas → tables → columns as a tree, filtered as you type. */
export const schemaHandler: ViewHandler<'schema'> = {
  awaits: (_state, view, command) => (DEFERRABLE.has(command) ? awaitsLoad(view) : undefined),
  scopes: (_state, view) => (view.filtering ? ['filter'] : ['schema']),
  key: (state, view, command, press) =>
    view.filtering ? filterKey(state, view, command, press) : schemaCommand(state, view, command),
  paste: (state, view, text) => {
    if (!view.filtering) return state;
    if (CONTROL.test(text)) return refusePaste(state, 'the filter');
    const line = insertText({ text: view.filter, cursor: view.filterCursor }, text);
    return replaceTop(state, { ...view, filter: line.text, filterCursor: line.cursor, cursor: 0, top: 0 });
  },
  mouse: (state, view, event) => {
    if (event.action !== 'press')
      return schemaCommand(state, view, event.action === 'wheel-up' ? 'up' : 'down');
    // Rows start below the header line and the summary line.
    const index = view.top + event.y - 2;
    if (event.y < 2 || view.load.status !== 'ready') return state;
    if (index === view.cursor) return schemaCommand(state, view, 'open');
    const rows = treeRows(view.load.data, view.expanded, view.filter);
    if (index >= rows.length) return state;
    return replaceTop(state, {
      ...view,
      ...scrollTo(index, view.top, layout(state.size).listRows, rows.length),
    });
  },
};
