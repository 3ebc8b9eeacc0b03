// The renderer of the README's terminal pictures, on synthetic screens: what it writes into the
// SVG. How Chromium lays that out is checked in chromium.test.ts.
import { describe, expect, it } from 'vitest';
import {
  BACKGROUND,
  FOREGROUND,
  LAYOUT,
  PALETTE,
  columnLeft,
  escapeXml,
  parseCapture,
  renderSvg,
  rowTop,
} from '../../../scripts/terminal-svg.mjs';
import { glyphsOf } from './helpers/grid.js';
import { SYNTHETIC_COLUMNS, SYNTHETIC_PIECES, SYNTHETIC_ROWS, captureOf } from './helpers/synthetic.js';

const ESC = '\u001b';
/** A length as the SVG writes it: to the hundredth. */
const units = (value: number) => Math.round(value * 100) / 100;
const size = { columns: SYNTHETIC_COLUMNS, rows: SYNTHETIC_ROWS };
const render = (capture: string, title = 'a picture') => renderSvg(capture, { ...size, title });

const unescape = (text: string) =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');

interface Span {
  row: number;
  xs: number[];
  attributes: string;
  text: string;
}

/** The SVG's glyph runs, read back from its markup: each <tspan> with its row, x list and text. */
function spansOf(svg: string): Span[] {
  const spans: Span[] = [];
  for (const text of svg.matchAll(/<text y="([\d.]+)"[^>]*>(.*?)<\/text>/gu)) {
    const row = (Number(text[1]) - LAYOUT.baseline - rowTop(0)) / LAYOUT.lineHeight;
    for (const span of text[2]!.matchAll(/<tspan x="([^"]*)"([^>]*)>([^<]*)<\/tspan>/gu)) {
      spans.push({
        row,
        xs: span[1]!.split(' ').map(Number),
        attributes: span[2]!,
        text: unescape(span[3]!),
      });
    }
  }
  return spans;
}

/** Column (left cell) of a glyph centred at `x` over `width` cells. */
const columnAt = (x: number, width: number) =>
  // `+ 0` turns the -0 of a rounding just below zero into 0.
  Math.round((x - columnLeft(0) - (width * LAYOUT.cellWidth) / 2) / LAYOUT.cellWidth) + 0;

/** Every glyph the SVG places, with the column its x gives; wide glyphs are their own tspans. */
function placedGlyphs(svg: string, wide: (text: string) => boolean) {
  const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
  return spansOf(svg).flatMap((span) => {
    const graphemes = [...segmenter.segment(span.text)].map((part) => part.segment);
    if (span.xs.length === 1 && graphemes.length === 1) {
      const text = graphemes[0]!;
      return [{ row: span.row, column: columnAt(span.xs[0]!, wide(text) ? 2 : 1), text, span }];
    }
    expect(span.xs).toHaveLength(span.text.length);
    return graphemes.map((text, index) => ({
      row: span.row,
      column: columnAt(span.xs[index]!, 1),
      text,
      span,
    }));
  });
}

describe('the synthetic screen', () => {
  const capture = captureOf(SYNTHETIC_PIECES, SYNTHETIC_ROWS);
  const expected = glyphsOf(capture);
  const svg = render(capture);

  it('reads the grid the tests compare with as counted by hand', () => {
    for (const piece of SYNTHETIC_PIECES) {
      const glyphs = expected.filter(
        (glyph) =>
          glyph.row === piece.row &&
          glyph.column >= piece.column &&
          glyph.column < piece.column + piece.cells,
      );
      expect(glyphs[0]?.column, piece.text).toBe(piece.column);
      const spaces = piece.text.split(' ').length - 1;
      expect(
        glyphs.reduce((cells, glyph) => cells + glyph.width, spaces),
        piece.text,
      ).toBe(piece.cells);
    }
  });

  it('places every glyph at the column the terminal gave it', () => {
    const wide = new Set(expected.filter((glyph) => glyph.width === 2).map((glyph) => glyph.text));
    const placed = placedGlyphs(svg, (text) => wide.has(text));
    expect(placed.map(({ row, column, text }) => ({ row, column, text }))).toEqual(
      expected.map(({ row, column, text }) => ({ row, column, text })),
    );
  });

  it('writes no space into the text, so no renderer can collapse one', () => {
    for (const span of spansOf(svg)) expect(span.text).not.toMatch(/\s/u);
    for (const text of svg.matchAll(/<text\b[^>]*>/gu)) expect(text[0]).toContain('xml:space="preserve"');
    // No white space between the tspans of a row either.
    expect(svg).not.toMatch(/<\/tspan>\s+<tspan/u);
  });

  it("keeps a run of spaces inside one style as a gap ('far   apart')", () => {
    const placed = placedGlyphs(svg, () => false).filter((glyph) => glyph.row === 1 && glyph.column >= 40);
    expect(placed.map((glyph) => `${glyph.column}:${glyph.text}`)).toEqual([
      '40:f',
      '41:a',
      '42:r',
      '46:a',
      '47:p',
      '48:a',
      '49:r',
      '50:t',
    ]);
  });

  it('escapes every XML special character', () => {
    const row2 = svg.split('\n').find((line) => line.startsWith(`<text y="${rowTop(2) + LAYOUT.baseline}"`))!;
    expect(row2).toContain('&amp;');
    expect(row2).toContain('&lt;b&gt;');
    expect(row2).toContain('&quot;quoted&quot;');
    expect(row2).toContain('&apos;single&apos;');
    expect(row2.replace(/<\/?(text|tspan)\b[^>]*>/gu, '')).not.toMatch(
      /[<>"']|&(?!amp;|lt;|gt;|quot;|apos;)/u,
    );
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
  });

  it('gives a wide character two cells and one x at their middle', () => {
    const nihon = spansOf(svg).find((span) => span.text === '日')!;
    expect(nihon.xs).toEqual([units(columnLeft(0) + LAYOUT.cellWidth)]);
    const emoji = spansOf(svg).find((span) => span.text === '😀')!;
    expect(emoji.xs).toEqual([units(columnLeft(14) + LAYOUT.cellWidth)]);
    // The joined sequence is one glyph of two cells; the accent stays on its letter.
    const coder = spansOf(svg).find((span) => span.text === '👩‍💻')!;
    expect(coder.xs).toEqual([units(columnLeft(28) + LAYOUT.cellWidth)]);
    const accented = spansOf(svg).find((span) => span.text === 'e\u0301')!;
    expect(accented.xs).toEqual([units(columnLeft(26) + LAYOUT.cellWidth / 2)]);
  });

  it('draws colours, bold, dim, inverse, underline and backgrounds', () => {
    const spans = spansOf(svg);
    const span = (text: string) => spans.find((candidate) => candidate.text.startsWith(text))!;
    expect(span('Name').attributes).toBe(` fill="${PALETTE[6]!}" font-weight="bold"`);
    expect(span('c').attributes).toBe(` fill="${PALETTE[1]!}"`);
    expect(span('Tom').attributes).toBe(' fill="#ffaf00"');
    expect(span('Ａ').attributes).toBe(' fill="#0ac81e"');
    expect(span('dim').attributes).toBe(' fill-opacity="0.6"');
    expect(span('last').attributes).toBe(' font-weight="bold"');
    expect(span('│').attributes).toBe(` fill="${PALETTE[8]!}"`);
    // Inverse: the default colours swapped, the background a rectangle over the whole run.
    expect(span('▶').attributes).toBe(` fill="${BACKGROUND}"`);
    expect(svg).toContain(
      `<rect x="${units(columnLeft(0))}" y="${rowTop(4)}" width="${units(22 * LAYOUT.cellWidth)}" height="${LAYOUT.lineHeight}" fill="${FOREGROUND}"/>`,
    );
    expect(span('on').attributes).toBe(` fill="${PALETTE[15]!}"`);
    expect(svg).toContain(
      `<rect x="${units(columnLeft(4))}" y="${rowTop(5)}" width="${units(7 * LAYOUT.cellWidth)}" height="${LAYOUT.lineHeight}" fill="${PALETTE[4]!}"/>`,
    );
    // The underline runs under the space too.
    expect(svg).toContain(
      `<rect x="${units(columnLeft(30))}" y="${rowTop(4) + LAYOUT.baseline + 2}" width="${units(11 * LAYOUT.cellWidth)}" height="1" fill="${FOREGROUND}"/>`,
    );
    expect(span('under').attributes).toBe('');
  });

  it('is one grid of the given size', () => {
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="532" height="194" viewBox="0 0 532 194"/u,
    );
    expect(placedGlyphs(svg, () => false).find((glyph) => glyph.text === 'Z')).toMatchObject({
      row: 6,
      column: 59,
    });
  });
});

describe('untrusted text in a capture', () => {
  it('draws control characters as visible symbols, one cell each, and keeps the file valid XML', () => {
    const capture = `a\u0000b\u0007c\u007fd\u0085e\u009bf\ud800h\ufffei${ESC}\n`;
    const svg = render(capture);
    const row = spansOf(svg).filter((span) => span.row === 0);
    expect(row.map((span) => span.text).join('')).toBe('a␀b␇c␡d\uFFFDe\uFFFDf\uFFFDh\uFFFDi␛');
    expect(placedGlyphs(svg, () => false).find((glyph) => glyph.text === 'i')?.column).toBe(14);
    // Nothing XML 1.0 forbids, nor a C1 control, anywhere in the file.
    // eslint-disable-next-line no-control-regex
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/u);
    expect(svg).not.toMatch(/\p{Cs}/u);
  });

  it('leaves out bidirectional controls, which take no cell and could reorder the picture', () => {
    const svg = render('a\u202eb\u2066c\u200fd\n');
    expect(spansOf(svg).map((span) => span.text)).toEqual(['abcd']);
    expect(spansOf(svg)[0]!.xs).toEqual(
      [0, 1, 2, 3].map((column) => units(columnLeft(column) + LAYOUT.cellWidth / 2)),
    );
  });

  it('escapes the title too', () => {
    const svg = render('x\n', `a <b> & "c"\u0007`);
    expect(svg).toContain('aria-label="a &lt;b&gt; &amp; &quot;c&quot;␇"');
    expect(svg).toContain('<title>a &lt;b&gt; &amp; &quot;c&quot;␇</title>');
  });

  it('shows the text of a hyperlink and not its address, and ignores other escape sequences', () => {
    const capture = `${ESC}]8;;https://example.com/${ESC}\\link${ESC}]8;;${ESC}\\ ${ESC}[2Kok${ESC}(B!\n`;
    const row = spansOf(render(capture)).filter((span) => span.row === 0);
    expect(row.map((span) => span.text).join(' ')).toBe('link ok!');
  });

  it('ignores malformed colours instead of writing them', () => {
    const svg = render(`${ESC}[38;2;300;0;0ma${ESC}[38;5;999mb${ESC}[38;2mc${ESC}[48;5;xmd\n`);
    expect(svg).not.toMatch(/NaN|undefined|300/u);
    expect(spansOf(svg).map((span) => span.attributes)).toEqual(['']);
  });

  it('reads the colon forms of extended colours', () => {
    const svg = render(`${ESC}[38:2::1:2:3ma${ESC}[38:5:196mb${ESC}[38:2:4:5:6mc\n`);
    expect(spansOf(svg).map((span) => span.attributes)).toEqual([
      ' fill="#010203"',
      ' fill="#ff0000"',
      ' fill="#040506"',
    ]);
  });

  it('drops text past the last column or row, as the terminal could not show it', () => {
    const grid = parseCapture(`${'x'.repeat(70)}\n日${'y'.repeat(58)}本\n`, { columns: 60, rows: 1 });
    expect(grid).toHaveLength(1);
    expect(grid[0]!.map((cell) => cell.text).join('')).toBe('x'.repeat(60));
    const wide = parseCapture(`${'y'.repeat(59)}本\n`, { columns: 60, rows: 1 });
    expect(wide[0]!.at(-1)).toMatchObject({ text: ' ', width: 1 });
  });

  it('expands a tab to the next stop of eight', () => {
    const grid = parseCapture('ab\tc\n', { columns: 20, rows: 1 });
    expect(grid[0]!.findIndex((cell) => cell.text === 'c')).toBe(8);
  });
});
