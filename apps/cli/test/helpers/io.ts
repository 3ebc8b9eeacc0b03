/** An in-memory process for `run()`: the CLI's own code, without spawning a bin (fast, for many runs). */
import { Readable } from 'node:stream';
import type { Io } from '../../src/io.js';

export interface MemoryIo extends Io {
  out: () => string;
  err: () => string;
  interrupt: () => void;
}

export function memoryIo(env: NodeJS.ProcessEnv, options: { stdin?: string; cwd?: string } = {}): MemoryIo {
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  return {
    stdout: { write: (text: string) => ((out += text), true), isTTY: false },
    stderr: { write: (text: string) => ((err += text), true), isTTY: false },
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    env,
    cwd: options.cwd ?? process.cwd(),
    onInterrupt(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    out: () => out,
    err: () => err,
    interrupt: () => {
      for (const listener of listeners) listener();
    },
  };
}
