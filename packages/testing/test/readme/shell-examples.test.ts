/**
 * Runs every `sh` block of the README as written, with bash: the `spartera-mock` start-up examples
 * (their `# ` lines are the output they must print, any port), and the control API's curl examples,
 * in order, against one fresh mock whose URL is in `SPARTERA_MOCK_URL`. A `json` or `text` block right
 * after an example is what it must print (for JSON, `time` fields may differ). A block after
 * `<!-- shell-example: skip: <reason> -->` is not run (the workspace README test's `readme-test`
 * markers are for program blocks only).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, checkBuilt, packageDir, startServer } from '../support/cli.js';
import type { StartedServer } from '../support/cli.js';

interface Block {
  info: string;
  code: string;
  line: number;
  skip: string | undefined;
  /** The `json` or `text` block that shows what this one prints. */
  output: { info: string; code: string } | undefined;
}

function readBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  let previous: Block | undefined;
  let gapSincePrevious = 0;
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i] ?? '');
    if (!open) {
      if ((lines[i] ?? '').trim() !== '') gapSincePrevious += 1;
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i] ?? '');
    let marker: string | undefined;
    for (let j = start - 1; j >= 0 && marker === undefined; j--) {
      const text = (lines[j] ?? '').trim();
      if (text === '') continue;
      marker = /^<!-- shell-example: skip: (.+) -->$/.exec(text)?.[1] ?? '';
    }
    const info = open[1] ?? '';
    const code = body.join('\n');
    if ((info === 'json' || info === 'text') && previous && gapSincePrevious === 0) {
      previous.output = { info, code };
      previous = undefined;
      continue;
    }
    const block: Block = {
      info,
      code,
      line: start + 1,
      skip: marker === '' ? undefined : marker,
      output: undefined,
    };
    blocks.push(block);
    previous = block;
    gapSincePrevious = 0;
  }
  return blocks;
}

const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const shellBlocks = readBlocks(readme).filter((block) => block.info === 'sh' || block.info === 'bash');
const runnable = shellBlocks.filter((block) => block.skip === undefined);
const startBlocks = runnable.filter((block) => /\bnpx spartera-mock\b/.test(block.code));
const curlBlocks = runnable.filter((block) => !startBlocks.includes(block));

const workDir = mkdtempSync(join(tmpdir(), 'spartera-readme-'));
/** `npx spartera-mock` resolves to this package's built bin, as it does in a project that installed it. */
const shimDir = join(workDir, 'bin');

beforeAll(() => {
  checkBuilt();
  mkdirSync(shimDir);
  const npx = join(shimDir, 'npx');
  writeFileSync(
    npx,
    `#!/bin/sh\nif [ "$1" = spartera-mock ]; then shift; exec "${process.execPath}" "${bin}" "$@"; fi\necho "npx $1: not available in this test" >&2\nexit 127\n`,
  );
  chmodSync(npx, 0o755);
});
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

const shellEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  PATH: `${shimDir}:${process.env.PATH ?? ''}`,
  ...extra,
});

/** Runs a block with bash in `cwd`; resolves with its exit code and output. */
function runShell(
  code: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', code], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => {
      resolve({ status, stdout, stderr });
    });
  });
}

/** Replaces the actual `time` values with the README's, where both have one. */
function alignTimes(actual: unknown, expected: unknown): unknown {
  if (Array.isArray(actual) && Array.isArray(expected))
    return actual.map((item, i) => alignTimes(item, expected[i]));
  if (actual === null || typeof actual !== 'object' || expected === null || typeof expected !== 'object')
    return actual;
  const aligned: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(actual)) {
    const wanted = (expected as Record<string, unknown>)[key];
    aligned[key] =
      key === 'time' &&
      typeof value === 'string' &&
      typeof wanted === 'string' &&
      !Number.isNaN(Date.parse(value))
        ? wanted
        : alignTimes(value, wanted);
  }
  return aligned;
}

const samePort = (line: string): string => line.replace(/:\d{2,5}\b/g, ':PORT');

describe('README shell examples', () => {
  it('has the examples this test expects: start-ups, and a curl example for every control route', () => {
    expect(startBlocks.length).toBeGreaterThanOrEqual(4);
    const curls = curlBlocks.map((block) => block.code).join('\n');
    for (const route of [
      /-X POST "\$SPARTERA_MOCK_URL\/__spartera\/faults"/,
      /curl -s "\$SPARTERA_MOCK_URL\/__spartera\/faults"/,
      /-X DELETE "\$SPARTERA_MOCK_URL\/__spartera\/faults"/,
      /"\$SPARTERA_MOCK_URL\/__spartera\/requests\?/,
      /-X DELETE "\$SPARTERA_MOCK_URL\/__spartera\/requests"/,
      /-X POST "\$SPARTERA_MOCK_URL\/__spartera\/reset"/,
      /curl -s "\$SPARTERA_MOCK_URL\/__spartera\/state"/,
      /-X PUT "\$SPARTERA_MOCK_URL\/__spartera\/state"/,
      /"\$SPARTERA_MOCK_URL\/__spartera\/heap"/,
      /"\$SPARTERA_MOCK_URL\/__spartera"/,
    ]) {
      expect(curls).toMatch(route);
    }
    // Skipped blocks stay few and say why.
    expect(shellBlocks.filter((block) => block.skip !== undefined).length).toBeLessThanOrEqual(2);
  });

  for (const block of startBlocks) {
    it.concurrent(`starts as shown at README line ${block.line}`, async () => {
      const command = block.code
        .split('\n')
        .filter((line) => !line.startsWith('#'))
        .join('\n');
      const shown = block.code
        .split('\n')
        .filter((line) => line.startsWith('# '))
        .map((line) => line.slice(2));
      const cwd = mkdtempSync(join(workDir, 'start-'));
      const child: ChildProcess = spawn('bash', ['-c', command], {
        cwd,
        env: shellEnv(),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const lines: string[] = [];
        let stderr = '';
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        await new Promise<void>((resolve, reject) => {
          const reader = createInterface({ input: child.stdout! });
          reader.on('line', (line) => {
            lines.push(line);
            if (lines.length === shown.length) resolve();
          });
          child.on('exit', (code) => {
            reject(new Error(`exited with ${String(code)}: ${stderr}`));
          });
        });
        expect(lines.map(samePort)).toEqual(shown.map(samePort));
        const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
        process.kill(-child.pid!, 'SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone, as it should be.
        }
      }
    });
  }

  describe('control API examples, in order, against one fresh mock', () => {
    let mock: StartedServer;
    const cwd = join(workDir, 'control');
    beforeAll(async () => {
      mkdirSync(cwd);
      mock = await startServer([], 3);
    });
    afterAll(async () => {
      await mock.stop();
    });

    for (const block of curlBlocks) {
      it(`prints what README line ${block.line} shows`, async () => {
        const result = await runShell(block.code, cwd, shellEnv({ SPARTERA_MOCK_URL: mock.url }));
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        if (block.output?.info === 'json') {
          const expected = JSON.parse(block.output.code) as unknown;
          expect(alignTimes(JSON.parse(result.stdout), expected)).toEqual(expected);
        } else if (block.output?.info === 'text') {
          expect(result.stdout.trim()).toBe(block.output.code.trim());
        }
      });
    }
  });
});
