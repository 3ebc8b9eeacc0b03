import { Worker } from 'node:worker_threads';
import type { DemoWorkerData, DemoWorkerMessage } from './protocol.js';

export interface DemoMock {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** The demo data's API key and company. */
  apiKey: string;
  companyId: string;
  /** Stops the server and the worker. */
  close(): Promise<void>;
}

/** The worker's own entry of the built bin (tsup.config.ts), beside the chunk this module is in. */
const WORKER_URL = new URL('./demo-worker.js', import.meta.url);

/**
 * Starts the demo mock API (its demo data plus `extraConnections` generated connections) in a
 * worker thread, so its CPU never competes with the UI's event loop for a frame or a key.
 * `workerUrl` is the built worker's file (tests of the sources point it at `dist/`).
 */
export function startDemoMock(extraConnections: number, workerUrl: URL = WORKER_URL): Promise<DemoMock> {
  const data: DemoWorkerData = { extraConnections };
  const worker = new Worker(workerUrl, { workerData: data });
  let exited = false;
  const gone = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  const close = async () => {
    if (exited) return;
    worker.postMessage('close');
    await gone;
  };
  return new Promise<DemoMock>((resolve, reject) => {
    const onError = (error: Error) => {
      reject(new Error(`the demo mock API failed to start: ${error.message}`));
    };
    worker.once('error', onError);
    worker.once('exit', (code) => {
      reject(new Error(`the demo mock API stopped before it was ready (exit code ${code})`));
    });
    worker.once('message', (message: DemoWorkerMessage) => {
      worker.off('error', onError);
      // Once running, a crash of the worker shows as the API being unreachable, screen by screen.
      worker.on('error', () => undefined);
      if (message.type === 'ready') {
        const { url, apiKey, companyId } = message;
        resolve({ url, apiKey, companyId, close });
      } else {
        reject(new Error(`the demo mock API failed to start: ${message.message}`));
        void worker.terminate();
      }
    });
  });
}
