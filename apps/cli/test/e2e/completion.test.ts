/**
 * Shell completion, run by the shells themselves: bash through its completion function, fish
 * through `complete -C`, zsh by syntax and by the lines its script reads.
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, mockEnv, spartera } from '../helpers/cli.js';
import type { ChildMock } from '../helpers/mock.js';
import { startMock } from '../helpers/mock.js';

let mock: ChildMock;
let env: Record<string, string>;
beforeAll(async () => {
  mock = await startMock();
  // The scripts call `spartera` by name, as an installed bin is called.
  const bin = await mkdtemp(join(tmpdir(), 'spartera-cli-bin-'));
  await writeFile(
    join(bin, 'spartera'),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`,
  );
  await chmod(join(bin, 'spartera'), 0o755);
  env = mockEnv(mock.url, { PATH: `${bin}:${process.env.PATH ?? ''}` });
});
afterAll(async () => {
  await mock.stop();
});

const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

function shell(command: string, program: string, args: string[]) {
  const result = spawnSync(program, [...args, command], { env, encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`${program} failed (${String(result.status)}): ${result.stderr}`);
  return result.stdout.split('\n').filter(Boolean);
}

describe('bash', () => {
  const complete = (...words: string[]) =>
    shell(
      `source <(spartera completion bash)
COMP_WORDS=(spartera ${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length}
_spartera_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
      'bash',
      ['-c'],
    );

  it('completes commands, subcommands, options and option values', () => {
    expect(complete('con')).toEqual(['connection', 'connections']);
    expect(complete('connection', '')).toEqual(
      expect.arrayContaining(['list', 'get', 'create', 'update', 'delete', 'test', 'schema', 'sample']),
    );
    expect(complete('connection', 'list', '--so')).toEqual(['--sort-by', '--sort-order']);
    expect(complete('connection', 'list', '--format', '')).toEqual(['table', 'json', 'yaml', 'csv']);
    expect(complete('connection', 'create', '--credential-type', 'SERVICE_')).toEqual([
      'SERVICE_ACCOUNT',
      'SERVICE_IDENTITY',
    ]);
    expect(complete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    // Hidden commands are not offered.
    expect(complete('__')).toEqual([]);
  });

  it('completes connection ids and engine names from the API', () => {
    expect(complete('connection', 'get', 'conn_7H')).toEqual(['conn_7Hq2xK9pLm']);
    expect(complete('connection', 'test', '--all', 'conn_MySq')).toEqual(['conn_MySqLLegcy']);
    expect(complete('connection', 'create', '--engine', 'Big')).toEqual(['BigQuery']);
  });

  it('completes nothing, and prints no error, without settings or network', () => {
    const offline = spawnSync(
      'bash',
      [
        '-c',
        `source <(spartera completion bash); COMP_WORDS=(spartera connection get ''); COMP_CWORD=3; _spartera_complete; echo "\${#COMPREPLY[@]}"`,
      ],
      { env: { ...env, SPARTERA_API_BASE_URL: 'http://127.0.0.1:9' }, encoding: 'utf8' },
    );
    expect(offline.stdout.trim()).toBe('0');
    expect(offline.stderr).toBe('');
  });
});

describe.skipIf(!has('fish'))('fish', () => {
  it('completes with descriptions, ids named by their connection', () => {
    const lines = shell(
      'spartera completion fish | source; complete -C "spartera connection get conn_7H"',
      'fish',
      ['-c'],
    );
    expect(lines).toEqual(['conn_7Hq2xK9pLm\tAcme BigQuery warehouse']);
    const commands = shell('spartera completion fish | source; complete -C "spartera eng"', 'fish', ['-c']);
    expect(commands).toEqual([
      'engine\tthe storage engines a connection can reach',
      'engines\tthe storage engines a connection can reach',
    ]);
  });
});

describe.skipIf(!has('zsh'))('zsh', () => {
  it('is valid zsh, and gets value:description lines with colons escaped', async () => {
    const script = await spartera(['completion', 'zsh'], { env });
    const syntax = spawnSync('zsh', ['-n'], { input: script.stdout, encoding: 'utf8' });
    expect(syntax.status).toBe(0);
    expect(script.stdout.split('\n')[0]).toBe('#compdef spartera');
    const lines = await spartera(['__complete', 'zsh', 'connection', 'get', 'conn_7H'], { env });
    expect(lines.stdout).toBe('conn_7Hq2xK9pLm:Acme BigQuery warehouse\n');
    const engines = await spartera(['__complete', 'zsh', 'connection', 'create', '--engine', 'Azure'], {
      env,
    });
    expect(engines.stdout).toBe('Azure Synapse Analytics:Microsoft Azure\n');
  });
});
