/**
 * spartera-mock, the built bin of @spartera/testing, as a child process: the API the CLI's
 * end-to-end tests talk to over HTTP. `--log` makes it print one line per request, which is how a
 * test proves that a command sent nothing, or no write.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createMockServer } from '@spartera/testing';
import type { MockServer } from '@spartera/testing';
import { fileURLToPath } from 'node:url';

export const MOCK_BIN = fileURLToPath(new URL('../../../../packages/testing/dist/cli.js', import.meta.url));
export const DEMO_KEY = 'spk_demo_4c1d9e2b7a0f4e8c9d3b6a5f1e2d7c90';
export const DEMO_COMPANY = 'acme_analytics';

export interface RequestLine {
  method: string;
  path: string;
  status: string;
}

export interface ChildMock {
  url: string;
  /** Every request so far, in order. */
  requests: RequestLine[];
  /** Requests that change something (POST, PATCH, DELETE). */
  writes(): RequestLine[];
  clearLog(): void;
  stop(): Promise<void>;
}

export async function startMock(args: string[] = []): Promise<ChildMock> {
  const child: ChildProcess = spawn(process.execPath, [MOCK_BIN, '--port', '0', '--log', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const requests: RequestLine[] = [];
  let buffer = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('spartera-mock did not start in 15 s'));
    }, 15_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      reject(new Error(`spartera-mock exited with ${String(code)} before listening`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const listening = /^listening on (\S+)/.exec(line);
        if (listening?.[1]) {
          clearTimeout(timer);
          resolve(listening[1]);
          continue;
        }
        const request = /^(GET|POST|PATCH|DELETE|PUT|HEAD|OPTIONS) (\S+) (\S+)$/.exec(line);
        if (request)
          requests.push({ method: request[1] ?? '', path: request[2] ?? '', status: request[3] ?? '' });
      }
    });
  });
  return {
    url,
    requests,
    writes: () => requests.filter((request) => request.method !== 'GET'),
    clearLog: () => {
      requests.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => {
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * spartera-mock's server in this process, with the same interface as `startMock`: no process to
 * start (a second or more on a busy machine), and `reset()` gives the next test the demo data again.
 */
export async function startInProcessMock(
  options: Parameters<typeof createMockServer>[0] = {},
): Promise<ChildMock & { reset(): void; server: MockServer }> {
  const requests: RequestLine[] = [];
  const server = await createMockServer({
    ...options,
    onRequest: (entry) => {
      requests.push({
        method: entry.method,
        path: entry.path,
        status: entry.status === 0 ? 'dropped' : String(entry.status),
      });
    },
  });
  return {
    url: server.url,
    requests,
    server,
    writes: () => requests.filter((request) => request.method !== 'GET'),
    clearLog: () => {
      requests.length = 0;
    },
    reset: () => {
      server.reset();
      requests.length = 0;
    },
    stop: () => server.close(),
  };
}
