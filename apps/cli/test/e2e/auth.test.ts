/**
 * `spartera auth login|status|logout`: the key in the shared profiles file, never in an argument.
 * The built bin runs the login from stdin, each exit status and the logout; the other runs call the
 * same `run()` in this process.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSettings } from '@spartera/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, json, spartera } from '../helpers/cli.js';
import { runInProcess as cli } from '../helpers/in-process.js';
import type { ChildMock } from '../helpers/mock.js';
import { DEMO_COMPANY, DEMO_KEY, startInProcessMock } from '../helpers/mock.js';

let mock: ChildMock;
beforeAll(async () => {
  mock = await startInProcessMock();
});
afterAll(async () => {
  await mock.stop();
});

function userEnv(): Record<string, string> {
  return cleanEnv({ SPARTERA_API_BASE_URL: mock.url });
}

const configOf = (env: Record<string, string>) => join(env.XDG_CONFIG_HOME ?? '', 'spartera', 'config.json');

describe('auth login', () => {
  it('reads the key from stdin, checks it, saves it with mode 0600 where spartera-tui reads it', async () => {
    const env = userEnv();
    const result = await spartera(['auth', 'login', '--company-id', DEMO_COMPANY], {
      env,
      input: `${DEMO_KEY}\n`,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `Logged in to ${DEMO_COMPANY} at ${mock.url}: profile "default" of ${configOf(env)}.\n`,
    );
    expect(result.stdout + result.stderr).not.toContain(DEMO_KEY);
    expect((await stat(configOf(env))).mode & 0o777).toBe(0o600);
    const shared = await loadSettings({ flags: {}, env: { XDG_CONFIG_HOME: env.XDG_CONFIG_HOME } });
    expect(shared.settings).toEqual({ apiKey: DEMO_KEY, companyId: DEMO_COMPANY, baseUrl: mock.url });
    // Now every command works without SPARTERA_API_KEY.
    const list = await cli(['connection', 'list', '--limit', '1'], {
      env: { ...env, SPARTERA_API_BASE_URL: '' },
    });
    expect(list.status).toBe(0);
    expect(json(list)).toHaveLength(1);
  });

  it('saves nothing when the API refuses the key: exit 1', async () => {
    const env = userEnv();
    const result = await spartera(['auth', 'login', '--company-id', DEMO_COMPANY], {
      env,
      input: 'spk_wrong_0000000000000\n',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('401');
    expect(result.stderr).not.toContain('spk_wrong_0000000000000');
    await expect(stat(configOf(env))).rejects.toThrow();
  });

  it('refuses an empty stdin, a multi-line one, and a missing company, with exit 2', async () => {
    const env = userEnv();
    const empty = await spartera(['auth', 'login', '--company-id', DEMO_COMPANY], { env });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toBe(
      'spartera: no API key on standard input: pipe it in, or run this at a terminal\n',
    );
    const twoLines = await cli(['auth', 'login', '--company-id', DEMO_COMPANY], {
      env,
      input: 'a\nb\n',
    });
    expect(twoLines.status).toBe(2);
    const noCompany = await cli(['auth', 'login'], { env, input: `${DEMO_KEY}\n` });
    expect(noCompany.status).toBe(2);
    expect(noCompany.stderr).toContain('--company-id');
    // A key given as an argument is not an option at all.
    const argument = await spartera(['auth', 'login', DEMO_KEY], { env });
    expect(argument.status).toBe(2);
    expect(argument.stderr).not.toContain(DEMO_KEY);
  });

  it('keeps every other key of the file, and saves into the profile named by --profile', async () => {
    const env = userEnv();
    await mkdir(join(env.XDG_CONFIG_HOME ?? '', 'spartera'), { recursive: true });
    await writeFile(
      configOf(env),
      JSON.stringify({
        defaultProfile: 'home',
        theme: 'dark',
        profiles: { home: { companyId: 'home_co', note: 'mine' } },
      }),
    );
    const result = await cli(['--profile', 'staging', 'auth', 'login', '--company-id', DEMO_COMPANY], {
      env,
      input: DEMO_KEY,
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(await readFile(configOf(env), 'utf8'))).toEqual({
      defaultProfile: 'home',
      theme: 'dark',
      profiles: {
        home: { companyId: 'home_co', note: 'mine' },
        staging: { apiKey: DEMO_KEY, companyId: DEMO_COMPANY, baseUrl: mock.url },
      },
    });
  });
});

describe('auth status and logout', () => {
  it('shows where each setting comes from with the key masked, exit 0; after logout, exit 1', async () => {
    const env = userEnv();
    await cli(['auth', 'login', '--company-id', DEMO_COMPANY], { env, input: DEMO_KEY });
    const status = await spartera(['auth', 'status', '--format', 'json'], { env });
    expect(status.status).toBe(0);
    expect(json(status)).toEqual({
      logged_in: true,
      profile: 'default',
      config_path: configOf(env),
      api_key: { value: `****${DEMO_KEY.slice(-4)}`, source: `profile "default" in ${configOf(env)}` },
      company_id: { value: DEMO_COMPANY, source: `profile "default" in ${configOf(env)}` },
      base_url: { value: mock.url, source: 'variable SPARTERA_API_BASE_URL' },
    });
    const table = await cli(['auth', 'status'], { env });
    expect(table.stdout).toContain(`Logged in to ${DEMO_COMPANY} at ${mock.url}.`);
    expect(table.stdout).not.toContain(DEMO_KEY);

    const logout = await spartera(['auth', 'logout'], { env });
    expect(logout.status).toBe(0);
    expect(logout.stdout).toBe(
      `Logged out: removed the API key of profile "default" from ${configOf(env)}.\n`,
    );
    expect(JSON.parse(await readFile(configOf(env), 'utf8')).profiles.default).toEqual({
      companyId: DEMO_COMPANY,
      baseUrl: mock.url,
    });
    const after = await cli(['auth', 'status'], { env });
    expect(after.status).toBe(1);
    expect(after.stdout).toMatch(/^Not logged in\. Missing the API key/);
    const again = await cli(['auth', 'logout'], { env });
    expect(again.stdout).toContain('No API key was saved');
  });

  it('status exits 1 naming the variable when the key in the environment is refused', async () => {
    const env = cleanEnv({
      SPARTERA_API_BASE_URL: mock.url,
      SPARTERA_API_KEY: 'spk_revoked_000000000',
      SPARTERA_COMPANY_ID: DEMO_COMPANY,
    });
    const status = await cli(['auth', 'status'], { env });
    expect(status.status).toBe(1);
    expect(status.stdout).toContain('The API refused these settings: 401');
    expect(status.stdout).toContain('the key in SPARTERA_API_KEY was refused');
    expect(status.stdout).toContain('****0000');
  });

  it('goes on past a corrupt config file when the environment has every setting, with a warning', async () => {
    const env = cleanEnv({
      SPARTERA_API_BASE_URL: mock.url,
      SPARTERA_API_KEY: DEMO_KEY,
      SPARTERA_COMPANY_ID: DEMO_COMPANY,
    });
    await mkdir(join(env.XDG_CONFIG_HOME ?? '', 'spartera'), { recursive: true });
    await writeFile(configOf(env), '{"profiles": ');
    const result = await cli(['connection', 'list', '--limit', '1'], { env });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      `spartera: warning: ${configOf(env)} is not valid JSON: ${result.stderr.split('is not valid JSON: ')[1] ?? ''}`,
    );
    expect(result.stderr).toContain('(ignored: every setting came from flags or the environment)');
    const login = await cli(['auth', 'login', '--company-id', DEMO_COMPANY], { env, input: DEMO_KEY });
    expect(login.status).toBe(2);
    expect(await readFile(configOf(env), 'utf8')).toBe('{"profiles": ');
  });
});
