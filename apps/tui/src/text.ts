import stringWidth from './string-width.js';

/**
 * Characters that must never reach the terminal as they are: C0 controls (ESC starts colour, title
 * and cursor sequences), DEL, C1 controls (0x9B is a one-byte CSI), the Unicode line and paragraph
 * separators, the bidirectional overrides and isolates that make text read in another order than
 * it is stored, and the invisible characters that stand alone and take no column (soft hyphen,
 * zero-width space, word joiner, invisible operators, byte order mark): Ink gives each of them a
 * cell while the terminal gives none, so every one shifted the rest of its line and the last
 * characters of a field went missing; shown as escapes, a name that hides one is also told apart
 * from the name it imitates. Joiners inside a cluster (ZWJ, ZWNJ, variation selectors) stay.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const HAS_UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
/** Printable ASCII only: one column per character, nothing to escape. */
const PLAIN_ASCII = /^[\u0020-\u007e]*$/;

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A combining mark, variation selector or joiner with nothing before it to combine with: Ink gives
 * such a lone mark a cell, the terminal draws it over the cell before, and the rest of the line
 * moved one column left of where the layout put it. Only the start of a value can hold one, as
 * every character that could break a cluster before a mark is escaped.
 */
const LEADING_MARK = /^[\p{M}\u200c\u200d]/u;

/** `text` with a lone mark at its start shown as an escape (`\u0301`), the rest as it is. */
function escapeLeadingMark(text: string): string {
  if (!LEADING_MARK.test(text)) return text;
  const code = text.codePointAt(0) ?? 0;
  const escape = code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  return escape + text.slice(code > 0xffff ? 2 : 1);
}

/**
 * The most of any one value a screen shows, in UTF-16 code units once escaped (the API's longest
 * field holds 4,096 characters). A longer value, which only a broken or hostile API sends, is cut
 * with a note: measuring and wrapping hundreds of kilobytes on every frame would freeze the app.
 */
export const MAX_SHOWN = 4096;
/** Room kept for the note that ends a cut value. */
const NOTE_ROOM = 64;

/** `text` cut to at most `length` code units, never between the two halves of a surrogate pair. */
function cutUnits(text: string, length: number): string {
  if (text.length <= length) return text;
  const last = text.charCodeAt(length - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
}

/**
 * Text from the API (or any file) made safe to print: every control character becomes a visible
 * escape such as `\x1b`, so a name can neither set the terminal's title nor its colours; a value
 * longer than MAX_SHOWN is cut, with a note that says how long it was. Idempotent.
 */
export function visible(text: string): string {
  if (text.length <= MAX_SHOWN && !HAS_UNSAFE.test(text) && !LEADING_MARK.test(text)) return text;
  // Escaping never shortens: MAX_SHOWN code units of the value are all a screen can show.
  const head = cutUnits(text, MAX_SHOWN);
  const escaped = escapeLeadingMark(HAS_UNSAFE.test(head) ? head.replace(UNSAFE, escapeOne) : head);
  if (text.length <= MAX_SHOWN && escaped.length <= MAX_SHOWN) return escaped;
  return `${cutUnits(escaped, MAX_SHOWN - NOTE_ROOM)}… (cut: ${plural(text.length, 'character')} in all)`;
}

/** Whether `text` holds a character `visible` would escape. */
export function hasControl(text: string): boolean {
  return HAS_UNSAFE.test(text);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Columns one grapheme cluster takes: printable ASCII at once, anything else by string-width. */
function clusterWidth(segment: string): number {
  if (segment.length === 1) {
    const code = segment.charCodeAt(0);
    if (code >= 0x20 && code < 0x7f) return 1;
  }
  return stringWidth(segment);
}

/**
 * Columns the text takes on a terminal, once escaped: wide (CJK, emoji) count 2, combining marks
 * 0. Counting stops past `limit` (the answer is then some number above it): a caller that only
 * needs to know whether text fits pays for the columns it has, not for the whole text.
 */
export function displayWidth(text: string, limit = Number.POSITIVE_INFINITY): number {
  const shown = visible(text);
  if (PLAIN_ASCII.test(shown)) return shown.length;
  let used = 0;
  for (const { segment } of graphemes.segment(shown)) {
    used += clusterWidth(segment);
    if (used > limit) break;
  }
  return used;
}

/** The longest start of `text` (already escaped) that fits in `width` columns, and its width. */
function headOf(text: string, width: number): { head: string; used: number; whole: boolean } {
  let used = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    const size = clusterWidth(segment);
    if (used + size > width) return { head: text.slice(0, index), used, whole: false };
    used += size;
    end = index + segment.length;
  }
  return { head: text.slice(0, end), used, whole: true };
}

/** The longest end of `text` (already escaped) that fits in `width` columns, and its width. */
function tailOf(text: string, width: number): { tail: string; used: number } {
  // Only the end can be shown: a column takes a few code units, a cluster rarely more than eight.
  let from = Math.max(0, text.length - (width * 8 + 32));
  const first = text.charCodeAt(from);
  if (from > 0 && first >= 0xdc00 && first <= 0xdfff) from += 1;
  const end = text.slice(from);
  const parts = Array.from(graphemes.segment(end), (part) => part.segment);
  let start = end.length;
  let used = 0;
  for (let index = parts.length - 1; index >= 0; index -= 1) {
    const segment = parts[index] ?? '';
    const size = clusterWidth(segment);
    if (used + size > width) break;
    start -= segment.length;
    used += size;
  }
  return { tail: end.slice(start), used };
}

/**
 * Exactly `width` columns: escaped, line breaks and tabs shown as escapes, cut by display width
 * with an ellipsis when too long (never through the middle of a wide character or a cluster), and
 * padded with spaces. Columns of a table built with it always line up. Its cost grows with
 * `width`, not with the length of the text.
 */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const shown = visible(text);
  if (PLAIN_ASCII.test(shown)) {
    if (shown.length <= width) return shown.padEnd(width);
    return `${shown.slice(0, width - 1)}…`;
  }
  const whole = headOf(shown, width);
  if (whole.whole) return whole.head + ' '.repeat(width - whole.used);
  const { head, used } = headOf(shown, width - 1);
  return `${head}…${' '.repeat(width - 1 - used)}`;
}

/** Like `fit`, but keeps the end of the text (a field being typed into shows where the cursor is). */
export function fitEnd(text: string, width: number): string {
  if (width <= 0) return '';
  const shown = visible(text);
  const size = displayWidth(shown, width);
  if (size <= width) return shown + ' '.repeat(width - size);
  const { tail, used } = tailOf(shown, width - 1);
  return `…${tail}${' '.repeat(width - 1 - used)}`;
}

/**
 * `100000` → `100,000`, as `toLocaleString('en-US')` writes an integer, without the ICU number
 * formatter, whose first use costs ~10 ms of the first frame.
 */
export function groupDigits(count: number): string {
  const text = String(count);
  return Number.isInteger(count) && Math.abs(count) >= 1000 ? text.replace(/\B(?=(\d{3})+$)/g, ',') : text;
}

/** `1 table`, `2 tables`: the noun agrees with the count. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${groupDigits(count)} ${count === 1 ? singular : pluralForm}`;
}

/**
 * `wrapText`, kept to at most `maxLines` lines: when the text needs more, the last line kept ends
 * with `…`. For text in a box of fixed height (a dialog), where lines past its room would be
 * drawn over the lines and the border below it.
 */
export function wrapLines(text: string, width: number, maxLines: number): string[] {
  const lines = wrapText(text, width);
  const room = Math.max(1, maxLines);
  if (lines.length <= room) return lines;
  const kept = lines.slice(0, room);
  const last = kept[room - 1] ?? '';
  kept[room - 1] = displayWidth(last, width) < width ? `${last}…` : fit(`${last}…`, width).trimEnd();
  return kept;
}

/** A name as a message names it: its first 40 columns, cut with … (the API allows 4,096 characters). */
export function shortName(name: string): string {
  return wrapLines(name, 40, 1)[0] ?? '';
}

/**
 * Lines of at most `width` columns, escaped first: words move to the next line whole when they
 * fit on one, and a word longer than a line is cut by display width. One pass over the text.
 */
export function wrapText(text: string, width: number): string[] {
  const shown = visible(text);
  if (width <= 0 || displayWidth(shown, width) <= width) return [shown];
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
    const bare = word.trimEnd();
    const size = displayWidth(bare, width);
    if (used + size <= width) {
      line += word;
      used += size + (word.length - bare.length);
      continue;
    }
    if (used > 0) flush();
    if (size <= width) {
      line = word;
      used = size + (word.length - bare.length);
      continue;
    }
    // Longer than a line: cut by display width, cluster by cluster. A cluster wider than the
    // line (a wide character in a one-column line) goes alone.
    for (const { segment } of graphemes.segment(word)) {
      const cluster = segment === ' ' ? 1 : clusterWidth(segment);
      // A space may hang past the end of a line, as between words.
      if (segment !== ' ' && used + cluster > width && used > 0) flush();
      line += segment;
      used += cluster;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}
