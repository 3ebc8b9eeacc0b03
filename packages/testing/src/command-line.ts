/**
 * The command line of spartera-mock: every flag checked and turned into options before anything
 * starts, so that a mistake is a usage error naming the flag (exit code 2) and nothing listens yet.
 * Kept apart from the bin so that each rule can be tested as a function call.
 */
import { parseArgs } from 'node:util';
import { CONTROL_PREFIX } from './control/api.js';
import { FAULT_FLAG_HELP, flagKeyOf, parseFaultFlag } from './control/fault-flag.js';
import { checkFaultRequests, FaultRequestError } from './control/faults.js';
import type { FaultRequest } from './control/faults.js';
import type { Latency } from './engine/faults.js';
import { DEMO_API_KEY, DEMO_COMPANY_ID } from './fixtures/demo.js';

/** A mistake on the command line; its message names the flag and what is wrong with it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function usage(message: string): never {
  throw new UsageError(message);
}

export const TOKEN_VARIABLE = 'SPARTERA_MOCK_CONTROL_TOKEN';
export const HELP = `Usage: spartera-mock [options]

Serves a stateful mock of the Spartera Connections API, validated against its OpenAPI document,
until SIGINT, SIGTERM or SIGHUP. The first output line is "listening on http://HOST:PORT".

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
                         back to FILE, atomically, on SIGINT, SIGTERM or SIGHUP: local data survives
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

function integerFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < min || number > max) {
    usage(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

function latencyFlag(value: string | undefined): Latency | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(value.trim());
  if (!match) usage(`--latency must be milliseconds (50) or a range (20-200), got "${value}"`);
  const min = Number(match[1]);
  if (match[2] === undefined) return min;
  const max = Number(match[2]);
  if (max < min) usage(`--latency range must be MIN-MAX with MIN ≤ MAX, got "${value}"`);
  return [min, max];
}

function rateFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const rate = Number(value);
  if (value.trim() === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    usage(`--fail-rate must be a number from 0 to 1, got "${value}"`);
  }
  return rate;
}

/** What the command line asks for, every value checked. */
export interface CommandLine {
  show: undefined;
  port: number;
  host: string;
  keys: string[];
  companies: string[];
  dataset: 'demo' | 'empty';
  seed: number | undefined;
  extraConnections: number | undefined;
  latency: Latency | undefined;
  failRate: number | undefined;
  cors: string | undefined;
  noControl: boolean;
  token: string | undefined;
  /** Each `--fault` as given, with the faults it stands for, already checked. */
  faults: { spec: string; requests: FaultRequest[] }[];
  /** The `--state` file as the user named it. */
  state: string | undefined;
  log: boolean;
  /** Flags that `--state` makes moot when the file exists (`dataset`, `extra-connections`). */
  given: { dataset: boolean; extraConnections: boolean };
}

/**
 * Parses and checks the arguments (without the node and script paths). Throws a `UsageError` naming
 * the flag for any mistake; `readFile` reads a `--fault body-file=PATH`.
 */
export function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string,
): CommandLine | { show: 'help' | 'version' } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
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
    usage(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  // --help and --version answer whatever else the command line says.
  if (values.help) return { show: 'help' };
  if (values.version) return { show: 'version' };
  const keys = values['api-key'] ?? [DEMO_API_KEY];
  if (keys.some((key) => key.trim() === '')) usage('--api-key must not be empty');
  // A key travels in the x-api-key header and is printed (masked) at start-up: a control character
  // could never be sent, and would reach the terminal.
  for (const key of keys) {
    if (!/^[\x21-\x7e]+$/.test(key)) {
      usage(`--api-key must be printable characters without spaces (it is sent as the x-api-key header)`);
    }
  }
  const companies = values['company-id'] ?? [DEMO_COMPANY_ID];
  for (const company of companies) {
    if (!/^[a-zA-Z0-9_-]{1,255}$/.test(company)) {
      usage(`--company-id must be 1..255 characters of letters, digits, _ or -, got "${company}"`);
    }
  }
  const dataset = values.dataset ?? 'demo';
  if (dataset !== 'demo' && dataset !== 'empty') usage(`--dataset must be demo or empty, got "${dataset}"`);
  const port = integerFlag('port', values.port, 0, 65_535) ?? 0;
  const seed = integerFlag('seed', values.seed, 0, 2 ** 31 - 1);
  const extra = integerFlag('extra-connections', values['extra-connections'], 0, 1_000_000);
  const latency = latencyFlag(values.latency);
  const failRate = rateFlag(values['fail-rate']);
  const cors = values.cors;
  if (cors !== undefined && cors !== '*' && !/^https?:\/\/[^/\s]+$/.test(cors)) {
    usage(`--cors must be * or an origin such as http://localhost:5173, got "${cors}"`);
  }
  const host = values.host ?? '127.0.0.1';
  const noControl = values['no-control'] === true;
  // An empty variable is an unset one (a CI secret that a fork's build does not get).
  const token = values['control-token'] ?? (env[TOKEN_VARIABLE] || undefined);
  if (token !== undefined && !/^[\x21-\x7e]{8,512}$/.test(token)) {
    const source = values['control-token'] === undefined ? TOKEN_VARIABLE : '--control-token';
    usage(`${source} must be 8 to 512 printable characters without spaces`);
  }
  if (noControl && values['control-token'] !== undefined) {
    usage('--no-control and --control-token contradict each other: give one of them');
  }
  const faults = (values.fault ?? []).map((spec) => {
    let fault: Record<string, unknown>;
    try {
      fault = parseFaultFlag(spec, readFile);
    } catch (error) {
      usage(`--fault "${spec}" ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      return { spec, requests: checkFaultRequests(fault) };
    } catch (error) {
      if (!(error instanceof FaultRequestError)) throw error;
      const problems = Object.entries(error.errors).map(
        ([field, messages]) => `${flagKeyOf(field)} ${messages.join(', ')}`,
      );
      usage(`--fault "${spec}": ${problems.join('; ')}`);
    }
  });
  if (values.state === '') usage('--state needs a file name');
  return {
    show: undefined,
    port,
    host,
    keys,
    companies,
    dataset,
    seed,
    extraConnections: extra,
    latency,
    failRate,
    cors,
    noControl,
    token,
    faults,
    state: values.state,
    log: values.log === true,
    given: {
      dataset: values.dataset !== undefined,
      extraConnections: values['extra-connections'] !== undefined,
    },
  };
}
