// The README's pictures as a browser shows them: each SVG opened in headless Chromium, both as a
// document (its text laid out glyph by glyph, read with the SVG text DOM) and as an <img> of a page
// (rasterised, ink measured cell by cell), and compared with the terminal grid it was captured from.
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { LAYOUT, columnLeft, renderSvg, rowTop } from '../../../scripts/terminal-svg.mjs';
import { COLUMNS, ROWS, SHOTS, capturePath, svgPath } from '../../../scripts/tui-screenshot.mjs';
import { inkPerCell, launchChromium, layOutDocument, type LaidOutGlyph } from './helpers/browser.js';
import { inkProblems, layoutProblems, POSITION_TOLERANCE } from './helpers/compare.js';
import { columnOf, glyphsOf, plainLines, rowOf } from './helpers/grid.js';
import { SYNTHETIC_COLUMNS, SYNTHETIC_PIECES, SYNTHETIC_ROWS, captureOf } from './helpers/synthetic.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

// A proportional font, where an "i" is a third as wide as an "m": the worst fallback a reader's
// browser could pick. Columns must hold even then.
const PROPORTIONAL_FONT = "text { font-family: 'DejaVu Serif', 'Liberation Serif', serif !important; }";

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Where the word starting at `column` of `row` begins, as laid out: the left edge of the cells its
 * first glyph is centred on (a glyph from a fallback font may be narrower or wider than its cells,
 * its centre is what the picture fixes).
 */
function wordLeft(laidOut: LaidOutGlyph[], row: number, word: string, column: number): number | undefined {
  const baseline = rowTop(row) + LAYOUT.baseline;
  const first = segmenter.segment(word)[Symbol.iterator]().next().value?.segment ?? '';
  const cells = stringWidth(first);
  const lefts = laidOut
    .filter((glyph) => Math.abs(glyph.baseline - baseline) < 0.01 && glyph.text === first)
    .map((glyph) => (glyph.startX + glyph.endX) / 2 - (cells * LAYOUT.cellWidth) / 2);
  // The glyph of the word's first letter nearest to its cell.
  const cell = columnLeft(column);
  lefts.sort((a, b) => Math.abs(a - cell) - Math.abs(b - cell));
  return lefts[0];
}

// Each picture opened directly is laid out once and read by every check that needs it.
const layouts = new Map<string, Promise<LaidOutGlyph[]>>();
async function laidOutShot(name: string): Promise<LaidOutGlyph[]> {
  let layout = layouts.get(name);
  if (!layout) {
    layout = readFile(svgPath(name), 'utf8').then((svg) => layOutDocument(browser, svg));
    layouts.set(name, layout);
  }
  return layout;
}

describe.each(SHOTS.map((shot) => [shot.name, shot] as const))('docs/%s.svg in Chromium', (_name, shot) => {
  let capture: string;
  let svg: string;
  beforeAll(async () => {
    capture = await readFile(capturePath(shot.name), 'utf8');
    svg = await readFile(svgPath(shot.name), 'utf8');
  });

  it('opened directly: every character sits on the cell the terminal gave it', async () => {
    const laidOut = await laidOutShot(shot.name);
    expect(laidOut.length).toBeGreaterThan(100);
    expect(layoutProblems(glyphsOf(capture), laidOut)).toEqual([]);
  });

  it('opened directly with a proportional font: the columns still hold', async () => {
    const laidOut = await layOutDocument(browser, svg, PROPORTIONAL_FONT);
    // The same glyphs at the same centres; only their widths changed.
    expect(layoutProblems(glyphsOf(capture), laidOut, { widths: false })).toEqual([]);
  });

  it('as an <img> of a page: ink in every cell that holds a character, none in the gaps', async () => {
    const ink = await inkPerCell(browser, svg, { columns: COLUMNS, rows: ROWS });
    expect(inkProblems(glyphsOf(capture), ink, { columns: COLUMNS, rows: ROWS })).toEqual([]);
  });

  it('the first and last word of each line start where the terminal put them', async () => {
    const laidOut = await laidOutShot(shot.name);
    const checked: string[] = [];
    plainLines(capture).forEach((line, row) => {
      const words = line.trim().split(/ +/u).filter(Boolean);
      for (const word of new Set([words[0], words.at(-1)])) {
        if (word === undefined) continue;
        const column = columnOf(capture, row, word);
        const start = wordLeft(laidOut, row, word, column);
        expect(start, `${word} (row ${row})`).toBeDefined();
        expect(
          Math.abs(start! - columnLeft(column)),
          `${word} (row ${row}, column ${column})`,
        ).toBeLessThanOrEqual(POSITION_TOLERANCE);
        checked.push(word);
      }
    });
    expect(checked.length).toBeGreaterThan(5);
  });
});

describe('docs/tui-connections.svg in Chromium', () => {
  it('puts the Name header and each connection name in the name column', async () => {
    const capture = await readFile(capturePath('tui-connections'), 'utf8');
    const laidOut = await laidOutShot('tui-connections');
    const lines = plainLines(capture);
    const headerRow = lines.findIndex((line) => /\bname\b/iu.test(line));
    expect(headerRow, 'the capture has a header row with "Name"').toBeGreaterThanOrEqual(0);
    const header = /\bname\b/iu.exec(lines[headerRow]!)![0];
    const nameColumn = columnOf(capture, headerRow, header);
    expect(wordLeft(laidOut, headerRow, header, nameColumn)).toBeCloseTo(columnLeft(nameColumn), 1);
    // Connection names of the demo data, each in its own row, aligned under the header.
    const names = ['Product events (BigQuery)', 'Orders database (PostgreSQL)', 'Finance on Snowflake'];
    for (const name of names) {
      const row = rowOf(capture, name);
      expect(columnOf(capture, row, name), name).toBe(nameColumn);
      expect(wordLeft(laidOut, row, name, nameColumn), name).toBeCloseTo(columnLeft(nameColumn), 1);
    }
  });
});

describe('a synthetic screen in Chromium', () => {
  const capture = captureOf(SYNTHETIC_PIECES, SYNTHETIC_ROWS);
  const size = { columns: SYNTHETIC_COLUMNS, rows: SYNTHETIC_ROWS };
  const svg = renderSvg(capture, { ...size, title: 'spaces, "specials" & <wide> text' });

  it('parses as SVG and lays out runs of spaces, XML specials and wide characters on their cells', async () => {
    expect(layoutProblems(glyphsOf(capture), await layOutDocument(browser, svg))).toEqual([]);
  });

  it('as an <img>: ink where the characters are and nowhere else', async () => {
    const ink = await inkPerCell(browser, svg, size);
    expect(inkProblems(glyphsOf(capture), ink, size)).toEqual([]);
  });

  it('the check catches a picture that lets Chromium collapse spaces and stretch lines', async () => {
    // The markup these pictures used to have: one <text> per run, spaces kept as characters under
    // xml:space on the enclosing group, the run fitted to its cells with textLength.
    const runs = plainLines(capture).flatMap((line, row) =>
      line.trim() === ''
        ? []
        : [
            `<text x="${columnLeft(0)}" y="${rowTop(row) + LAYOUT.baseline}" textLength="${line.length * LAYOUT.cellWidth}">${line.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</text>`,
          ],
    );
    const old = svg.replace(
      /<g font-family[\s\S]*<\/g>/u,
      `<g font-family="monospace" font-size="${LAYOUT.fontSize}" fill="#d4d4d4" xml:space="preserve">${runs.join('\n')}</g>`,
    );
    expect(layoutProblems(glyphsOf(capture), await layOutDocument(browser, old))).not.toEqual([]);
    const ink = await inkPerCell(browser, old, size);
    expect(inkProblems(glyphsOf(capture), ink, size)).not.toEqual([]);
  });
});
