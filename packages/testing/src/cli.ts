/**
 * spartera-mock: the mock API on a port, for trying a client or an app by hand, or for a test suite
 * in another language. The first line of output is always `listening on URL`, so scripts can read it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Latency } from './engine/faults.js';
import { maskSecret } from './engine/request-log.js';
import { DEMO_API_KEY, DEMO_COMPANY_ID } from './fixtures/demo.js';
import { createMockServer } from './server.js';

const HELP = `Usage: spartera-mock [options]

Serves a stateful mock of the Spartera Connections API, validated against its OpenAPI document,
until SIGINT or SIGTERM. The first output line is "listening on http://HOST:PORT".

Options:
  --port N               Port to listen on; 0 picks a free one (default 0)
  --host HOST            Interface to bind (default 127.0.0.1, loopback only)
  --api-key KEY          An accepted x-api-key; repeat for several (default: the demo key
                         ${DEMO_API_KEY})
  --company-id ID        A company the keys may access; repeat for several (default ${DEMO_COMPANY_ID}).
                         The first one holds the demo company's connections.
  --seed N               Seed of generated ids, random latency and random failures (default 1)
  --dataset NAME         demo (default): demo companies and connections; empty: none
  --extra-connections N  Add N generated connections to the first company, for load tests (default 0)
  --latency MS|MIN-MAX   Delay every response by MS, or by a random time between MIN and MAX
  --fail-rate R          Fail this share of requests (0..1) at random with 429, 500, 503 or a reset
  --cors ORIGIN          Answer browsers from ORIGIN (* for any), preflight requests included
  --log                  Print one line per request (method, path, status; keys masked)
  --help                 Show this help
  --version              Show the version

API keys are printed with all but their last 4 characters masked.
`;

function fail(message: string): never {
  process.stderr.write(`spartera-mock: ${message}\nRun "spartera-mock --help" for the options.\n`);
  process.exit(2);
}

function integerFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < min || number > max) {
    fail(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

function latencyFlag(value: string | undefined): Latency | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(value.trim());
  if (!match) fail(`--latency must be milliseconds (50) or a range (20-200), got "${value}"`);
  const min = Number(match[1]);
  if (match[2] === undefined) return min;
  const max = Number(match[2]);
  if (max < min) fail(`--latency range must be MIN-MAX with MIN ≤ MAX, got "${value}"`);
  return [min, max];
}

function rateFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const rate = Number(value);
  if (value.trim() === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    fail(`--fail-rate must be a number from 0 to 1, got "${value}"`);
  }
  return rate;
}

function version(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return packageJson.version;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'api-key': { type: 'string', multiple: true },
        'company-id': { type: 'string', multiple: true },
        seed: { type: 'string' },
        dataset: { type: 'string' },
        'extra-connections': { type: 'string' },
        latency: { type: 'string' },
        'fail-rate': { type: 'string' },
        cors: { type: 'string' },
        log: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return;
  }
  const keys = values['api-key'] ?? [DEMO_API_KEY];
  if (keys.some((key) => key.trim() === '')) fail('--api-key must not be empty');
  const companies = values['company-id'] ?? [DEMO_COMPANY_ID];
  for (const company of companies) {
    if (!/^[a-zA-Z0-9_-]{1,255}$/.test(company)) {
      fail(`--company-id must be 1..255 characters of letters, digits, _ or -, got "${company}"`);
    }
  }
  const dataset = values.dataset ?? 'demo';
  if (dataset !== 'demo' && dataset !== 'empty') fail(`--dataset must be demo or empty, got "${dataset}"`);
  const port = integerFlag('port', values.port, 0, 65_535) ?? 0;
  const seed = integerFlag('seed', values.seed, 0, 2 ** 31 - 1);
  const extra = integerFlag('extra-connections', values['extra-connections'], 0, 1_000_000);
  const latency = latencyFlag(values.latency);
  const failRate = rateFlag(values['fail-rate']);
  const cors = values.cors;
  if (cors !== undefined && cors !== '*' && !/^https?:\/\/[^/\s]+$/.test(cors)) {
    fail(`--cors must be * or an origin such as http://localhost:5173, got "${cors}"`);
  }

  const server = await createMockServer({
    port,
    host: values.host ?? '127.0.0.1',
    apiKeys: Object.fromEntries(keys.map((key) => [key, companies])),
    dataset,
    ...(cors === undefined ? {} : { cors: cors === '*' ? true : cors }),
    demoCompanyId: companies[0] ?? DEMO_COMPANY_ID,
    ...(seed === undefined ? {} : { seed }),
    ...(extra === undefined ? {} : { extraConnections: extra }),
    ...(latency === undefined ? {} : { latencyMs: latency }),
    ...(failRate === undefined ? {} : { failRate }),
    ...(values.log
      ? {
          onRequest: (entry) => {
            process.stdout.write(
              `${entry.method} ${entry.path} ${entry.status === 0 ? 'dropped' : entry.status}\n`,
            );
          },
        }
      : {}),
  });
  process.stdout.write(`listening on ${server.url}\n`);
  for (const key of keys) {
    const note = key === DEMO_API_KEY ? ' (the public demo key; spartera-mock --help shows it)' : '';
    process.stdout.write(`api key ${maskSecret(key)}${note} -> companies ${companies.join(', ')}\n`);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => {
        process.stderr.write(`spartera-mock: stopped on ${signal}\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`spartera-mock: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`spartera-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
