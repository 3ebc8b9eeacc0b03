import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, DEMO_COMPANY_ID, STATE_FORMAT } from '../../src/index.js';
import { checkBuilt, killChildren, run, startServer } from '../support/cli.js';
import { control } from '../support/control.js';

const workDir = mkdtempSync(join(tmpdir(), 'spartera-mock-cli-'));
beforeAll(checkBuilt);
// The tests run concurrently (each spawns its own mock on its own port, in its own directory): the
// children are killed once all are done, not after each test, which would kill a neighbour's.
afterAll(() => {
  killChildren();
  rmSync(workDir, { recursive: true, force: true });
});

/** A directory of its own for a test, so that concurrent tests never see each other's files. */
function ownDir(name: string): string {
  return mkdtempSync(join(workDir, `${name}-`));
}

const headers = { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json' };

async function createConnection(url: string, name: string, credentials?: string): Promise<string> {
  const response = await fetch(`${url}/companies/${DEMO_COMPANY_ID}/connections`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      company_id: DEMO_COMPANY_ID,
      engine_id: 1,
      name,
      ...(credentials ? { credentials } : {}),
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { connection_id: string } }).data.connection_id;
}

async function names(url: string): Promise<string[]> {
  const response = await fetch(`${url}/companies/${DEMO_COMPANY_ID}/connections?limit=100`, { headers });
  return ((await response.json()) as { data: { name: string }[] }).data.map((connection) => connection.name);
}

describe.concurrent('--state FILE', () => {
  it('writes the store atomically on SIGTERM and loads it on the next start; reset returns to it', async () => {
    const dir = ownDir('sigterm');
    const file = join(dir, 'missing', 'state.json');
    const missingDir = await run(['--state', file]);
    expect(missingDir.code).toBe(2);
    expect(missingDir.stderr).toContain(
      `--state ${file}: the directory ${join(dir, 'missing')} does not exist`,
    );

    const stateFile = join(dir, 'state.json');
    const first = await startServer(['--state', stateFile], 4);
    expect(first.lines[3]).toBe(`state: ${stateFile} does not exist yet; the store is written there on exit`);
    const secret = 'cli-state-secret-value-123';
    const id = await createConnection(first.url, 'Survives restarts', secret);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.errors()).toContain(`wrote 17 connections to ${stateFile}`);

    const saved = readFileSync(stateFile, 'utf8');
    expect(saved).not.toContain(secret);
    const document = JSON.parse(saved) as {
      format: string;
      connections: { connection: { connection_id: string }; hasCredentials: boolean }[];
    };
    expect(document.format).toBe(STATE_FORMAT);
    expect(document.connections.find((entry) => entry.connection.connection_id === id)?.hasCredentials).toBe(
      true,
    );
    // Only the file: the temporary one was renamed over it.
    expect(readdirSync(dir)).toEqual(['state.json']);

    const second = await startServer(['--state', stateFile, '--dataset', 'empty'], 4);
    expect(second.lines[3]).toBe(
      `state: 17 connections loaded from ${stateFile} (--dataset not used); written back on exit`,
    );
    expect(await names(second.url)).toContain('Survives restarts');
    // The loaded state is where reset goes back to, not the data set.
    await createConnection(second.url, 'Not for long');
    expect((await control(second, 'POST', '/__spartera/reset')).body.connections).toBe(17);
    const afterReset = await names(second.url);
    expect(afterReset).toContain('Survives restarts');
    expect(afterReset).not.toContain('Not for long');
    expect(await second.stop('SIGINT')).toBe(0);
  });

  it('survives a second SIGINT during the write, and leaves a complete file', async () => {
    const dir = ownDir('double-signal');
    const stateFile = join(dir, 'double-signal.json');
    const server = await startServer(['--state', stateFile, '--extra-connections', '20000'], 4);
    await createConnection(server.url, 'Written once');
    const exited = new Promise<number | null>((resolve) => server.child.on('close', resolve));
    server.child.kill('SIGINT');
    server.child.kill('SIGINT');
    setTimeout(() => server.child.kill('SIGINT'), 5);
    expect(await exited).toBe(0);
    const document = JSON.parse(readFileSync(stateFile, 'utf8')) as { connections: unknown[] };
    expect(document.connections).toHaveLength(16 + 20_000 + 1);
    expect(readdirSync(dir)).toEqual(['double-signal.json']);
  });

  it('reads a state file saved with a byte order mark, and writes the store on SIGHUP too', async () => {
    const stateFile = join(ownDir('sighup'), 'state.json');
    // What Windows editors and PowerShell's Set-Content save: a byte order mark, then the JSON.
    writeFileSync(stateFile, `\uFEFF${JSON.stringify({ format: STATE_FORMAT, connections: [] })}`);
    const server = await startServer(['--state', stateFile], 4);
    expect(server.lines[3]).toBe(`state: 0 connections loaded from ${stateFile}; written back on exit`);
    await createConnection(server.url, 'Saved on hang-up');
    // SIGHUP: the terminal the mock runs in was closed.
    expect(await server.stop('SIGHUP')).toBe(0);
    expect(server.errors()).toContain(`wrote 1 connection to ${stateFile}`);
    expect(readFileSync(stateFile, 'utf8')).toContain('Saved on hang-up');
  });

  it('removes the temporary file a run killed during its write left behind, and only that', async () => {
    const dir = ownDir('killed');
    const stateFile = join(dir, 'state.json');
    writeFileSync(stateFile, JSON.stringify({ format: STATE_FORMAT, connections: [] }));
    // A process that has ended: what SIGKILL in the middle of a write leaves is its temporary file.
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dir, `.state.json.${deadPid}.tmp`), '{"format": "spartera-mock-state/1", "conn');
    // One of a process that still runs (this one) may be another mock writing: it stays.
    writeFileSync(join(dir, `.state.json.${process.pid}.tmp`), '');
    writeFileSync(join(dir, 'notes.tmp'), 'mine');
    const server = await startServer(['--state', stateFile], 5);
    expect(server.lines[4]).toBe(
      `state: removed 1 unfinished temporary file of a run killed while writing ${stateFile}`,
    );
    expect(readdirSync(dir).sort()).toEqual([`.state.json.${process.pid}.tmp`, 'notes.tmp', 'state.json']);
    expect(await server.stop()).toBe(0);
  });

  it('refuses a state file that is not valid, naming the record, and leaves the file alone', async () => {
    const stateFile = join(ownDir('invalid'), 'invalid.json');
    const invalid = {
      format: STATE_FORMAT,
      connections: [
        { connection: { connection_id: 'conn_one', company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'One' } },
        {
          connection: { connection_id: 'conn_two', company_id: DEMO_COMPANY_ID, engine_id: 404, name: 'Two' },
        },
      ],
    };
    writeFileSync(stateFile, JSON.stringify(invalid));
    const before = statSync(stateFile).mtimeMs;
    const result = await run(['--state', stateFile]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `--state ${stateFile}: Invalid state: connections[1] (conn_two): connection.engine_id 404 does not name a storage engine`,
    );
    expect(statSync(stateFile).mtimeMs).toBe(before);

    writeFileSync(stateFile, '{"format": "spartera-mock-state/1", "connections": [');
    const broken = await run(['--state', stateFile]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`--state ${stateFile} is not valid JSON (`);
  });
});

describe.concurrent('the control API from the command line', () => {
  it('is on for loopback, and says so', async () => {
    const server = await startServer(['--log'], 3);
    expect(server.lines[2]).toBe(`control API on ${server.url}/__spartera (loopback only, no token)`);
    expect(
      (await control(server, 'POST', '/__spartera/faults', { body: { type: 'status', status: 503 } })).status,
    ).toBe(201);
    const response = await fetch(`${server.url}/cloud-providers`, { headers });
    expect(response.status).toBe(503);
    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('POST /__spartera/faults 201 (control)');
    expect(server.output()).toContain('GET /cloud-providers 503');
  });

  it('is off on a non-loopback --host without a token, and says how to turn it on', async () => {
    const server = await startServer(['--host', '0.0.0.0'], 3);
    expect(server.lines[2]).toBe(
      'control API off: 0.0.0.0 is not loopback; give --control-token TOKEN (or SPARTERA_MOCK_CONTROL_TOKEN) to turn it on',
    );
    const port = new URL(server.url).port;
    const off = await control({ url: `http://127.0.0.1:${port}` }, 'POST', '/__spartera/reset');
    expect(off.status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/cloud-providers`, { headers })).status).toBe(200);
  });

  it('needs the token on every control request with --control-token, and never prints it', async () => {
    const token = 'ci-network-token-8f3a';
    const server = await startServer(['--host', '0.0.0.0', '--control-token', token], 3);
    expect(server.lines[2]).toBe(
      `control API on ${server.url}/__spartera; every control request needs "Authorization: Bearer ****8f3a"`,
    );
    const local = { url: `http://127.0.0.1:${new URL(server.url).port}` };
    expect((await control(local, 'GET', '/__spartera/state')).status).toBe(401);
    expect(
      (await control(local, 'GET', '/__spartera/state', { token: 'ci-network-token-0000' })).status,
    ).toBe(401);
    expect((await control(local, 'GET', '/__spartera/state', { token })).status).toBe(200);
    expect(await server.stop()).toBe(0);
    expect(server.output() + server.errors()).not.toContain(token);
  });

  it('reads the token from SPARTERA_MOCK_CONTROL_TOKEN', async () => {
    const server = await startServer([], 3, { env: { SPARTERA_MOCK_CONTROL_TOKEN: 'token-from-the-env' } });
    expect(server.lines[2]).toContain('needs "Authorization: Bearer ****-env"');
    expect((await control(server, 'GET', '/__spartera')).status).toBe(401);
    expect((await control(server, 'GET', '/__spartera', { token: 'token-from-the-env' })).status).toBe(200);
  });

  it('is off with --no-control', async () => {
    const server = await startServer(['--no-control'], 3);
    expect(server.lines[2]).toBe('control API off (--no-control)');
    const off = await control(server, 'GET', '/__spartera/faults');
    expect(off.status).toBe(404);
    expect(off.body.message).toMatch(/turned off/);
  });

  it('queues --fault flags before serving', async () => {
    const server = await startServer(
      [
        '--fault',
        'status=429,retry-after=2,count=2,op=listConnections',
        '--fault',
        'drop=after,op=createConnection',
        '--fault',
        'status=502, body=<html>proxy</html>, content-type=text/html, op=listCloudProviders',
      ],
      4,
    );
    expect(server.lines[3]).toBe('faults: 4 requests will get a queued fault');
    for (let i = 0; i < 2; i++) {
      const limited = await fetch(`${server.url}/companies/${DEMO_COMPANY_ID}/connections`, { headers });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('2');
      await limited.arrayBuffer();
    }
    const proxy = await fetch(`${server.url}/cloud-providers`, { headers });
    expect(proxy.status).toBe(502);
    expect(await proxy.text()).toBe('<html>proxy</html>');
    await expect(createConnection(server.url, 'Lost answer')).rejects.toThrow(TypeError);
    expect(await names(server.url)).toContain('Lost answer');
  });

  it('says which port is taken when another process listens on it, with exit code 1', async () => {
    const first = await startServer([], 3);
    const port = new URL(first.url).port;
    const second = await run(['--port', port]);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `spartera-mock: port ${port} on 127.0.0.1 is already in use: stop what listens there, or give another --port (0 picks a free one)\n`,
    );
    expect(second.stdout).toBe('');
    expect((await fetch(`${first.url}/cloud-providers`, { headers })).status).toBe(200);
  });

  // Every rule is tested as a function call in command-line.test.ts; these prove, on the built bin,
  // that a --fault mistake found by the parser or by the fault schema ends with exit code 2.
  const badValues: (readonly [readonly string[], string])[] = [
    [['--fault', 'status=429,retry_after=2'], '--fault "status=429,retry_after=2" unknown key "retry_after"'],
    [['--fault', 'status=200'], '--fault "status=200": status must be >= 400'],
  ];
  for (const [args, message] of badValues) {
    it(`rejects ${args.join(' ')} with exit code 2, naming what is wrong`, async () => {
      const { code, stderr, stdout } = await run([...args]);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
      expect(stdout).toBe('');
    });
  }
});
