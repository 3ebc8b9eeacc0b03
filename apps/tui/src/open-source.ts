import { createClientSource } from './api/client-source.js';
import { createHttpFetch } from './api/http-fetch.js';
import { withPrefetch } from './api/prefetch.js';
import type { PrefetchedSource } from './api/prefetch.js';
import type { Settings } from '@spartera/config';
import { firstPageQuery } from './state/query.js';

export type Target =
  | { kind: 'api'; settings: Settings; configPath: string; mouse: boolean }
  | { kind: 'mock'; extraConnections: number; mouse: boolean };

export interface OpenedSource {
  source: PrefetchedSource;
  close: () => Promise<void>;
  /** The config file the settings were looked up in (none for the demo). */
  configPath?: string;
  /** The API's base URL (none for the demo). */
  baseUrl?: string;
  /** Whether to ask the terminal for mouse reports. */
  mouse: boolean;
}

/**
 * Connects to the API, or starts the demo mock in this thread, and starts fetching the first page.
 * It loads no UI code, so the caller can load Ink meanwhile.
 */
export async function openSource(target: Target): Promise<OpenedSource> {
  if (target.kind === 'api') {
    return {
      // node:http rather than Node's fetch: the first request leaves ~70 ms sooner (./api/http-fetch.ts).
      source: withPrefetch(
        createClientSource({ ...target.settings, fetch: createHttpFetch() }),
        firstPageQuery(),
      ),
      close: () => Promise.resolve(),
      configPath: target.configPath,
      baseUrl: target.settings.baseUrl,
      mouse: target.mouse,
    };
  }
  // Loaded only in demo mode: the real API path never pays for the mock.
  const { startDemoMock } = await import('./demo/mock.js');
  const mock = startDemoMock(target.extraConnections);
  const source = createClientSource({
    apiKey: mock.apiKey,
    companyId: mock.companyId,
    baseUrl: mock.baseUrl,
    label: 'demo (mock)',
    fetch: mock.fetch,
  });
  return { source: withPrefetch(source, firstPageQuery()), close: () => mock.close(), mouse: target.mouse };
}
