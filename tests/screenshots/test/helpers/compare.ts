import { LAYOUT, columnLeft, rowTop } from '../../../../scripts/terminal-svg.mjs';
import type { CellInk, LaidOutGlyph } from './browser.js';
import type { Glyph } from './grid.js';

/** How far (SVG units) a glyph's centre may be from its cell's centre: a twentieth of a cell. */
export const POSITION_TOLERANCE = LAYOUT.cellWidth / 20;

const rowOfBaseline = (baseline: number) => (baseline - LAYOUT.baseline - rowTop(0)) / LAYOUT.lineHeight;
const describe = (glyph: { text: string }) => JSON.stringify(glyph.text);

/**
 * Compares the glyphs Chromium laid out with the terminal's grid, one by one in reading order:
 * the same characters, each on its row and centred on its cell(s), and none wider than its cells
 * allow (text stretched to fill a line, or spaces collapsed, shows as glyphs that drift or
 * spread). `widths: false` leaves out the last check, for a font that is not monospace on purpose.
 * Returns what differs, at most `limit` findings, empty when the picture is right.
 */
export function layoutProblems(
  expected: Glyph[],
  laidOut: LaidOutGlyph[],
  { widths = true, limit = 12 }: { widths?: boolean; limit?: number } = {},
): string[] {
  const problems: string[] = [];
  const add = (problem: string) => {
    if (problems.length < limit) problems.push(problem);
  };
  const shown = laidOut.map((glyph) => glyph.text).join('');
  const wanted = expected.map((glyph) => glyph.text).join('');
  if (shown !== wanted) {
    let at = 0;
    while (at < shown.length && shown[at] === wanted[at]) at += 1;
    add(
      `the picture's text differs from the terminal's from character ${at}: ` +
        `${JSON.stringify(shown.slice(at, at + 40))} instead of ${JSON.stringify(wanted.slice(at, at + 40))}`,
    );
  }
  const count = Math.min(expected.length, laidOut.length);
  for (let index = 0; index < count; index += 1) {
    const want = expected[index]!;
    const got = laidOut[index]!;
    const row = rowOfBaseline(got.baseline);
    if (Math.abs(row - want.row) > 0.01) {
      add(`${describe(want)} of row ${want.row} is drawn on row ${row.toFixed(2)}`);
      continue;
    }
    const centre = (got.startX + got.endX) / 2;
    const cellCentre = columnLeft(want.column) + (want.width * LAYOUT.cellWidth) / 2;
    if (Math.abs(centre - cellCentre) > POSITION_TOLERANCE) {
      add(
        `${describe(want)} of row ${want.row}, column ${want.column}: centred at x=${centre.toFixed(2)}, ` +
          `the terminal's cell at x=${cellCentre.toFixed(2)} (${((centre - cellCentre) / LAYOUT.cellWidth).toFixed(2)} cells off)`,
      );
    }
    // A glyph may be a little wider than its cells when it comes from a fallback font, but never
    // by more than a third of the font size; text stretched to fill a line spreads far more.
    const advance = got.endX - got.startX;
    const room = want.width * LAYOUT.cellWidth + LAYOUT.fontSize / 3;
    if (widths && (advance > room || advance < 0)) {
      add(
        `${describe(want)} of row ${want.row}, column ${want.column} is ${advance.toFixed(2)} wide, ` +
          `its ${want.width} cell(s) ${(want.width * LAYOUT.cellWidth).toFixed(2)}`,
      );
    }
  }
  return problems;
}

/**
 * Compares the ink of each cell of the picture shown as an `<img>` with the terminal's grid: every
 * cell that holds a character has ink, every empty cell has none in its middle (a stretched line
 * puts letters into the gaps; collapsed spaces move words away from their cells).
 */
export function inkProblems(
  expected: Glyph[],
  ink: CellInk,
  size: { columns: number; rows: number },
): string[] {
  const limit = 12;
  const problems: string[] = [];
  const covered = Array.from({ length: size.rows }, () => new Array<Glyph | undefined>(size.columns));
  for (const glyph of expected) {
    for (let offset = 0; offset < glyph.width; offset += 1)
      covered[glyph.row]![glyph.column + offset] = glyph;
  }
  for (let row = 0; row < size.rows; row += 1) {
    for (let column = 0; column < size.columns; column += 1) {
      const glyph = covered[row]![column];
      const amount = ink.middle[row]![column]!;
      if (glyph === undefined && amount > 0) {
        problems.push(`row ${row}, column ${column} should be empty but has ${amount} pixels of ink`);
      } else if (glyph !== undefined && glyph.column === column) {
        const total = ink.whole[row]!.slice(column, column + glyph.width).reduce(
          (sum, count) => sum + count,
          0,
        );
        if (total === 0)
          problems.push(`${describe(glyph)} of row ${row}, column ${column} has no ink in its cell`);
      }
      if (problems.length >= limit) return problems;
    }
  }
  return problems;
}
