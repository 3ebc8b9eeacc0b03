import type { OperationId } from '@spartera/types';
import { expect } from 'vitest';
import { checkResponse, checkSchema, DEMO_API_KEY, DEMO_COMPANY_ID } from '../../src/index.js';
import type { MockServer } from '../../src/index.js';

/** Parsed JSON of any shape; `expectConformsToSpec` is what checks it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = any;

export interface ApiResult {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

export interface CallOptions {
  apiKey?: string | null;
  body?: unknown;
  /** Sent as is, for malformed JSON. */
  rawBody?: string;
  query?: Record<string, string | number>;
}

/**
 * Asserts that a body conforms to what the spec declares for the operation and status. Every test
 * response goes through this, so the mock cannot drift from the document.
 */
export function expectConformsToSpec(
  operationId: OperationId | undefined,
  status: number,
  body: unknown,
): void {
  const problems =
    operationId === undefined ? checkSchema('Error', body) : checkResponse(operationId, status, body);
  expect(problems, `${operationId ?? 'unrouted'} ${status} ${JSON.stringify(body).slice(0, 300)}`).toEqual(
    [],
  );
}

/** One request over real sockets; the answer is checked against the spec unless a fault produced it. */
export async function call(
  server: MockServer,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResult> {
  const url = new URL(path, server.url);
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, String(value));
  const headers: Record<string, string> = { accept: 'application/json' };
  const apiKey = options.apiKey === undefined ? DEMO_API_KEY : options.apiKey;
  if (apiKey !== null) headers['x-api-key'] = apiKey;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  const parsed = text === '' ? undefined : JSON.parse(text);
  const logged = server.requests.last();
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  if (logged?.fault === undefined) expectConformsToSpec(logged?.operationId, response.status, parsed);
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export const connectionsPath = (companyId = DEMO_COMPANY_ID): string => `/companies/${companyId}/connections`;
export const connectionPath = (connectionId: string, companyId = DEMO_COMPANY_ID): string =>
  `${connectionsPath(companyId)}/${connectionId}`;
