/**
 * `spartera auth login|status|logout`, as the official CLI names them. The key is kept in the
 * shared profiles file (mode 0600) that spartera-tui reads too; it is read from a prompt without
 * echo or from stdin, never from an argument.
 */
import type { SettingOrigin } from '@spartera/config';
import {
  configPath,
  DEFAULT_BASE_URL,
  profileName,
  readConfig,
  removeFromProfile,
  saveProfile,
  UsageError,
} from '@spartera/config';
import { EXIT, ExitStatus } from '../failures.js';
import { escapeControl } from '../output/escape.js';
import { toJson } from '../output/render.js';
import { ask, readSecret } from '../prompt.js';
import type { Runtime } from '../runtime.js';
import { parseFormat } from '../runtime.js';

/** `****wxyz`: enough to tell two keys apart, never enough to use one. */
export function maskKey(key: string): string {
  return key.length >= 12 ? `****${key.slice(-4)}` : '****';
}

function describeOrigin(origin: SettingOrigin): string {
  switch (origin.kind) {
    case 'flag':
      return `flag ${origin.flag}`;
    case 'env':
      return `variable ${origin.variable}`;
    case 'profile':
      return `profile "${origin.profile}" in ${origin.path}`;
    case 'default':
      return 'default';
  }
}

export interface AuthOptions {
  format?: string;
  verify?: boolean;
}

export async function login(runtime: Runtime, options: AuthOptions): Promise<void> {
  const format = parseFormat(options.format, ['table', 'json']);
  runtime.format = format;
  const { io, globals } = runtime;
  const path = configPath(io.env);
  const config = await readConfig(path);
  if (config.problem !== undefined)
    throw new UsageError(`${config.problem}: fix or move it before logging in`);
  const name = profileName({ flags: { profile: globals.profile }, env: io.env, config });
  const stored = config.profiles[name] ?? {};
  const interactive = io.stdin.isTTY === true;
  let companyId = globals.companyId ?? nonEmpty(io.env.SPARTERA_COMPANY_ID) ?? stored.companyId;
  const baseUrl =
    globals.baseUrl ?? nonEmpty(io.env.SPARTERA_API_BASE_URL) ?? stored.baseUrl ?? DEFAULT_BASE_URL;
  if (!interactive && companyId === undefined)
    throw new UsageError(
      'which company? pass --company-id ID (or set SPARTERA_COMPANY_ID) when the key comes from standard input',
    );
  if (interactive) {
    io.stderr.write(`Log in to Spartera: the key is saved in profile "${name}" of ${path} (mode 0600).\n`);
    io.stderr.write('Create a key in the Spartera console: Settings → API Keys.\n');
  }
  const apiKey = await readSecret(io, 'API key (not shown as you type): ', 'API key');
  if (interactive && companyId === undefined) companyId = await ask(io, 'Company id: ');
  if (companyId === undefined || companyId === '')
    throw new UsageError('a company id is needed: --company-id ID');
  // Checks the shapes (company id, URL) the same way every later command will.
  const { resolveSettings } = await import('@spartera/config');
  const { settings } = resolveSettings({
    flags: { companyId, baseUrl },
    env: { SPARTERA_API_KEY: apiKey },
    config: { ...config, problem: undefined },
  });
  if (options.verify !== false) {
    const { Spartera } = await import('@spartera/client');
    const client = new Spartera({ ...settings, maxRetries: 1 });
    // The API has no "who am I": listing one connection proves the key opens this company.
    await client.connections.list({ limit: 1 });
  }
  await saveProfile(path, name, {
    apiKey,
    companyId: settings.companyId,
    ...(baseUrl === DEFAULT_BASE_URL && stored.baseUrl === undefined ? {} : { baseUrl: settings.baseUrl }),
  });
  const data = {
    profile: name,
    config_path: path,
    company_id: settings.companyId,
    base_url: settings.baseUrl,
    verified: options.verify !== false,
  };
  if (format === 'json') io.stdout.write(toJson(data));
  else
    io.stdout.write(
      `Logged in to ${escapeControl(settings.companyId)} at ${escapeControl(settings.baseUrl)}${options.verify === false ? ' (key not checked)' : ''}: profile "${escapeControl(name)}" of ${escapeControl(path)}.\n`,
    );
  if (nonEmpty(io.env.SPARTERA_API_KEY) !== undefined)
    runtime.warn('SPARTERA_API_KEY is set and wins over the saved key; unset it to use this profile');
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

export async function status(runtime: Runtime, options: AuthOptions): Promise<void> {
  const format = parseFormat(options.format, ['table', 'json']);
  runtime.format = format;
  let session;
  try {
    session = await runtime.session();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (format === 'json')
      runtime.io.stdout.write(
        toJson({ logged_in: false, config_path: configPath(runtime.io.env), reason: error.message }),
      );
    else runtime.io.stdout.write(`Not logged in. ${error.message}\n`);
    throw new ExitStatus(EXIT.failure, 'not logged in: run spartera auth login');
  }
  const { resolved, client } = session;
  const { settings, origins } = resolved;
  let verified = true;
  let problem: string | undefined;
  try {
    await client.connections.list({ limit: 1 }, { maxRetries: 1 });
  } catch (error) {
    verified = false;
    const { describeError } = await import('../errors.js');
    problem = describeError(error, origins.apiKey).message;
  }
  const data = {
    logged_in: verified,
    profile: resolved.profile,
    config_path: configPath(runtime.io.env),
    api_key: { value: maskKey(settings.apiKey), source: describeOrigin(origins.apiKey) },
    company_id: { value: settings.companyId, source: describeOrigin(origins.companyId) },
    base_url: { value: settings.baseUrl, source: describeOrigin(origins.baseUrl) },
    ...(problem === undefined ? {} : { error: problem }),
  };
  if (format === 'json') runtime.io.stdout.write(toJson(data));
  else {
    const s = runtime.stdoutStyle;
    runtime.io.stdout.write(
      [
        verified
          ? s.green(`Logged in to ${settings.companyId} at ${settings.baseUrl}.`)
          : s.red(`The API refused these settings: ${problem ?? ''}`),
        `  API key   ${data.api_key.value}  (${data.api_key.source})`,
        `  company   ${settings.companyId}  (${data.company_id.source})`,
        `  base URL  ${settings.baseUrl}  (${data.base_url.source})`,
        `  profile   ${resolved.profile}  (${configPath(runtime.io.env)})`,
        '',
      ]
        .map(escapeControl)
        .join('\n'),
    );
  }
  if (!verified) throw new ExitStatus(EXIT.failure, problem);
}

export async function logout(runtime: Runtime, options: AuthOptions): Promise<void> {
  const format = parseFormat(options.format, ['table', 'json']);
  runtime.format = format;
  const path = configPath(runtime.io.env);
  const config = await readConfig(path);
  const name = profileName({ flags: { profile: runtime.globals.profile }, env: runtime.io.env, config });
  const removed = config.exists ? await removeFromProfile(path, name, ['apiKey']) : false;
  if (format === 'json') runtime.io.stdout.write(toJson({ profile: name, config_path: path, removed }));
  else
    runtime.io.stdout.write(
      removed
        ? `Logged out: removed the API key of profile "${escapeControl(name)}" from ${escapeControl(path)}.\n`
        : `No API key was saved in profile "${escapeControl(name)}" of ${escapeControl(path)}.\n`,
    );
  if (nonEmpty(runtime.io.env.SPARTERA_API_KEY) !== undefined)
    runtime.warn('SPARTERA_API_KEY is still set: commands will keep using it');
}
