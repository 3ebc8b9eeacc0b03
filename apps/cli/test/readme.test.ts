/**
 * Every code block of the README, run as written, top to bottom, the way a reader follows it: shell
 * blocks by their shell, against spartera-mock (a staging and a production one), in a folder of
 * their own with `spartera` on the PATH. The YAML blocks are validated, and the workflow's step is
 * run with the environment it names.
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cleanEnv, json, spartera } from './helpers/cli.js';
import type { ChildMock } from './helpers/mock.js';
import { DEMO_COMPANY, DEMO_KEY, startMock } from './helpers/mock.js';

interface Block {
  language: string;
  code: string;
  /** The nearest heading above it. */
  section: string;
}

function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  let section = '';
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const heading = /^#{1,4} (.+)$/.exec(line);
    if (heading) section = heading[1] ?? '';
    const fence = /^```(\w+)$/.exec(line);
    if (!fence) continue;
    const start = index + 1;
    while (index + 1 < lines.length && lines[index + 1] !== '```') index += 1;
    found.push({ language: fence[1] ?? '', code: `${lines.slice(start, index + 1).join('\n')}\n`, section });
    index += 1;
  }
  return found;
}

let staging: ChildMock;
let production: ChildMock;
let sandbox: string;
let env: Record<string, string>;
let readme: Block[];

beforeAll(async () => {
  readme = blocks(await readFile(new URL('../README.md', import.meta.url), 'utf8'));
  staging = await startMock();
  production = await startMock(['--dataset', 'empty']);
  sandbox = await mkdtemp(join(tmpdir(), 'spartera-cli-readme-'));
  const bin = join(sandbox, '.bin');
  await mkdir(bin);
  await writeFile(
    join(bin, 'spartera'),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`,
  );
  await chmod(join(bin, 'spartera'), 0o755);
  await mkdir(join(sandbox, '.zfunc'));
  await mkdir(join(sandbox, '.config/fish/completions'), { recursive: true });
  env = cleanEnv({
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    HOME: sandbox,
    FPATH: join(sandbox, '.zfunc'),
    // What the reader is said to have: a key, a company, the environments' URLs and keys.
    SPARTERA_API_KEY: DEMO_KEY,
    SPARTERA_COMPANY_ID: DEMO_COMPANY,
    SPARTERA_API_BASE_URL: staging.url,
    ORDERS_SERVICE_ACCOUNT: '{"type":"service_account","project_id":"acme"}',
    STAGING_URL: staging.url,
    STAGING_KEY: DEMO_KEY,
    PRODUCTION_URL: production.url,
    PRODUCTION_KEY: DEMO_KEY,
  });
});
afterAll(async () => {
  await staging.stop();
  await production.stop();
});

function runBlock(block: Block, extraEnv: Record<string, string | undefined> = {}) {
  const shell = block.language === 'sh' ? 'bash' : block.language;
  const args = shell === 'bash' ? ['-e', '-o', 'pipefail', '-c', block.code] : ['-c', block.code];
  return spawnSync(shell, args, {
    cwd: sandbox,
    env: Object.fromEntries(
      Object.entries({ ...env, ...extraEnv }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    ),
    encoding: 'utf8',
    timeout: 120_000,
  });
}

const inSection = (section: string, language?: string) =>
  readme.filter(
    (block) => block.section === section && (language === undefined || block.language === language),
  );

describe('the README', () => {
  it('has the blocks this test knows how to run, and no other', () => {
    expect(readme.map((block) => `${block.section}: ${block.language}`)).toEqual([
      'Log in: sh',
      'Commands: sh',
      'Output: sh',
      'Connections as code: yaml',
      'Nightly check in CI: yaml',
      'Nightly check in CI: sh',
      'Promote staging to production: sh',
      'Shell completion: sh',
      'Shell completion: zsh',
      'Shell completion: fish',
    ]);
  });

  it('Log in: saves the piped key in the profile and shows the status', async () => {
    const [block] = inSection('Log in');
    const result = runBlock(block!, {
      SPARTERA_API_KEY: undefined,
      SPARTERA_COMPANY_ID: undefined,
      KEY_FROM_YOUR_VAULT: DEMO_KEY,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Logged in to ${DEMO_COMPANY} at ${staging.url}.`);
    const saved = JSON.parse(await readFile(join(env.XDG_CONFIG_HOME ?? '', 'spartera/config.json'), 'utf8'));
    expect(saved.profiles.default).toMatchObject({ apiKey: DEMO_KEY, companyId: DEMO_COMPANY });
  });

  it('Commands and Output: create, list to CSV, and the jq pipe', async () => {
    const [create] = inSection('Commands');
    const created = runBlock(create!);
    expect(created.status).toBe(0);
    const csv = await readFile(join(sandbox, 'orders.csv'), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^connection_id,name,/);
    expect(csv).toContain('Orders warehouse');
    // One connection that is not verified, so the pipe has something to find.
    const unverified = json(
      await spartera(['connection', 'create', '--name', 'Unverified', '--engine', '1'], { env }),
    ) as {
      connection_id: string;
    };
    const [pipe] = inSection('Output');
    const piped = runBlock(pipe!);
    expect(piped.status).toBe(0);
    expect(piped.stdout).toBe(`${unverified.connection_id}\n`);
    await spartera(['connection', 'delete', unverified.connection_id, '--yes'], { env });
  });

  it('Connections as code: the example document validates', async () => {
    const [document] = inSection('Connections as code', 'yaml');
    await writeFile(join(sandbox, 'example.yaml'), document!.code);
    const result = await spartera(['validate', '-f', 'example.yaml'], { env, cwd: sandbox });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('Nightly check in CI: the workflow runs the script, which fails on a failed test and on drift', async () => {
    const [workflow] = inSection('Nightly check in CI', 'yaml');
    const [script] = inSection('Nightly check in CI', 'sh');
    const steps = (
      parseYaml(workflow!.code) as {
        jobs: { check: { steps: { run?: string; env?: Record<string, string> }[] } };
      }
    ).jobs.check.steps;
    const step = steps.find((candidate) => candidate.run === './nightly-check.sh');
    expect(step?.env?.SPARTERA_COMPANY_ID).toBe(DEMO_COMPANY);
    expect(steps.map((candidate) => candidate.run).filter(Boolean)).toEqual([
      'npm install --global @spartera/cli',
      './nightly-check.sh',
    ]);
    await writeFile(join(sandbox, 'nightly-check.sh'), script!.code);
    await chmod(join(sandbox, 'nightly-check.sh'), 0o755);
    // The repository's reviewed file: what the company is now.
    expect((await spartera(['export', '--output', join(sandbox, 'connections.yaml')], { env })).status).toBe(
      0,
    );
    const stepEnv = {
      ...step?.env,
      SPARTERA_API_KEY: DEMO_KEY, // ${{ secrets.SPARTERA_API_KEY }}
      SPARTERA_API_BASE_URL: staging.url, // the mock instead of the real API
    };
    const run = () => runBlock({ language: 'bash', code: step?.run ?? '', section: '' }, stepEnv);
    const failedTest = run();
    // The demo's legacy MySQL connection cannot be reached: exit 3, and the script names it.
    expect(failedTest.status).toBe(3);
    expect(failedTest.stdout).toMatch(/^FAILED Legacy shop \(MySQL\): .+$/m);
    expect(failedTest.stdout).toContain('No changes');
    // Someone adds a connection by hand: drift, exit 2 (the last failure wins).
    await spartera(['connection', 'create', '--name', 'Made by hand', '--engine', 'MySQL'], { env });
    const drift = run();
    expect(drift.status).toBe(2);
    expect(drift.stdout).toContain('- delete "Made by hand"');
  });

  it('Promote staging to production: production ends up like staging, and nothing is left to do', async () => {
    const [block] = inSection('Promote staging to production');
    // The secrets the reader keeps out of git: one per reference in the staging export.
    const exported = json(await spartera(['export', '--format', 'json'], { env })) as {
      connections: { credentials?: { fromEnv: string } }[];
    };
    const lines = exported.connections.flatMap((connection) =>
      connection.credentials
        ? [`${connection.credentials.fromEnv}='secret for ${connection.credentials.fromEnv}'`]
        : [],
    );
    expect(lines.length).toBeGreaterThan(5);
    await writeFile(join(sandbox, 'production-credentials.env'), `${lines.join('\n')}\n`);
    // Profiles, not the environment, say where each command goes.
    const result = runBlock(block!, {
      SPARTERA_API_KEY: undefined,
      SPARTERA_COMPANY_ID: undefined,
      SPARTERA_API_BASE_URL: undefined,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      `Plan: ${exported.connections.length} to create, 0 to update, 0 to delete, 0 unchanged.`,
    );
    // Before the secrets are loaded, the plan notes each reference apply will need.
    expect(result.stdout).toMatch(
      /Note: staging\.yaml:\d+:\d+: connections\[0\]\.credentials: the environment variable SPARTERA_CREDENTIALS_\w+ is not set \(apply will need it\)/,
    );
    expect(result.stdout).toMatch(/No changes: company acme_analytics matches staging.yaml/);
    const names = (list: { name: string }[]) => list.map((connection) => connection.name).sort();
    const live = json(
      await spartera(['connection', 'list', '--all'], {
        env: { ...env, SPARTERA_API_BASE_URL: production.url },
      }),
    ) as { name: string }[];
    const reference = json(await spartera(['connection', 'list', '--all'], { env })) as { name: string }[];
    expect(names(live)).toEqual(names(reference));
  });

  it('Shell completion: each shell installs its script as the README says', async () => {
    const [bash, zsh, fish] = inSection('Shell completion');
    const bashRun = runBlock(bash!);
    expect(bashRun.status).toBe(0);
    const zshRun = runBlock(zsh!);
    expect(zshRun.stderr).toBe('');
    expect(zshRun.status).toBe(0);
    expect(await readFile(join(sandbox, '.zfunc/_spartera'), 'utf8')).toMatch(/^#compdef spartera/);
    const fishRun = runBlock(fish!);
    expect(fishRun.status).toBe(0);
    expect(await readFile(join(sandbox, '.config/fish/completions/spartera.fish'), 'utf8')).toContain(
      '__spartera_complete',
    );
  });
});
