import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockServer } from '@spartera/testing';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';

/**
 * What a hostile or broken API could put in any string: an OSC that sets the terminal's title, an
 * SGR that turns on inverse video, a one-byte C1 CSI, DEL and a right-to-left override.
 */
export const HOSTILE = '\u001B]2;PWNED\u0007\u001B[7m\u009B31mX\u007F\u202E';
/** How the screen must show it: every control character as a visible escape. */
export const HOSTILE_SHOWN = '\\x1b]2;PWNED\\x07\\x1b[7m\\x9b31mX\\x7f\\u202e';

/** Ids travel in URL paths and are checked by the client; everything else gets the suffix. */
const KEPT = /(^|_)id$/;

function poison(value: unknown, suffix: string, key = ''): unknown {
  if (typeof value === 'string') return KEPT.test(key) ? value : value + suffix;
  if (Array.isArray(value)) return value.map((item) => poison(item, suffix, key));
  if (typeof value === 'object' && value !== null) {
    // Sample data is columnar, { column: values }: its keys are column names, poisoned too.
    const columnar = key === 'data' && Object.values(value).every(Array.isArray);
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [
        columnar ? name + suffix : name,
        poison(item, suffix, name),
      ]),
    );
  }
  return value;
}

/** Sample data maps column names to values: its keys must stay as the schema names them. */
function cleanQuery(url: URL, suffix: string): string {
  for (const [name, value] of [...url.searchParams]) url.searchParams.set(name, value.split(suffix).join(''));
  return url.pathname + url.search;
}

export interface HostileApi {
  /** The base URL to give the TUI. */
  url: string;
  mock: MockServer;
  apiKey: string;
  companyId: string;
  close(): Promise<void>;
}

/**
 * The demo mock behind a proxy that appends `suffix` (HOSTILE by default) to every string of every answer (names,
 * descriptions, engine names, schema, table and column names, sample values, error messages,
 * object keys) and takes it back off the query strings the app sends, so drilling down still works.
 */
export async function startHostileApi({ suffix = HOSTILE }: { suffix?: string } = {}): Promise<HostileApi> {
  const mock = await createMockServer({ dataset: 'demo' });
  const proxy = createServer((request, response) => {
    const url = new URL(request.url ?? '/', mock.url);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name))
          headers.set(name, value);
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(mock.url + cleanQuery(url, suffix), { method: request.method ?? 'GET', headers, body }).then(
        async (answer) => {
          const text = await answer.text();
          let out = text;
          try {
            out = JSON.stringify(poison(JSON.parse(text), suffix));
          } catch {
            // Not JSON: passed on as it is.
          }
          const outHeaders: Record<string, string> = {};
          answer.headers.forEach((value, name) => {
            if (name !== 'content-length' && name !== 'content-encoding') outHeaders[name] = value;
          });
          response.writeHead(answer.status, outHeaders);
          response.end(out);
        },
        () => {
          response.destroy();
        },
      );
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    mock,
    apiKey: DEMO_API_KEY,
    companyId: DEMO_COMPANY_ID,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      await mock.close();
    },
  };
}
