import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

/**
 * yoga-layout's entry instantiates its WebAssembly from a base64 `data:` URL, which its Emscripten
 * loader reads with `fetch` whenever there is one: loading Node's fetch (undici) for that alone
 * cost 50-150 ms before the first frame. This plugin replaces the entry (same exports) with one
 * that hands the loader the wasm bytes, decoded from that same base64 at build time, so the
 * loader never calls `fetch`. The build fails if yoga's loader no longer looks as expected.
 */
const yogaWithoutFetch: Plugin = {
  name: 'yoga-without-fetch',
  setup(build) {
    build.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, async (args) => {
      const dir = path.dirname(args.path);
      const binary = await readFile(path.join(dir, '../binaries/yoga-wasm-base64-esm.js'), 'utf8');
      const base64 = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/.exec(binary)?.[1];
      if (!base64 || !binary.includes('h.wasmBinary&&(w=h.wasmBinary)')) {
        throw new Error('yoga-layout: its wasm loader changed; update yogaWithoutFetch in tsup.config.ts');
      }
      return {
        loader: 'js',
        resolveDir: dir,
        contents: [
          "import loadYoga from '../binaries/yoga-wasm-base64-esm.js';",
          "import wrapAssembly from './wrapAssembly.js';",
          `const wasmBinary = Buffer.from(${JSON.stringify(base64)}, 'base64');`,
          'const Yoga = wrapAssembly(await loadYoga({ wasmBinary }));',
          'export default Yoga;',
          "export * from './generated/YGEnums.js';",
        ].join('\n'),
      };
    });
  },
};

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
 * its argument, and loading `assert` cost every start ~4 ms. Its `assert` is this one-function
 * module instead; the build fails if signal-exit ever uses more of `assert`.
 */
const assertForSignalExit: Plugin = {
  name: 'assert-for-signal-exit',
  setup(build) {
    build.onLoad({ filter: /[\\/]signal-exit[\\/]index\.js$/ }, async (args) => {
      const contents = await readFile(args.path, 'utf8');
      const uses = contents.match(/\bassert\.\w+/g) ?? [];
      if (!uses.every((use) => use === 'assert.equal')) {
        throw new Error(
          `signal-exit now uses ${uses.join(', ')}; update assertForSignalExit in tsup.config.ts`,
        );
      }
      return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
    });
    build.onResolve({ filter: /^assert$/ }, (args) =>
      /[\\/]signal-exit[\\/]/.test(args.importer)
        ? { path: 'assert', namespace: 'signal-exit-assert' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'signal-exit-assert' }, () => ({
      loader: 'js',
      contents:
        'exports.equal = (actual, expected, message) => {\n' +
        '  if (actual != expected) throw new Error(message);\n' +
        '};\n',
    }));
  },
};

/**
 * terminal-size (Ink's fallback for a stdout without a size, which this app never has: it needs a
 * terminal) imports node:child_process at load, which cost every start ~5 ms. Here it loads it on
 * its first call instead; the build fails if terminal-size's import line changes.
 */
const lazyChildProcessForTerminalSize: Plugin = {
  name: 'lazy-child-process-for-terminal-size',
  setup(build) {
    build.onLoad({ filter: /[\\/]terminal-size[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const eager = "import {execFileSync} from 'node:child_process';";
      if (!source.includes(eager)) {
        throw new Error(
          'terminal-size changed its imports; update lazyChildProcessForTerminalSize in tsup.config.ts',
        );
      }
      const lazy =
        "import { createRequire as createRequireForTerminalSize } from 'node:module';\n" +
        'const execFileSync = (...args) =>\n' +
        "  createRequireForTerminalSize(import.meta.url)('node:child_process').execFileSync(...args);";
      return { contents: source.replace(eager, lazy), loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

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
  esbuildPlugins: [yogaWithoutFetch, fastStringWidth, assertForSignalExit, lazyChildProcessForTerminalSize],
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
