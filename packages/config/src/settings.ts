/**
 * Where a session's settings come from: flags win over `SPARTERA_*` variables, which win over the
 * profile of the config file, which wins over the defaults.
 */
import type { ConfigFile, Profile } from './file.js';
import { configPath, PROFILE_KEYS, profileIn, readConfig, updateConfig, UsageError } from './file.js';

/** The settings a session needs to reach the API. */
export interface Settings {
  apiKey: string;
  companyId: string;
  baseUrl: string;
}

export const DEFAULT_BASE_URL = 'https://api.spartera.com';
const ID_PATTERN = /^[a-zA-Z0-9_-]{1,255}$/;

/** Where one setting came from, to say so in `auth status` and in messages. */
export type SettingOrigin =
  | { kind: 'flag'; flag: string }
  | { kind: 'env'; variable: string }
  | { kind: 'profile'; profile: string; path: string }
  | { kind: 'default' };

export interface SettingsFlags {
  apiKey?: string | undefined;
  companyId?: string | undefined;
  baseUrl?: string | undefined;
  profile?: string | undefined;
}

export interface SettingsSources {
  flags: SettingsFlags;
  env: NodeJS.ProcessEnv;
  config: ConfigFile;
  /** The profile is about to be written, so it need not exist yet. */
  saving?: boolean;
  /** The app's flag for the key, if it has one (`--api-key`), named in the "missing" message. */
  apiKeyFlag?: string;
  /** How this app saves a profile (`--save-profile`, `spartera auth login`), for the "missing" message. */
  saveWith?: string;
  /** What else the user can do, ending the "missing" message (`or try the demo: spartera-tui --mock`). */
  hint?: string;
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

/** Which profile applies: --profile, then SPARTERA_PROFILE, then the file's default, then "default". */
export function profileName(sources: Pick<SettingsSources, 'flags' | 'env' | 'config'>): string {
  return (
    nonEmpty(sources.flags.profile) ??
    nonEmpty(sources.env.SPARTERA_PROFILE) ??
    nonEmpty(sources.config.defaultProfile) ??
    'default'
  );
}

const FLAG_NAMES = { apiKey: '--api-key', companyId: '--company-id', baseUrl: '--base-url' } as const;
const ENV_NAMES = {
  apiKey: 'SPARTERA_API_KEY',
  companyId: 'SPARTERA_COMPANY_ID',
  baseUrl: 'SPARTERA_API_BASE_URL',
} as const;

export interface ResolvedSettings {
  settings: Settings;
  /** The profile that applied (it may not exist in the file). */
  profile: string;
  origins: Record<keyof Settings, SettingOrigin>;
  /** Things to tell the user on stderr before going on, such as a config file that was ignored. */
  warnings: string[];
}

/** Checks the settings' shapes; names what is missing or wrong, never echoing the key. */
export function resolveSettings(sources: SettingsSources): ResolvedSettings {
  const { flags, env, config } = sources;
  const name = profileName(sources);
  const explicitProfile = nonEmpty(flags.profile) ?? nonEmpty(env.SPARTERA_PROFILE);
  const warnings: string[] = [];
  const pick = (key: keyof Settings): [string, SettingOrigin] | undefined => {
    const flag = nonEmpty(flags[key]);
    if (flag !== undefined) return [flag, { kind: 'flag', flag: FLAG_NAMES[key] }];
    const variable = nonEmpty(env[ENV_NAMES[key]]);
    if (variable !== undefined) return [variable, { kind: 'env', variable: ENV_NAMES[key] }];
    return undefined;
  };
  const direct = { apiKey: pick('apiKey'), companyId: pick('companyId'), baseUrl: pick('baseUrl') };
  const needsFile =
    direct.apiKey === undefined || direct.companyId === undefined || explicitProfile !== undefined;

  let profile: Profile | undefined;
  if (config.problem !== undefined) {
    // A broken file must not block a start that needs nothing from it.
    if (needsFile && sources.saving !== true) throw new UsageError(config.problem);
    warnings.push(`${config.problem} (ignored: every setting came from flags or the environment)`);
  } else {
    const problem = config.profileProblems[name];
    if (problem !== undefined) {
      if (needsFile) throw new UsageError(problem);
      warnings.push(`${problem} (ignored: every setting came from flags or the environment)`);
    } else {
      profile = config.profiles[name];
    }
  }
  if (explicitProfile !== undefined && !profile && sources.saving !== true && config.problem === undefined) {
    const known = Object.keys(config.profiles);
    throw new UsageError(
      `No profile "${name}" in ${config.path}${known.length > 0 ? ` (profiles: ${known.join(', ')})` : ''}.`,
    );
  }
  const fromProfile = (key: keyof Settings): [string, SettingOrigin] | undefined => {
    const value = nonEmpty(profile?.[key]);
    return value === undefined ? undefined : [value, { kind: 'profile', profile: name, path: config.path }];
  };
  const apiKey = direct.apiKey ?? fromProfile('apiKey');
  const companyId = direct.companyId ?? fromProfile('companyId');
  const baseUrl = direct.baseUrl ??
    fromProfile('baseUrl') ?? [DEFAULT_BASE_URL, { kind: 'default' } satisfies SettingOrigin];
  if (apiKey === undefined || companyId === undefined) {
    const missing: string[] = [];
    if (apiKey === undefined) {
      const flag = sources.apiKeyFlag === undefined ? '' : `${sources.apiKeyFlag} or `;
      missing.push(`the API key (${flag}SPARTERA_API_KEY)`);
    }
    if (companyId === undefined) missing.push('the company id (--company-id or SPARTERA_COMPANY_ID)');
    const them = missing.length > 1 ? 'them' : 'it';
    const saveWith = sources.saveWith === undefined ? '' : ` with ${sources.saveWith}`;
    throw new UsageError(
      `Missing ${missing.join(' and ')}. Set ${them}, or save ${them} in profile "${name}" of ${config.path}${saveWith}` +
        (sources.hint === undefined ? '.' : `; ${sources.hint}`),
    );
  }
  if (!ID_PATTERN.test(companyId[0])) {
    throw new UsageError(`Invalid company id "${companyId[0]}": use 1 to 255 letters, digits, "_" or "-".`);
  }
  let url: URL;
  try {
    url = new URL(baseUrl[0]);
  } catch {
    throw new UsageError(`Invalid base URL "${baseUrl[0]}": expected something like ${DEFAULT_BASE_URL}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`Invalid base URL "${baseUrl[0]}": it must start with https:// or http://`);
  }
  return {
    settings: { apiKey: apiKey[0], companyId: companyId[0], baseUrl: baseUrl[0].replace(/\/+$/, '') },
    profile: name,
    origins: { apiKey: apiKey[1], companyId: companyId[1], baseUrl: baseUrl[1] },
    warnings,
  };
}

export interface LoadOptions {
  flags: SettingsFlags;
  env: NodeJS.ProcessEnv;
  saving?: boolean;
  apiKeyFlag?: string;
  saveWith?: string;
  hint?: string;
}

/** Reads the config file named by the environment and resolves the settings from every source. */
export async function loadSettings(options: LoadOptions): Promise<ResolvedSettings & { config: ConfigFile }> {
  const config = await readConfig(configPath(options.env));
  const resolved = resolveSettings({ ...options, config });
  return { ...resolved, config };
}

/**
 * Stores settings in the named profile: the keys given are set, every other key of the file (top
 * level or inside profiles) is kept. The profile becomes the default one when there is none yet.
 */
export async function saveProfile(path: string, name: string, values: Partial<Settings>): Promise<void> {
  await updateConfig(path, (document) => {
    const profile = profileIn(document, name);
    for (const key of PROFILE_KEYS) {
      const value = values[key];
      if (value !== undefined) profile[key] = value;
    }
    if (typeof document.defaultProfile !== 'string') document.defaultProfile = name;
  });
}

/**
 * Removes keys from the named profile (the API key, on logout), keeping every other key; a profile
 * left with no key at all is removed. Returns whether anything was removed.
 */
export async function removeFromProfile(
  path: string,
  name: string,
  keys: readonly (keyof Settings)[],
): Promise<boolean> {
  const config = await readConfig(path);
  if (!config.exists) return false;
  let removed = false;
  await updateConfig(path, (document) => {
    const profiles = document.profiles;
    if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) return;
    const profile = (profiles as Record<string, unknown>)[name];
    if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) return;
    const entries = profile as Record<string, unknown>;
    for (const key of keys) {
      if (key in entries) {
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- removing a known key of a user's file
        delete entries[key];
        removed = true;
      }
    }
    if (Object.keys(entries).length === 0) {
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the profile name is the user's
      delete (profiles as Record<string, unknown>)[name];
    }
  });
  return removed;
}
