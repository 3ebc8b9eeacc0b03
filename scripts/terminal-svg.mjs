// Turns a terminal screen captured with its colours (`tmux capture-pane -p -e`) into an SVG that
// every browser draws the same way, whatever monospace font it has:
// - each glyph is placed at its own cell by an explicit x (the centre of its cell, text-anchor
//   middle), so a fallback font with other advances cannot shift the columns that follow;
// - spaces are never written as characters: they are gaps between positioned glyphs, so a renderer
//   that collapses white space (Chromium ignores xml:space on a <g>) has nothing to collapse;
// - wide characters (CJK, emoji) take two cells, measured with string-width as terminals do;
// - text is escaped for XML, and control characters that a capture should not hold but might (C0,
//   DEL, C1, lone surrogates) are drawn as visible symbols in one cell instead of breaking the file.
import stringWidth from 'string-width';

/** The grid's geometry, in SVG user units. */
export const LAYOUT = Object.freeze({
  cellWidth: 8.4,
  lineHeight: 18,
  padding: 14,
  /** Height of the window's title bar above the first row. */
  titleBar: 22,
  fontSize: 14,
  /** Baseline of a row's text below the row's top. */
  baseline: 13,
});

export const FONT_FAMILY =
  "'DejaVu Sans Mono','Cascadia Mono','SF Mono',Menlo,Consolas,'Liberation Mono','Noto Sans Mono',monospace";
export const FOREGROUND = '#d4d4d4';
export const BACKGROUND = '#1e1e1e';
/** The 16 ANSI colours (a dark theme close to common terminal defaults). */
export const PALETTE = Object.freeze([
  '#1e1e1e',
  '#f14c4c',
  '#23d18b',
  '#f5f543',
  '#3b8eea',
  '#d670d6',
  '#29b8db',
  '#e5e5e5',
  '#767676',
  '#f14c4c',
  '#23d18b',
  '#f5f543',
  '#3b8eea',
  '#d670d6',
  '#29b8db',
  '#ffffff',
]);

const hex = (value) => value.toString(16).padStart(2, '0');
const isByte = (value) => Number.isInteger(value) && value >= 0 && value <= 255;

/** One of the 256 indexed colours, or undefined when the index is out of range. */
export function color256(index) {
  if (!isByte(index)) return undefined;
  if (index < 16) return PALETTE[index];
  if (index >= 232) {
    const level = hex(8 + (index - 232) * 10);
    return `#${level}${level}${level}`;
  }
  const cube = index - 16;
  const step = (value) => hex(value === 0 ? 0 : 55 + value * 40);
  return `#${step(Math.floor(cube / 36))}${step(Math.floor(cube / 6) % 6)}${step(cube % 6)}`;
}

const DEFAULT_STYLE = Object.freeze({
  fg: undefined,
  bg: undefined,
  bold: false,
  dim: false,
  italic: false,
  underline: false,
  inverse: false,
  hidden: false,
  strike: false,
});

/**
 * Reads an extended colour (38/48) from SGR parameters at `index` (the 38 or 48 itself): either
 * `38;5;n` / `38;2;r;g;b` or the colon forms `38:5:n` / `38:2::r:g:b` in one parameter.
 * Returns the colour (undefined if malformed) and how many further parameters it used.
 */
function extendedColor(parameters, index) {
  const own = parameters[index];
  if (own.length > 1) {
    const [, kind, ...rest] = own;
    if (kind === 5) return { color: color256(rest[0]), used: 0 };
    if (kind === 2) {
      // 38:2:r:g:b or 38:2:colourspace:r:g:b
      const rgb = rest.length >= 4 ? rest.slice(1, 4) : rest.slice(0, 3);
      return { color: rgbColor(rgb), used: 0 };
    }
    return { color: undefined, used: 0 };
  }
  const kind = parameters[index + 1]?.[0];
  if (kind === 5) return { color: color256(parameters[index + 2]?.[0]), used: 2 };
  if (kind === 2) {
    const rgb = [2, 3, 4].map((offset) => parameters[index + offset]?.[0]);
    return { color: rgbColor(rgb), used: 4 };
  }
  return { color: undefined, used: parameters.length };
}

const rgbColor = (rgb) => (rgb.length === 3 && rgb.every(isByte) ? `#${rgb.map(hex).join('')}` : undefined);

/** Applies one SGR sequence's parameter string (`1;38;5;214`) to `style`, in place. */
export function applySgr(style, parameterText) {
  const parameters = (parameterText === '' ? '0' : parameterText)
    .split(';')
    .map((parameter) => parameter.split(':').map((part) => (part === '' ? 0 : Number(part))));
  for (let index = 0; index < parameters.length; index += 1) {
    const [code, sub] = parameters[index];
    if (code === 0) Object.assign(style, DEFAULT_STYLE);
    else if (code === 1) style.bold = true;
    else if (code === 2) style.dim = true;
    else if (code === 3) style.italic = true;
    else if (code === 4) style.underline = sub !== 0;
    else if (code === 7) style.inverse = true;
    else if (code === 8) style.hidden = true;
    else if (code === 9) style.strike = true;
    else if (code === 21) style.underline = true;
    else if (code === 22) Object.assign(style, { bold: false, dim: false });
    else if (code === 23) style.italic = false;
    else if (code === 24) style.underline = false;
    else if (code === 27) style.inverse = false;
    else if (code === 28) style.hidden = false;
    else if (code === 29) style.strike = false;
    else if (code >= 30 && code <= 37) style.fg = PALETTE[code - 30];
    else if (code >= 90 && code <= 97) style.fg = PALETTE[code - 90 + 8];
    else if (code >= 40 && code <= 47) style.bg = PALETTE[code - 40];
    else if (code >= 100 && code <= 107) style.bg = PALETTE[code - 100 + 8];
    else if (code === 39) style.fg = undefined;
    else if (code === 49) style.bg = undefined;
    else if (code === 38 || code === 48 || code === 58) {
      const { color, used } = extendedColor(parameters, index);
      // 58 is the underline colour: read to skip its parameters, not drawn.
      if (code === 38) style.fg = color;
      else if (code === 48) style.bg = color;
      index += used;
    }
  }
}

/**
 * A control character or code point that XML 1.0 cannot hold, as one visible symbol: C0 controls
 * and DEL become their Control Pictures (␛ for ESC), the rest (C1, lone surrogates, U+FFFE/FFFF)
 * the replacement character. Undefined for any other text.
 */
export function visibleControl(grapheme) {
  const code = grapheme.codePointAt(0) ?? 0;
  if (grapheme.length === 1 && code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  if ((code >= 0x80 && code <= 0x9f) || code === 0xfffe || code === 0xffff) return '\uFFFD';
  if (!grapheme.isWellFormed()) return '\uFFFD';
  return undefined;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const BIDI_CONTROL = /^[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]$/u;
const ESC = '\u001b';
// One token of a captured line: a CSI sequence (SGR when it ends in m with plain parameters),
// an OSC string (hyperlinks, titles) ended by BEL or ST, another escape, or a run of text.
const TOKEN = new RegExp(
  [
    `${ESC}\\[([0-?]*)([ -/]*)([@-~])`,
    `${ESC}\\][^\\u0007${ESC}]*(?:\\u0007|${ESC}\\\\)?`,
    `${ESC}[ -/]*[0-~]`,
    `(${ESC}|[^${ESC}]+)`,
  ].join('|'),
  'gu',
);

/**
 * @typedef {{ fg?: string, bg?: string, bold: boolean, dim: boolean, italic: boolean,
 *   underline: boolean, inverse: boolean, hidden: boolean, strike: boolean }} Style
 * @typedef {{ text: string, width: 0 | 1 | 2, style: Style }} Cell
 *   A cell of the grid. `text` is one grapheme ('' for the right half of a wide character, whose
 *   width is 0), ' ' for a blank cell.
 */

/**
 * Parses a colour capture into a grid of `rows` × `columns` cells, padded with blanks. Text past
 * the last column or row is dropped, as the terminal would not have shown it.
 * @returns {Cell[][]}
 */
export function parseCapture(capture, { columns, rows }) {
  const style = { ...DEFAULT_STYLE };
  const lines = capture
    .replace(/\r?\n$/u, '')
    .split(/\r?\n/u)
    .slice(0, rows);
  const grid = lines.map((line) => {
    /** @type {Cell[]} */
    const cells = [];
    const put = (text, width) => {
      if (cells.length + width > columns) return;
      const cellStyle = { ...style };
      cells.push({ text, width, style: cellStyle });
      if (width === 2) cells.push({ text: '', width: 0, style: cellStyle });
    };
    for (const match of line.matchAll(TOKEN)) {
      const [, parameters, intermediates, final, text] = match;
      if (final === 'm' && intermediates === '' && /^[0-9;:]*$/u.test(parameters)) {
        applySgr(style, parameters);
      }
      if (text === undefined) continue;
      for (const { segment } of segmenter.segment(text)) {
        if (segment === '\t') {
          do put(' ', 1);
          while (cells.length % 8 !== 0 && cells.length < columns);
          continue;
        }
        const control = visibleControl(segment);
        if (control !== undefined) {
          put(control, 1);
          continue;
        }
        // Bidirectional formatting characters take no cell in a terminal; in the picture they
        // could reorder the text around them, so they are left out.
        if (BIDI_CONTROL.test(segment)) continue;
        const width = Math.min(stringWidth(segment), 2);
        // A zero-width grapheme (a lone joiner or format character) joins the cell before it.
        if (width === 0) {
          const previous = cells.findLast((cell) => cell.width > 0);
          if (previous) previous.text += segment;
          continue;
        }
        put(segment, width);
      }
    }
    // tmux leaves out a line's trailing blanks only when they have the default colours.
    while (cells.length < columns) cells.push(blankCell());
    return cells;
  });
  while (grid.length < rows) grid.push(Array.from({ length: columns }, blankCell));
  return grid;
}

/** @returns {Cell} */
const blankCell = () => ({ text: ' ', width: 1, style: { ...DEFAULT_STYLE } });

/** The colours a cell is drawn with, inverse applied. */
export function cellColors(style) {
  const fg = style.fg ?? FOREGROUND;
  const bg = style.bg ?? BACKGROUND;
  return style.inverse ? { fg: bg, bg: fg } : { fg, bg };
}

const XML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes XML's five special characters and makes every control character visible. */
export function escapeXml(text) {
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    const safe = visibleControl(segment) ?? segment;
    out += safe.replace(/[&<>"']/gu, (character) => XML_ESCAPES[character]);
  }
  return out;
}

const number = (value) => String(Math.round(value * 100) / 100);

/** The SVG size for a grid of `columns` × `rows`. */
export function svgSize({ columns, rows }) {
  return {
    width: Math.ceil(columns * LAYOUT.cellWidth + LAYOUT.padding * 2),
    height: Math.ceil(rows * LAYOUT.lineHeight + LAYOUT.padding * 2 + LAYOUT.titleBar),
  };
}

/** Top of row `row` and left of column `column`, in SVG units. */
export const rowTop = (row) => LAYOUT.padding + LAYOUT.titleBar + row * LAYOUT.lineHeight;
export const columnLeft = (column) => LAYOUT.padding + column * LAYOUT.cellWidth;

/** Runs of consecutive cells for which `key` gives the same non-undefined value. */
function runs(cells, key) {
  const found = [];
  let start = 0;
  while (start < cells.length) {
    const value = key(cells[start]);
    let end = start + 1;
    while (end < cells.length && key(cells[end]) === value) end += 1;
    if (value !== undefined) found.push({ start, end, value });
    start = end;
  }
  return found;
}

function rectangles(cells, y) {
  const parts = [];
  const fill = (cell) => {
    const { bg } = cellColors(cell.style);
    return bg === BACKGROUND ? undefined : bg;
  };
  for (const { start, end, value } of runs(cells, fill)) {
    parts.push(
      `<rect x="${number(columnLeft(start))}" y="${y}" width="${number((end - start) * LAYOUT.cellWidth)}" height="${LAYOUT.lineHeight}" fill="${value}"/>`,
    );
  }
  // Underline and strike-through are drawn as thin bars rather than text-decoration, so that they
  // run under spaces too, and do not depend on how a renderer decorates positioned glyphs.
  const bars = [
    ['underline', LAYOUT.baseline + 2],
    ['strike', Math.round(LAYOUT.fontSize * 0.45)],
  ];
  for (const [flag, offset] of bars) {
    const bar = (cell) => (cell.style[flag] && !cell.style.hidden ? cellColors(cell.style).fg : undefined);
    for (const { start, end, value } of runs(cells, bar)) {
      parts.push(
        `<rect x="${number(columnLeft(start))}" y="${y + offset}" width="${number((end - start) * LAYOUT.cellWidth)}" height="1" fill="${value}"/>`,
      );
    }
  }
  return parts;
}

/** The attributes a glyph's tspan needs beyond the defaults of the enclosing group. */
function glyphAttributes(style) {
  const { fg } = cellColors(style);
  return [
    fg === FOREGROUND ? '' : ` fill="${fg}"`,
    style.bold ? ' font-weight="bold"' : '',
    style.italic ? ' font-style="italic"' : '',
    style.dim ? ' fill-opacity="0.6"' : '',
  ].join('');
}

/**
 * One row's glyphs as a single <text> of <tspan>s. Consecutive glyphs of one style that are each
 * one UTF-16 code unit and one cell wide share a tspan with one x per glyph (x addresses code
 * units); any other grapheme (wide, astral, or with combining marks) gets a tspan of its own.
 */
function rowText(cells, baselineY) {
  const spans = [];
  let open;
  cells.forEach((cell, column) => {
    if (cell.width === 0 || cell.text === ' ' || cell.style.hidden) {
      open = undefined;
      return;
    }
    const attributes = glyphAttributes(cell.style);
    const x = number(columnLeft(column) + (cell.width * LAYOUT.cellWidth) / 2);
    const simple = cell.text.length === 1 && cell.width === 1;
    if (open && simple && open.attributes === attributes && open.simple) {
      open.xs.push(x);
      open.text += cell.text;
      return;
    }
    open = { attributes, simple, xs: [x], text: cell.text };
    spans.push(open);
    if (!simple) open = undefined;
  });
  if (spans.length === 0) return undefined;
  const content = spans
    .map((span) => `<tspan x="${span.xs.join(' ')}"${span.attributes}>${escapeXml(span.text)}</tspan>`)
    .join('');
  return `<text y="${baselineY}" xml:space="preserve">${content}</text>`;
}

/**
 * Renders a colour capture of a `columns` × `rows` terminal as a standalone SVG document, drawn
 * as a dark terminal window titled `title`.
 */
export function renderSvg(capture, { columns, rows, title }) {
  const grid = parseCapture(capture, { columns, rows });
  const { width, height } = svgSize({ columns, rows });
  const label = escapeXml(title);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}">`,
    `<title>${label}</title>`,
    // Glyphs are placed one by one and spaces are gaps, but say how white space and direction
    // behave anyway, for any renderer that lays out text runs on its own.
    '<style>text{white-space:pre;direction:ltr;unicode-bidi:bidi-override}</style>',
    `<rect width="100%" height="100%" rx="8" fill="${BACKGROUND}"/>`,
    '<circle cx="20" cy="17" r="6" fill="#ff5f56"/><circle cx="40" cy="17" r="6" fill="#ffbd2e"/><circle cx="60" cy="17" r="6" fill="#27c93f"/>',
  ];
  grid.forEach((cells, row) => parts.push(...rectangles(cells, rowTop(row))));
  parts.push(
    `<g font-family="${FONT_FAMILY}" font-size="${LAYOUT.fontSize}" text-anchor="middle" fill="${FOREGROUND}">`,
  );
  grid.forEach((cells, row) => {
    const text = rowText(cells, rowTop(row) + LAYOUT.baseline);
    if (text) parts.push(text);
  });
  parts.push('</g>', '</svg>');
  return `${parts.join('\n')}\n`;
}
