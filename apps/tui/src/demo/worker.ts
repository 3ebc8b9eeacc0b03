/**
 * The demo's mock API, in a worker thread. The mock validates every request and answer against
 * the OpenAPI document and compiles each operation's validators on first use: hundreds of
 * milliseconds of CPU at start, seconds on a busy machine. In the UI's thread that froze the
 * spinner and the keys until the first page came; here it runs beside them, on its own core
 * when there is one, and the app talks to it over HTTP as it would to the real API.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
import type { DemoWorkerData, DemoWorkerMessage } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('the demo mock runs only as a worker thread');

const post = (message: DemoWorkerMessage) => {
  port.postMessage(message);
};

const { extraConnections } = workerData as DemoWorkerData;

try {
  const server = await createMockServer({ dataset: 'demo', extraConnections });
  port.on('message', (message: unknown) => {
    if (message !== 'close') return;
    void server.close().finally(() => {
      port.close();
    });
  });
  post({ type: 'ready', url: server.url, apiKey: DEMO_API_KEY, companyId: DEMO_COMPANY_ID });
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  port.close();
}
