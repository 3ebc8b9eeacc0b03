/**
 * The four output formats. JSON and YAML print the API's `data` as it came; table and CSV print the
 * grid a command builds from it. Every string reaching a terminal has its control characters escaped.
 */
import stringWidth from 'string-width';
import { stringify as toYaml } from 'yaml';
import { escapeControl, escapeControlKeepingLayout } from './escape.js';
import type { Format } from './formats.js';

export { FORMATS } from './formats.js';
export type { Format } from './formats.js';

/** Headers and rows; a cell is any JSON value (objects are shown as JSON). */
export interface Grid {
  headers: string[];
  rows: unknown[][];
  /** Columns a narrow terminal never cuts (ids, which people copy). */
  keep?: readonly number[];
}

/** What a command has to show, in a shape each format can print. */
export interface View {
  /** The API's `data` (JSON, YAML). */
  data: unknown;
  /** Rows for the table; for CSV too unless `csv` is given. */
  table: Grid;
  /** Rows for CSV when they differ from the table's (every field, machine names). */
  csv?: Grid;
  /** One record shown as FIELD VALUE lines rather than one row. */
  record?: boolean;
  /** Shown instead of an empty table. */
  empty?: string;
}

// JSON.stringify escapes C0 controls but leaves DEL, C1 controls and direction overrides as they
// are; as \uXXXX they are the same JSON value and harmless to a terminal or a log viewer.

const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function toJson(data: unknown): string {
  return `${JSON.stringify(data, null, 2).replace(
    JSON_UNSAFE,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )}\n`;
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

/** RFC 4180: a field holding a comma, a quote, a line break or edge spaces is quoted, quotes doubled. */
export function csvField(value: unknown): string {
  const text = cellText(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(grid: Grid): string {
  return [grid.headers, ...grid.rows].map((row) => `${row.map(csvField).join(',')}\n`).join('');
}

const segmenter = new Intl.Segmenter();

/**
 * The longest text a table cell measures. Every valid API value is shorter (a description is at
 * most 4096 characters); a longer one comes from a hostile or broken server, and measuring it by
 * graphemes would take minutes (segmenting grows faster than the length). A table is for reading:
 * the cell is cut, JSON, YAML and CSV keep the value whole.
 */
export const MAX_CELL_LENGTH = 4096;

/** The cell's text, cut to MAX_CELL_LENGTH code units (never inside a surrogate pair), escaped. */
function cellForTable(value: unknown): string {
  const text = cellText(value);
  if (text.length > MAX_CELL_LENGTH) {
    const end = /[\uD800-\uDBFF]/.test(text.charAt(MAX_CELL_LENGTH - 1))
      ? MAX_CELL_LENGTH - 1
      : MAX_CELL_LENGTH;
    return `${escapeControl(text.slice(0, end))}…`;
  }
  return escapeControl(text);
}

/** Cuts `text` to at most `width` terminal columns, by whole graphemes, ending with `…` when cut. */
export function fitWidth(text: string, width: number, textWidth = stringWidth(text)): string {
  if (textWidth <= width) return text;
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const next = stringWidth(segment);
    if (used + next > width - 1) break;
    out += segment;
    used += next;
  }
  return `${out}…`;
}

const pad = (text: string, width: number, textWidth = stringWidth(text)) =>
  text + ' '.repeat(Math.max(0, width - textWidth));

export interface TableOptions {
  /** The terminal's width: columns shrink (widest first) to fit. None: nothing is cut. */
  columns?: number | undefined;
  bold?: (text: string) => string;
}

const GAP = 2;
const MIN_COLUMN = 8;

/** Aligned columns separated by two spaces, headers in capitals, by display width. */
export function toTable(grid: Grid, options: TableOptions = {}): string {
  // Each cell is measured once: measuring is the costly part of a table.
  const measure = (text: string) => ({ text, width: stringWidth(text) });
  const cells = grid.rows.map((row) => row.map((value) => measure(cellForTable(value))));
  const headers = grid.headers.map((header) => measure(escapeControl(header)));
  const widths = headers.map((header, index) =>
    Math.max(header.width, ...cells.map((row) => row[index]?.width ?? 0)),
  );
  if (options.columns !== undefined) {
    const available = options.columns - GAP * (widths.length - 1);
    const floor = widths.map((width, index) =>
      grid.keep?.includes(index) === true
        ? width
        : Math.min(width, Math.max(MIN_COLUMN, headers[index]?.width ?? 0)),
    );
    let total = widths.reduce((sum, width) => sum + width, 0);
    while (total > available) {
      let widest = -1;
      for (let index = 0; index < widths.length; index += 1) {
        if (
          (widths[index] ?? 0) > (floor[index] ?? 0) &&
          (widest === -1 || (widths[index] ?? 0) > (widths[widest] ?? 0))
        )
          widest = index;
      }
      if (widest === -1) break;
      widths[widest] = (widths[widest] ?? 0) - 1;
      total -= 1;
    }
  }
  const line = (row: { text: string; width: number }[], decorate = (text: string) => text) =>
    row
      .map((cell, index) => {
        const width = widths[index] ?? 0;
        if (cell.width <= width)
          return decorate(index === row.length - 1 ? cell.text : pad(cell.text, width, cell.width));
        const fitted = fitWidth(cell.text, width, cell.width);
        return index === row.length - 1 ? decorate(fitted) : decorate(pad(fitted, width));
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  return [line(headers, options.bold), ...cells.map((row) => line(row))].map((text) => `${text}\n`).join('');
}

/** FIELD  VALUE lines for one record. */
export function toRecord(grid: Grid, options: TableOptions = {}): string {
  const row = grid.rows[0] ?? [];
  const keys = grid.headers.map((header) => escapeControl(header));
  const width = Math.max(0, ...keys.map((key) => stringWidth(key)));
  const bold = options.bold ?? ((text: string) => text);
  return keys
    .map((key, index) => {
      const value = cellForTable(row[index]);
      const room =
        options.columns === undefined ? undefined : Math.max(MIN_COLUMN, options.columns - width - GAP);
      return `${bold(pad(key, width))}${' '.repeat(GAP)}${room === undefined ? value : fitWidth(value, room)}`.trimEnd();
    })
    .map((text) => `${text}\n`)
    .join('');
}

export interface RenderOptions {
  /** The destination is a terminal: escape controls in every format, fit tables to `columns`. */
  terminal: boolean;
  columns?: number | undefined;
  bold?: (text: string) => string;
}

export function render(view: View, format: Format, options: RenderOptions): string {
  const forTerminal = (text: string) => (options.terminal ? escapeControlKeepingLayout(text) : text);
  switch (format) {
    case 'json':
      return toJson(view.data);
    case 'yaml':
      return forTerminal(toYaml(view.data, { lineWidth: 0 }));
    case 'csv':
      return forTerminal(toCsv(view.csv ?? view.table));
    case 'table': {
      if (view.table.rows.length === 0 && view.empty !== undefined) return `${view.empty}\n`;
      const tableOptions: TableOptions = {
        columns: options.terminal ? options.columns : undefined,
        ...(options.bold ? { bold: options.bold } : {}),
      };
      return view.record ? toRecord(view.table, tableOptions) : toTable(view.table, tableOptions);
    }
  }
}
