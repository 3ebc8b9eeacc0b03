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
});
