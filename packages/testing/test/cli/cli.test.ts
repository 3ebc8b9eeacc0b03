import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../src/index.js';
import { bin, checkBuilt, killChildren, packageDir, run, startServer } from '../support/cli.js';

beforeAll(checkBuilt);
// The tests run concurrently, each with its own child process on its own port: the children are
// killed once all are done, not after each test, which would kill a neighbour's.
afterAll(killChildren);

describe.concurrent('spartera-mock', () => {
  it('documents every flag in --help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--port',
      '--host',
      '--api-key',
      '--company-id',
      '--seed',
      '--dataset',
      '--extra-connections',
      '--latency',
      '--fail-rate',
      '--fault',
      '--state',
      '--no-control',
      '--control-token',
      '--cors',
      '--log',
      '--help',
      '--version',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it('prints the version of the package', async () => {
    const { code, stdout } = await run(['--version']);
    expect(code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
    expect(stdout.trim()).toBe(pkg.version);
  });

  it('prints "listening on URL" first, masks the key, serves with it, and stops cleanly on SIGTERM', async () => {
    const key = 'sk_live_cli_test_key_5678';
    const { child, lines, output } = await startServer(
      ['--port', '0', '--api-key', key, '--company-id', 'my_company', '--log'],
      2,
    );
    const match = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(lines[0]!);
    expect(match).not.toBeNull();
    expect(lines[1]).toBe('api key ****5678 -> companies my_company');
    const url = match![1]!;
    const listed = await fetch(`${url}/companies/my_company/connections?limit=100`, {
      headers: { 'x-api-key': key },
    });
    expect(listed.status).toBe(200);
    const body = (await listed.json()) as { data: { company_id: string }[] };
    expect(body.data.length).toBeGreaterThanOrEqual(12);
    expect(body.data.every((c) => c.company_id === 'my_company')).toBe(true);
    const forbidden = await fetch(`${url}/companies/acme_analytics/connections`, {
      headers: { 'x-api-key': key },
    });
    expect(forbidden.status).toBe(403);

    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('GET /companies/my_company/connections 200');
    expect(output()).not.toContain(key);
  });

  it('uses the demo key without --api-key, masked, and stops on SIGINT', async () => {
    const { child, lines } = await startServer(['--seed', '3', '--latency', '5-10', '--cors', '*'], 2);
    expect(lines[1]).toContain(`****${DEMO_API_KEY.slice(-4)}`);
    expect(lines.join('\n')).not.toContain(DEMO_API_KEY);
    const url = lines[0]!.replace('listening on ', '');
    const response = await fetch(`${url}/cloud-providers`, { headers: { 'x-api-key': DEMO_API_KEY } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  // Every rule is tested as a function call in command-line.test.ts; these prove, on the built bin,
  // that a bad value and an unknown option end with exit code 2 and the message on stderr.
  const badFlags: (readonly [readonly string[], string])[] = [
    [['--port', 'eighty'], '--port must be an integer from 0 to 65535'],
    [['--frobnicate'], "Unknown option '--frobnicate'"],
  ];
  for (const [args, message] of badFlags) {
    it(`rejects ${args.join(' ')} with a message naming the flag and exit code 2`, async () => {
      const { code, stderr, stdout } = await run([...args]);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
      expect(stdout).toBe('');
    });
  }
});

describe('the built package', () => {
  function importsOf(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      if (specifier!.startsWith('.')) importsOf(join(dirname(file), specifier!), seen);
      else seen.add(specifier!);
    }
    return seen;
  }

  it('keeps node:http out of the msw entry, so it runs in browser-like tests', () => {
    const modules = [...importsOf(join(packageDir, 'dist', 'msw.js'))];
    expect(modules).toContain('msw');
    expect(modules.filter((name) => name.startsWith('node:') || name === 'http')).toEqual([]);
  });

  it('gives the bin a shebang', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
