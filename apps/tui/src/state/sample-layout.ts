import type { SampleData } from '@spartera/types';
import { cellText } from '../format.js';
import { displayWidth } from '../text.js';
import { sampleRows } from './schema-tree.js';

/** The widest a column of sample data is drawn; longer values are cut with an ellipsis. */
export const MAX_CELL = 28;

export interface SampleTable {
  columns: string[];
  rows: unknown[][];
  /** Display width of each column: its widest value or title, between 4 and MAX_CELL. */
  widths: number[];
}

const tables = new WeakMap<SampleData, SampleTable>();

/** The sample as rows and measured columns; computed once per answer. */
export function sampleTable(data: SampleData): SampleTable {
  let table = tables.get(data);
  if (!table) {
    const { columns, rows } = sampleRows(data);
    const widths = columns.map((column, index) =>
      Math.min(
        MAX_CELL,
        Math.max(
          4,
          displayWidth(column, MAX_CELL),
          ...rows.map((row) => displayWidth(cellText(row[index]), MAX_CELL)),
        ),
      ),
    );
    table = { columns, rows, widths };
    tables.set(data, table);
  }
  return table;
}

/** The columns from `from` on that fit in `width` (always at least one), a space between them. */
export function shownColumns(widths: readonly number[], from: number, width: number): number[] {
  const shown: number[] = [];
  let used = 0;
  for (let index = from; index < widths.length; index += 1) {
    const cell = (widths[index] ?? 4) + 1;
    if (used + cell > width + 1 && shown.length > 0) break;
    shown.push(index);
    used += cell;
  }
  return shown;
}

/**
 * The first column of the furthest scroll right: the smallest start that still shows the last
 * column. 0 when every column fits, so → never scrolls a table that needs no scrolling.
 */
export function lastColumnStart(widths: readonly number[], width: number): number {
  for (let from = 0; from < widths.length; from += 1) {
    if (shownColumns(widths, from, width).includes(widths.length - 1)) return from;
  }
  return Math.max(0, widths.length - 1);
}
