/**
 * Runs one prepared README program as written, against a fresh `spartera-mock` with the demo data,
 * and judges it: it passes when it type-checks (TypeScript), exits 0 within its time limit, and
 * prints nothing on stderr that says Error (an unhandled rejection included).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
import { runCommand, startMockProcess } from '@spartera/test-support';
import type { PreparedProgram } from './prepare.js';

const require = createRequire(import.meta.url);

export interface ProgramResult {
  passed: boolean;
  /** Why it failed, in one line; undefined when it passed. */
  problem: string | undefined;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** The folder `preparePrograms` wrote the program into. */
  dir: string;
  /** How long the program may run; a program that has not exited by then fails. */
  timeoutMs?: number;
}

/** Where in stderr a program "says Error": a thrown error, a rejection, a failed assertion. */
const ERROR_ON_STDERR = /Error|[Uu]nhandled/;

function vitestBin(): string {
  const manifestPath = require.resolve('vitest/package.json');
  const manifest = require(manifestPath) as { bin: Record<string, string> };
  return path.join(path.dirname(manifestPath), manifest.bin.vitest ?? 'vitest.mjs');
}

/** The environment of a program: the mock's URL and the demo key and company, and no more than a shell needs. */
function programEnvironment(mockUrl: string): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT'];
  const env: NodeJS.ProcessEnv = {};
  for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name];
  return {
    ...env,
    NO_COLOR: '1',
    SPARTERA_API_KEY: DEMO_API_KEY,
    SPARTERA_COMPANY_ID: DEMO_COMPANY_ID,
    SPARTERA_API_BASE_URL: mockUrl,
  };
}

function commandFor(program: PreparedProgram): string[] {
  if (program.kind === 'vitest') return [vitestBin(), 'run', '--root', '.', program.entry];
  if (program.kind === 'ts') return ['--enable-source-maps', program.entry];
  return [program.entry];
}

/** Replaces the temporary file's paths in output with the README's own path, lines unchanged. */
export function toReadmePaths(text: string, program: PreparedProgram, dir: string): string {
  const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(
    new RegExp(`(?:file://)?${escaped}/L\\d+(?:\\.test)?\\.(?:ts|js|mjs|cjs)`, 'g'),
    program.readme,
  );
}

export async function runProgram(program: PreparedProgram, options: RunOptions): Promise<ProgramResult> {
  if (program.typeErrors.length > 0) {
    return {
      passed: false,
      problem: `does not type-check:\n${program.typeErrors.join('\n')}`,
      exitCode: null,
      stdout: '',
      stderr: '',
    };
  }
  const timeoutMs = options.timeoutMs ?? 180_000;
  // The demo data set, fresh for this program.
  const mock = await startMockProcess(['--port', '0']);
  try {
    const run = await runCommand(process.execPath, commandFor(program), {
      cwd: options.dir,
      env: programEnvironment(mock.url),
      timeoutMs,
    });
    const stdout = toReadmePaths(run.stdout, program, options.dir);
    const stderr = toReadmePaths(run.stderr, program, options.dir);
    let problem: string | undefined;
    if (run.timedOut)
      problem = `did not exit within ${timeoutMs / 1000} s (a pending promise, an open handle?)`;
    else if (run.code !== 0) problem = `exited with code ${String(run.code)}`;
    else if (ERROR_ON_STDERR.test(stderr)) problem = 'exited 0 but printed an error on stderr';
    return { passed: problem === undefined, problem, exitCode: run.code, stdout, stderr };
  } finally {
    await mock.stop();
  }
}

function tail(text: string, lines: number): string {
  const all = text.trimEnd().split('\n');
  return all.length > lines
    ? [`[... ${all.length - lines} earlier lines]`, ...all.slice(-lines)].join('\n')
    : all.join('\n');
}

/** The message a failing README block fails with: the README, the block's line, the problem and the output. */
export function failureMessage(program: PreparedProgram, result: ProgramResult): string {
  const blocks =
    program.chain.length > 1
      ? ` (run appended to the block${program.chain.length > 2 ? 's' : ''} at line ${program.chain.slice(0, -1).join(', ')})`
      : '';
  const parts = [
    `${program.readme}:${program.line}: the ${program.info} block${blocks} ${result.problem ?? 'passed'}`,
  ];
  if (result.stderr.trim() !== '') parts.push(`--- stderr ---\n${tail(result.stderr, 40)}`);
  if (result.stdout.trim() !== '') parts.push(`--- stdout ---\n${tail(result.stdout, 20)}`);
  return parts.join('\n');
}
