// workerd, the Cloudflare Workers runtime, through miniflare: a worker bundled with the packed
// client (no Node.js compatibility flag, so no `process` and no Node built-ins) calls spartera-mock.
import type { MockProcess } from '@spartera/test-support';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bundle } from '../src/bundle.js';
import { runtimeModule } from '../src/runtimes.js';
import type { Expected, ScenarioResult } from './helpers.js';
import {
  DEMO_API_KEY,
  DEMO_COMPANY_ID,
  expectScenario,
  expectedFromMock,
  projectDir,
  startProjectMock,
} from './helpers.js';

/** The part of miniflare this test uses (it is installed in runtimes/, outside the workspace). */
interface Miniflare {
  dispatchFetch: (url: string) => Promise<{ status: number; json: () => Promise<unknown> }>;
  dispose: () => Promise<void>;
}
interface MiniflareModule {
  Miniflare: new (options: {
    modules: boolean;
    script: string;
    compatibilityDate: string;
    bindings: Record<string, string>;
  }) => Miniflare;
}

type Outcome = { ok: true; result: ScenarioResult; hasProcess: boolean } | { ok: false; error: string };

let mock: MockProcess;
let expected: Expected;
let worker: Miniflare | undefined;

beforeAll(async () => {
  mock = await startProjectMock();
  expected = await expectedFromMock(mock.url);
});

afterAll(async () => {
  await worker?.dispose();
  expect(await mock.stop()).toBe(0);
});

test('workerd: a worker with a bundle of the client lists, catches a typed 404 and paginates', async () => {
  const script = await bundle(projectDir(), 'worker-entry.mjs', { kind: 'worker' });
  const { Miniflare } = runtimeModule('miniflare') as MiniflareModule;
  worker = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2025-09-01',
    bindings: {
      SPARTERA_API_BASE_URL: mock.url,
      SPARTERA_API_KEY: DEMO_API_KEY,
      SPARTERA_COMPANY_ID: DEMO_COMPANY_ID,
    },
  });
  const response = await worker.dispatchFetch('http://worker.test/');
  expect(response.status).toBe(200);
  const outcome = (await response.json()) as Outcome;
  if (!outcome.ok) throw new Error(`the worker's scenario failed in workerd:\n${outcome.error}`);
  // Without the nodejs_compat flag there is no `process`: the client got its options from the bindings.
  expect(outcome.hasProcess).toBe(false);
  expectScenario(outcome.result, expected);
});
