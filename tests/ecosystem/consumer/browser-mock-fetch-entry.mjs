// A page's script that needs no server at all: the client answered in the page by the mock of
// `@spartera/testing/fetch` (how a browser test suite runs the client offline), bundled by esbuild.
import * as client from '@spartera/client';
import { createMockFetch, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing/fetch';
import { runScenario } from './scenario.mjs';

const fetch = createMockFetch();
window.ecosystemOutcome = runScenario(client, {
  baseUrl: fetch.baseUrl,
  apiKey: DEMO_API_KEY,
  companyId: DEMO_COMPANY_ID,
  fetch,
}).then(
  (result) => ({ ok: true, result }),
  (error) => ({ ok: false, error: String(error?.stack ?? error) }),
);
