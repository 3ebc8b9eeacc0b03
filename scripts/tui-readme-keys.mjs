#!/usr/bin/env node
// Writes the key reference of apps/tui/README.md from the app's own key table (src/keys.ts), between
// the markers <!-- keys:start --> and <!-- keys:end -->. `--check` fails instead when it differs.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import prettier from 'prettier';
import { ROOT } from './tui-tmux.mjs';

const readme = path.join(ROOT, 'apps/tui/README.md');
const bundle = await build({
  entryPoints: [path.join(ROOT, 'apps/tui/src/keys.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  external: ['ink'],
});
const { keysMarkdown } = await import(
  `data:text/javascript,${encodeURIComponent(bundle.outputFiles[0].text)}`
);
const START = '<!-- keys:start -->';
const END = '<!-- keys:end -->';
const text = await readFile(readme, 'utf8');
const from = text.indexOf(START);
const to = text.indexOf(END);
if (from < 0 || to < from) throw new Error(`${readme} lacks the ${START} … ${END} markers`);
// Formatted as the repository's prettier would, so that `prettier --check` and this agree.
const next = await prettier.format(
  `${text.slice(0, from + START.length)}\n\n${keysMarkdown()}\n\n${text.slice(to)}`,
  {
    ...(await prettier.resolveConfig(readme)),
    filepath: readme,
  },
);
if (process.argv.includes('--check')) {
  if (next !== text) {
    console.error(
      `${path.relative(ROOT, readme)}: the key reference is out of date; run node scripts/tui-readme-keys.mjs`,
    );
    process.exit(1);
  }
} else if (next !== text) {
  await writeFile(readme, next);
  console.log(`updated ${path.relative(ROOT, readme)}`);
}
