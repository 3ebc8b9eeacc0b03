/**
 * Every rule of the command line, as a function call: what each mistake says. That a usage error
 * reaches stderr with exit code 2 and nothing on stdout is proven on the built bin, in the
 * end-to-end suite (test/cli/cli.test.ts and control.test.ts), for a flag, a --fault and an unknown
 * option.
 */
import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../src/command-line.js';
import { DEMO_API_KEY, DEMO_COMPANY_ID } from '../../src/index.js';

const noFiles = (path: string): string => {
  throw Object.assign(new Error(`no ${path}`), { code: 'ENOENT' });
};

function usageError(args: readonly string[], env: Record<string, string> = {}): string {
  try {
    parseCommandLine(args, env, noFiles);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error(`${args.join(' ')} was accepted`);
}

describe('the spartera-mock command line', () => {
  it('defaults to the demo key and company on a free loopback port, with the control API on', () => {
    expect(parseCommandLine([], {}, noFiles)).toMatchObject({
      show: undefined,
      port: 0,
      host: '127.0.0.1',
      keys: [DEMO_API_KEY],
      companies: [DEMO_COMPANY_ID],
      dataset: 'demo',
      noControl: false,
      token: undefined,
      faults: [],
      state: undefined,
      log: false,
    });
  });

  it('answers --help and --version whatever else it says', () => {
    expect(parseCommandLine(['--port', 'eighty', '--help'], {}, noFiles)).toEqual({ show: 'help' });
    expect(parseCommandLine(['-v'], {}, noFiles)).toEqual({ show: 'version' });
  });

  it('turns every value into options, and --fault into checked faults', () => {
    const commandLine = parseCommandLine(
      [
        '--port=4010',
        '--latency',
        '20-200',
        '--fail-rate',
        '0.25',
        '--fault',
        'status=429,retry-after=2,count=3,op=listConnections',
        '--dataset',
        'empty',
        '--state',
        'mock.json',
      ],
      { SPARTERA_MOCK_CONTROL_TOKEN: 'token-from-the-env' },
      noFiles,
    );
    expect(commandLine).toMatchObject({
      port: 4010,
      latency: [20, 200],
      failRate: 0.25,
      dataset: 'empty',
      state: 'mock.json',
      token: 'token-from-the-env',
      given: { dataset: true, extraConnections: false },
      faults: [
        {
          spec: 'status=429,retry-after=2,count=3,op=listConnections',
          requests: [
            { type: 'status', status: 429, retryAfter: 2, count: 3, operationId: 'listConnections' },
          ],
        },
      ],
    });
  });

  const mistakes: (readonly [readonly string[], string])[] = [
    [['--port', 'eighty'], '--port must be an integer from 0 to 65535, got "eighty"'],
    [['--port', '65536'], '--port must be an integer from 0 to 65535'],
    [['--fail-rate', '2'], '--fail-rate must be a number from 0 to 1'],
    [['--latency', 'slow'], '--latency must be milliseconds (50) or a range (20-200), got "slow"'],
    [['--latency', '200-20'], '--latency range must be MIN-MAX with MIN ≤ MAX'],
    [['--dataset', 'huge'], '--dataset must be demo or empty, got "huge"'],
    [['--company-id', 'has space'], '--company-id must be 1..255 characters'],
    [['--api-key', ' '], '--api-key must not be empty'],
    [['--api-key', 'key-with\u001b[2J'], '--api-key must be printable characters without spaces'],
    [['--api-key', 'two words'], '--api-key must be printable characters without spaces'],
    [['--cors', 'localhost'], '--cors must be * or an origin'],
    [['--frobnicate'], "Unknown option '--frobnicate'"],
    [['extra'], "Unexpected argument 'extra'"],
    [['--fault', 'status=429,retry_after=2'], '--fault "status=429,retry_after=2" unknown key "retry_after"'],
    [['--fault', 'count=3'], 'says what to do with none of status=, drop, slow-body, delay='],
    [['--fault', 'status=503,drop'], 'says both status and drop; give one per --fault'],
    [['--fault', 'status=200'], '--fault "status=200": status must be >= 400'],
    [['--fault', 'status=503,count=0'], 'count must be >= 1'],
    [
      ['--fault', 'status=503,op=listConection'],
      'op must be an operationId of the spec, got "listConection"; did you mean listConnections?',
    ],
    [['--fault', 'slow-body=fast'], 'slow-body must be BYTES:MS such as 16:50'],
    [
      ['--fault', 'status=429,retry-after=-1'],
      '--fault "status=429,retry-after=-1": retry-after must be >= 0',
    ],
    [
      ['--fault', 'status=503,method=FETCH'],
      'method must be one of GET, POST, DELETE, PATCH (the API\'s methods), got "FETCH"',
    ],
    [
      ['--fault', 'drop,op=listConnections,method=post'],
      'method POST never matches listConnections, which is GET',
    ],
    [
      ['--fault', 'delay=20-10'],
      '--fault "delay=20-10": delay latency range must be [min, max] with min ≤ max',
    ],
    [['--fault', 'status=502,body-file=/no/such/file'], 'body-file /no/such/file cannot be read: ENOENT'],
    [['--control-token', 'short'], '--control-token must be 8 to 512 printable characters'],
    [
      ['--no-control', '--control-token', 'long-enough-token'],
      '--no-control and --control-token contradict each other',
    ],
    [['--state', ''], '--state needs a file name'],
  ];
  for (const [args, message] of mistakes) {
    it(`refuses ${args.join(' ')}, naming what is wrong`, () => {
      expect(usageError(args)).toContain(message);
    });
  }

  it('takes an empty SPARTERA_MOCK_CONTROL_TOKEN as unset', () => {
    expect(parseCommandLine([], { SPARTERA_MOCK_CONTROL_TOKEN: '' }, noFiles)).toMatchObject({
      token: undefined,
    });
  });

  it('checks a control token from the environment like one from the flag', () => {
    expect(usageError([], { SPARTERA_MOCK_CONTROL_TOKEN: 'has space in it' })).toContain(
      'SPARTERA_MOCK_CONTROL_TOKEN must be 8 to 512 printable characters',
    );
  });
});
