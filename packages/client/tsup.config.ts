import { readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * Keeps `import ... from './index.js'` in src/raw.ts as an import of the built main entry
 * (`./index.js` or `./index.cjs`), so that `@spartera/client/raw` never carries a second copy of
 * the client or of its error classes: an error `createRawClient` throws is the main entry's.
 */
function mainEntryExternal(extension: '.js' | '.cjs'): NonNullable<Options['esbuildPlugins']>[number] {
  return {
    name: 'main-entry-external',
    setup(build) {
      build.onResolve({ filter: /^\.\/index\.js$/ }, (args) =>
        args.importer.endsWith('raw.ts') ? { path: `./index${extension}`, external: true } : undefined,
      );
    },
  };
}

const shared: Options = {
  entry: ['src/index.ts', 'src/raw.ts'],
  // `@internal` members (the resources' plumbing on Spartera) stay out of the published types.
  dts: { compilerOptions: { stripInternal: true } },
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  // The version is inlined at build time so that `VERSION` never drifts from package.json.
  define: { __SPARTERA_CLIENT_VERSION__: JSON.stringify(version) },
};

// Both builds write into dist/ at once, so the build script empties it first (tsup would clean it per build).
export default defineConfig([
  // ESM keeps openapi-fetch external, so an app that also uses it loads one copy.
  { ...shared, format: ['esm'], splitting: false, esbuildPlugins: [mainEntryExternal('.js')] },
  // CJS bundles openapi-fetch from its ESM entry. Left external, esbuild's Node-compatible interop
  // turns `import createClient from 'openapi-fetch'` into `require('openapi-fetch')` as a whole
  // (`module.exports`, not its `default`), so the constructor called an object. Bundled, the default
  // import is the real default export and no interop is involved.
  {
    ...shared,
    format: ['cjs'],
    noExternal: ['openapi-fetch'],
    esbuildPlugins: [mainEntryExternal('.cjs')],
  },
]);
