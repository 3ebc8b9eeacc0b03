import { defineConfig } from 'tsup';

// The spec is read at start-up; inline it, since bundlers drop the `with { type: 'json' }` that
// Node's ESM loader needs to import a JSON file from another package.
const noExternal = ['@spartera/types/openapi.json'];

export default defineConfig([
  {
    entry: ['src/index.ts', 'src/msw.ts', 'src/fetch.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'node',
    noExternal,
  },
  {
    // The bin is ESM only and needs its shebang; it imports the library through the package itself.
    entry: ['src/cli.ts'],
    format: ['esm'],
    dts: false,
    sourcemap: true,
    target: 'es2022',
    platform: 'node',
    noExternal,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
