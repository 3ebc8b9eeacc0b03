import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../src/index.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(packageDir, 'dist', 'cli.js');
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(() => {
  if (!existsSync(bin))
    throw new Error(`${bin} is missing: run "pnpm build" in packages/testing before these tests`);
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function start(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [bin, ...args], { stdio: 'pipe' });
  children.push(child);
  return child;
}

/** Runs to completion and collects output. */
async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = start(args);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/** Starts the server and reads its first lines. */
async function startServer(
  args: string[],
  lineCount: number,
): Promise<{ child: ChildProcessWithoutNullStreams; lines: string[]; output: () => string }> {
  const child = start(args);
  let all = '';
  child.stdout.on('data', (chunk: Buffer) => {
    all += chunk.toString();
  });
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no output after 10 s: ${lines.join('\n')}`));
    }, 10_000);
    reader.on('line', (line) => {
      lines.push(line);
      if (lines.length === lineCount) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      reject(new Error(`exited early with ${String(code)}`));
    });
  });
  return { child, lines, output: () => all };
}

describe('spartera-mock', () => {
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

    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
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
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('rejects bad flags with a message naming the flag and exit code 2', async () => {
    for (const [args, message] of [
      [['--port', 'eighty'], '--port must be an integer from 0 to 65535'],
      [['--fail-rate', '2'], '--fail-rate must be a number from 0 to 1'],
      [['--latency', 'slow'], '--latency must be milliseconds'],
      [['--dataset', 'huge'], '--dataset must be demo or empty'],
      [['--company-id', 'has space'], '--company-id must be'],
      [['--cors', 'localhost'], '--cors must be * or an origin'],
      [['--frobnicate'], "Unknown option '--frobnicate'"],
    ] as const) {
      const { code, stderr, stdout } = await run([...args]);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
      expect(stdout).toBe('');
    }
  });
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
