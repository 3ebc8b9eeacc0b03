import type { Context } from './state/handler.js';

/** The web consoles of the API's known hosts; any other API names its console with SPARTERA_CONSOLE_URL. */
const CONSOLES: Record<string, string> = {
  'api.spartera.com': 'https://app.spartera.com',
  'stage.api.spartera.com': 'https://stage.app.spartera.com',
};

/** Where `o` opens connections for this API, or why it cannot. */
export function consoleFor(baseUrl: string | undefined, env: NodeJS.ProcessEnv): Context['console'] {
  const configured = env.SPARTERA_CONSOLE_URL?.trim();
  if (configured) {
    try {
      const url = new URL(configured);
      if (url.protocol === 'https:' || url.protocol === 'http:') return { base: url.href };
    } catch {
      // Said below.
    }
    return { missing: `SPARTERA_CONSOLE_URL is not an http(s) URL: ${configured}` };
  }
  if (baseUrl === undefined) return { missing: 'the demo (--mock) has no web console.' };
  const host = new URL(baseUrl).host;
  const known = CONSOLES[host];
  return known
    ? { base: known }
    : { missing: `no web console is known for ${host}; set SPARTERA_CONSOLE_URL to its address.` };
}
