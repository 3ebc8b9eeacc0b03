/**
 * The profiles file: `$XDG_CONFIG_HOME/spartera/config.json`. Reading never throws for a file that
 * is broken (the caller decides whether it matters); writing keeps every key this code does not
 * own, goes through a temporary file and a rename, and takes a lock so that two saves at once both
 * land.
 */
import { lstat, mkdir, open, readFile, readlink, rename, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

/** The settings one profile may hold. Other keys of a profile are kept but not read. */
export interface Profile {
  apiKey?: string;
  companyId?: string;
  baseUrl?: string;
}

export const PROFILE_KEYS = ['apiKey', 'companyId', 'baseUrl'] as const;
export type ProfileKey = (typeof PROFILE_KEYS)[number];

/** The config file as read: what the tools use from it, and why it or a profile cannot be used. */
export interface ConfigFile {
  /** Where it was looked for (a symlink is not resolved here: this is the path users know). */
  path: string;
  /** False when there is no file (then everything else is empty). */
  exists: boolean;
  defaultProfile?: string;
  profiles: Record<string, Profile>;
  /** Why the whole file cannot be used (not JSON, not an object, ...), or undefined. */
  problem?: string;
  /** Profiles with a field of the wrong type, by name: only an error when that profile is used. */
  profileProblems: Record<string, string>;
}

/** A problem with the command line or the configuration: printed, exit status 2. */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

/** The file could not be read or written (permissions, a full disk, a held lock). */
export class ConfigFileError extends Error {
  override readonly name: string = 'ConfigFileError';
}

/** `$XDG_CONFIG_HOME/spartera/config.json`, else `~/.config/spartera/config.json`. */
export function configPath(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  const base = xdg !== undefined && xdg !== '' && xdg.startsWith('/') ? xdg : join(homedir(), '.config');
  return join(base, 'spartera', 'config.json');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

function fileErrorMessage(action: string, path: string, error: unknown): string {
  const code = errorCode(error);
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'read-only file system'
        : code === 'ENOSPC'
          ? 'no space left on the device'
          : code === 'ENOTDIR'
            ? 'a part of the path is not a folder'
            : code === 'EISDIR'
              ? 'it is a folder'
              : (error as Error).message;
  return `Cannot ${action} ${path}: ${reason}${code !== undefined && !reason.includes(code) ? ` (${code})` : ''}`;
}

/** Reads and checks the parsed document; problems are reported, never thrown. */
function interpret(path: string, parsed: unknown): ConfigFile {
  const config: ConfigFile = { path, exists: true, profiles: {}, profileProblems: {} };
  if (!isRecord(parsed)) {
    config.problem = `${path} must hold a JSON object, not ${describe(parsed)}`;
    return config;
  }
  const { profiles = {}, defaultProfile } = parsed;
  if (!isRecord(profiles)) {
    config.problem = `${path}: "profiles" must be an object of profiles, not ${describe(profiles)}`;
    return config;
  }
  if (defaultProfile !== undefined && typeof defaultProfile !== 'string') {
    config.problem = `${path}: "defaultProfile" must be a string, not ${describe(defaultProfile)}`;
    return config;
  }
  if (defaultProfile !== undefined) config.defaultProfile = defaultProfile;
  for (const [name, value] of Object.entries(profiles)) {
    if (!isRecord(value)) {
      config.profileProblems[name] = `${path}: profile "${name}" must be an object, not ${describe(value)}`;
      continue;
    }
    const profile: Profile = {};
    for (const key of PROFILE_KEYS) {
      const field = value[key];
      if (field === undefined) continue;
      if (typeof field !== 'string') {
        config.profileProblems[name] =
          `${path}: profiles.${name}.${key} must be a string, not ${describe(field)}`;
        break;
      }
      profile[key] = field;
    }
    if (config.profileProblems[name] === undefined) config.profiles[name] = profile;
  }
  return config;
}

/**
 * Reads the config file. A missing file is an empty config; one that cannot be parsed or used
 * comes back with `problem` set, so that a start which needs nothing from it can go on.
 */
export async function readConfig(path: string): Promise<ConfigFile> {
  const read = await readText(path);
  if (read.kind === 'missing') return { path, exists: false, profiles: {}, profileProblems: {} };
  if (read.kind === 'unreadable')
    return { path, exists: true, profiles: {}, profileProblems: {}, problem: read.problem };
  return parseConfig(path, read.text).config;
}

type ReadResult =
  { kind: 'missing' } | { kind: 'unreadable'; problem: string } | { kind: 'text'; text: string };

async function readText(path: string): Promise<ReadResult> {
  try {
    return { kind: 'text', text: await readFile(path, 'utf8') };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', problem: fileErrorMessage('read', path, error) };
  }
}

function parseConfig(path: string, text: string): { config: ConfigFile; document: unknown } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const problem = `${path} is not valid JSON: ${(error as Error).message}`;
    return { config: { path, exists: true, profiles: {}, profileProblems: {}, problem }, document };
  }
  return { config: interpret(path, document), document };
}

/**
 * The file a write must replace: the path itself, or, when the path is a symbolic link (dotfiles
 * managed by stow or home-manager), the file it points to, so that the link survives the save.
 */
async function writeTarget(path: string): Promise<string> {
  let target = path;
  for (let hops = 0; hops < 32; hops += 1) {
    let info;
    try {
      info = await lstat(target);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return target;
      throw new ConfigFileError(fileErrorMessage('read', target, error));
    }
    if (!info.isSymbolicLink()) return target;
    target = resolve(dirname(target), await readlink(target));
  }
  throw new ConfigFileError(`Cannot save ${path}: too many symbolic links`);
}

const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 5_000;
const sleep = (ms: number) =>
  new Promise<void>((done) => {
    setTimeout(done, ms);
  });

/**
 * Takes `<file>.lock` (created exclusively); waits for other savers, breaks a lock left by a crash.
 * The wait is measured per holder, not in total: many commands saving at once hand the lock on
 * one after another, and each hand-over restarts the wait, so a queue of savers on a busy machine
 * all get through while a lock that stays with one holder for `LOCK_WAIT_MS` is reported.
 */
async function lock(target: string): Promise<() => Promise<void>> {
  const lockPath = `${target}.lock`;
  let holder: string | undefined;
  let deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return async () => {
        await unlink(lockPath).catch(() => undefined);
      };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw new ConfigFileError(fileErrorMessage('save', target, error));
    }
    const held = await stat(lockPath).catch(() => undefined);
    if (held && Date.now() - held.mtimeMs > LOCK_STALE_MS) {
      await unlink(lockPath).catch(() => undefined);
      continue;
    }
    const current = held ? `${held.ino}:${held.mtimeMs}` : undefined;
    if (current !== holder) {
      holder = current;
      deadline = Date.now() + LOCK_WAIT_MS;
    } else if (Date.now() > deadline) {
      throw new ConfigFileError(
        `Cannot save ${target}: another spartera command holds ${lockPath}; remove that file if none is running`,
      );
    }
    await sleep(5 + Math.random() * 20);
  }
}

/** Writes `text` readable by its owner only (0600), through a temporary file renamed over the old one. */
async function writeAtomically(target: string, text: string): Promise<void> {
  // Loaded here, not with the module: reading settings at every start needs no node:crypto.
  const { randomBytes } = await import('node:crypto');
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  let handle;
  try {
    handle = await open(temporary, 'wx', 0o600);
    await handle.writeFile(text);
    // The umask may have narrowed the mode; it can never have widened it, but say it explicitly.
    await handle.chmod(0o600);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw new ConfigFileError(fileErrorMessage('save', target, error));
  }
}

/**
 * Changes the config file under its lock: reads it afresh, lets `change` edit the parsed document in
 * place (every key it does not touch is kept as it was), and writes it atomically with mode 0600.
 * A file that cannot be parsed is left alone: the change is refused with the reason.
 */
export async function updateConfig(
  path: string,
  change: (document: Record<string, unknown>) => void,
): Promise<void> {
  const target = await writeTarget(path);
  try {
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new ConfigFileError(fileErrorMessage('save', target, error));
  }
  const release = await lock(target);
  try {
    const read = await readText(target);
    if (read.kind === 'unreadable') throw new ConfigFileError(read.problem);
    let document: Record<string, unknown> = {};
    if (read.kind === 'text') {
      const parsed = parseConfig(path, read.text);
      if (parsed.config.problem !== undefined || !isRecord(parsed.document)) {
        throw new ConfigFileError(
          `Not saving, to keep what it holds: ${parsed.config.problem ?? path}. Fix or move the file.`,
        );
      }
      document = parsed.document;
    }
    change(document);
    await writeAtomically(target, `${JSON.stringify(document, null, 2)}\n`);
  } finally {
    await release();
  }
}

/** `document.profiles[name]`, created when missing; an existing non-object profile is refused. */
export function profileIn(document: Record<string, unknown>, name: string): Record<string, unknown> {
  const profiles = (document.profiles ??= {});
  if (!isRecord(profiles)) throw new ConfigFileError('"profiles" is not an object');
  const profile = (profiles[name] ??= {});
  if (!isRecord(profile)) throw new ConfigFileError(`profile "${name}" is not an object`);
  return profile;
}
