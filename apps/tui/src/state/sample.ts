import type { SampleData } from '@spartera/types';
import type { ViewHandler } from './handler.js';
import { awaitsLoad, DEFERRABLE } from './handler.js';
import { layout } from './layout.js';
import { sampleRows } from './schema-tree.js';
import { clamp } from './scroll.js';
import { pop, replaceTop, restartLoad } from './stack.js';

/** Sample rows of one table, scrolled by rows and by whole columns. */
export const sampleHandler: ViewHandler<'sample'> = {
  awaits: (_state, view, command) => (DEFERRABLE.has(command) ? awaitsLoad(view) : undefined),
  scopes: () => ['sample'],
  key: (state, view, command) => {
    if (command === 'back') return pop(state);
    if (command === 'refresh') {
      const [next, load] = restartLoad<SampleData>(state, view.load, {
        kind: 'sample',
        id: view.id,
        schemaName: view.schemaName,
        tableName: view.tableName,
      });
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
  },
};
