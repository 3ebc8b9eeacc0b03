import { describe, expect, it } from 'vitest';
import type { ConfigFile, SettingsSources } from '../src/index.js';
import { configPath, resolveSettings, UsageError } from '../src/index.js';

const PATH = '/home/ada/.config/spartera/config.json';

function file(overrides: Partial<ConfigFile> = {}): ConfigFile {
  return { path: PATH, exists: true, profiles: {}, profileProblems: {}, ...overrides };
}

function sources(overrides: Partial<SettingsSources>): SettingsSources {
  return { flags: {}, env: {}, config: file(), ...overrides };
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('resolveSettings', () => {
  it('prefers flags over SPARTERA_* variables over the profile, and says where each came from', () => {
    const config = file({
      profiles: { default: { apiKey: 'from-file', companyId: 'file_co', baseUrl: 'https://file.example' } },
    });
    expect(resolveSettings(sources({ config })).settings).toEqual({
      apiKey: 'from-file',
      companyId: 'file_co',
      baseUrl: 'https://file.example',
    });
    const env = { SPARTERA_API_KEY: 'from-env', SPARTERA_COMPANY_ID: 'env_co' };
    const fromEnv = resolveSettings(sources({ config, env }));
    expect(fromEnv.settings).toEqual({
      apiKey: 'from-env',
      companyId: 'env_co',
      baseUrl: 'https://file.example',
    });
    expect(fromEnv.origins).toEqual({
      apiKey: { kind: 'env', variable: 'SPARTERA_API_KEY' },
      companyId: { kind: 'env', variable: 'SPARTERA_COMPANY_ID' },
      baseUrl: { kind: 'profile', profile: 'default', path: PATH },
    });
    const fromFlag = resolveSettings(sources({ config, env, flags: { companyId: 'flag_co' } }));
    expect(fromFlag.settings.companyId).toBe('flag_co');
    expect(fromFlag.origins.companyId).toEqual({ kind: 'flag', flag: '--company-id' });
  });

  it('uses the default base URL, without a trailing slash from anywhere', () => {
    const env = { SPARTERA_API_KEY: 'k', SPARTERA_COMPANY_ID: 'acme' };
    const resolved = resolveSettings(sources({ env }));
    expect(resolved.settings.baseUrl).toBe('https://api.spartera.com');
    expect(resolved.origins.baseUrl).toEqual({ kind: 'default' });
    expect(
      resolveSettings(sources({ env: { ...env, SPARTERA_API_BASE_URL: 'http://127.0.0.1:4010//' } })).settings
        .baseUrl,
    ).toBe('http://127.0.0.1:4010');
  });

  it('uses the named profile, or the file’s default one', () => {
    const config = file({
      defaultProfile: 'work',
      profiles: { work: { apiKey: 'w', companyId: 'work_co' }, home: { apiKey: 'h', companyId: 'home_co' } },
    });
    expect(resolveSettings(sources({ config })).settings.companyId).toBe('work_co');
    expect(resolveSettings(sources({ config })).profile).toBe('work');
    expect(resolveSettings(sources({ config, flags: { profile: 'home' } })).settings.companyId).toBe(
      'home_co',
    );
    expect(resolveSettings(sources({ config, env: { SPARTERA_PROFILE: 'home' } })).settings.companyId).toBe(
      'home_co',
    );
    expect(
      resolveSettings(
        sources({ config, flags: { profile: 'new', apiKey: 'k', companyId: 'c' }, saving: true }),
      ).settings,
    ).toMatchObject({ apiKey: 'k' });
    expect(() => resolveSettings(sources({ config, flags: { profile: 'typo' } }))).toThrow(
      /No profile "typo" .*\(profiles: work, home\)/,
    );
  });

  it('names what is missing, where to save it and the app’s own hints, without echoing secrets', () => {
    const message = messageOf(() =>
      resolveSettings(
        sources({
          env: { SPARTERA_COMPANY_ID: 'acme' },
          apiKeyFlag: '--api-key',
          saveWith: '--save-profile',
          hint: 'or try the demo',
        }),
      ),
    );
    expect(message).toBe(
      `Missing the API key (--api-key or SPARTERA_API_KEY). Set it, or save it in profile "default" of ${PATH} with --save-profile; or try the demo`,
    );
    const both = messageOf(() => resolveSettings(sources({})));
    expect(both).toContain('Missing the API key (SPARTERA_API_KEY) and the company id');
    expect(both).toContain('Set them');
    const secret = 'sk_live_never_printed';
    const invalid = messageOf(() =>
      resolveSettings(sources({ env: { SPARTERA_API_KEY: secret }, flags: { companyId: '../etc' } })),
    );
    expect(invalid).toBe('Invalid company id "../etc": use 1 to 255 letters, digits, "_" or "-".');
    expect(invalid).not.toContain(secret);
  });

  it('rejects a malformed base URL', () => {
    const env = { SPARTERA_API_KEY: 'k', SPARTERA_COMPANY_ID: 'a' };
    expect(() => resolveSettings(sources({ env, flags: { baseUrl: 'api.spartera.com' } }))).toThrow(
      /Invalid base URL/,
    );
    expect(() => resolveSettings(sources({ env, flags: { baseUrl: 'ftp://x' } }))).toThrow(
      /https:\/\/ or http:\/\//,
    );
  });

  it('goes on with a warning when a broken file is not needed, and fails naming it when it is', () => {
    const broken = file({ problem: `${PATH} is not valid JSON: Unexpected end of JSON input` });
    const env = { SPARTERA_API_KEY: 'k', SPARTERA_COMPANY_ID: 'acme' };
    const resolved = resolveSettings(sources({ config: broken, env }));
    expect(resolved.settings).toEqual({
      apiKey: 'k',
      companyId: 'acme',
      baseUrl: 'https://api.spartera.com',
    });
    expect(resolved.warnings).toEqual([
      `${PATH} is not valid JSON: Unexpected end of JSON input (ignored: every setting came from flags or the environment)`,
    ]);
    expect(() => resolveSettings(sources({ config: broken, env: { SPARTERA_API_KEY: 'k' } }))).toThrow(
      new UsageError(`${PATH} is not valid JSON: Unexpected end of JSON input`),
    );
    // An explicit profile needs the file even when the variables are all there.
    expect(() => resolveSettings(sources({ config: broken, env, flags: { profile: 'work' } }))).toThrow(
      /not valid JSON/,
    );
  });

  it('only fails on a broken profile when that profile is used', () => {
    const config = file({
      defaultProfile: 'work',
      profiles: { work: { apiKey: 'w', companyId: 'work_co' } },
      profileProblems: { old: `${PATH}: profiles.old.apiKey must be a string, not a number` },
    });
    expect(resolveSettings(sources({ config })).settings.companyId).toBe('work_co');
    expect(() => resolveSettings(sources({ config, flags: { profile: 'old' } }))).toThrow(
      'profiles.old.apiKey must be a string, not a number',
    );
  });
});

describe('configPath', () => {
  it('honours XDG_CONFIG_HOME, else ~/.config, and ignores a relative XDG_CONFIG_HOME as the spec says', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/x' })).toBe('/x/spartera/config.json');
    expect(configPath({})).toMatch(/\/\.config\/spartera\/config\.json$/);
    expect(configPath({ XDG_CONFIG_HOME: '' })).toMatch(/\/\.config\/spartera\/config\.json$/);
    expect(configPath({ XDG_CONFIG_HOME: 'relative/dir' })).toMatch(/\/\.config\/spartera\/config\.json$/);
  });
});
