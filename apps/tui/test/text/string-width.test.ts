import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import measure from 'string-width';
import stringWidth, { ONE_COLUMN } from '../../src/string-width.js';

/** Every code point the fast path counts as one column. */
function oneColumnCharacters(): string[] {
  const characters: string[] = [];
  for (let code = 0; code <= 0xffff; code += 1) {
    const character = String.fromCharCode(code);
    if (ONE_COLUMN.test(character)) characters.push(character);
  }
  return characters;
}

describe('the width of text on screen', () => {
  it('is what string-width says for every character of the fast path, one column each', () => {
    const characters = oneColumnCharacters();
    expect(characters.length).toBeGreaterThan(500);
    const wrong = characters.filter((character) => measure(character) !== 1);
    expect(wrong.map((character) => character.codePointAt(0)?.toString(16))).toEqual([]);
    expect(stringWidth(characters.join(''))).toBe(measure(characters.join('')));
  });

  it('leaves everything else to string-width: wide, zero-width, emoji, escapes, combining marks', () => {
    for (const text of [
      '漢字',
      'e\u0301',
      '‼\ufe0f',
      '👩‍💻 dev',
      'a\u200bb',
      '\u001b[1mbold\u001b[22m',
      '§ x',
    ]) {
      expect(stringWidth(text)).toBe(measure(text));
    }
    expect(stringWidth('±', { ambiguousIsNarrow: false })).toBe(measure('±', { ambiguousIsNarrow: false }));
    expect(stringWidth('')).toBe(0);
  });

  it('counts styled text (colour and weight codes around it) as string-width does', () => {
    expect(stringWidth('\u001b[1m\u001b[36m Spartera \u001b[39m\u001b[22m · demo')).toBe(17);
    // Pieces Ink writes, pieces string-width's ANSI pattern reads differently, and text of every kind.
    const piece = fc.oneof(
      fc.constantFrom('\u001b[1m', '\u001b[22m', '\u001b[38;5;12m', '\u001b[m', '\u001b[39;49m', '\u001b[0m'),
      fc.constantFrom(
        '\u001b[12345m',
        '\u001b[1;23456m',
        '\u001b[;1m',
        '\u001b[1',
        '\u001b[',
        '\u001b',
        '\u001b]8;;x\u0007',
      ),
      fc.constantFrom('\u009b1m', '\u0007', 'm', '[', ';', '1'),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
      fc.constantFrom('abc', '│', '…', '·', '漢', '👩‍💻', 'e\u0301', ' '),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (pieces, countAnsi) => {
        const text = pieces.join('');
        expect(stringWidth(text)).toBe(measure(text));
        expect(stringWidth(text, { countAnsiEscapeCodes: countAnsi })).toBe(
          measure(text, { countAnsiEscapeCodes: countAnsi }),
        );
      }),
      { numRuns: 3000 },
    );
  });
});
