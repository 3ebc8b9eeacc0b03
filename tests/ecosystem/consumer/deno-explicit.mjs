// A Deno program that passes every option itself, so it needs no --allow-env: only --allow-net.
import * as client from '@spartera/client';
import { report, runScenario } from './scenario.mjs';

const [baseUrl, apiKey, companyId] = Deno.args;
report(await runScenario(client, { baseUrl, apiKey, companyId }), {
  build: import.meta.resolve('@spartera/client'),
});
