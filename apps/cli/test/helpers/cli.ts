/** The built `spartera` bin run as a user runs it: a child process, stdin piped or closed, no TTY. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_COMPANY, DEMO_KEY } from './mock.js';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface Result {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Text for stdin; without it stdin is closed at once (as in CI). */
  input?: string;
  cwd?: string;
  timeoutMs?: number;
}

/** The environment of a user with no Spartera settings at all and a private config folder. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name.startsWith('SPARTERA_') || name === 'NO_COLOR' || name === 'FORCE_COLOR')
      continue;
    env[name] = value;
  }
  env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'spartera-cli-xdg-'));
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) Reflect.deleteProperty(env, name);
    else env[name] = value;
  }
  return env;
}

/** Settings that reach a mock at `url` with the demo key. */
export function mockEnv(url: string, extra: Record<string, string | undefined> = {}) {
  return cleanEnv({
    SPARTERA_API_KEY: DEMO_KEY,
    SPARTERA_COMPANY_ID: DEMO_COMPANY,
    SPARTERA_API_BASE_URL: url,
    ...extra,
  });
}

export function spartera(args: string[], options: RunOptions = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: options.env ?? cleanEnv(),
      cwd: options.cwd ?? process.cwd(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `spartera ${args.join(' ')} did not finish in ${options.timeoutMs ?? 20_000} ms\n${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** Parses stdout as JSON, with the output in the message when it is not. */
export function json(result: Result): unknown {
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new Error(
      `stdout is not JSON (exit ${String(result.status)}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}
