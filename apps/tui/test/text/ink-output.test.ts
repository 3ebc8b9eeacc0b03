import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Ink's screen buffer as this app runs it: patches/ink@6.8.0.patch builds each row's text only when
// what was written into the row changed, and looks up the others. Ink exports only its entry, so
// the module is loaded by file, with the libraries Ink itself resolves.
const requireFromTui = createRequire(import.meta.url);
const inkBuild = path.dirname(requireFromTui.resolve('ink'));
// Ink's dependencies sit beside it in node_modules (pnpm links them there; npm hoists them there).
const inkNodeModules = path.resolve(inkBuild, '../..');
/** A library as Ink imports it (some export an `import` entry only, which `require` cannot resolve). */
async function load<T>(name: string): Promise<T> {
  const manifest = path.join(inkNodeModules, name, 'package.json');
  const { exports } = requireFromTui(manifest) as {
    exports: { '.': { import?: string; default?: string } } | { import?: string; default?: string };
  };
  const main = '.' in exports ? exports['.'] : exports;
  const entry = main.import ?? main.default;
  if (!entry) throw new Error(`${name} has no ESM entry`);
  return (await import(pathToFileURL(path.join(path.dirname(manifest), entry)).href)) as T;
}

interface StyledChar {
  type: 'char';
  value: string;
  fullWidth: boolean;
  styles: unknown[];
}
interface Clip {
  x1?: number;
  x2?: number;
  y1?: number;
  y2?: number;
}
type Transformer = (line: string, index: number) => string;
interface OutputInstance {
  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void;
  clip(clip: Clip): void;
  unclip(): void;
  get(): { output: string; height: number };
}

const { default: Output } = (await import(pathToFileURL(path.join(inkBuild, 'output.js')).href)) as {
  default: new (options: { width: number; height: number }) => OutputInstance;
};
const { default: sliceAnsi } = await load<{ default: (text: string, from: number, to: number) => string }>(
  'slice-ansi',
);
const { default: stringWidth } = await load<{ default: (text: string) => number }>('string-width');
const tokenizer = await load<{
  tokenize: (text: string) => unknown[];
  styledCharsFromTokens: (tokens: unknown[]) => StyledChar[];
  styledCharsToString: (chars: StyledChar[]) => string;
}>('@alcalzone/ansi-tokenize');

type Operation =
  | { type: 'write'; x: number; y: number; text: string; inverse: boolean }
  | { type: 'clip'; clip: Clip }
  | { type: 'unclip' };

/** Inverts a line, the way Ink's transformers rewrite a line before it is placed. */
const inverse: Transformer = (line, index) => `\u001b[7m${index}${line}\u001b[27m`;

/**
 * Ink 6.8.0's own algorithm, unpatched and uncached: a grid of cells, every write placed cell by
 * cell, every row turned into text. The patched buffer must give exactly this, frame after frame.
 */
function referenceFrame(width: number, height: number, operations: Operation[]): string {
  const grid: (StyledChar | undefined)[][] = [];
  const blank: StyledChar = { type: 'char', value: ' ', fullWidth: false, styles: [] };
  for (let y = 0; y < height; y += 1) grid.push(new Array<StyledChar>(width).fill(blank));
  const clips: Clip[] = [];
  for (const operation of operations) {
    if (operation.type === 'clip') clips.push(operation.clip);
    if (operation.type === 'unclip') clips.pop();
    // Ink's write() records nothing for empty text.
    if (operation.type !== 'write' || !operation.text) continue;
    let { x, y } = operation;
    let lines = operation.text.split('\n');
    const clip = clips.at(-1);
    if (clip) {
      const horizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
      const vertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
      if (horizontally) {
        const widest = Math.max(...lines.map((line) => stringWidth(line)));
        if (x + widest < clip.x1! || x > clip.x2!) continue;
      }
      if (vertically && (y + lines.length < clip.y1! || y > clip.y2!)) continue;
      if (horizontally) {
        lines = lines.map((line) => {
          const from = x < clip.x1! ? clip.x1! - x : 0;
          const lineWidth = stringWidth(line);
          const to = x + lineWidth > clip.x2! ? clip.x2! - x : lineWidth;
          return sliceAnsi(line, from, to);
        });
        if (x < clip.x1!) x = clip.x1!;
      }
      if (vertically) {
        const from = y < clip.y1! ? clip.y1! - y : 0;
        const to = y + lines.length > clip.y2! ? clip.y2! - y : lines.length;
        lines = lines.slice(from, to);
        if (y < clip.y1!) y = clip.y1!;
      }
    }
    let offsetY = 0;
    for (const [index, written] of lines.entries()) {
      const row = grid[y + offsetY];
      if (!row) continue;
      const line = operation.inverse ? inverse(written, index) : written;
      let offsetX = x;
      for (const character of tokenizer.styledCharsFromTokens(tokenizer.tokenize(line))) {
        row[offsetX] = character;
        const characterWidth = Math.max(1, stringWidth(character.value));
        for (let extra = 1; extra < characterWidth; extra += 1) {
          row[offsetX + extra] = { type: 'char', value: '', fullWidth: false, styles: character.styles };
        }
        offsetX += characterWidth;
      }
      offsetY += 1;
    }
  }
  return grid
    .map((row) => tokenizer.styledCharsToString(row.filter((cell) => cell !== undefined)).trimEnd())
    .join('\n');
}

function patchedFrame(width: number, height: number, operations: Operation[]): string {
  const output = new Output({ width, height });
  for (const operation of operations) {
    if (operation.type === 'clip') output.clip(operation.clip);
    else if (operation.type === 'unclip') output.unclip();
    else {
      output.write(operation.x, operation.y, operation.text, {
        transformers: operation.inverse ? [inverse] : [],
      });
    }
  }
  return output.get().output;
}

// A small alphabet, so that frames repeat each other's rows and the looked-up rows are exercised:
// plain, wide and combining characters, colours and inverse, and the digits and separators a
// row's look-up key is made of.
const piece = fc.constantFrom(
  'ab',
  'x',
  ' ',
  '漢',
  '😀',
  'e\u0301',
  '0',
  ':',
  '\u001b[31m',
  '\u001b[39m',
  '\u001b[7m',
  '\u001b[27m',
  '\u001b[1mB\u001b[22m',
);
const line = fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join(''));
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    arbitrary: fc.record({
      type: fc.constant('write' as const),
      x: fc.integer({ min: -2, max: 12 }),
      // Ink places text at whole cells; a fractional row is skipped by Ink's own algorithm too.
      y: fc.oneof({ arbitrary: fc.integer({ min: -2, max: 6 }), weight: 9 }, fc.constant(0.5)),
      text: fc.array(line, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n')),
      inverse: fc.boolean(),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('clip' as const),
      clip: fc.record(
        {
          x1: fc.integer({ min: 0, max: 6 }),
          x2: fc.integer({ min: 4, max: 12 }),
          y1: fc.integer({ min: 0, max: 3 }),
          y2: fc.integer({ min: 2, max: 6 }),
        },
        { requiredKeys: [] },
      ),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant({ type: 'unclip' as const }), weight: 1 },
);
const frame = fc.record({
  width: fc.integer({ min: 1, max: 12 }),
  height: fc.integer({ min: 1, max: 5 }),
  operations: fc.array(operation, { maxLength: 8 }),
});

describe("Ink's screen buffer, with rows looked up when nothing written into them changed", () => {
  it('gives the same text as Ink building every row cell by cell, over any sequence of frames', () => {
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 6 }), (frames) => {
        for (const { width, height, operations } of frames) {
          expect(patchedFrame(width, height, operations)).toBe(referenceFrame(width, height, operations));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('tells apart rows whose segments differ only in where one ends and the next starts', () => {
    // Same characters, split differently: one write of "0:a" at 0, or "0" at 0 then ":a" at 1.
    const one: Operation[] = [{ type: 'write', x: 0, y: 0, text: '0:a', inverse: false }];
    const two: Operation[] = [
      { type: 'write', x: 0, y: 0, text: '0', inverse: false },
      { type: 'write', x: 2, y: 0, text: ':a', inverse: false },
    ];
    expect(patchedFrame(6, 1, one)).toBe('0:a');
    expect(patchedFrame(6, 1, two)).toBe('0 :a');
    expect(patchedFrame(6, 1, one)).toBe('0:a');
  });

  it('keeps a row moved to another line by a scroll, and a row whose width changed is rebuilt', () => {
    const rows = (first: number, count: number): Operation[] =>
      Array.from({ length: count }, (_, index) => ({
        type: 'write' as const,
        x: 0,
        y: index,
        text: `row ${first + index}`,
        inverse: index === 0,
      }));
    for (let top = 0; top < 5; top += 1) {
      expect(patchedFrame(10, 3, rows(top, 3))).toBe(referenceFrame(10, 3, rows(top, 3)));
    }
    expect(patchedFrame(4, 3, rows(0, 3))).toBe(referenceFrame(4, 3, rows(0, 3)));
  });
});
