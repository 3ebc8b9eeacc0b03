import type { SampleData } from '@spartera/types';
import type { Command } from '../keys.js';
import { cellText } from '../format.js';
import { findKey, matches, newFind, nextHit, pasteIntoSearch } from './find.js';
import type { ViewHandler } from './handler.js';
import { awaitsLoad, DEFERRABLE, flash } from './handler.js';
import { layout } from './layout.js';
import { lastColumnStart, sampleTable, shownColumns } from './sample-layout.js';
import { clamp } from './scroll.js';
import { pop, replaceTop, restartLoad } from './stack.js';
import type { AppState, SampleView } from './types.js';

/** Rows of the sample on screen: the body less the summary line and the column titles. */
export const sampleHeight = (state: AppState): number => Math.max(1, layout(state.size).listRows - 1);
/** Columns the cells may take: the screen less the side padding. */
export const sampleWidth = (state: AppState): number => state.size.columns - 2;

/** The next cell holding the query, row by row, after `from` (or before it): the view scrolls to it. */
function jump(state: AppState, view: SampleView, data: SampleData, query: string, step: 1 | -1): AppState {
  const { columns, rows, widths } = sampleTable(data);
  const count = rows.length * columns.length;
  const from = view.hit ? view.hit.row * columns.length + view.hit.column : view.row * columns.length - 1;
  const found =
    count === 0
      ? undefined
      : nextHit(count, from, step, (index) =>
          matches(cellText(rows[Math.floor(index / columns.length)]?.[index % columns.length]), query),
        );
  if (found === undefined)
    return flash(replaceTop(state, { ...view, hit: undefined }), 'error', `No cell holds “${query}”.`);
  const hit = { row: Math.floor(found / columns.length), column: found % columns.length };
  const height = sampleHeight(state);
  const row =
    hit.row < view.row || hit.row >= view.row + height
      ? Math.max(0, hit.row - Math.floor(height / 2))
      : view.row;
  const visible = shownColumns(widths, view.column, sampleWidth(state));
  const column = visible.includes(hit.column)
    ? view.column
    : Math.min(hit.column, lastColumnStart(widths, sampleWidth(state)));
  return replaceTop(state, { ...view, hit, row: clamp(row, 0, Math.max(0, rows.length - height)), column });
}

function sampleCommand(state: AppState, view: SampleView, command: Command | undefined): AppState {
  if (command === 'back') return pop(state);
  if (command === 'refresh') {
    const [next, load] = restartLoad<SampleData>(state, view.load, {
      kind: 'sample',
      id: view.id,
      schemaName: view.schemaName,
      tableName: view.tableName,
    });
    return replaceTop(next, { ...view, load, row: 0, column: 0, hit: undefined });
  }
  if (view.load.status !== 'ready') return state;
  const data = view.load.data;
  const { rows, widths } = sampleTable(data);
  const height = sampleHeight(state);
  const lastTop = Math.max(0, rows.length - height);
  const setRow = (row: number) => replaceTop(state, { ...view, row: clamp(row, 0, lastTop) });
  // Columns scroll only while some are off screen to the right.
  const setColumn = (column: number) =>
    replaceTop(state, { ...view, column: clamp(column, 0, lastColumnStart(widths, sampleWidth(state))) });
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
    case 'find':
      return replaceTop(state, { ...view, find: newFind() });
    case 'find-next':
    case 'find-previous':
      if (!view.find || view.find.query === '') return flash(state, 'info', 'Press / to search first.');
      return jump(state, view, data, view.find.query, command === 'find-next' ? 1 : -1);
    default:
      return state;
  }
}

/** Sample rows of one table, scrolled by rows and by whole columns, searched with / n N. */
export const sampleHandler: ViewHandler<'sample'> = {
  awaits: (_state, view, command) => (DEFERRABLE.has(command) ? awaitsLoad(view) : undefined),
  scopes: (_state, view) => (view.find?.typing ? ['find'] : ['sample']),
  key: (state, view, command, press) => {
    if (!view.find?.typing) return sampleCommand(state, view, command);
    const step = findKey(view.find, command, press);
    switch (step.kind) {
      case 'typing':
        return replaceTop(state, { ...view, find: step.find });
      case 'search': {
        const searching = { ...view, find: step.find, hit: undefined };
        if (view.load.status !== 'ready') return replaceTop(state, searching);
        return jump(state, searching, view.load.data, step.find.query, 1);
      }
      case 'cancel':
        return replaceTop(state, { ...view, find: undefined, hit: undefined });
      case 'none':
        return state;
    }
  },
  paste: pasteIntoSearch,
  mouse: (state, view, event) =>
    event.action === 'press'
      ? state
      : sampleCommand(state, view, event.action === 'wheel-up' ? 'up' : 'down'),
};
