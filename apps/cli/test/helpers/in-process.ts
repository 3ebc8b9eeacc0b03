/**
 * The CLI's own `run()` in this process, with the same inputs and the same result as `spartera()`
 * spawning the built bin. For the many runs where what is tested is the command, not the process
 * around it: a spawn costs a Node start-up (a second or more on a busy machine). Each file keeps a
 * representative set of real-bin runs for what only the bin proves (start-up, exit status, pipes).
 */
import { run } from '../../src/program.js';
import type { Result, RunOptions } from './cli.js';
import { cleanEnv } from './cli.js';
import { memoryIo } from './io.js';

export async function runInProcess(args: string[], options: RunOptions = {}): Promise<Result> {
  const io = memoryIo(options.env ?? cleanEnv(), {
    ...(options.input === undefined ? {} : { stdin: options.input }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  const status = await run(args, io);
  return { status, signal: null, stdout: io.out(), stderr: io.err() };
}
