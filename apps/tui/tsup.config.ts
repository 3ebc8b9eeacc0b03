import { defineConfig } from 'tsup';

// The CLI is an executable, not a library: one ESM entry with a shebang. Runtime dependencies
// (ink, react, the client, the mock) stay external so they resolve from node_modules.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  dts: false,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  banner: { js: '#!/usr/bin/env node' },
});
