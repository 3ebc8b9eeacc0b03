#!/usr/bin/env node
// Size of @spartera/client in an app that uses only `connections.list`: bundled with its
// dependencies by esbuild (minified, tree-shaken), then gzipped, against the budget the client's
// design sets (4.5 kB); beside it, every method, the raw client, and openapi-fetch alone. The test
// suite's guard (SIZE_BUDGET_BYTES of packages/client/scripts/bundle-size.mjs) is a different
// figure: the current size plus a little, so that any growth fails a test. It is said in a note,
// never shown as the budget.
// Run after a build: `node bench/client-size.mjs [--quick]` (both modes measure the same thing).
import { writeResult } from './lib/results.mjs';
import { fileURLToPath } from 'node:url';
import {
  LIST_ONLY_CONSUMER,
  measureBundleSize,
  RAW_CONSUMER,
  SIZE_BUDGET_BYTES,
} from '../packages/client/scripts/bundle-size.mjs';

/** The budget of a `connections.list` consumer, min+gzip: 4.5 kB. */
const BUDGET_BYTES = 4608;

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
        ratio: Number((gzipBytes / BUDGET_BYTES).toFixed(3)),
        anchor: `the ${(BUDGET_BYTES / 1024).toFixed(1)} kB budget`,
        budget: `≤ ${BUDGET_BYTES} bytes`,
        pass: gzipBytes <= BUDGET_BYTES,
      }
    : {}),
}));
const result = {
  title: 'Client bundle size (esbuild, minified, gzip -9)',
  rows,
  notes: [
    `Minified sizes before gzip: ${measured.map(([name, { minifiedBytes }]) => `${name} ${minifiedBytes} B`).join('; ')}.`,
    'Bundled for the browser platform, ESM, es2022, the way an app bundler would; the size is deterministic, so --quick measures the same.',
    `The budget is ${BUDGET_BYTES} B. The packages/client test suite has a regression guard of ${SIZE_BUDGET_BYTES} B (test/size/bundle-size.test.ts): the size as it is plus less than 64 B, so that growth fails a test; it is not the budget, and passing it says nothing of the budget.`,
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
