/**
 * Strings from the API or from a file are untrusted: a name holding `\u001b]2;…\u0007` would retitle
 * the terminal, `\u001b[2J` would clear it, a right-to-left override would make text read backwards.
 * Before text reaches a terminal, each such character becomes a visible escape (`\x1b`, `\u202e`).
 */

// C0 controls (tab and newline included: a cell is one line), DEL, C1 controls, and the
// bidirectional overrides and isolates, plus the line and paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(character: string): string {
  const code = character.charCodeAt(0);
  if (character === '\n') return '\\n';
  if (character === '\t') return '\\t';
  if (character === '\r') return '\\r';
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every control or direction-changing character replaced by a visible escape. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * For a whole document (JSON, YAML, CSV) shown on a terminal: the same escapes, but line breaks and
 * tabs stay, since they are the document's own layout.
 */
export function escapeControlKeepingLayout(text: string): string {
  return text.replace(UNSAFE, (character) =>
    character === '\n' || character === '\t' ? character : visible(character),
  );
}

/** Whether the text would need escaping. */
export function hasControl(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}
