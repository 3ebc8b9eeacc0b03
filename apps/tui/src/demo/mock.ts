/**
 * The demo's mock API, in the app's own thread: the real spec-validated mock of @spartera/testing
 * (its validators compiled ahead of time, so a fresh mock answers in milliseconds), reached
 * through the real client by the mock's own `fetch`, which hands each request to the engine
 * instead of a socket. No server, no port, no worker thread; and its answers are light `Response`
 * look-alikes, so no HTTP stack is loaded before the first frame (Node's fetch costs a tenth of a
 * second or more to load on a busy machine).
 */
import type { FetchLike } from '@spartera/client';
import { createLightMockFetch, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';

export interface DemoMock {
  /** The base URL the client calls: a name that never resolves, as nothing goes on the network. */
  baseUrl: string;
  /** The demo data's API key and company. */
  apiKey: string;
  companyId: string;
  /** A `fetch` answered by the mock. */
  fetch: FetchLike;
  /** Ends the requests still waiting out a delay, as a stopped server would. */
  close(): Promise<void>;
}

export const DEMO_BASE_URL = 'https://demo.spartera.invalid';

/**
 * Starts the demo mock API: its demo data plus `extraConnections` generated connections.
 * Throws (as the mock does) on a bad count.
 */
export function startDemoMock(extraConnections: number): DemoMock {
  const fetch = createLightMockFetch({ dataset: 'demo', extraConnections, baseUrl: DEMO_BASE_URL });
  return {
    baseUrl: fetch.baseUrl,
    apiKey: DEMO_API_KEY,
    companyId: DEMO_COMPANY_ID,
    fetch,
    close: () => fetch.close(),
  };
}
