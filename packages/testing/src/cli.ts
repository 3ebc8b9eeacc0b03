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
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { HELP, parseCommandLine, TOKEN_VARIABLE, UsageError } from './command-line.js';
import { applyFaultRequests } from './control/faults.js';
import { maskSecret } from './engine/request-log.js';
import { MAX_STATE_CONNECTIONS, StateError } from './engine/state.js';
import { DEMO_API_KEY, DEMO_COMPANY_ID } from './fixtures/demo.js';
import type { MockServer } from './server.js';
import { createMockServer } from './server.js';

/** A state file larger than this is refused rather than read into memory (200,000 connections fit). */
const MAX_STATE_FILE_BYTES = 256 * 1_048_576;

function fail(message: string): never {
  process.stderr.write(`spartera-mock: ${message}\nRun "spartera-mock --help" for the options.\n`);
  process.exit(2);
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
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    fail(`--state ${name} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The temporary file a write of `file` by process `pid` goes through before it is renamed. */
function temporaryOf(file: string, pid: number): string {
  return join(dirname(file), `.${basename(file)}.${pid}.tmp`);
}

/**
 * Removes the temporary files that runs killed in the middle of a write (SIGKILL, a power cut) left
 * next to `file`: they are never read, and each could be as large as the store. A file of a process
 * that still runs (another mock writing the same file) is left alone. Returns how many were removed.
 */
function removeStaleTemporaries(file: string): number {
  const prefix = `.${basename(file)}.`;
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return 0;
  }
  for (const name of names) {
    const pid =
      name.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length, -4)) : NaN;
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || processRuns(pid)) continue;
    try {
      rmSync(join(dirname(file), name), { force: true });
      removed += 1;
    } catch {
      // Not ours to remove (another user's directory): harmless, it is never read.
    }
  }
  return removed;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
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
  const temporary = temporaryOf(file, process.pid);
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

/** What went wrong when the server could not listen, in the terms of the flags; undefined for other errors. */
function listenFailure(error: unknown, host: string, port: number): string | undefined {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use: stop what listens there, or give another --port (0 picks a free one)`;
    case 'EACCES':
      return `port ${port} on ${host} needs privileges this process does not have: give a --port above 1023 (0 picks a free one)`;
    case 'EADDRNOTAVAIL':
      return `--host ${host} is not an address of this machine: give one of its interfaces, 127.0.0.1 or 0.0.0.0`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `--host ${host} does not resolve to an address: give an IP address such as 127.0.0.1 or 0.0.0.0`;
    default:
      return undefined;
  }
}

/** The checked command line; a usage error ends the process with exit code 2. */
function readCommandLine(): ReturnType<typeof parseCommandLine> {
  try {
    return parseCommandLine(process.argv.slice(2), process.env, (path) => readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof UsageError) fail(error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  const commandLine = readCommandLine();
  if (commandLine.show !== undefined) {
    process.stdout.write(commandLine.show === 'help' ? HELP : `${version()}\n`);
    return;
  }
  const {
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
    log,
    given,
  } = commandLine;
  const stateFile = commandLine.state === undefined ? undefined : resolve(commandLine.state);
  /** The state file as the user named it, for messages. */
  const stateName = commandLine.state ?? '';
  const initialState = stateFile === undefined ? undefined : readStateFile(stateFile, stateName);
  const staleTemporaries = stateFile === undefined ? 0 : removeStaleTemporaries(stateFile);

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
      ...(log
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
    const reason = listenFailure(error, host, port);
    if (reason !== undefined) {
      process.stderr.write(`spartera-mock: ${reason}\n`);
      process.exit(1);
    }
    throw error;
  }
  // Checked with the command line already: applying them cannot fail.
  for (const { requests } of faults) applyFaultRequests(server.faults, requests);

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
        process.stderr.write(
          `spartera-mock: wrote ${count} ${count === 1 ? 'connection' : 'connections'} to ${stateName}\n`,
        );
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
  // Closing the terminal the mock runs in sends SIGHUP: the store is saved then too.
  process.on('SIGHUP', stop);

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
    const unused = [
      ...(given.dataset ? ['dataset'] : []),
      ...(given.extraConnections ? ['extra-connections'] : []),
    ];
    const ignored =
      unused.length === 0 ? '' : ` (${unused.map((flag) => `--${flag}`).join(' and ')} not used)`;
    process.stdout.write(
      initialState === undefined
        ? `state: ${stateName} does not exist yet; the store is written there on exit\n`
        : `state: ${server.store.connectionCount} ${server.store.connectionCount === 1 ? 'connection' : 'connections'} loaded from ${stateName}${ignored}; written back on exit\n`,
    );
    if (staleTemporaries > 0) {
      process.stdout.write(
        `state: removed ${staleTemporaries} unfinished temporary ${staleTemporaries === 1 ? 'file' : 'files'} of a run killed while writing ${stateName}\n`,
      );
    }
  }
  if (faults.length > 0) {
    const pending = server.faults.pending();
    process.stdout.write(
      `faults: ${pending} ${pending === 1 ? 'request' : 'requests'} will get a queued fault\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`spartera-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
