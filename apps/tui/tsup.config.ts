import { defineConfig } from 'tsup';

// The CLI is an executable, not a library: one ESM entry with a shebang, with its dependencies
// bundled in. Loading Ink, React and their few dozen modules one file at a time took about half of
// the start-up (bench/tui-startup.mjs: ~490 ms → ~230 ms to the first frame with data).
export default defineConfig({
  // The demo's mock API runs in a worker thread (src/demo/worker.ts), started from its own file.
  entry: { cli: 'src/cli.ts', 'demo-worker': 'src/demo/worker.ts' },
  format: ['esm'],
  dts: false,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  // Ink loads react-devtools-core only when DEV=true; it is not installed, so leave the import alone.
  noExternal: [/^(?!react-devtools-core)/],
  external: ['react-devtools-core'],
  // React picks its production build from NODE_ENV at run time; decide it once, at build time.
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: {
    // The V8 flags go on the shebang, so they are in force from the first allocation: Ink
    // allocates an object per cell per frame, and with V8's default heap growth that garbage lifts
    // resident memory by ~100 MB while scrolling; sized for memory, it stays flat. `env -S` splits
    // the line into arguments (GNU coreutils, BSD and macOS env; npm's Windows shims read it too).
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    js: "#!/usr/bin/env -S node --optimize-for-size\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
});
