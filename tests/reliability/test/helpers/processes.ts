import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The built bin of a workspace package, as `npx` would run it after an install. */
export function binPath(packageName: string, binName: string): string {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = require(manifestPath) as { bin: Record<string, string> };
  const relative = manifest.bin[binName];
  if (relative === undefined) throw new Error(`${packageName} has no bin named ${binName}`);
  return path.join(path.dirname(manifestPath), relative);
}

export interface MockProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  /** Everything the process printed on stdout and stderr so far. */
  output: () => string;
  stop: () => Promise<number | null>;
}

/** Starts `spartera-mock` in its own process and waits for its `listening on` line. */
export async function startMockProcess(args: string[]): Promise<MockProcess> {
  const child = spawn(process.execPath, [binPath('@spartera/testing', 'spartera-mock'), ...args], {
    stdio: 'pipe',
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`spartera-mock did not start: ${output}`));
    }, 10_000);
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`spartera-mock exited ${code}: ${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          resolve(child.exitCode);
          return;
        }
        child.once('exit', (code) => {
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export async function residentMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}
