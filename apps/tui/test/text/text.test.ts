import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import {
  displayWidth,
  fit,
  fitEnd,
  groupDigits,
  MAX_SHOWN,
  plural,
  visible,
  wrapLines,
  wrapText,
} from '../../src/text.js';

describe('visible', () => {
  it('shows C0, DEL, C1 and bidi controls as escapes, and leaves other text alone', () => {
    expect(visible('a\u001B]2;PWNED\u0007b')).toBe('a\\x1b]2;PWNED\\x07b');
    expect(visible('\u001B[7m\u009B31m\u007F\t\n')).toBe('\\x1b[7m\\x9b31m\\x7f\\x09\\x0a');
    expect(visible('evil\u202Etxt.exe')).toBe('evil\\u202etxt.exe');
    expect(visible('Café 東京 👍🏽')).toBe('Café 東京 👍🏽');
  });

  it('escapes the invisible characters that take no column on their own, and keeps joiners', () => {
    expect(visible('a\u200Bb\uFEFFc\u2060d\u00ADe')).toBe('a\\u200bb\\ufeffc\\u2060d\\xade');
    expect(displayWidth('a\u200Bb')).toBe(8);
    // A ZWJ sequence and a variation selector are parts of one emoji, not hidden characters.
    expect(visible('👨\u200D👩\u200D👧 ❤\uFE0F')).toBe('👨\u200D👩\u200D👧 ❤\uFE0F');
  });

  it('escapes a combining mark that starts a value, as it has nothing to combine with', () => {
    expect(visible('\u0301ab')).toBe('\\u0301ab');
    expect(visible('\uFE0Fq')).toBe('\\ufe0fq');
    expect(visible('\u{1D165}x')).toBe('\\u{1d165}x');
    expect(visible(visible('\u0301\u0301ab'))).toBe(visible('\u0301\u0301ab'));
    // A mark after a letter is part of it.
    expect(visible('e\u0301te\u0301')).toBe('e\u0301te\u0301');
    expect(fit('\u0301ab', 10)).toBe('\\u0301ab  ');
  });

  it('is idempotent', () => {
    const once = visible('\u001B[31mred');
    expect(visible(once)).toBe(once);
    const cut = visible('\u001B'.repeat(10_000));
    expect(visible(cut)).toBe(cut);
  });

  it('escapes the Unicode line and paragraph separators', () => {
    expect(visible('a\u2028b\u2029c')).toBe('a\\u2028b\\u2029c');
  });

  it('cuts a value longer than any field of the API, saying how long it was', () => {
    const huge = `${'東'.repeat(150_000)}${'\u001B[7m'.repeat(10_000)}`;
    const shown = visible(huge);
    expect(shown.length).toBeLessThanOrEqual(MAX_SHOWN);
    expect(shown.startsWith('東東東')).toBe(true);
    expect(shown.endsWith('… (cut: 190,000 characters in all)')).toBe(true);
    // Escapes lengthen the text: what the screen gets is cut, never the escapes' meaning lost.
    const escaped = visible('\u001B'.repeat(MAX_SHOWN));
    expect(escaped.length).toBeLessThanOrEqual(MAX_SHOWN);
    expect(escaped).toMatch(/^(\\x1b)+… \(cut: 4,096 characters in all\)$/);
    // Never half of a surrogate pair.
    const emoji = visible('😀'.repeat(MAX_SHOWN));
    expect(emoji).toMatch(/^(😀)+… \(cut: 8,192 characters in all\)$/);
    // A value of the API's own largest size is shown whole.
    expect(visible('x'.repeat(MAX_SHOWN))).toBe('x'.repeat(MAX_SHOWN));
  });
});

describe('fit', () => {
  const cases = [
    'Warehouse',
    '東京のデータウェアハウス',
    'ｆｕｌｌｗｉｄｔｈ ｎａｍｅ',
    '👩‍👩‍👧 family 🇫🇷 flags',
    'e\u0301e\u0301e\u0301 combining accents',
    '\u001B]2;PWNED\u0007 hostile',
  ];

  it('always takes exactly the width asked, by display columns', () => {
    for (const text of cases) {
      for (const width of [1, 2, 5, 9, 10, 30]) {
        expect(stringWidth(fit(text, width)), `${text} at ${width}`).toBe(width);
        expect(stringWidth(fitEnd(text, width)), `${text} at ${width} (end)`).toBe(width);
      }
    }
  });

  it('never cuts through a wide character or a cluster, and marks the cut', () => {
    expect(fit('東京都', 4)).toBe('東… ');
    expect(fit('e\u0301e\u0301e\u0301x', 3)).toBe('e\u0301e\u0301…');
    expect(fit('👍🏽👍🏽', 3)).toBe('👍🏽…');
    expect(fitEnd('東京都', 4)).toBe('…都 ');
  });

  it('escapes before measuring, so an escape sequence counts as the text it shows', () => {
    expect(fit('\u001B[7m', 10)).toBe('\\x1b[7m   ');
    expect(displayWidth('\u001B')).toBe(4);
  });
});

describe('plural', () => {
  it('agrees with the count', () => {
    expect(plural(1, 'schema')).toBe('1 schema');
    expect(plural(2, 'table')).toBe('2 tables');
    expect(plural(0, 'row')).toBe('0 rows');
    expect(plural(12_000, 'connection')).toBe('12,000 connections');
  });

  it('groups digits as en-US does', () => {
    for (const count of [0, 7, 999, 1000, 12_345, 100_000, 1_234_567, -4321]) {
      expect(groupDigits(count)).toBe(count.toLocaleString('en-US'));
    }
  });
});

describe('a huge value', () => {
  const huge = `${'東京 '.repeat(60_000)}${'x'.repeat(100_000)}`;

  it('fits a cell and the end of a field like any other text', () => {
    expect(fit(huge, 9)).toBe('東京 東… ');
    expect(fitEnd(huge, 12)).toBe('…ers in all)');
    expect(displayWidth(huge, 50)).toBeGreaterThan(50);
  });

  it('wraps into the lines of its shown part only', () => {
    const lines = wrapText(huge, 100);
    expect(lines.length).toBeLessThanOrEqual(Math.ceil(MAX_SHOWN / 25));
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(100);
    expect(lines.at(-1)).toMatch(/cut: 280,000 characters in all\)$/);
  });
});

describe('wrapText', () => {
  it('wraps at spaces, cuts words longer than a line, and never exceeds the width', async () => {
    const { wrapText } = await import('../../src/text.js');
    expect(wrapText('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrapText('abcdefghijklmnop', 5)).toEqual(['abcde', 'fghij', 'klmno', 'p']);
    expect(wrapText('short', 10)).toEqual(['short']);
    for (const text of ['東京のデータウェアハウス 本番環境', '👩‍👩‍👧 family 🇫🇷 flags', 'a\u001B[7mb c d e f g']) {
      for (const width of [1, 3, 7, 12]) {
        for (const line of wrapText(text, width))
          expect(stringWidth(line), `${text} at ${width}`).toBeLessThanOrEqual(Math.max(width, 2));
      }
    }
  });
});

describe('wrapLines', () => {
  it('wraps like wrapText while the text fits in the lines given', () => {
    expect(wrapLines('one two three', 7, 3)).toEqual(wrapText('one two three', 7));
  });

  it('ends the last line kept with … when the text needs more lines, never past the width', () => {
    expect(wrapLines('one two three four', 7, 2)).toEqual(['one two', 'three…']);
    expect(wrapLines('abcdefghijkl', 4, 2)).toEqual(['abcd', 'efg…']);
    const lines = wrapLines('漢'.repeat(50), 9, 3);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(9);
    expect(lines[2]?.endsWith('…')).toBe(true);
    // No room at all still shows where the text starts.
    expect(wrapLines('abcdef', 3, 0)).toEqual(['ab…']);
  });
});
