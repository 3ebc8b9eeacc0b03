#!/usr/bin/env node
// Size of @spartera/client in an app that uses only `connections.list`: bundled with its
// dependencies by esbuild (minified, tree-shaken), then gzipped, against the budget of
// packages/client/scripts/bundle-size.mjs; beside it, every method, the raw client, and
// openapi-fetch alone.
// Run after a build: `node bench/client-size.mjs [--quick]` (both modes measure the same thing).
import { writeResult } from './lib/results.mjs';
import { fileURLToPath } from 'node:url';
import {
  LIST_ONLY_CONSUMER,
  measureBundleSize,
  RAW_CONSUMER,
  SIZE_BUDGET_BYTES,
} from '../packages/client/scripts/bundle-size.mjs';

const OPENAPI_FETCH_ONLY = `
import createClient from 'openapi-fetch';
export const client = createClient({ baseUrl: 'https://api.spartera.com' });
`;
const EVERY_METHOD = `
import { Spartera, NotFoundError } from '@spartera/client';
import { createRawClient } from '@spartera/client/raw';
const s = new Spartera();
export const all = [
  s.connections.list(), s.connections.iterate(), s.connections.get('c'), s.connections.create({ engine_id: 1 }),
  s.connections.update('c', { name: 'n' }), s.connections.delete('c'), s.connections.test('c'),
  s.connections.infoSchema('c'), s.connections.sampleData('c', { schema_name: 's', table_name: 't' }),
  s.engines.list(), s.engines.get(1), s.engines.providers(), createRawClient(s), NotFoundError,
];
`
  .replaceAll(
    "'@spartera/client'",
    JSON.stringify(fileURLToPath(new URL('../packages/client/dist/index.js', import.meta.url))),
  )
  .replaceAll(
    "'@spartera/client/raw'",
    JSON.stringify(fileURLToPath(new URL('../packages/client/dist/raw.js', import.meta.url))),
  );

const measured = [
  ['connections.list consumer (openapi-fetch left out)', await measureBundleSize(LIST_ONLY_CONSUMER), true],
  ['every method, the raw client and an error class', await measureBundleSize(EVERY_METHOD), false],
  ['createRawClient consumer (client + openapi-fetch)', await measureBundleSize(RAW_CONSUMER), false],
  ['openapi-fetch createClient alone', await measureBundleSize(OPENAPI_FETCH_ONLY), false],
];

const rows = measured.map(([name, { gzipBytes }, budgeted]) => ({
  name: `${name}, min+gzip`,
  median: gzipBytes,
  unit: 'bytes',
  ...(budgeted
    ? {
        ratio: Number((gzipBytes / SIZE_BUDGET_BYTES).toFixed(3)),
        anchor: `the ${(SIZE_BUDGET_BYTES / 1024).toFixed(1)} kB budget`,
        budget: `≤ ${SIZE_BUDGET_BYTES} bytes`,
        pass: gzipBytes <= SIZE_BUDGET_BYTES,
      }
    : {}),
}));
const result = {
  title: 'Client bundle size (esbuild, minified, gzip -9)',
  rows,
  notes: [
    `Minified sizes before gzip: ${measured.map(([name, { minifiedBytes }]) => `${name} ${minifiedBytes} B`).join('; ')}.`,
    'Bundled for the browser platform, ESM, es2022, the way an app bundler would; the size is deterministic, so --quick measures the same.',
    'The packages/client test suite fails above the budget too (test/size/bundle-size.test.ts).',
  ],
};
console.table(
  rows.map(({ name, median, budget, pass }) => ({
    measure: name,
    bytes: median,
    budget: budget ?? '',
    pass: pass === undefined ? '' : pass ? 'yes' : 'NO',
  })),
);
await writeResult('client-size', result);
