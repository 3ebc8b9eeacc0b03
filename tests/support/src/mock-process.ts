/** `spartera-mock` in a child process, as a test suite in any language would start it. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The path of a package's bin, as an install links it; `from` is where to resolve the package. */
export function binPath(packageName: string, binName: string, from: string = import.meta.url): string {
  const resolveFrom = from === import.meta.url ? require : createRequire(from);
  const manifestPath = resolveFrom.resolve(`${packageName}/package.json`);
  const manifest = resolveFrom(manifestPath) as { bin?: Record<string, string> };
  const relative = manifest.bin?.[binName];
  if (relative === undefined) throw new Error(`${packageName} has no bin named ${binName}`);
  return path.join(path.dirname(manifestPath), relative);
}

export interface MockProcessOptions {
  /** The `spartera-mock` script to run; the workspace's built one by default. */
  bin?: string;
  /** Node.js flags before the script, such as `--expose-gc`. */
  nodeArgs?: string[];
  /** Opens an IPC channel to the child (`child.send`), for a preloaded probe. */
  ipc?: boolean;
  /**
   * Bounds only a mock that never starts (a broken build): far above a start on a busy machine, so
   * that it never fails a working mock.
   */
  startTimeoutMs?: number;
}

export interface MockProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process printed on stdout and stderr so far. */
  output: () => string;
  /** SIGTERM, then the exit code (0 for a clean stop). */
  stop: () => Promise<number | null>;
}

/** Starts `spartera-mock` with `args` and waits for its `listening on URL` line. */
export async function startMockProcess(
  args: string[],
  options: MockProcessOptions = {},
): Promise<MockProcess> {
  const bin = options.bin ?? binPath('@spartera/testing', 'spartera-mock');
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], {
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  const { stdout, stderr } = child;
  if (!stdout || !stderr) throw new Error('spartera-mock was started without pipes');
  let output = '';
  stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
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
        stdout.off('data', onData);
        child.off('exit', onExit);
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`spartera-mock exited (${signal ?? String(code)}) before listening: ${output}`));
    };
    stdout.on('data', onData);
    child.once('exit', onExit);
  });

  return {
    url,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export type { ChildProcess };
