/**
 * string-width with a fast path, for Ink and for the app: the bundle resolves every import of
 * `string-width` to this module (tsup.config.ts). string-width segments any text that is not plain ASCII
 * into grapheme clusters and tests each against an emoji expression of thousands of alternatives:
 * ~50 µs for a table row with one `│` or `…` in it, and ~15 ms for the first call (compiling that
 * expression), paid in the first frame. The app's frames are made of ASCII and a few narrow
 * symbols (box drawing, arrows, `·`, `…`, typographic quotes): a text of only those is one column
 * per UTF-16 unit, which test/text/string-width.test.ts checks against string-width for every one
 * of them. Anything else is measured by string-width itself, loaded on first use: its module builds
 * that emoji expression as soon as it is evaluated (~18 ms), and most starts never need it before
 * the first frame. In the bundle, esbuild turns this `require` into a lazy start of the bundled
 * module; under Node and vitest it is Node's own `require` of the ES module.
 */
import type measureType from 'string-width';

let measure: typeof measureType | undefined;
function loadMeasure(): typeof measureType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: the load is deferred on purpose
  measure ??= (require('string-width') as { default: typeof measureType }).default;
  return measure;
}

interface Options {
  ambiguousIsNarrow?: boolean;
  countAnsiEscapeCodes?: boolean;
}

/**
 * Printable ASCII, Latin-1 symbols and letters (no soft hyphen), general punctuation (dashes,
 * quotes, bullets, `…`), arrows, box drawing, block elements and small geometric shapes: none of
 * them combines with a neighbour, and string-width gives each one column.
 */
export const ONE_COLUMN =
  /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u00ff\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2500-\u259f\u25a0-\u25bf\u25c6\u25c7\u25cb\u25cf]*$/;

/**
 * The colour and weight codes Ink puts around styled text (`ESC[1m`, `ESC[38;5;12m`, `ESC[39m`):
 * each is a whole control sequence (CSI, digits and `;`, final `m`), which string-width removes
 * before measuring too. Any other escape stays in the text and sends it to string-width.
 */
// eslint-disable-next-line no-control-regex -- matching ESC is the point
const COLOUR_CODES = /\u001b\[[\d;]*m/g;

export default function stringWidth(text: string, options?: Options): number {
  if (typeof text === 'string' && (options?.ambiguousIsNarrow ?? true)) {
    if (ONE_COLUMN.test(text)) return text.length;
    if (!options?.countAnsiEscapeCodes && text.includes('\u001b')) {
      const visible = text.replace(COLOUR_CODES, '');
      if (ONE_COLUMN.test(visible)) return visible.length;
    }
  }
  return loadMeasure()(text, options);
}
