import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keysMarkdown } from '../../src/keys.js';

/** Table cells compared without the padding prettier adds. */
const normalize = (markdown: string) =>
  markdown
    .split('\n')
    .map((line) =>
      line
        .replace(/\s*\|\s*/g, '|')
        .replace(/-{3,}/g, '---')
        .trim(),
    )
    .filter((line) => line !== '')
    .join('\n');

describe('the README key reference', () => {
  it('is the key table the app dispatches with (regenerate: node scripts/tui-readme-keys.mjs)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = /<!-- keys:start -->([\s\S]*)<!-- keys:end -->/.exec(readme)?.[1] ?? '';
    expect(normalize(section)).toBe(normalize(keysMarkdown()));
  });
});
