// Bundles a consumer of the built client the way an app would (esbuild, minified, tree-shaken)
// and reports its size gzipped. Shared by the size test and bench/client-size.mjs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * The regression guard of a consumer of `connections.list`, with dependencies, min+gzip: its size
 * today rounded up to the next 64 B, so that any growth fails the size test (lower it whenever the
 * bundle shrinks). It is not the budget, which is 4.5 kB (bench/client-size.mjs reports against
 * that); the bundle is over it. openapi-fetch is not in it (it lives in `@spartera/client/raw`).
 * Everything else is, and cannot be shaken out: `new Spartera()` builds `connections` and
 * `engines`, and a bundler keeps every method of a class it keeps, with all they reach. So the
 * retrying transport, the argument checks, logging, middleware, request ids, `APIPromise`, `Page`,
 * `withOptions`, the engine listing and the cross-build error brands are in it, and the defences
 * against a hostile server or proxy: bodies read up to a limit (also after decompression), messages
 * and log lines cleared of control characters and cut short, pages that repeat, clear errors for
 * hooks and derived clients misused and for settings that do not exist, and a connection error's
 * cause copied without the key or credentials when it may quote them, and redirects not followed.
 * Of the 9.0 kB, about 1.4 kB is the text of those messages and the regular expressions that
 * check input; the engine listing is about 0.4 kB, middleware 0.3 kB, the key-free copy of a cause
 * 0.4 kB, `listPage` with `Page` 0.2 kB, `withOptions` 0.15 kB, the lists of setting names 0.15 kB,
 * the refusal of redirects 0.1 kB, skipping a repeated item in a walk 0.06 kB.
 */
export const SIZE_BUDGET_BYTES = 9280;

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const rawEntry = fileURLToPath(new URL('../dist/raw.js', import.meta.url));

/** An app that uses only `connections.list`. */
export const LIST_ONLY_CONSUMER = `
import { Spartera } from ${JSON.stringify(entry)};
const spartera = new Spartera();
export const connections = await spartera.connections.list({ limit: 10 });
`;

/** An app that also uses the raw client. */
export const RAW_CONSUMER = `
import { Spartera } from ${JSON.stringify(entry)};
import { createRawClient } from ${JSON.stringify(rawEntry)};
export const providers = await createRawClient(new Spartera()).GET('/cloud-providers');
`;

/**
 * @param {string} [consumer] source of the consuming module
 * @returns {Promise<{ minifiedBytes: number, gzipBytes: number, code: string }>}
 */
export async function measureBundleSize(consumer = LIST_ONLY_CONSUMER) {
  for (const file of [entry, rawEntry]) {
    if (!existsSync(file)) {
      throw new Error(
        `${file} is missing: build first (pnpm exec turbo run build --filter=@spartera/client...)`,
      );
    }
  }
  const result = await build({
    stdin: { contents: consumer, resolveDir: packageDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return {
    minifiedBytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    code: result.outputFiles[0].text,
  };
}
