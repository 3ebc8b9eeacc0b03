/**
 * What a hostile first session with the built bin turned up, each kept as a test: hostile names,
 * hostile files, closed pipes and stdin, narrow terminals, rate limits, a slow API and Ctrl+C.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
import type { MockServer } from '@spartera/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/program.js';
import { MAX_CELL_LENGTH, toTable } from '../src/output/render.js';
import { CLI, json, mockEnv, spartera } from './helpers/cli.js';
import { runInProcess } from './helpers/in-process.js';
import { memoryIo } from './helpers/io.js';
import { startRewritingProxy } from './helpers/proxy.js';

let server: MockServer;
let env: Record<string, string>;
let work: string;
beforeAll(async () => {
  server = await createMockServer();
  env = mockEnv(server.url);
  work = await mkdtemp(join(tmpdir(), 'spartera-cli-hostile-'));
});
beforeEach(() => {
  server.reset();
});
afterAll(async () => {
  await server.close();
});

const HOSTILE = '\u001b]2;PWNED\u0007evil\u001b[2J \u202eab\u009b31m';

describe('hostile names from the API', () => {
  it('are escaped in tables and errors, and stay valid JSON with C1 controls as \\u escapes', async () => {
    const created = await runInProcess(['connection', 'create', '-f', '-'], {
      env,
      input: JSON.stringify({ name: HOSTILE, engine: 1, description: 'line1\nline2' }),
    });
    expect(created.status).toBe(0);
    const table = await spartera(['connection', 'list', '--search', 'evil', '--format', 'table'], { env });
    expect(table.stdout).toContain('\\x1b]2;PWNED\\x07evil\\x1b[2J \\u202eab\\x9b31m');
    // eslint-disable-next-line no-control-regex -- the point: no raw control character reaches the terminal
    expect(table.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    const data = await spartera(['connection', 'list', '--search', 'evil'], { env });
    expect(data.stdout).toContain('\\u009b31m');
    expect(data.stdout).toContain('\\u202e');
    expect((json(data) as { name: string }[])[0]?.name).toBe(HOSTILE);
  });
});

describe('hostile files', () => {
  it('refuses a YAML alias bomb, a binary file and a huge file with exit 2, sending nothing', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 7; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    await writeFile(
      join(work, 'bomb.yaml'),
      `apiVersion: spartera/v1\nkind: Connections\n${levels.join('\n')}\nconnections: []\n`,
    );
    const bomb = await spartera(['plan', '-f', 'bomb.yaml'], { env, cwd: work });
    expect(bomb.status).toBe(2);
    expect(bomb.stderr).toBe(
      'spartera: bomb.yaml: cannot be read: Excessive alias count indicates a resource exhaustion attack\n',
    );
    await writeFile(join(work, 'binary.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]));
    const binary = await spartera(['validate', '-f', 'binary.yaml'], { env, cwd: work });
    expect(binary.status).toBe(2);
    expect(binary.stderr).toBe('spartera: binary.yaml: is not a text file (it holds NUL bytes)\n');
    await writeFile(join(work, 'huge.yaml'), `# ${'x'.repeat(6 * 1024 * 1024)}\n`);
    const huge = await spartera(['validate', '-f', 'huge.yaml'], { env, cwd: work });
    expect(huge.status).toBe(2);
    expect(huge.stderr).toBe('spartera: huge.yaml: is larger than 5 MiB\n');
    expect(server.requests.count).toBe(0);
  });

  it('lists at most 20 syntax errors of a file that is not YAML at all', async () => {
    await writeFile(
      join(work, 'noise.yaml'),
      Array.from({ length: 60 }, (_, index) => `@${index}: [`).join('\n'),
    );
    const result = await spartera(['validate', '-f', 'noise.yaml'], { env, cwd: work });
    expect(result.status).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(21);
    expect(lines.at(-1)).toMatch(/^spartera: noise\.yaml: and \d+ more YAML errors$/);
  });
});

describe('a base URL that redirects', () => {
  it('fails naming where it pointed, and the other host never gets the API key', async () => {
    // The mock stands in for another host; the base URL answers every request with a 302 to it.
    const redirector = createServer((incoming, outgoing) => {
      outgoing.writeHead(302, { location: `${server.url}${incoming.url ?? '/'}` }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = redirector.address() as AddressInfo;
      const result = await runInProcess(['connection', 'list'], {
        env: { ...env, SPARTERA_API_BASE_URL: `http://127.0.0.1:${port}` },
      });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(`redirected to ${new URL(server.url).origin}, not followed`);
      expect(result.stderr).not.toContain(DEMO_API_KEY);
      expect(server.requests.count).toBe(0);
    } finally {
      await new Promise((resolve) => redirector.close(resolve));
    }
  });
});

describe('hostile arguments and environments', () => {
  it('an empty or malformed id is a usage error (exit 2) and nothing is sent', async () => {
    for (const id of ['', '../etc/passwd', 'a b']) {
      const result = await runInProcess(['connection', 'get', id], { env });
      expect(result.status, id).toBe(2);
      expect(result.stderr).toMatch(/^spartera: connection_id must be 1 to 255 letters/);
    }
    expect(server.requests.count).toBe(0);
  });

  it('an output file in a missing folder fails with exit 1, naming the folder, not a temporary file', async () => {
    const result = await spartera(['connection', 'list', '-o', join(work, 'missing/dir/out.json')], { env });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `spartera: Cannot write ${join(work, 'missing/dir/out.json')}: the folder ${join(work, 'missing/dir')} does not exist\n`,
    );
  });

  it('a reader that closes the pipe early is not an error', async () => {
    // Megabytes of output, so the writes outlast the reader. Asynchronous: the mock answers from
    // this process, which must keep running meanwhile.
    const big = await createMockServer({ extraConnections: 3000 });
    const child = spawn(
      'bash',
      [
        '-c',
        `set -o pipefail; ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} connection list --all | head -c 1`,
      ],
      { env: mockEnv(big.url), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => {
      child.on('close', resolve);
    });
    await big.close();
    expect(status).toBe(0);
    expect(stdout).toBe('[');
    expect(stderr).toBe('');
  });

  it('a key with a line break is refused without being printed', async () => {
    const result = await spartera(['connection', 'list'], {
      env: { ...env, SPARTERA_API_KEY: 'spk_line\nbreak_secret' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'spartera: apiKey must be printable Latin-1 characters, without spaces or line breaks\n',
    );
  });

  it('a rate limit asking for a long wait is reported at once with the wait', async () => {
    server.faults.nextResponses({ status: 429, retryAfter: 120, count: 1 });
    const result = await spartera(['connection', 'list'], { env });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^spartera: 429 .*: the API asks to wait 120 s before trying again\n$/);
  });

  it('Ctrl+C while waiting on a slow API ends at once, with no stack trace', async () => {
    server.faults.setLatency(5000);
    const child = spawn(process.execPath, [CLI, 'connection', 'list'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Wait until the request is at the server, then interrupt.
    for (let waited = 0; server.requests.count === 0 && waited < 10_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const started = Date.now();
    child.kill('SIGINT');
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
      child.on('close', (exitCode, exitSignal) => {
        resolve([exitCode, exitSignal]);
      });
    });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(code === 130 || signal === 'SIGINT').toBe(true);
    expect(stderr).toBe('');
  });
});

describe('narrow terminals', () => {
  it('cut names and dates, never the ids people copy', () => {
    const grid = {
      headers: ['ID', 'NAME', 'UPDATED'],
      rows: [['conn_7Hq2xK9pLm', '日本語のデータウェアハウス 🚀 with a long name', '2026-11-28 17:01 UTC']],
      keep: [0],
    };
    const lines = toTable(grid, { columns: 40 }).trimEnd().split('\n');
    expect(lines[1]).toMatch(/^conn_7Hq2xK9pLm {2}/);
    expect(lines[1]).toContain('…');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
  });
});

describe('settings from a hostile environment', () => {
  it('ignores a relative XDG_CONFIG_HOME rather than writing a config into the working folder', async () => {
    const result = await spartera(['auth', 'login', '--company-id', DEMO_COMPANY_ID], {
      env: { ...env, SPARTERA_API_KEY: '', XDG_CONFIG_HOME: 'relative', HOME: work },
      input: DEMO_API_KEY,
      cwd: work,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(join(work, '.config/spartera/config.json'));
  });
});

describe('malformed data from a broken server or proxy', () => {
  type Body = Record<string, unknown>;
  const eachConnection = (change: (connection: Body) => Body) => (body: Body, path: string) => {
    if (!/^\/companies\/[^/]+\/connections$/.test(path) || !Array.isArray(body.data)) return body;
    return { ...body, data: (body.data as Body[]).map(change) };
  };

  it('fields of the wrong type: a table still prints, export and plan refuse naming the field and send nothing', async () => {
    const proxy = await startRewritingProxy(
      server.url,
      eachConnection((connection) => ({ ...connection, name: 42, last_updated: { at: 1 } })),
    );
    try {
      const proxied = mockEnv(proxy.url);
      const table = await runInProcess(['connection', 'list', '--format', 'table'], { env: proxied });
      expect(table.stderr).toBe('');
      expect(table.status).toBe(0);
      expect(table.stdout).toContain('{"at":1}');
      const exported = await runInProcess(['export'], { env: proxied });
      expect(exported.status).toBe(1);
      expect(exported.stdout).toBe('');
      expect(exported.stderr).toMatch(
        /^spartera: the API sent a malformed connection \(connection conn_\w+: name is a number, expected a string\); nothing was changed\n$/,
      );
      await writeFile(
        join(work, 'one.yaml'),
        'apiVersion: spartera/v1\nkind: Connections\nconnections: []\n',
      );
      server.requests.clear();
      const applied = await runInProcess(
        ['apply', '-f', 'one.yaml', '--prune', '--yes', '--format', 'json'],
        {
          env: proxied,
          cwd: work,
        },
      );
      expect(applied.status).toBe(1);
      expect(JSON.parse(applied.stderr)).toMatchObject({
        error: { type: 'MalformedDataError', exit_code: 1 },
      });
      expect(server.requests.all().filter((entry) => entry.method !== 'GET')).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('a name of megabytes is cut in a table at once; JSON keeps it whole', async () => {
    const huge = `${'W'.repeat(300_000)}漢字`;
    const proxy = await startRewritingProxy(
      server.url,
      eachConnection((connection) => ({ ...connection, name: huge })),
    );
    try {
      const proxied = mockEnv(proxy.url);
      const table = await runInProcess(['connection', 'list', '--limit', '3', '--format', 'table'], {
        env: proxied,
      });
      expect(table.status).toBe(0);
      const rows = table.stdout.trimEnd().split('\n').slice(1);
      expect(rows).toHaveLength(3);
      for (const row of rows) {
        expect(row).toContain(`${'W'.repeat(MAX_CELL_LENGTH)}…`);
        expect(row).not.toContain('W'.repeat(MAX_CELL_LENGTH + 1));
      }
      const data = await runInProcess(['connection', 'list', '--limit', '1'], { env: proxied });
      expect((json(data) as { name: string }[])[0]?.name).toBe(huge);
    } finally {
      await proxy.close();
    }
  });

  it('a failed test whose message holds a line break and escapes is still one line on stderr', async () => {
    const proxy = await startRewritingProxy(server.url, (body, path) =>
      path.endsWith('/test')
        ? {
            ...body,
            data: { ...(body.data as Body), success: false, message: 'refused\n\u001b[2Jfake line' },
          }
        : body,
    );
    try {
      const result = await runInProcess(['connection', 'test', 'conn_7Hq2xK9pLm'], {
        env: mockEnv(proxy.url),
      });
      expect(result.status).toBe(3);
      expect(result.stderr).toBe(
        'spartera: connection conn_7Hq2xK9pLm failed its test: refused\\n\\x1b[2Jfake line\n',
      );
    } finally {
      await proxy.close();
    }
  });
});

describe('a terminal that reports no size', () => {
  it('fits tables to COLUMNS, or to 80, rather than to zero columns', async () => {
    for (const [columnsVariable, width] of [
      [undefined, 80],
      ['100', 100],
    ] as const) {
      const io = memoryIo({ ...env, COLUMNS: columnsVariable });
      io.stdout.isTTY = true;
      io.stdout.columns = 0;
      expect(await run(['connection', 'list', '--format', 'table', '--no-color'], io)).toBe(0);
      const lines = io.out().trimEnd().split('\n');
      expect(lines[1]).toMatch(/^conn_\w+ {2}\S/);
      // The table fills the width, rather than every column being cut to its narrowest.
      const widest = Math.max(...lines.map((line) => line.length));
      expect(widest).toBeLessThanOrEqual(width);
      expect(widest).toBeGreaterThan(width - 10);
    }
  });
});

describe('a server that quotes the request back in its error', () => {
  const secret = 'SECRETCRED_0123456789abcdef';
  // A JSON secret (a service account) travels as a string in the JSON body, so its quotes are
  // escaped once on the wire; a server that quotes that body inside its own JSON error message
  // escapes them a second time. A server that parses the credentials may quote one value alone.
  it.each([
    ['the whole body, inside its JSON message', (body: string) => `could not read the request ${body}`],
    [
      'one value of the credentials',
      (body: string) => {
        const { credentials } = JSON.parse(body) as { credentials: string };
        return `could not read the request: private_key ${(JSON.parse(credentials) as { private_key: string }).private_key} is not PEM`;
      },
    ],
  ])('never shows JSON credentials when it quotes %s', async (_case, quote) => {
    const server = createServer((incoming, outgoing) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      incoming.on('end', () => {
        outgoing.writeHead(400, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify({ message: quote(body), detail: body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await writeFile(join(work, 'service-account.json'), JSON.stringify({ private_key: secret }));
      for (const format of ['json', 'table']) {
        const result = await spartera(
          [
            'connection',
            'create',
            '--name',
            'quoted',
            '--engine',
            '1',
            '--credential-type',
            'SERVICE_ACCOUNT',
            '--credentials',
            `@${join(work, 'service-account.json')}`,
            '--format',
            format,
          ],
          { env: { ...env, SPARTERA_API_BASE_URL: `http://127.0.0.1:${port}`, SPARTERA_LOG: 'debug' } },
        );
        expect(result.status, format).toBe(1);
        expect(result.stderr, format).toContain('could not read the request');
        expect(result.stderr, format).toContain('[redacted]');
        expect(result.stdout + result.stderr, format).not.toContain(secret);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('an API error that names the fields at fault', () => {
  it('names each field once, in the table and the JSON error', async () => {
    for (const format of ['json', 'table']) {
      const result = await runInProcess(['connection', 'list', '--search=', '--format', format], { env });
      expect(result.status, format).toBe(1);
      expect(result.stderr.split('search: must NOT have fewer than 1 characters').length, format).toBe(2);
    }
    const result = await runInProcess(['connection', 'list', '--search=', '--format', 'json'], { env });
    expect((JSON.parse(result.stderr) as { error: { fields: unknown } }).error.fields).toEqual({
      search: ['must NOT have fewer than 1 characters'],
    });
  });
});

/** A proxy to the mock whose listings also name `conn_GoneMeanwhile`, which does not exist (any other call on it is a 404). */
function startGhostListingProxy() {
  return startRewritingProxy(server.url, (body, path) =>
    path.endsWith('/connections')
      ? {
          ...body,
          data: [
            ...(body.data as Record<string, unknown>[]),
            { connection_id: 'conn_GoneMeanwhile', company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'gone' },
          ],
        }
      : body,
  );
}

describe('connections deleted by someone else during test --all', () => {
  it('are reported as deleted, not as errors, and do not turn the exit code into 1', async () => {
    // The listing names a connection that is gone by the time its test runs: its test is a 404.
    const proxy = await startGhostListingProxy();
    try {
      const result = await runInProcess(['connection', 'test', '--all', '--format', 'json'], {
        env: mockEnv(proxy.url),
      });
      // The demo's MySQL connection fails its test: exit 3, as without the deleted one.
      expect(result.status).toBe(3);
      const summary = json(result) as {
        total: number;
        passed: number;
        failed: number;
        errors: number;
        deleted: number;
        results: { connection_id: string; deleted?: boolean; error?: boolean }[];
      };
      expect(summary).toMatchObject({ errors: 0, deleted: 1, failed: 1 });
      expect(summary.passed + summary.failed + summary.errors + summary.deleted).toBe(summary.total);
      expect(summary.results.find((row) => row.connection_id === 'conn_GoneMeanwhile')).toMatchObject({
        deleted: true,
      });
      expect(result.stderr).toMatch(/tested: \d+ passed, 1 failed, 1 deleted since listed\.\n/);
    } finally {
      await proxy.close();
    }
  });
});

describe('a connection deleted by someone else between plan and apply --prune', () => {
  it('counts as deleted: the company matches the file, exit 0', async () => {
    // The listing names a connection the file does not; it is gone when apply deletes it (a 404).
    const proxy = await startGhostListingProxy();
    try {
      const exported = await runInProcess(['export', '-o', join(work, 'live.yaml')], { env });
      expect(exported.status).toBe(0);
      for (const format of ['table', 'json']) {
        const result = await runInProcess(
          ['apply', '-f', join(work, 'live.yaml'), '--prune', '--yes', '--format', format],
          { env: mockEnv(proxy.url) },
        );
        expect(result.status, result.stderr).toBe(0);
        if (format === 'json')
          expect((json(result) as { applied: unknown[] }).applied).toEqual([
            { action: 'delete', name: 'gone', connection_id: 'conn_GoneMeanwhile', already_deleted: true },
          ]);
        else
          expect(result.stdout).toContain(
            '✓ deleted "gone" (conn_GoneMeanwhile, already deleted by someone else)',
          );
      }
    } finally {
      await proxy.close();
    }
  });
});

describe('an API error on a later page of a walk', () => {
  it('keeps its type and status: only a walk that cannot end is called malformed data', async () => {
    const full = Array.from({ length: 100 }, (_, index) => ({
      connection_id: `conn_Page${String(index).padStart(4, '0')}`,
      company_id: DEMO_COMPANY_ID,
      engine_id: 1,
      name: `page one ${index}`,
    }));
    // The first page is full; the second fails as an overloaded server would.
    const failing = createServer((incoming, outgoing) => {
      const second = new URL(incoming.url ?? '/', 'http://x').searchParams.get('page') === '2';
      outgoing.writeHead(second ? 500 : 200, { 'content-type': 'application/json' });
      outgoing.end(
        JSON.stringify(second ? { code: 500, message: 'overloaded' } : { message: 'OK', data: full }),
      );
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = failing.address() as AddressInfo;
      const result = await runInProcess(['connection', 'list', '--all', '--format', 'json'], {
        env: mockEnv(`http://127.0.0.1:${port}`),
      });
      expect(result.status).toBe(1);
      expect((JSON.parse(result.stderr) as { error: { type: string; status: number } }).error).toMatchObject({
        type: 'InternalServerError',
        status: 500,
      });
    } finally {
      await new Promise((resolve) => failing.close(resolve));
    }
  });
});

describe('a server that ignores page', () => {
  it('fails list --all, export and test --all as an API failure (exit 1), not a usage error', async () => {
    // Each page is the first page again: a walk over the pages would never end.
    const full = Array.from({ length: 100 }, (_, index) => ({
      connection_id: `conn_Same${String(index).padStart(4, '0')}`,
      company_id: DEMO_COMPANY_ID,
      engine_id: 1,
      name: `same ${index}`,
    }));
    const proxy = await startRewritingProxy(server.url, (body, path) =>
      path.endsWith('/connections') ? { ...body, data: full } : body,
    );
    try {
      for (const args of [['connection', 'list', '--all'], ['export'], ['connection', 'test', '--all']]) {
        const result = await runInProcess([...args, '--format', 'json'], { env: mockEnv(proxy.url) });
        expect(result.status, args.join(' ')).toBe(1);
        expect(result.stderr, args.join(' ')).toContain('Page 2 repeats the page before');
      }
    } finally {
      await proxy.close();
    }
  });
});
