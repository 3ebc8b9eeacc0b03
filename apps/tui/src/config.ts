import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** The settings a session needs to reach the API. */
export interface Settings {
  apiKey: string;
  companyId: string;
  baseUrl: string;
}

export interface Profile {
  apiKey?: string;
  companyId?: string;
  baseUrl?: string;
}

export interface ConfigFile {
  defaultProfile?: string;
  profiles: Record<string, Profile>;
}

export const DEFAULT_BASE_URL = 'https://api.spartera.com';
const ID_PATTERN = /^[a-zA-Z0-9_-]{1,255}$/;

/** A problem with the command line or the configuration: printed, exit status 2, no UI. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `$XDG_CONFIG_HOME/spartera/config.json`, else `~/.config/spartera/config.json`. */
export function configPath(env: NodeJS.ProcessEnv): string {
  const base =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'spartera', 'config.json');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readProfile(name: string, value: unknown, path: string): Profile {
  if (!isRecord(value)) throw new UsageError(`${path}: profile "${name}" must be an object`);
  const profile: Profile = {};
  for (const key of ['apiKey', 'companyId', 'baseUrl'] as const) {
    const field = value[key];
    if (field === undefined) continue;
    if (typeof field !== 'string') throw new UsageError(`${path}: profiles.${name}.${key} must be a string`);
    profile[key] = field;
  }
  return profile;
}

/** Reads the config file; a missing file is an empty config, a malformed one an error naming the fault. */
export async function readConfig(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw new UsageError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(parsed)) throw new UsageError(`${path} must hold a JSON object`);
  const { profiles = {}, defaultProfile } = parsed;
  if (!isRecord(profiles)) throw new UsageError(`${path}: "profiles" must be an object of profiles`);
  if (defaultProfile !== undefined && typeof defaultProfile !== 'string') {
    throw new UsageError(`${path}: "defaultProfile" must be a string`);
  }
  const config: ConfigFile = { profiles: {} };
  if (defaultProfile !== undefined) config.defaultProfile = defaultProfile;
  for (const [name, value] of Object.entries(profiles))
    config.profiles[name] = readProfile(name, value, path);
  return config;
}

/**
 * Writes the config file readable by its owner only (0600, in a 0700 directory). It goes to a
 * temporary file first and is renamed over the old one, so a failure never leaves half a file.
 */
export async function writeConfig(path: string, config: ConfigFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

export interface SettingsSources {
  flags: {
    apiKey?: string | undefined;
    companyId?: string | undefined;
    baseUrl?: string | undefined;
    profile?: string | undefined;
  };
  env: NodeJS.ProcessEnv;
  config: ConfigFile;
  path: string;
  /** --save-profile: the named profile is about to be written, so it need not exist yet. */
  saving?: boolean;
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

/** Which profile applies: --profile, then SPARTERA_PROFILE, then the file's default, then "default". */
export function profileName(sources: SettingsSources): string {
  return (
    nonEmpty(sources.flags.profile) ??
    nonEmpty(sources.env.SPARTERA_PROFILE) ??
    nonEmpty(sources.config.defaultProfile) ??
    'default'
  );
}

/** Flags win over SPARTERA_* variables, which win over the profile. Names what is missing or wrong. */
export function resolveSettings(sources: SettingsSources): Settings {
  const { flags, env, config, path } = sources;
  const name = profileName(sources);
  const explicitProfile = nonEmpty(flags.profile) ?? nonEmpty(env.SPARTERA_PROFILE);
  const profile = config.profiles[name];
  if (explicitProfile !== undefined && !profile && sources.saving !== true) {
    const known = Object.keys(config.profiles);
    throw new UsageError(
      `No profile "${name}" in ${path}${known.length > 0 ? ` (profiles: ${known.join(', ')})` : ''}.`,
    );
  }
  const apiKey = nonEmpty(flags.apiKey) ?? nonEmpty(env.SPARTERA_API_KEY) ?? nonEmpty(profile?.apiKey);
  const companyId =
    nonEmpty(flags.companyId) ?? nonEmpty(env.SPARTERA_COMPANY_ID) ?? nonEmpty(profile?.companyId);
  const baseUrl =
    nonEmpty(flags.baseUrl) ??
    nonEmpty(env.SPARTERA_API_BASE_URL) ??
    nonEmpty(profile?.baseUrl) ??
    DEFAULT_BASE_URL;
  const missing: string[] = [];
  if (apiKey === undefined) missing.push('the API key (--api-key or SPARTERA_API_KEY)');
  if (companyId === undefined) missing.push('the company id (--company-id or SPARTERA_COMPANY_ID)');
  if (apiKey === undefined || companyId === undefined) {
    throw new UsageError(
      `Missing ${missing.join(' and ')}. Set them, or save them in a profile of ${path} with --save-profile, ` +
        'or try the demo: spartera-tui --mock',
    );
  }
  if (!ID_PATTERN.test(companyId)) {
    throw new UsageError(`Invalid company id "${companyId}": use 1 to 255 letters, digits, "_" or "-".`);
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(`Invalid base URL "${baseUrl}": expected something like ${DEFAULT_BASE_URL}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`Invalid base URL "${baseUrl}": it must start with https:// or http://`);
  }
  return { apiKey, companyId, baseUrl: baseUrl.replace(/\/+$/, '') };
}

/** Stores the settings as the named profile, keeping the other profiles. */
export async function saveProfile(
  path: string,
  config: ConfigFile,
  name: string,
  settings: Settings,
): Promise<void> {
  const next: ConfigFile = {
    ...config,
    profiles: {
      ...config.profiles,
      [name]: { apiKey: settings.apiKey, companyId: settings.companyId, baseUrl: settings.baseUrl },
    },
  };
  next.defaultProfile ??= name;
  await writeConfig(path, next);
}
