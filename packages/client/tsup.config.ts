import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // `@internal` members (the resources' plumbing on Spartera) stay out of the published types.
  dts: { compilerOptions: { stripInternal: true } },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  // The version is inlined at build time so that `VERSION` never drifts from package.json.
  define: { __SPARTERA_CLIENT_VERSION__: JSON.stringify(version) },
});
