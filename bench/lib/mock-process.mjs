// `spartera-mock` in its own process, for benchmarks whose memory figures must be the app's alone.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Starts the mock bin with these arguments; resolves once it says where it listens. */
export async function startMockProcess(args) {
  const testingDir = path.dirname(require.resolve('@spartera/testing/package.json'));
  const child = spawn(process.execPath, [path.join(testingDir, 'dist/cli.js'), '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`spartera-mock exited ${code}: ${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
