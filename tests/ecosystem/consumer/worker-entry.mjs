// A Cloudflare Worker, bundled with the client by esbuild and run by workerd (through miniflare):
// no Node APIs, the options from the worker's bindings.
import * as client from '@spartera/client';
import { runScenario } from './scenario.mjs';

export default {
  async fetch(_request, env) {
    try {
      const result = await runScenario(client, {
        baseUrl: env.SPARTERA_API_BASE_URL,
        apiKey: env.SPARTERA_API_KEY,
        companyId: env.SPARTERA_COMPANY_ID,
      });
      return Response.json({ ok: true, result, hasProcess: typeof globalThis.process !== 'undefined' });
    } catch (error) {
      return Response.json({ ok: false, error: String(error?.stack ?? error) });
    }
  },
};
