// A real browser: Debian's headless Chromium, driven by playwright-core, loads a page whose script is
// an esbuild bundle of the packed client, and calls spartera-mock across origins (the mock answers
// with CORS headers, preflight included, as `spartera-mock --cors ORIGIN` does).
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { MockProcess } from '@spartera/test-support';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bundle } from '../src/bundle.js';
import { chromiumBinary } from '../src/runtimes.js';
import type { Expected, ScenarioResult } from './helpers.js';
import {
  DEMO_API_KEY,
  DEMO_COMPANY_ID,
  expectScenario,
  expectedFromMock,
  projectDir,
  startProjectMock,
} from './helpers.js';

type Outcome = { ok: true; result: ScenarioResult } | { ok: false; error: string };

let pageServer: Server | undefined;
let pageOrigin: string;
let mock: MockProcess | undefined;
let expected: Expected;
let browser: Browser | undefined;

beforeAll(async () => {
  const script = await bundle(projectDir(), 'browser-entry.mjs', { kind: 'browser' });
  const mockFetchScript = await bundle(projectDir(), 'browser-mock-fetch-entry.mjs', { kind: 'browser' });
  const html = await readFile(path.join(projectDir(), 'index.html'), 'utf8');
  // The page and its bundle, from an origin of their own.
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://page').pathname;
    if (pathname === '/' || pathname === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (pathname === '/browser-bundle.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (pathname === '/mock-fetch.html') {
      const page = html.replace('./browser-bundle.js', './mock-fetch-bundle.js');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    } else if (pathname === '/mock-fetch-bundle.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(mockFetchScript);
    } else if (pathname === '/favicon.ico') {
      response.writeHead(204).end();
    } else {
      response.writeHead(404).end();
    }
  });
  pageServer = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  mock = await startProjectMock(['--cors', pageOrigin]);
  expected = await expectedFromMock(mock.url);

  // Playwright gives the browser a fresh, empty profile of its own.

  browser = await chromium.launch({
    executablePath: chromiumBinary(),
    headless: true,
    timeout: 600_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
  expect(await mock?.stop()).toBe(0);
});

test('Chromium: a page with a bundle of the client lists, catches a typed 404 and paginates', async () => {
  if (browser === undefined || mock === undefined) throw new Error('the browser or the mock did not start');
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium logs every 4xx response; the 404 of the missing connection is the one the scenario asks for.
    const expected404 = message.location().url.endsWith('/connections/conn_missing_0');
    if (message.type() === 'error' && !expected404) problems.push(`console error: ${message.text()}`);
  });
  const query = new URLSearchParams({ baseUrl: mock.url, apiKey: DEMO_API_KEY, companyId: DEMO_COMPANY_ID });
  await page.goto(`${pageOrigin}/index.html?${query.toString()}`);
  await page.waitForFunction('window.ecosystemOutcome !== undefined', undefined, { timeout: 600_000 });
  const outcome = await page.evaluate<Outcome>('window.ecosystemOutcome');
  if (!outcome.ok)
    throw new Error(`the page's scenario failed in Chromium ${browser.version()}:\n${outcome.error}`);
  expectScenario(outcome.result, expected);
  expect(problems).toEqual([]);
});

test('Chromium: the same scenario with no server, the client answered in the page by @spartera/testing/fetch', async () => {
  if (browser === undefined) throw new Error('the browser did not start');
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  // Any request beyond the page and its script would mean the mock reached for the network.
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await page.goto(`${pageOrigin}/mock-fetch.html`);
  await page.waitForFunction('window.ecosystemOutcome !== undefined', undefined, { timeout: 600_000 });
  const outcome = await page.evaluate<Outcome>('window.ecosystemOutcome');
  if (!outcome.ok)
    throw new Error(`the in-page mock scenario failed in Chromium ${browser.version()}:\n${outcome.error}`);
  // The in-page mock holds the same demo data as spartera-mock.
  expectScenario(outcome.result, expected);
  expect(problems).toEqual([]);
  expect(requested.filter((pathname) => pathname !== '/favicon.ico')).toEqual([
    '/mock-fetch.html',
    '/mock-fetch-bundle.js',
  ]);
});
