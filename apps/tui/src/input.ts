/**
 * Terminal input → the app's events. Every key of a read becomes its own event, in order (a held
 * `j` or `j` then Ctrl+C over SSH arrive in one read), a bracketed paste arrives whole as text
 * (never as keys), and an escape sequence the app does not know is dropped rather than typed.
 */

export type InputEvent =
  /** `name` is what the key table matches (`j`, `G`, `enter`, `ctrl+c`, `shift+tab`, `meta+b`...); `text` is what it types, '' for a named key. */
  | { type: 'key'; name: string; text: string }
  | { type: 'paste'; text: string }
  /** `x`, `y` count from 0 at the top-left cell. */
  | { type: 'mouse'; action: 'press' | 'wheel-up' | 'wheel-down'; x: number; y: number };

const ESC = '\u001B';
export const PASTE_START = `${ESC}[200~`;
export const PASTE_END = `${ESC}[201~`;
/** A paste larger than this is cut; a service-account key is a few kilobytes. */
export const MAX_PASTE = 1024 * 1024;

const CSI_KEYS: Record<string, string> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  Z: 'shift+tab',
  '1~': 'home',
  '7~': 'home',
  '4~': 'end',
  '8~': 'end',
  '2~': 'insert',
  '3~': 'delete',
  '5~': 'pageup',
  '6~': 'pagedown',
};

const SS3_KEYS: Record<string, string> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };

/** xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4). */
function modifierPrefix(parameter: number): string {
  const bits = parameter - 1;
  return `${bits & 4 ? 'ctrl+' : ''}${bits & 2 ? 'meta+' : ''}${bits & 1 ? 'shift+' : ''}`;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The name of one C0 control character typed on its own: Ctrl+letter, Enter, Tab, Backspace. */
function controlName(code: number): string | undefined {
  switch (code) {
    case 0x0d:
    case 0x0a:
      return 'enter';
    case 0x09:
      return 'tab';
    case 0x7f:
    case 0x08:
      return 'backspace';
    case 0x00:
      return 'ctrl+space';
    default:
      return code >= 0x01 && code <= 0x1a ? `ctrl+${String.fromCharCode(code + 0x60)}` : undefined;
  }
}

/** A run of text without ESC: each character is its own key, control characters by name. */
function textKeys(text: string, events: InputEvent[]): void {
  for (const { segment } of graphemes.segment(text)) {
    const code = segment.codePointAt(0) ?? 0;
    if (segment.length === 1 && (code < 0x20 || code === 0x7f)) {
      const name = controlName(code);
      if (name) events.push({ type: 'key', name, text: '' });
      continue;
    }
    // C1 controls and other invisible format characters never become text.
    if (/^[\u0080-\u009f]/.test(segment)) continue;
    events.push({ type: 'key', name: segment === ' ' ? 'space' : segment, text: segment });
  }
}

/** One CSI sequence (after `ESC [`), or undefined when it means nothing to the app. */
function csiEvent(body: string): InputEvent | undefined {
  const mouse = /^<(\d+);(\d+);(\d+)([Mm])$/.exec(body);
  if (mouse) {
    const button = Number(mouse[1]);
    const x = Number(mouse[2]) - 1;
    const y = Number(mouse[3]) - 1;
    if (button === 64) return { type: 'mouse', action: 'wheel-up', x, y };
    if (button === 65) return { type: 'mouse', action: 'wheel-down', x, y };
    if (button === 0 && mouse[4] === 'M') return { type: 'mouse', action: 'press', x, y };
    return undefined;
  }
  const plain = CSI_KEYS[body];
  if (plain) return { type: 'key', name: plain, text: '' };
  // Modified keys: ESC [ 1 ; 5 A (Ctrl+↑), ESC [ 3 ; 5 ~ (Ctrl+Delete).
  const modified = /^(\d*);(\d+)([A-Z~])$/.exec(body);
  if (modified) {
    const base = modified[3] === '~' ? CSI_KEYS[`${modified[1] ?? ''}~`] : CSI_KEYS[modified[3] ?? ''];
    if (!base) return undefined;
    return { type: 'key', name: `${modifierPrefix(Number(modified[2]))}${base}`, text: '' };
  }
  return undefined;
}

/**
 * Decodes the tokens Ink's reader produces (text runs, whole escape sequences, a lone ESC) into
 * events. It keeps state only for a paste in progress, which may span many reads.
 */
export class InputDecoder {
  private paste: string | undefined;

  push(token: string): InputEvent[] {
    const events: InputEvent[] = [];
    if (this.paste !== undefined) {
      const end = token.indexOf(PASTE_END);
      if (end < 0) {
        if (this.paste.length < MAX_PASTE) this.paste += token;
        return events;
      }
      const text = (this.paste + token.slice(0, end)).slice(0, MAX_PASTE);
      this.paste = undefined;
      events.push({ type: 'paste', text });
      const rest = token.slice(end + PASTE_END.length);
      if (rest !== '') events.push(...this.push(rest));
      return events;
    }
    let index = 0;
    while (index < token.length) {
      const escape = token.indexOf(ESC, index);
      if (escape < 0) {
        textKeys(token.slice(index), events);
        break;
      }
      if (escape > index) textKeys(token.slice(index, escape), events);
      index = this.sequence(token, escape, events);
    }
    return events;
  }

  /** Decodes the escape sequence at `start`; returns where the next one begins. */
  private sequence(token: string, start: number, events: InputEvent[]): number {
    const next = token[start + 1];
    if (next === undefined) {
      events.push({ type: 'key', name: 'esc', text: '' });
      return start + 1;
    }
    if (next === '[') {
      const match = /^[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]/.exec(token.slice(start + 2));
      if (!match) return token.length;
      const body = match[0];
      const end = start + 2 + body.length;
      if (`${ESC}[${body}` === PASTE_START) {
        this.paste = '';
        const rest = token.slice(end);
        if (rest !== '') events.push(...this.push(rest));
        return token.length;
      }
      const event = csiEvent(body);
      if (event) events.push(event);
      return end;
    }
    if (next === 'O') {
      const final = token[start + 2];
      const name = final === undefined ? undefined : SS3_KEYS[final];
      if (name) events.push({ type: 'key', name, text: '' });
      return start + 3;
    }
    if (next === ESC) {
      // ESC ESC [ A: Alt+arrow in some terminals; a doubled Esc otherwise.
      events.push({ type: 'key', name: 'esc', text: '' });
      return start + 1;
    }
    // ESC + a character: Alt (meta) held with that key (or Esc, then the key, typed fast).
    const code = token.codePointAt(start + 1) ?? 0;
    const char = String.fromCodePoint(code);
    const named = code < 0x20 || code === 0x7f ? controlName(code) : char === ' ' ? 'space' : char;
    if (named) events.push({ type: 'key', name: `meta+${named}`, text: '' });
    return start + 1 + char.length;
  }
}
