import stringWidth from 'string-width';

/**
 * Characters that must never reach the terminal as they are: C0 controls (ESC starts colour, title
 * and cursor sequences), DEL, C1 controls (0x9B is a one-byte CSI) and the bidirectional overrides
 * and isolates that make text read in another order than it is stored.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const HAS_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** Printable ASCII only: one column per character, nothing to escape. */
const PLAIN_ASCII = /^[\u0020-\u007e]*$/;

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text from the API (or any file) made safe to print: every control character becomes a visible
 * escape such as `\x1b`, so a name can neither set the terminal's title nor its colours. Idempotent.
 */
export function visible(text: string): string {
  return HAS_UNSAFE.test(text) ? text.replace(UNSAFE, escapeOne) : text;
}

/** Whether `text` holds a character `visible` would escape. */
export function hasControl(text: string): boolean {
  return HAS_UNSAFE.test(text);
}

/** Columns the text takes on a terminal, once escaped: wide (CJK, emoji) count 2, combining marks 0. */
export function displayWidth(text: string): number {
  const shown = visible(text);
  return PLAIN_ASCII.test(shown) ? shown.length : stringWidth(shown);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The longest start of `text` (already escaped) that fits in `width` columns, and its width. */
function headOf(text: string, width: number): { head: string; used: number } {
  let head = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = stringWidth(segment);
    if (used + size > width) break;
    head += segment;
    used += size;
  }
  return { head, used };
}

/** The longest end of `text` (already escaped) that fits in `width` columns, and its width. */
function tailOf(text: string, width: number): { tail: string; used: number } {
  const parts = Array.from(graphemes.segment(text), (part) => part.segment);
  let tail = '';
  let used = 0;
  for (let index = parts.length - 1; index >= 0; index -= 1) {
    const segment = parts[index] ?? '';
    const size = stringWidth(segment);
    if (used + size > width) break;
    tail = segment + tail;
    used += size;
  }
  return { tail, used };
}

/**
 * Exactly `width` columns: escaped, line breaks and tabs shown as escapes, cut by display width
 * with an ellipsis when too long (never through the middle of a wide character or a cluster), and
 * padded with spaces. Columns of a table built with it always line up.
 */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const shown = visible(text);
  if (PLAIN_ASCII.test(shown)) {
    if (shown.length <= width) return shown.padEnd(width);
    return `${shown.slice(0, width - 1)}…`;
  }
  const size = stringWidth(shown);
  if (size <= width) return shown + ' '.repeat(width - size);
  const { head, used } = headOf(shown, width - 1);
  return `${head}…${' '.repeat(width - 1 - used)}`;
}

/** Like `fit`, but keeps the end of the text (a field being typed into shows where the cursor is). */
export function fitEnd(text: string, width: number): string {
  if (width <= 0) return '';
  const shown = visible(text);
  const size = displayWidth(shown);
  if (size <= width) return shown + ' '.repeat(width - size);
  const { tail, used } = tailOf(shown, width - 1);
  return `…${tail}${' '.repeat(width - 1 - used)}`;
}

/** `1 table`, `2 tables`: the noun agrees with the count. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}

/**
 * Lines of at most `width` columns, escaped first: words move to the next line whole when they
 * fit on one, and a word longer than a line is cut by display width.
 */
export function wrapText(text: string, width: number): string[] {
  const shown = visible(text);
  if (width <= 0 || displayWidth(shown) <= width) return [shown];
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const flush = () => {
    lines.push(line.trimEnd());
    line = '';
    used = 0;
  };
  // Each word keeps the space after it; that space may hang past the end of a line.
  for (const word of shown.split(/(?<= )/)) {
    let rest = word;
    while (used + displayWidth(rest.trimEnd()) > width) {
      if (used > 0 && displayWidth(rest.trimEnd()) <= width) {
        flush();
        break;
      }
      let { head, used: taken } = headOf(rest, width - used);
      if (head === '') {
        if (used > 0) {
          flush();
          continue;
        }
        // Not even one character fits (a wide one in a one-column line): it goes alone.
        head = graphemes.segment(rest)[Symbol.iterator]().next().value?.segment ?? rest;
        taken = displayWidth(head);
      }
      line += head;
      used += taken;
      rest = rest.slice(head.length);
      flush();
    }
    line += rest;
    used += displayWidth(rest);
  }
  if (line !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}
