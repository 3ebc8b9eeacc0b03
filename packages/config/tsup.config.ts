import { defineConfig } from 'tsup';

// Node-only code (it reads and writes files), consumed by the two bundled executables.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
});
