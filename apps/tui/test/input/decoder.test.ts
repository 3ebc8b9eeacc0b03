import { describe, expect, it } from 'vitest';
import type { InputEvent } from '../../src/input.js';
import { InputDecoder, PASTE_END, PASTE_START } from '../../src/input.js';

const names = (events: InputEvent[]) =>
  events.map((event) => (event.type === 'key' ? event.name : event.type));
const decode = (...tokens: string[]) => {
  const decoder = new InputDecoder();
  return tokens.flatMap((token) => decoder.push(token));
};

describe('the input decoder', () => {
  it('makes every key of one read its own event, in order, control keys included', () => {
    expect(names(decode('j\u0003'))).toEqual(['j', 'ctrl+c']);
    expect(names(decode('ab\u0013c'))).toEqual(['a', 'b', 'ctrl+s', 'c']);
    expect(names(decode('j\r'))).toEqual(['j', 'enter']);
    expect(names(decode('a b\t\u007f'))).toEqual(['a', 'space', 'b', 'tab', 'backspace']);
  });

  it('types what a printable key types, and nothing for a named key', () => {
    expect(decode('G')).toEqual([{ type: 'key', name: 'G', text: 'G' }]);
    expect(decode(' ')).toEqual([{ type: 'key', name: 'space', text: ' ' }]);
    expect(decode('\r')).toEqual([{ type: 'key', name: 'enter', text: '' }]);
    // A grapheme cluster is one key: an emoji with a skin tone, a letter with a combining accent.
    expect(decode('👍🏽e\u0301')).toEqual([
      { type: 'key', name: '👍🏽', text: '👍🏽' },
      { type: 'key', name: 'e\u0301', text: 'e\u0301' },
    ]);
  });

  it('names cursor, editing and modified keys as the key table spells them', () => {
    expect(names(decode('\u001B[A', '\u001B[B', '\u001B[C', '\u001B[D'))).toEqual([
      'up',
      'down',
      'right',
      'left',
    ]);
    expect(names(decode('\u001B[5~', '\u001B[6~', '\u001B[H', '\u001B[F', '\u001B[1~', '\u001B[4~'))).toEqual(
      ['pageup', 'pagedown', 'home', 'end', 'home', 'end'],
    );
    expect(names(decode('\u001BOA', '\u001B[Z', '\u001B[3~', '\u001B'))).toEqual([
      'up',
      'shift+tab',
      'delete',
      'esc',
    ]);
    expect(names(decode('\u001B[1;5D', '\u001Bb', '\u001B\u007f'))).toEqual([
      'ctrl+left',
      'meta+b',
      'meta+backspace',
    ]);
  });

  it('drops escape sequences it does not know instead of typing them', () => {
    expect(decode('\u001B[?1;2c', '\u001B[I', '\u001B[O')).toEqual([]);
    // C1 controls never become text.
    expect(decode('a\u009bb')).toEqual([
      { type: 'key', name: 'a', text: 'a' },
      { type: 'key', name: 'b', text: 'b' },
    ]);
  });

  it('delivers a bracketed paste whole, line breaks and all, even across reads', () => {
    const json = '{\n  "type": "service_account",\n  "private_key": "x"\n}';
    expect(decode(PASTE_START, json, PASTE_END)).toEqual([{ type: 'paste', text: json }]);
    // Split over reads, with an escape inside and keys after it.
    expect(decode(PASTE_START, 'one\r', 'two', '\u001B[A', PASTE_END, 'j')).toEqual([
      { type: 'paste', text: 'one\rtwo\u001B[A' },
      { type: 'key', name: 'j', text: 'j' },
    ]);
  });

  it('reads SGR mouse reports: wheel and left press, at 0-based cells', () => {
    expect(decode('\u001B[<64;10;5M', '\u001B[<65;10;5M', '\u001B[<0;3;7M', '\u001B[<0;3;7m')).toEqual([
      { type: 'mouse', action: 'wheel-up', x: 9, y: 4 },
      { type: 'mouse', action: 'wheel-down', x: 9, y: 4 },
      { type: 'mouse', action: 'press', x: 2, y: 6 },
    ]);
  });
});
