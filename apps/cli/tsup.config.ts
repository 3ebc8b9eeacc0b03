import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// An executable, not a library: one ESM entry with a shebang and every dependency bundled in (the
// published package has no dependencies). Each command's code is its own chunk, loaded when the
// command runs, so `spartera --version` reads only the entry and the command tree.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  dts: false,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  noExternal: [/.*/],
  minify: false,
  define: { __SPARTERA_CLI_VERSION__: JSON.stringify(version) },
  banner: {
    // Bundled CommonJS dependencies (commander, ajv) call require(); give the ESM bundle one.
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
});
