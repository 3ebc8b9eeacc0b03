// The committed pictures are what the renderer draws from the captures kept beside them, and
// those captures are screens of the terminal the pictures claim to show.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import {
  COLUMNS,
  DOCS,
  ROWS,
  SHOTS,
  capturePath,
  drawShot,
  svgPath,
} from '../../../scripts/tui-screenshot.mjs';
import { ROOT } from '../../../scripts/tui-tmux.mjs';
import { plainLines } from './helpers/grid.js';

describe('docs/*.svg', () => {
  it('are the pictures the screenshot script takes, each with its capture', async () => {
    const files = (await readdir(DOCS)).filter((file) => /^tui-.*\.(svg|ansi)$/u.test(file)).sort();
    const expected = SHOTS.flatMap((shot) => [`${shot.name}.ansi`, `${shot.name}.svg`]).sort();
    expect(files).toEqual(expected);
  });

  it.each(SHOTS.map((shot) => [shot.name, shot] as const))(
    '%s.svg is drawn from its capture by the current renderer',
    async (_name, shot) => {
      const capture = await readFile(capturePath(shot.name), 'utf8');
      const svg = await readFile(svgPath(shot.name), 'utf8');
      expect(
        svg === drawShot(shot, capture),
        `docs/${shot.name}.svg differs from what the renderer draws from its capture: ` +
          'run `node scripts/tui-screenshot.mjs --from-captures` (or without the flag to capture anew)',
      ).toBe(true);
    },
  );

  it.each(SHOTS.map((shot) => shot.name))(
    '%s.ansi is a whole screen of the terminal, text and colours only',
    async (name) => {
      const capture = await readFile(capturePath(name), 'utf8');
      const lines = plainLines(capture);
      expect(lines).toHaveLength(ROWS);
      for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(COLUMNS);
      // Only colour sequences: any other control character would not be a screen's text.
      // eslint-disable-next-line no-control-regex
      const withoutColours = capture.replace(/\u001b\[[0-9;:]*m/gu, '');
      // eslint-disable-next-line no-control-regex
      expect(withoutColours).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u);
    },
  );

  it('are the pictures the READMEs show', async () => {
    for (const readme of ['README.md', 'apps/tui/README.md']) {
      const text = await readFile(path.join(ROOT, readme), 'utf8');
      const pictures = [...text.matchAll(/docs\/(tui-[a-z-]+\.svg)/gu)].map((match) => match[1]!);
      expect(pictures.length, readme).toBeGreaterThan(0);
      for (const picture of pictures)
        expect(existsSync(path.join(DOCS, picture)), `${readme}: ${picture}`).toBe(true);
    }
  });
});
