/**
 * spartera-mock: the mock API on a port, for trying a client or an app by hand, or for a test suite
 * in another language. The first line of output is always `listening on URL`, so scripts can read it.
 */
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONTROL_PREFIX } from './control/api.js';
import { FAULT_FLAG_HELP, flagKeyOf, parseFaultFlag } from './control/fault-flag.js';
import { applyFaultRequests, FaultRequestError } from './control/faults.js';
import type { Latency } from './engine/faults.js';
import { maskSecret } from './engine/request-log.js';
import { MAX_STATE_CONNECTIONS, StateError } from './engine/state.js';
import { DEMO_API_KEY, DEMO_COMPANY_ID } from './fixtures/demo.js';
import type { MockServer } from './server.js';
import { createMockServer } from './server.js';

const TOKEN_VARIABLE = 'SPARTERA_MOCK_CONTROL_TOKEN';
/** A state file larger than this is refused rather than read into memory (200,000 connections fit). */
const MAX_STATE_FILE_BYTES = 256 * 1_048_576;

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
  --state FILE           Start from the store saved in FILE (when it exists) and write the store
                         back to FILE, atomically, on SIGINT or SIGTERM: local data survives
                         restarts. Credentials are saved only as "stored", never their value.
  --latency MS|MIN-MAX   Delay every response by MS, or by a random time between MIN and MAX
  --fail-rate R          Fail this share of requests (0..1) at random with 429, 500, 503 or a reset
  --fault SPEC           Queue a fault before serving; repeat for several (see Faults below)
  --cors ORIGIN          Answer browsers from ORIGIN (* for any), preflight requests included
  --no-control           Turn off the control API (${CONTROL_PREFIX}/faults, /requests, /reset, /state)
  --control-token TOKEN  Require "Authorization: Bearer TOKEN" on every control request; needed
                         for the control API on a non-loopback --host (or set the token in
                         ${TOKEN_VARIABLE})
  --log                  Print one line per request (method, path, status; keys masked)
  --help                 Show this help
  --version              Show the version

Faults: --fault takes comma-separated key=value pairs (quote them in the shell):
${FAULT_FLAG_HELP}
For example:
  --fault 'status=429,retry-after=2,count=3,op=listConnections'
  --fault 'drop=after,op=createConnection' --fault 'slow-body=16:50,op=getConnectionSampleData'

The control API (on by default on loopback) drives the mock over HTTP from any language:
  GET|POST|DELETE ${CONTROL_PREFIX}/faults   GET|DELETE ${CONTROL_PREFIX}/requests   POST ${CONTROL_PREFIX}/reset
  GET|PUT ${CONTROL_PREFIX}/state           GET ${CONTROL_PREFIX} lists every route

API keys and the control token are printed with all but their last 4 characters masked.
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

/** The parsed contents of the state file, or undefined when it does not exist yet (it will on exit). */
function readStateFile(file: string, name: string): unknown {
  if (!existsSync(file)) {
    try {
      accessSync(dirname(file), constants.W_OK);
    } catch {
      fail(`--state ${name}: the directory ${dirname(file)} does not exist or is not writable`);
    }
    return undefined;
  }
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_STATE_FILE_BYTES)
      fail(`--state ${name} is ${size} bytes, over the ${MAX_STATE_FILE_BYTES} limit`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`--state ${name} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    fail(`--state ${name} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * Writes the store to `file` so that a reader sees the old file or the new one, never half of one:
 * a temporary file next to it, flushed to disk, then renamed over it. One connection per line keeps
 * the file readable and diffable, and lets a large store be written without one huge string.
 */
function writeStateFile(file: string, server: MockServer): number {
  const state = server.store.state();
  const count = state.connections.length;
  if (count > MAX_STATE_CONNECTIONS) {
    throw new Error(
      `the store holds ${count} connections, more than a state file keeps (${MAX_STATE_CONNECTIONS})`,
    );
  }
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    const descriptor = openSync(temporary, 'w', 0o644);
    try {
      let pending = `{\n  "format": ${JSON.stringify(state.format)},\n  "connections": [\n`;
      state.connections.forEach((entry, index) => {
        pending += `    ${JSON.stringify(entry)}${index < count - 1 ? ',' : ''}\n`;
        if (pending.length > 1_048_576) {
          writeSync(descriptor, pending);
          pending = '';
        }
      });
      writeSync(descriptor, `${pending}  ]\n}\n`);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return count;
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
        state: { type: 'string' },
        latency: { type: 'string' },
        'fail-rate': { type: 'string' },
        fault: { type: 'string', multiple: true },
        cors: { type: 'string' },
        'no-control': { type: 'boolean' },
        'control-token': { type: 'string' },
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
  const host = values.host ?? '127.0.0.1';
  const noControl = values['no-control'] === true;
  const token = values['control-token'] ?? process.env[TOKEN_VARIABLE];
  if (token !== undefined && !/^[\x21-\x7e]{8,512}$/.test(token)) {
    fail(`--control-token must be 8 to 512 printable characters without spaces`);
  }
  if (noControl && values['control-token'] !== undefined) {
    fail('--no-control and --control-token contradict each other: give one of them');
  }
  const faultSpecs = (values.fault ?? []).map((spec) => {
    try {
      return { spec, fault: parseFaultFlag(spec, (path) => readFileSync(path, 'utf8')) };
    } catch (error) {
      fail(`--fault "${spec}" ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  if (values.state === '') fail('--state needs a file name');
  const stateFile = values.state === undefined ? undefined : resolve(values.state);
  /** The state file as the user named it, for messages. */
  const stateName = values.state ?? '';
  const initialState = stateFile === undefined ? undefined : readStateFile(stateFile, stateName);

  let server: MockServer;
  try {
    server = await createMockServer({
      port,
      host,
      apiKeys: Object.fromEntries(keys.map((key) => [key, companies])),
      dataset,
      ...(cors === undefined ? {} : { cors: cors === '*' ? true : cors }),
      demoCompanyId: companies[0] ?? DEMO_COMPANY_ID,
      ...(seed === undefined ? {} : { seed }),
      ...(extra === undefined ? {} : { extraConnections: extra }),
      ...(initialState === undefined ? {} : { initialState }),
      ...(latency === undefined ? {} : { latencyMs: latency }),
      ...(failRate === undefined ? {} : { failRate }),
      ...(noControl ? { control: false } : {}),
      ...(token === undefined || noControl ? {} : { controlToken: token }),
      ...(values.log
        ? {
            onRequest: (entry) => {
              process.stdout.write(
                `${entry.method} ${entry.path} ${entry.status === 0 ? 'dropped' : entry.status}\n`,
              );
            },
            onControlRequest: (entry) => {
              process.stdout.write(`${entry.method} ${entry.path} ${entry.status} (control)\n`);
            },
          }
        : {}),
    });
  } catch (error) {
    if (error instanceof StateError) fail(`--state ${stateName}: ${error.message}`);
    throw error;
  }
  for (const { spec, fault } of faultSpecs) {
    try {
      applyFaultRequests(server.faults, fault);
    } catch (error) {
      await server.close();
      if (error instanceof FaultRequestError) {
        const problems = Object.entries(error.errors).map(
          ([field, messages]) => `${flagKeyOf(field)} ${messages.join(', ')}`,
        );
        fail(`--fault "${spec}": ${problems.join('; ')}`);
      }
      fail(`--fault "${spec}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // Installed before the first line of output: a supervisor that reads `listening on` and stops the
  // mock at once still gets a clean shutdown and its state written.
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second signal while the state is written or the server closes changes nothing: the write
    // is synchronous and atomic, so it is never left half done.
    if (stopping) return;
    stopping = true;
    let exitCode = 0;
    if (stateFile !== undefined) {
      try {
        const count = writeStateFile(stateFile, server);
        process.stderr.write(`spartera-mock: wrote ${count} connections to ${stateName}\n`);
      } catch (error) {
        exitCode = 1;
        const reason =
          (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
        process.stderr.write(
          `spartera-mock: could not write the state to ${stateName} (left as it was): ${reason}\n`,
        );
      }
    }
    server.close().then(
      () => {
        process.stderr.write(`spartera-mock: stopped on ${signal}\n`);
        process.exit(exitCode);
      },
      (error: unknown) => {
        process.stderr.write(`spartera-mock: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  process.stdout.write(`listening on ${server.url}\n`);
  for (const key of keys) {
    const note = key === DEMO_API_KEY ? ' (the public demo key; spartera-mock --help shows it)' : '';
    process.stdout.write(`api key ${maskSecret(key)}${note} -> companies ${companies.join(', ')}\n`);
  }
  const { control } = server;
  if (control.enabled) {
    process.stdout.write(
      control.tokenRequired
        ? `control API on ${control.url}; every control request needs "Authorization: Bearer ${maskSecret(token ?? '')}"\n`
        : `control API on ${control.url} (loopback only, no token)\n`,
    );
  } else if (noControl) {
    process.stdout.write('control API off (--no-control)\n');
  } else {
    process.stdout.write(
      `control API off: ${host} is not loopback; give --control-token TOKEN (or ${TOKEN_VARIABLE}) to turn it on\n`,
    );
  }
  if (stateFile !== undefined) {
    // The saved store replaces the data set: say so when the command line asked for one.
    const unused = ['dataset', 'extra-connections'].filter((flag) => values[flag as 'dataset'] !== undefined);
    const ignored =
      unused.length === 0 ? '' : ` (${unused.map((flag) => `--${flag}`).join(' and ')} not used)`;
    process.stdout.write(
      initialState === undefined
        ? `state: ${stateName} does not exist yet; the store is written there on exit\n`
        : `state: ${server.store.connectionCount} connections loaded from ${stateName}${ignored}; written back on exit\n`,
    );
  }
  if (faultSpecs.length > 0) {
    process.stdout.write(`faults: ${server.faults.pending()} requests will get a queued fault\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`spartera-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
