// The README's proxy example, run as written (its block is skipped by the generic README runner):
// a Node process routes the client through undici's ProxyAgent to a proxy this test starts.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ok, startObservedServer, TEST_COMPANY, TEST_KEY } from '../helpers/observed.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** The block that follows the README's proxy skip marker, as written. */
async function proxyExample(): Promise<string> {
  const readme = await readFile(path.join(packageDir, 'README.md'), 'utf8');
  const match = /<!-- readme-test: skip: [^>]*proxy\.test\.ts[^>]*-->\s*```js\n([\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error('README.md has no proxy example after its skip marker');
  return match[1];
}

/** A forward proxy that tunnels CONNECT and relays plain requests, recording each target. */
async function startProxy(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const proxy: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = connect(Number(target.port), target.hostname, () => {
      upstream.write(`${req.method} ${target.pathname}${target.search} HTTP/1.1\r\n`);
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        upstream.write(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`);
      upstream.write('\r\n');
      req.pipe(upstream);
      upstream.pipe(res.socket!);
    });
  });
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, seen };
}

describe('the README proxy example', () => {
  it('routes every request through the proxy given in HTTPS_PROXY', async () => {
    const api = await startObservedServer();
    api.setHandler(() =>
      ok([
        { connection_id: 'conn_1', company_id: TEST_COMPANY, engine_id: 1, name: 'Acme BigQuery warehouse' },
        { connection_id: 'conn_2', company_id: TEST_COMPANY, engine_id: 5, name: 'Finance on Snowflake' },
      ]),
    );
    const proxy = await startProxy();
    // Inside the package, so that `@spartera/client` resolves to this build and `undici` to its dev dependency.
    const dir = await mkdtemp(path.join(packageDir, '.proxy-example-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const program = path.join(dir, 'proxy-example.mjs');
    await writeFile(program, await proxyExample());
    const { stdout, stderr } = await run(process.execPath, [program], {
      cwd: dir,
      env: {
        ...process.env,
        HTTPS_PROXY: proxy.url,
        SPARTERA_API_KEY: TEST_KEY,
        SPARTERA_COMPANY_ID: TEST_COMPANY,
        SPARTERA_API_BASE_URL: api.url,
      },
      timeout: 60_000,
    });
    expect(stderr).toBe('');
    expect(stdout).toBe('Acme BigQuery warehouse\nFinance on Snowflake\n');
    const apiHost = new URL(api.url).host;
    expect(proxy.seen.length).toBeGreaterThanOrEqual(1);
    expect(
      proxy.seen.every((line) => line === `CONNECT ${apiHost}` || line.startsWith(`GET ${api.url}/`)),
    ).toBe(true);
    expect(api.requests.map((request) => request.path)).toEqual([`/companies/${TEST_COMPANY}/connections`]);
    expect(api.requests[0]!.headers['x-api-key']).toBe(TEST_KEY);
  }, 90_000);
});
