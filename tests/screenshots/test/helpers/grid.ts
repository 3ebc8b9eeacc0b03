import stringWidth from 'string-width';

/** A visible character of the terminal grid, where the terminal put it. */
export interface Glyph {
  row: number;
  column: number;
  /** Cells it covers: 2 for CJK and emoji. */
  width: number;
  text: string;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
// Escape sequences a colour capture holds: CSI (colours), OSC (hyperlinks), and two-byte escapes.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[ -/]*[0-~]/gu;

/** The capture's lines with its colours taken out: the text as `tmux capture-pane -p` shows it. */
export function plainLines(capture: string): string[] {
  return capture
    .replace(/\n$/u, '')
    .split('\n')
    .map((line) => line.replace(ESCAPES, ''));
}

/**
 * The terminal's own grid, read from a capture independently of the renderer: each visible
 * character with its column, counting wide characters as two cells as the terminal did.
 */
export function glyphsOf(capture: string): Glyph[] {
  const glyphs: Glyph[] = [];
  plainLines(capture).forEach((line, row) => {
    let column = 0;
    for (const { segment } of segmenter.segment(line)) {
      const width = stringWidth(segment);
      if (segment !== ' ') glyphs.push({ row, column, width, text: segment });
      column += width;
    }
  });
  return glyphs;
}

/** The column (in cells) where `word` starts on `row`, found in the capture's plain text. */
export function columnOf(capture: string, row: number, word: string): number {
  const line = plainLines(capture)[row];
  if (line === undefined) throw new Error(`the capture has no row ${row}`);
  const at = line.indexOf(word);
  if (at < 0) throw new Error(`row ${row} does not hold ${JSON.stringify(word)}: ${line}`);
  return stringWidth(line.slice(0, at));
}

/** The row of the first line that holds `word`. */
export function rowOf(capture: string, word: string): number {
  const row = plainLines(capture).findIndex((line) => line.includes(word));
  if (row < 0) throw new Error(`the capture holds no ${JSON.stringify(word)}`);
  return row;
}
