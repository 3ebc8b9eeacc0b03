import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { binPath, startMockProcess } from '@spartera/test-support';
import type { CommandResult, MockProcess } from '@spartera/test-support';
import { expect, inject } from 'vitest';

/** The demo key and company of spartera-mock (public on purpose: they open only the demo data). */
export const DEMO_API_KEY = 'spk_demo_4c1d9e2b7a0f4e8c9d3b6a5f1e2d7c90';
export const DEMO_COMPANY_ID = 'acme_analytics';

export function projectDir(): string {
  return inject('projectDir');
}

/** spartera-mock from the installed tarball of @spartera/testing, run by the host Node.js. */
export function startProjectMock(args: string[] = []): Promise<MockProcess> {
  const bin = binPath(
    '@spartera/testing',
    'spartera-mock',
    pathToFileURL(path.join(projectDir(), 'package.json')).href,
  );
  return startMockProcess(['--port', '0', ...args], { bin });
}

/** What a consumer must report: the mock's own first connections, in its default order. */
export interface Expected {
  listed: string[];
  walked: string[];
}

export async function expectedFromMock(mockUrl: string): Promise<Expected> {
  const response = await fetch(`${mockUrl}/companies/${DEMO_COMPANY_ID}/connections?limit=100`, {
    headers: { 'x-api-key': DEMO_API_KEY },
  });
  const body = (await response.json()) as { data: { connection_id: string }[] };
  const ids = body.data.map((connection) => connection.connection_id);
  if (ids.length < 10) throw new Error(`the demo data has ${ids.length} connections; the scenario needs 10`);
  return { listed: ids.slice(0, 5), walked: ids.slice(0, 7) };
}

/** The environment of a consumer process: the client's three variables, and what a shell has. */
export function consumerEnvironment(mockUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[name]) env[name] = process.env[name];
  return {
    ...env,
    NO_COLOR: '1',
    SPARTERA_API_KEY: DEMO_API_KEY,
    SPARTERA_COMPANY_ID: DEMO_COMPANY_ID,
    SPARTERA_API_BASE_URL: mockUrl,
    ...extra,
  };
}

export interface ScenarioResult {
  listed: string[];
  notFound: { name?: string; status: number; message?: string; isSparteraError?: boolean };
  walked: string[];
  requests?: number;
  build?: string;
}

/** The ECOSYSTEM_RESULT line of a consumer that exited 0; otherwise an error showing its output. */
export function resultOf(run: CommandResult, what: string): ScenarioResult {
  return reportedBy(run, what) as ScenarioResult;
}

/** The parsed ECOSYSTEM_RESULT line of a process that exited 0; otherwise an error showing its output. */
export function reportedBy(run: CommandResult, what: string): unknown {
  const line = run.stdout.split('\n').find((text) => text.startsWith('ECOSYSTEM_RESULT '));
  if (run.code !== 0 || run.timedOut || line === undefined) {
    throw new Error(
      `${what} ${run.timedOut ? 'did not finish' : `exited with code ${String(run.code)}`}` +
        `\n--- stderr ---\n${run.stderr.trim()}\n--- stdout ---\n${run.stdout.trim()}`,
    );
  }
  return JSON.parse(line.slice('ECOSYSTEM_RESULT '.length));
}

/** The scenario's promises, checked against the mock's data. */
export function expectScenario(result: ScenarioResult, expected: Expected): void {
  expect(result.listed).toEqual(expected.listed);
  expect(result.notFound).toMatchObject({ status: 404 });
  if (result.notFound.name !== undefined) expect(result.notFound.name).toBe('NotFoundError');
  if (result.notFound.message !== undefined) {
    expect(result.notFound.message).toContain('conn_missing_0');
    expect(result.notFound.message).not.toContain(DEMO_API_KEY);
  }
  expect(result.walked).toEqual(expected.walked);
  // Seven connections at three a page: three requests, and none after the loop broke.
  if (result.requests !== undefined) expect(result.requests).toBe(3);
}
