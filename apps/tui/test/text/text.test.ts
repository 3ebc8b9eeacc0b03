import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth, fit, fitEnd, plural, visible } from '../../src/text.js';

describe('visible', () => {
  it('shows C0, DEL, C1 and bidi controls as escapes, and leaves other text alone', () => {
    expect(visible('a\u001B]2;PWNED\u0007b')).toBe('a\\x1b]2;PWNED\\x07b');
    expect(visible('\u001B[7m\u009B31m\u007F\t\n')).toBe('\\x1b[7m\\x9b31m\\x7f\\x09\\x0a');
    expect(visible('evil\u202Etxt.exe')).toBe('evil\\u202etxt.exe');
    expect(visible('Café 東京 👍🏽')).toBe('Café 東京 👍🏽');
  });

  it('is idempotent', () => {
    const once = visible('\u001B[31mred');
    expect(visible(once)).toBe(once);
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
