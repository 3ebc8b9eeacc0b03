import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

/**
 * A plugin that rewrites one file of a dependency at build time. `patch` gets the file's source and
 * returns the new one, or undefined when the file no longer looks as the rewrite expects: the build
 * then fails, naming the plugin, rather than ship a bundle whose rewrite quietly stopped applying.
 */
function patchDependency(
  name: string,
  file: RegExp,
  patch: (source: string, file: string) => string | undefined | Promise<string | undefined>,
): Plugin {
  return {
    name,
    setup(build) {
      build.onLoad({ filter: file }, async (args) => {
        const contents = await patch(await readFile(args.path, 'utf8'), args.path);
        if (contents === undefined) {
          throw new Error(`${args.path} changed; update the ${name} plugin in apps/tui/tsup.config.ts`);
        }
        return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

const YOGA_WASM_URL = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/;

/**
 * yoga-layout's entry instantiates its WebAssembly from a base64 `data:` URL, which its Emscripten
 * loader reads with `fetch` whenever there is one: loading Node's fetch (undici) for that alone
 * cost 50-150 ms before the first frame. Its entry is replaced (same exports) by one that hands the
 * loader the wasm bytes, decoded from that same base64; the loader then never reads its URL, whose
 * 95 kB of base64 is emptied so that the bundle holds the wasm once.
 */
const yogaWithoutFetch = [
  patchDependency(
    'yoga-without-fetch',
    /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/,
    async (_source, file) => {
      const loader = await readFile(
        path.join(path.dirname(file), '../binaries/yoga-wasm-base64-esm.js'),
        'utf8',
      );
      const base64 = YOGA_WASM_URL.exec(loader)?.[1];
      if (!base64 || !loader.includes('h.wasmBinary&&(w=h.wasmBinary)')) return undefined;
      return [
        "import loadYoga from '../binaries/yoga-wasm-base64-esm.js';",
        "import wrapAssembly from './wrapAssembly.js';",
        `const wasmBinary = Buffer.from(${JSON.stringify(base64)}, 'base64');`,
        'const Yoga = wrapAssembly(await loadYoga({ wasmBinary }));',
        'export default Yoga;',
        "export * from './generated/YGEnums.js';",
      ].join('\n');
    },
  ),
  patchDependency(
    'yoga-wasm-url-emptied',
    /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    (source) =>
      YOGA_WASM_URL.test(source)
        ? source.replace(YOGA_WASM_URL, '"data:application/octet-stream;base64,"')
        : undefined,
  ),
];

/** Every `string-width` of the bundle (Ink's and its dependencies', the app's) is src/string-width.ts. */
const WIDTH_SHIM = path.resolve('src/string-width.ts');
const fastStringWidth: Plugin = {
  name: 'fast-string-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, (args) =>
      args.importer === WIDTH_SHIM ? undefined : { path: WIDTH_SHIM },
    );
  },
};

/**
 * signal-exit 3 (under Ink's cursor handling) loads Node's `assert` for one `assert.equal` check of
 * its argument, and loading `assert` cost every start ~4 ms: its `assert` becomes that one function.
 */
const assertForSignalExit = patchDependency(
  'assert-for-signal-exit',
  /[\\/]signal-exit[\\/]index\.js$/,
  (source) => {
    const uses = source.match(/\bassert\.\w+/g) ?? [];
    const load = "var assert = require('assert')";
    if (!source.includes(load) || !uses.every((use) => use === 'assert.equal')) return undefined;
    return source.replace(
      load,
      'var assert = { equal: (actual, expected, message) => { if (actual != expected) throw new Error(message) } }',
    );
  },
);

/**
 * terminal-size (Ink's fallback for a stdout without a size, which this app never has: it needs a
 * terminal) imports node:child_process at load, which cost every start ~5 ms: it loads it on its
 * first call instead.
 */
const lazyChildProcessForTerminalSize = patchDependency(
  'lazy-child-process-for-terminal-size',
  /[\\/]terminal-size[\\/]index\.js$/,
  (source) => {
    const eager = "import {execFileSync} from 'node:child_process';";
    if (!source.includes(eager)) return undefined;
    return source.replace(
      eager,
      "import { createRequire as createRequireForTerminalSize } from 'node:module';\n" +
        'const execFileSync = (...args) =>\n' +
        "  createRequireForTerminalSize(import.meta.url)('node:child_process').execFileSync(...args);",
    );
  },
);

// The CLI is an executable, not a library: one ESM entry with a shebang, with its dependencies
// bundled in. Loading Ink, React and their few dozen modules one file at a time took about half of
// the start-up (bench/tui-startup.mjs: ~490 ms → ~230 ms to the first frame with data).
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  dts: false,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  esbuildPlugins: [
    ...yogaWithoutFetch,
    fastStringWidth,
    assertForSignalExit,
    lazyChildProcessForTerminalSize,
  ],
  splitting: true,
  // Ink loads react-devtools-core only when DEV=true; it is not installed, so leave the import alone.
  noExternal: [/^(?!react-devtools-core)/],
  external: ['react-devtools-core'],
  // React picks its production build from NODE_ENV at run time; decide it once, at build time.
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: {
    // The V8 flags go on the shebang, so they are in force from the first allocation: Ink
    // allocates an object per cell per frame, and with V8's default heap growth that garbage lifts
    // resident memory by ~100 MB while scrolling (bench/tui-scroll.mjs: 300 MB at 100,000 rows
    // without the flag, ~150 MB with it); sized for memory, it stays flat. A 1 MB young generation
    // (semi-space) holds about a frame's garbage: a few MB less at the peak, no slower per key.
    // `env -S` splits the line into arguments (GNU coreutils, BSD and macOS env; npm's Windows shims read it too).
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    js: "#!/usr/bin/env -S node --optimize-for-size --max-semi-space-size=1\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
});
