import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = join(packageDir, 'dist', 'cli.js');
const children: ChildProcessWithoutNullStreams[] = [];

export function checkBuilt(): void {
  if (!existsSync(bin))
    throw new Error(`${bin} is missing: run "pnpm build" in packages/testing before these tests`);
}

/** Kills every server a test started and left running; call it in `afterEach` or `afterAll`. */
export function killChildren(): void {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
}

export function start(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: 'pipe',
    cwd: options.cwd ?? packageDir,
    env: { ...process.env, ...options.env },
  });
  children.push(child);
  return child;
}

/**
 * Runs to completion and collects output. The child is not left to `killChildren`, so tests that
 * call this may run concurrently: a hang is caught by its own generous timer instead.
 */
export async function run(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: 'pipe',
    cwd: options.cwd ?? packageDir,
    env: { ...process.env, ...options.env },
  });
  const hang = setTimeout(() => child.kill('SIGKILL'), 60_000);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(hang);
  return { code, stdout, stderr };
}

export interface StartedServer {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  url: string;
  output: () => string;
  errors: () => string;
  /** Sends the signal and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Starts the server and reads its first `lineCount` lines of output. */
export async function startServer(
  args: string[],
  lineCount: number,
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<StartedServer> {
  const child = start(args, options);
  let all = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => {
    all += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  // 'close', not 'exit': only then has all the child wrote to stdout and stderr been read.
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no output after 60 s: ${lines.join('\n')}`));
    }, 60_000);
    reader.on('line', (line) => {
      lines.push(line);
      if (lines.length === lineCount) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited early with ${String(code)}: ${errors}`));
    });
  });
  return {
    child,
    lines,
    url: (lines[0] ?? '').replace('listening on ', ''),
    output: () => all,
    errors: () => errors,
    stop: (signal = 'SIGTERM') => {
      child.kill(signal);
      return exited;
    },
  };
}
