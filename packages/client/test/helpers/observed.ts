import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished, vi } from 'vitest';
import { Spartera, type ClientOptions, type Logger } from '../../src/index.js';

/** The key every test client sends; tests assert it never leaks into errors. */
export const TEST_KEY = 'sk_test_9f8e7d6c5b4a3210';
export const TEST_COMPANY = 'acme_analytics';

export interface RecordedRequest {
  method: string;
  /** Path and query, as the server saw them. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
}

/** What the server does for one request. */
export interface Reply {
  status?: number;
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as is (for HTML, empty or malformed bodies). */
  text?: string;
  headers?: Record<string, string>;
  /** Send the headers and this first chunk of the body, then never finish. */
  stallAfter?: string;
  /** Never answer at all. */
  hang?: boolean;
  /** Cut the connection without answering. */
  destroy?: boolean;
  /** Answer only after this many milliseconds. */
  delayMs?: number;
}

export type Handler = (request: RecordedRequest) => Reply;

export interface ObservedServer {
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Replies used once each, in order, before the fallback handler. */
  enqueue: (...replies: Reply[]) => void;
  /** The reply for requests once the queue is empty (default: 500 "no reply scripted"). */
  setHandler: (handler: Handler) => void;
}

export const ok = (data: unknown, message = 'OK'): Reply => ({ json: { message, data } });

function send(res: ServerResponse, reply: Reply): void {
  if (reply.hang) return;
  if (reply.destroy) {
    res.socket?.destroy();
    return;
  }
  const isJson = reply.json !== undefined;
  const body = isJson ? JSON.stringify(reply.json) : (reply.text ?? '');
  const headers = { ...(isJson ? { 'content-type': 'application/json' } : {}), ...reply.headers };
  if (reply.stallAfter !== undefined) {
    res.writeHead(reply.status ?? 200, { ...headers, 'content-length': String(body.length + 1000) });
    res.write(reply.stallAfter);
    return;
  }
  res.writeHead(reply.status ?? 200, headers);
  res.end(body);
}

/**
 * A server-side table of `total` connections served page by page, as the API does (`page` and
 * `limit` from the query, 20 by default); `delayMs` holds each page back to interleave loops.
 */
export function pagedConnections(total: number, { delayMs = 0 }: { delayMs?: number } = {}): Handler {
  return (request) => {
    const page = Number(request.query.get('page') ?? '1');
    const limit = Number(request.query.get('limit') ?? '20');
    const start = (page - 1) * limit;
    const count = Math.max(0, Math.min(limit, total - start));
    const reply = ok(
      Array.from({ length: count }, (_, i) => ({
        connection_id: `conn_${start + i}`,
        company_id: TEST_COMPANY,
        engine_id: 1,
        name: `Connection ${start + i}`,
      })),
    );
    return delayMs ? { ...reply, delayMs } : reply;
  };
}

/** A real HTTP server on a loopback port of its own, closed when the current test finishes. */
export async function startObservedServer(): Promise<ObservedServer> {
  const requests: RecordedRequest[] = [];
  const queue: Reply[] = [];
  let handler: Handler = () => ({ status: 500, json: { code: 500, message: 'no reply scripted' } });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://loopback');
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json,
      };
      requests.push(recorded);
      const reply = queue.shift() ?? handler(recorded);
      if (reply.delayMs)
        setTimeout(() => {
          send(res, reply);
        }, reply.delayMs);
      else send(res, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    setHandler: (next) => {
      handler = next;
    },
  };
}

/** A client wired to a fresh observed server: no state shared between tests. */
export async function createObservedClient(options: ClientOptions = {}) {
  const server = await startObservedServer();
  const client = new Spartera({ apiKey: TEST_KEY, companyId: TEST_COMPANY, baseUrl: server.url, ...options });
  return { client, server, requests: server.requests };
}

/** The rejection of a promise, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** A logger keeping every line it is given, whatever the level. */
export function recordingLogger() {
  const lines: string[] = [];
  const record = (line: string) => lines.push(line);
  const logger: Logger = { error: record, warn: record, info: record, debug: record };
  return { lines, logger };
}

/** A `fetch` answering every call with `status` and a body of `first` then `filler` chunks without end. */
export function endlessFetch(status: number, first: string, filler: string, contentType = 'text/html') {
  const pulls = { count: 0 };
  const encoder = new TextEncoder();
  const chunk = encoder.encode(filler.repeat(Math.ceil(65_536 / filler.length)));
  const fetch = vi.fn((_url: string, _init: RequestInit) => {
    let started = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls.count++;
        controller.enqueue(started ? chunk : encoder.encode(first));
        started = true;
      },
    });
    return Promise.resolve(new Response(body, { status, headers: { 'content-type': contentType } }));
  });
  return { fetch, pulls };
}
