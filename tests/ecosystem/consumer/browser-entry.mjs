// The page's script, bundled with the client by esbuild: runs the scenario with the options the
// page's URL gives (a browser has no environment variables) and leaves the outcome on window.
import * as client from '@spartera/client';
import { runScenario } from './scenario.mjs';

const params = new URLSearchParams(location.search);
window.ecosystemOutcome = runScenario(client, {
  baseUrl: params.get('baseUrl'),
  apiKey: params.get('apiKey'),
  companyId: params.get('companyId'),
}).then(
  (result) => ({ ok: true, result }),
  (error) => ({ ok: false, error: String(error?.stack ?? error) }),
);
