import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/args.js';
import type { SettingsSources } from '../../src/config.js';
import { configPath, readConfig, resolveSettings, saveProfile, UsageError } from '../../src/config.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'spartera-tui-config-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function sources(overrides: Partial<SettingsSources>): SettingsSources {
  return {
    flags: {},
    env: {},
    config: { profiles: {} },
    path: '/home/ada/.config/spartera/config.json',
    ...overrides,
  };
}

describe('command-line arguments', () => {
  it('reads the documented flags', () => {
    expect(
      parseCliArgs([
        '--api-key',
        'k',
        '--company-id',
        'acme',
        '--base-url',
        'http://127.0.0.1:1',
        '--profile',
        'work',
      ]),
    ).toMatchObject({
      apiKey: 'k',
      companyId: 'acme',
      baseUrl: 'http://127.0.0.1:1',
      profile: 'work',
      mock: false,
    });
    expect(parseCliArgs(['--mock', '--mock-connections', '10000'])).toMatchObject({
      mock: true,
      mockConnections: 10000,
    });
    expect(parseCliArgs(['-h']).help).toBe(true);
    expect(parseCliArgs(['--version']).version).toBe(true);
  });

  it('rejects an unknown flag by name', () => {
    expect(() => parseCliArgs(['--colour'])).toThrow(
      new UsageError('Unknown option --colour. See spartera-tui --help.'),
    );
  });

  it('rejects a flag without its value, positionals and a bad count', () => {
    expect(() => parseCliArgs(['--api-key'])).toThrow(/--api-key/);
    expect(() => parseCliArgs(['list'])).toThrow(/Unexpected argument 'list'/);
    expect(() => parseCliArgs(['--mock-connections', 'lots'])).toThrow(
      /--mock-connections must be a whole number/,
    );
  });
});

describe('settings', () => {
  it('prefers flags over SPARTERA_* variables over the profile', () => {
    const config = {
      profiles: { default: { apiKey: 'from-file', companyId: 'file_co', baseUrl: 'https://file.example' } },
    };
    expect(resolveSettings(sources({ config }))).toEqual({
      apiKey: 'from-file',
      companyId: 'file_co',
      baseUrl: 'https://file.example',
    });
    const env = { SPARTERA_API_KEY: 'from-env', SPARTERA_COMPANY_ID: 'env_co' };
    expect(resolveSettings(sources({ config, env }))).toMatchObject({
      apiKey: 'from-env',
      companyId: 'env_co',
      baseUrl: 'https://file.example',
    });
    expect(resolveSettings(sources({ config, env, flags: { apiKey: 'from-flag' } }))).toMatchObject({
      apiKey: 'from-flag',
      companyId: 'env_co',
    });
  });

  it('uses the named profile, or the file’s default one', () => {
    const config = {
      defaultProfile: 'work',
      profiles: { work: { apiKey: 'w', companyId: 'work_co' }, home: { apiKey: 'h', companyId: 'home_co' } },
    };
    expect(resolveSettings(sources({ config })).companyId).toBe('work_co');
    expect(resolveSettings(sources({ config, flags: { profile: 'home' } })).companyId).toBe('home_co');
    expect(resolveSettings(sources({ config, env: { SPARTERA_PROFILE: 'home' } })).companyId).toBe('home_co');
    expect(
      resolveSettings(
        sources({ config, flags: { profile: 'new', apiKey: 'k', companyId: 'c' }, saving: true }),
      ),
    ).toMatchObject({ apiKey: 'k' });
    expect(() => resolveSettings(sources({ config, flags: { profile: 'typo' } }))).toThrow(
      /No profile "typo" .*\(profiles: work, home\)/,
    );
  });

  it('names what is missing and where to set it, without echoing secrets', () => {
    let message = '';
    try {
      resolveSettings(sources({ env: { SPARTERA_COMPANY_ID: 'acme' } }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('Missing the API key (--api-key or SPARTERA_API_KEY)');
    expect(message).not.toContain('company id');
    expect(message).toContain('--mock');
  });

  it('rejects a malformed company id or base URL', () => {
    const env = { SPARTERA_API_KEY: 'k' };
    expect(() => resolveSettings(sources({ env, flags: { companyId: '../etc' } }))).toThrow(
      /Invalid company id "\.\.\/etc"/,
    );
    expect(() =>
      resolveSettings(sources({ env, flags: { companyId: 'a', baseUrl: 'api.spartera.com' } })),
    ).toThrow(/Invalid base URL/);
    expect(() => resolveSettings(sources({ env, flags: { companyId: 'a', baseUrl: 'ftp://x' } }))).toThrow(
      /https:\/\/ or http:\/\//,
    );
  });

  it('finds the file under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/x' })).toBe('/x/spartera/config.json');
    expect(configPath({})).toMatch(/\.config\/spartera\/config\.json$/);
  });
});

describe('the config file', () => {
  it('is written with mode 0600, keeps other profiles, and reads back', async () => {
    const path = join(directory, 'spartera', 'config.json');
    await saveProfile(path, { profiles: { other: { companyId: 'o' } } }, 'work', {
      apiKey: 'sk_live_abc',
      companyId: 'acme',
      baseUrl: 'https://api.spartera.com',
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const config = await readConfig(path);
    expect(config).toEqual({
      defaultProfile: 'work',
      profiles: {
        other: { companyId: 'o' },
        work: { apiKey: 'sk_live_abc', companyId: 'acme', baseUrl: 'https://api.spartera.com' },
      },
    });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(config);
  });

  it('is optional, but a broken one is an error naming the file and the fault', async () => {
    const path = join(directory, 'config.json');
    expect(await readConfig(path)).toEqual({ profiles: {} });
    await writeFile(path, '{ "profiles": ');
    await expect(readConfig(path)).rejects.toThrow(`${path} is not valid JSON`);
    await writeFile(path, JSON.stringify({ profiles: { work: { apiKey: 42 } } }));
    await expect(readConfig(path)).rejects.toThrow('profiles.work.apiKey must be a string');
  });
});
