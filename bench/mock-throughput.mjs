// Throughput, p99 latency and memory of `spartera-mock` (request validation on) against Prism 5.14.2
// mocking the same spec and a bare node:http server returning a fixed body of the same size. Each
// server runs in its own process; the load generator (keep-alive node:http clients) runs here.
// Usage: node bench/mock-throughput.mjs [--quick] [--duration SECONDS] [--connections N] [--rounds N]
import { writeResult } from './lib/results.mjs';
import { median } from './lib/stats.mjs';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';

const benchDir = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    connections: { type: 'string' },
    rounds: { type: 'string' },
  },
});
const quick = flags.quick;
const roundSeconds = quick ? 1.5 : 5;
const rounds = Number(flags.rounds ?? (quick ? 1 : 3));
const memorySeconds = Number(flags.duration ?? (quick ? 3 : 60));
const connections = Number(flags.connections ?? 16);
for (const [name, value] of [
  ['rounds', rounds],
  ['duration', memorySeconds],
  ['connections', connections],
]) {
  if (!Number.isFinite(value) || value <= 0 || value > 3600)
    throw new Error(`--${name} must be a positive number, got ${value}`);
}
const PATH = `/companies/${DEMO_COMPANY_ID}/connections`;
const MAX_SAMPLES = 2_000_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a server process and resolves with its base URL once it answers. */
async function startProcess(name, command, args, { cwd, env, urlFromOutput, fixedUrl }) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  let url = fixedUrl;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited early:\n${output}`);
    url ??= urlFromOutput?.(output);
    if (url) {
      const status = await probe(url).catch(() => 0);
      if (status === 200) return { child, url, name };
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not answer within 30 s:\n${output}`);
}

function probe(url) {
  return new Promise((resolve, reject) => {
    const req = request(url + PATH, { headers: { 'x-api-key': DEMO_API_KEY } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('probe timed out')));
    req.end();
  });
}

async function stopProcess(server) {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await Promise.race([exited, sleep(3000)]);
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
}

/** CPU time the process has used (user + system), in microseconds, from /proc. */
function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime, in clock ticks of 10 ms on Linux.
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kib / 1024;
}

/** `connections` keep-alive clients in a loop for `seconds`; returns req/s, p99 and error count. */
async function load(url, seconds) {
  const target = new URL(url + PATH);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const options = {
    host: target.hostname,
    port: target.port,
    path: PATH,
    agent,
    headers: { 'x-api-key': DEMO_API_KEY },
  };
  const latencies = new Float64Array(MAX_SAMPLES);
  let completed = 0;
  let errors = 0;
  const endAt = performance.now() + seconds * 1000;
  const one = () =>
    new Promise((resolve) => {
      const started = performance.now();
      const req = request(options, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          if (res.statusCode !== 200) errors += 1;
          if (completed < MAX_SAMPLES) latencies[completed] = performance.now() - started;
          completed += 1;
          resolve();
        });
      });
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end();
    });
  const client = async () => {
    while (performance.now() < endAt && completed < MAX_SAMPLES) await one();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, client));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = latencies.slice(0, Math.min(completed, MAX_SAMPLES)).sort();
  const p99 =
    sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))];
  return { rps: completed / elapsed, p99, errors, completed };
}

const spread = (values, digits = 0) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

const cli = join(dirname(require.resolve('@spartera/testing/package.json')), 'dist', 'cli.js');
const servers = [];
try {
  const mock = await startProcess('spartera-mock', process.execPath, [cli, '--port', '0'], {
    urlFromOutput: (output) => /^listening on (\S+)$/m.exec(output)?.[1],
  });
  servers.push(mock);
  const rssStart = rssMiB(mock.child.pid);
  const fixedBody = await new Promise((resolve, reject) => {
    request(mock.url + PATH, { headers: { 'x-api-key': DEMO_API_KEY } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
  const barePort = 20_000 + Math.floor(Math.random() * 20_000);
  const bareSource = `const body = Buffer.from(process.env.BODY);
require('node:http').createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
}).listen(${barePort}, '127.0.0.1');`;
  const bare = await startProcess('bare node:http', process.execPath, ['-e', bareSource], {
    env: { BODY: fixedBody },
    fixedUrl: `http://127.0.0.1:${barePort}`,
  });
  servers.push(bare);
  const prismPort = 20_000 + Math.floor(Math.random() * 20_000);
  const prism = await startProcess(
    'Prism 5.14.2',
    join(benchDir, 'node_modules', '.bin', 'prism'),
    ['mock', '../openapi/spartera.yaml', '-p', String(prismPort), '-h', '127.0.0.1'],
    { cwd: benchDir, fixedUrl: `http://127.0.0.1:${prismPort}` },
  );
  servers.push(prism);

  const results = new Map(servers.map((server) => [server.name, { rps: [], p99: [], cpu: [], errors: 0 }]));
  // Warm every server up (JIT, lazy validator compiles) before measuring.
  for (const server of servers) await load(server.url, quick ? 0.3 : 1);
  for (let round = 0; round < rounds; round++) {
    for (const server of servers) {
      const cpuBefore = cpuMicros(server.child.pid);
      const { rps, p99, errors, completed } = await load(server.url, roundSeconds);
      const entry = results.get(server.name);
      entry.rps.push(rps);
      entry.p99.push(p99);
      // CPU per request does not depend on how busy the machine is, unlike requests per second.
      entry.cpu.push((cpuMicros(server.child.pid) - cpuBefore) / Math.max(1, completed));
      entry.errors += errors;
    }
  }
  const rssWarm = rssMiB(mock.child.pid);
  const samples = [];
  const sampler = setInterval(() => samples.push(rssMiB(mock.child.pid)), 1000);
  const sustained = await load(mock.url, memorySeconds);
  clearInterval(sampler);
  const rssEnd = rssMiB(mock.child.pid);

  const of = (name) => results.get(name);
  const mockRps = median(of('spartera-mock').rps);
  const prismRps = median(of('Prism 5.14.2').rps);
  const bareRps = median(of('bare node:http').rps);
  const cpuRatio = median(of('spartera-mock').cpu) / median(of('bare node:http').cpu);
  const overPrism = mockRps / prismRps;
  const bareOverMock = bareRps / mockRps;
  const growth = rssEnd / rssWarm;
  const rows = [];
  for (const [name, entry] of results) {
    rows.push({
      name: `${name}: GET list throughput`,
      median: Math.round(median(entry.rps)),
      unit: 'req/s',
      spread: spread(entry.rps),
    });
  }
  for (const [name, entry] of results) {
    rows.push({
      name: `${name}: p99 latency`,
      median: Number(median(entry.p99).toFixed(2)),
      unit: 'ms',
      spread: spread(entry.p99, 2),
    });
  }
  for (const [name, entry] of results) {
    rows.push({
      name: `${name}: CPU per request`,
      median: Number(median(entry.cpu).toFixed(1)),
      unit: 'µs',
      spread: spread(entry.cpu, 1),
    });
  }
  rows.push(
    {
      name: 'spartera-mock vs Prism (throughput)',
      median: Number(overPrism.toFixed(2)),
      unit: 'x',
      ratio: Number(overPrism.toFixed(2)),
      anchor: 'Prism 5.14.2',
      budget: '>= 5',
      pass: overPrism >= 5,
    },
    {
      name: 'bare node:http vs spartera-mock (throughput)',
      median: Number(bareOverMock.toFixed(2)),
      unit: 'x',
      ratio: Number(bareOverMock.toFixed(2)),
      anchor: 'spartera-mock',
      budget: '<= 1.2',
      pass: bareOverMock <= 1.2,
    },
    {
      name: 'spartera-mock vs bare node:http (CPU per request)',
      median: Number(cpuRatio.toFixed(2)),
      unit: 'x',
      ratio: Number(cpuRatio.toFixed(2)),
      anchor: 'bare node:http',
    },
    { name: 'spartera-mock RSS at start', median: Number(rssStart.toFixed(1)), unit: 'MiB' },
    {
      name: 'spartera-mock RSS after warm-up and timed rounds',
      median: Number(rssWarm.toFixed(1)),
      unit: 'MiB',
    },
    {
      name: `spartera-mock RSS after ${memorySeconds} s more load`,
      median: Number(rssEnd.toFixed(1)),
      unit: 'MiB',
      spread: samples.length ? spread(samples, 1) : undefined,
    },
    {
      name: 'spartera-mock RSS growth under sustained load',
      median: Number(growth.toFixed(2)),
      unit: 'x',
      ratio: Number(growth.toFixed(2)),
      anchor: 'RSS after warm-up',
      budget: '<= 1.3',
      pass: growth <= 1.3,
    },
  );
  const errorCount =
    [...results.values()].reduce((total, entry) => total + entry.errors, 0) + sustained.errors;
  const notes = [
    `${connections} concurrent keep-alive node:http clients in the bench process; each server in its own process; loopback only.`,
    `${rounds} round(s) of ${roundSeconds} s per server, servers interleaved; medians of the rounds, spread = min–max.`,
    'CPU per request: user + system time of the server process over a timed round (from /proc, 10 ms ticks), divided by the requests it answered; unlike throughput it holds on a busy machine.',
    `Memory: ${memorySeconds} s of sustained load on spartera-mock after the timed rounds (${sustained.completed} requests).`,
    "spartera-mock validates every request against the OpenAPI document (ajv) and serves the stateful demo data set; Prism serves the spec example; the bare server returns the mock's own first-page body.",
    "Prism answers with the spec's example (`data: []`, 58 bytes), a far lighter body than the mock's first page (12 demo connections, about 4.6 KB).",
    ...(availableParallelism() <= 2
      ? [
          'With 2 cores the load generator and the server under test each get about one: the bare server is likely bounded by the client, so bare/mock understates the gap rather than overstating it.',
        ]
      : []),
    `Non-200 answers or errors during the run: ${errorCount}.`,
    `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}.`,
  ];
  const result = { title: 'spartera-mock throughput vs Prism and a bare node:http server', rows, notes };
  await writeResult('mock-throughput', result);

  console.log(result.title);
  const width = Math.max(...rows.map((row) => row.name.length));
  for (const row of rows) {
    const verdict =
      row.pass === undefined
        ? ''
        : row.pass
          ? `  budget ${row.budget}: pass`
          : `  budget ${row.budget}: FAIL`;
    console.log(
      `${row.name.padEnd(width)}  ${String(row.median).padStart(10)} ${row.unit.padEnd(5)}${row.spread ? ` (${row.spread})` : ''}${verdict}`,
    );
  }
  for (const note of notes) console.log(`- ${note}`);
  if (errorCount > 0) process.exitCode = 1;
} finally {
  for (const server of servers) await stopProcess(server);
}
