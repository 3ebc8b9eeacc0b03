/** Starts `spartera-mock`, the bin of the built `@spartera/testing`, in its own process. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export interface RunningMock {
  url: string;
  /** Everything the mock printed so far. */
  output: () => string;
  stop: () => Promise<void>;
}

/** The path of a package's bin, as an install would link it. */
export function binPath(packageName: string, binName: string): string {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = require(manifestPath) as { bin?: Record<string, string> };
  const relative = manifest.bin?.[binName];
  if (relative === undefined) throw new Error(`${packageName} has no bin named ${binName}`);
  return path.join(path.dirname(manifestPath), relative);
}

/**
 * Starts the mock on a free loopback port with the demo data set and waits for its
 * `listening on URL` line. `startTimeoutMs` only bounds a mock that never starts (a broken build):
 * it is far above a start on a busy machine.
 */
export async function startMock(args: string[] = [], startTimeoutMs = 60_000): Promise<RunningMock> {
  const child = spawn(
    process.execPath,
    [binPath('@spartera/testing', 'spartera-mock'), '--port', '0', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`spartera-mock printed no "listening on" line in ${startTimeoutMs / 1000} s: ${output}`),
      );
    }, startTimeoutMs);
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`spartera-mock exited (${signal ?? code}) before listening: ${output}`));
    });
  });

  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
