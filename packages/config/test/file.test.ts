import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  chmod,
  copyFile,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigFileError, loadSettings, readConfig, removeFromProfile, saveProfile } from '../src/index.js';

/** The built module, for the tests that save from other processes. */
const BUILT = fileURLToPath(new URL('../dist/index.js', import.meta.url));

let directory: string;
let path: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'spartera-config-'));
  path = join(directory, 'spartera', 'config.json');
});
afterEach(async () => {
  await chmod(directory, 0o700).catch(() => undefined);
  await rm(directory, { recursive: true, force: true });
});

const settings = { apiKey: 'sk_live_abc', companyId: 'acme', baseUrl: 'https://api.spartera.com' };

async function write(content: unknown, mode = 0o600): Promise<void> {
  await mkdir(join(directory, 'spartera'), { recursive: true });
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2), { mode });
}

/** Runs `script` (an ES module body with `config` bound to the built package) in another process. */
function runSaver(script: string, options: { uid?: number; gid?: number } = {}) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', `const config = await import(process.env.CONFIG_MODULE);\n${script}`],
      { env: { ...process.env, CONFIG_MODULE: BUILT }, stdio: ['ignore', 'ignore', 'pipe'], ...options },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stderr });
    });
  });
}

describe('reading the config file', () => {
  it('treats a missing file as empty', async () => {
    expect(await readConfig(path)).toEqual({ path, exists: false, profiles: {}, profileProblems: {} });
  });

  it.each([
    ['not JSON', '{ "profiles": ', /is not valid JSON/],
    ['an array', '[]', /must hold a JSON object, not an array/],
    ['null', 'null', /must hold a JSON object, not null/],
    ['a string', '"work"', /must hold a JSON object, not a string/],
    [
      'profiles that are not an object',
      '{"profiles": [1]}',
      /"profiles" must be an object of profiles, not an array/,
    ],
    ['a default profile that is not a string', '{"defaultProfile": 3}', /"defaultProfile" must be a string/],
  ])('reports a file that is %s without throwing', async (_what, content, problem) => {
    await write(content);
    const config = await readConfig(path);
    expect(config.problem).toMatch(problem);
    expect(config.problem).toContain(path);
  });

  it('keeps the good profiles of a file with one bad profile', async () => {
    await write({ profiles: { good: { apiKey: 'k', companyId: 'c' }, bad: { apiKey: 42 }, odd: 'x' } });
    const config = await readConfig(path);
    expect(config.profiles).toEqual({ good: { apiKey: 'k', companyId: 'c' } });
    expect(config.profileProblems.bad).toContain('profiles.bad.apiKey must be a string, not a number');
    expect(config.profileProblems.odd).toContain('profile "odd" must be an object, not a string');
  });

  it('lets a start whose settings all come from the environment go on past a corrupt file', async () => {
    await write('{ this is not json');
    const env = {
      XDG_CONFIG_HOME: directory,
      SPARTERA_API_KEY: 'k',
      SPARTERA_COMPANY_ID: 'acme',
    };
    const loaded = await loadSettings({ flags: {}, env });
    expect(loaded.settings.companyId).toBe('acme');
    expect(loaded.config.path).toBe(path);
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toContain(`${path} is not valid JSON`);
    expect(loaded.warnings[0]).toContain('ignored');
    await expect(loadSettings({ flags: {}, env: { XDG_CONFIG_HOME: directory } })).rejects.toThrow(
      `${path} is not valid JSON`,
    );
  });
});

describe('saving a profile', () => {
  it('writes mode 0600 in a 0700 folder, makes the profile the default, and reads back', async () => {
    await saveProfile(path, 'work', settings);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(directory, 'spartera'))).mode & 0o777).toBe(0o700);
    const config = await readConfig(path);
    expect(config.defaultProfile).toBe('work');
    expect(config.profiles.work).toEqual(settings);
  });

  it('keeps every key it does not own, at the top level and inside profiles', async () => {
    const before = {
      $schema: 'https://example.com/spartera-config.json',
      defaultProfile: 'home',
      telemetry: { enabled: false },
      profiles: {
        home: { apiKey: 'h', companyId: 'home_co', note: 'personal', colors: ['red'] },
        work: { apiKey: 'old', companyId: 'work_co', region: 'eu', timeoutMs: 5000 },
      },
      editor: 'vim',
    };
    await write(before, 0o644);
    await saveProfile(path, 'work', { apiKey: 'new' });
    const after = JSON.parse(await readFile(path, 'utf8'));
    expect(after).toEqual({
      ...before,
      profiles: { ...before.profiles, work: { ...before.profiles.work, apiKey: 'new' } },
    });
    // A file that was readable by others is tightened to 0600 once it holds a key written here.
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('leaves no temporary or lock file behind', async () => {
    await saveProfile(path, 'a', settings);
    await saveProfile(path, 'b', settings);
    expect(await readdir(join(directory, 'spartera'))).toEqual(['config.json']);
  });

  it.each([
    ['not JSON', '{ "profiles": '],
    ['an array', '[{"apiKey": "k"}]'],
    ['a number', '42'],
  ])('refuses to overwrite a file that is %s, and leaves it byte for byte', async (_what, content) => {
    await write(content);
    await expect(saveProfile(path, 'work', settings)).rejects.toThrow(ConfigFileError);
    await expect(saveProfile(path, 'work', settings)).rejects.toThrow(/Not saving, to keep what it holds/);
    expect(await readFile(path, 'utf8')).toBe(content);
    expect(await readdir(join(directory, 'spartera'))).toEqual(['config.json']);
  });

  it('writes through a symbolic link and keeps the link', async () => {
    const dotfiles = join(directory, 'dotfiles');
    await mkdir(dotfiles);
    const real = join(dotfiles, 'spartera.json');
    await writeFile(
      real,
      JSON.stringify({ profiles: { home: { apiKey: 'h', companyId: 'home_co' } }, keep: 1 }),
    );
    await mkdir(join(directory, 'spartera'));
    await symlink('../dotfiles/spartera.json', path);
    await saveProfile(path, 'work', settings);
    expect((await lstat(path)).isSymbolicLink()).toBe(true);
    expect(await readlink(path)).toBe('../dotfiles/spartera.json');
    const saved = JSON.parse(await readFile(real, 'utf8'));
    expect(saved.keep).toBe(1);
    expect(saved.profiles.home).toEqual({ apiKey: 'h', companyId: 'home_co' });
    expect(saved.profiles.work).toEqual(settings);
    expect((await stat(real)).mode & 0o777).toBe(0o600);
    expect(await readdir(dotfiles)).toEqual(['spartera.json']);
  });

  it('creates the file a dangling symbolic link points to', async () => {
    await mkdir(join(directory, 'spartera'));
    await mkdir(join(directory, 'dotfiles'));
    await symlink('../dotfiles/new.json', path);
    await saveProfile(path, 'work', settings);
    expect((await lstat(path)).isSymbolicLink()).toBe(true);
    expect(JSON.parse(await readFile(join(directory, 'dotfiles/new.json'), 'utf8')).profiles.work).toEqual(
      settings,
    );
  });

  it('loses no profile when many saves run at once in one process', async () => {
    const names = Array.from({ length: 25 }, (_, index) => `p${index}`);
    await Promise.all(
      names.map((name) => saveProfile(path, name, { apiKey: `key-${name}`, companyId: name })),
    );
    const config = await readConfig(path);
    expect(Object.keys(config.profiles).sort()).toEqual([...names].sort());
    for (const name of names)
      expect(config.profiles[name]).toEqual({ apiKey: `key-${name}`, companyId: name });
    expect(await readdir(join(directory, 'spartera'))).toEqual(['config.json']);
  });

  it('loses no profile when several processes save at once', async () => {
    expect(existsSync(BUILT), 'build @spartera/config first (turbo does it before the tests)').toBe(true);
    await write({ keep: 'me', profiles: {} });
    const names = Array.from({ length: 6 }, (_, index) => `proc${index}`);
    const results = await Promise.all(
      names.map((name) =>
        runSaver(
          `for (let i = 0; i < 5; i += 1) await config.saveProfile(${JSON.stringify(path)}, ${JSON.stringify(name)} + '_' + i, { companyId: 'c' + i });`,
        ),
      ),
    );
    for (const result of results) expect(result.stderr).toBe('');
    const saved = JSON.parse(await readFile(path, 'utf8'));
    expect(saved.keep).toBe('me');
    expect(Object.keys(saved.profiles)).toHaveLength(30);
  });

  it('names the lock file when one holder keeps it, and changes nothing', async () => {
    await write({ profiles: {} });
    const before = await readFile(path, 'utf8');
    const lock = `${path}.lock`;
    await writeFile(lock, '99999\n');
    // Dated ahead, so that no wait on a slow machine can make it look left behind by a crash.
    const ahead = new Date(Date.now() + 600_000);
    await utimes(lock, ahead, ahead);
    await expect(saveProfile(path, 'work', settings)).rejects.toThrow(
      `another spartera command holds ${lock}; remove that file if none is running`,
    );
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(existsSync(lock)).toBe(true);
  });

  it('breaks a lock left behind by a crashed save', async () => {
    await write({ profiles: {} });
    const lock = `${path}.lock`;
    await writeFile(lock, '99999\n');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    await saveProfile(path, 'work', settings);
    expect((await readConfig(path)).profiles.work).toEqual(settings);
    expect(existsSync(lock)).toBe(false);
  });

  it('fails with the path and the reason in a folder it cannot write, and changes nothing', async () => {
    await write({ profiles: { home: { apiKey: 'h' } } }, 0o644);
    const folder = join(directory, 'spartera');
    const before = await readFile(path, 'utf8');
    await chmod(folder, 0o555);
    await chmod(directory, 0o755);
    try {
      if (process.getuid?.() === 0) {
        // root writes anywhere: run the save as an unprivileged user, as a real user would be.
        const copy = join(directory, 'config.mjs');
        await chmod(directory, 0o777);
        await copyFile(BUILT, copy);
        await chmod(copy, 0o644);
        await chmod(directory, 0o755);
        const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [
              '--input-type=module',
              '-e',
              `const config = await import(${JSON.stringify(copy)});
               try { await config.saveProfile(${JSON.stringify(path)}, 'work', { apiKey: 'k' }); }
               catch (error) { console.error(error.name + ': ' + error.message); process.exit(3); }`,
            ],
            { uid: 65534, gid: 65534, stdio: ['ignore', 'ignore', 'pipe'], cwd: directory },
          );
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.on('error', reject);
          child.on('close', (code) => {
            resolve({ code, stderr });
          });
        });
        expect(result.code).toBe(3);
        expect(result.stderr).toContain(`ConfigFileError: Cannot save ${path}: permission denied`);
      } else {
        await expect(saveProfile(path, 'work', { apiKey: 'k' })).rejects.toThrow(
          `Cannot save ${path}: permission denied`,
        );
      }
    } finally {
      await chmod(folder, 0o700);
    }
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readdir(folder)).toEqual(['config.json']);
  });
});

describe('removing keys from a profile (logout)', () => {
  it('removes only the key, keeps the rest of the profile and of the file', async () => {
    await write({
      other: true,
      profiles: { work: { apiKey: 'k', companyId: 'acme', region: 'eu' }, home: { apiKey: 'h' } },
    });
    expect(await removeFromProfile(path, 'work', ['apiKey'])).toBe(true);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      other: true,
      profiles: { work: { companyId: 'acme', region: 'eu' }, home: { apiKey: 'h' } },
    });
    // Removing the last key removes the profile; a second logout finds nothing to remove.
    expect(await removeFromProfile(path, 'home', ['apiKey'])).toBe(true);
    expect(await removeFromProfile(path, 'home', ['apiKey'])).toBe(false);
    expect(JSON.parse(await readFile(path, 'utf8')).profiles).toEqual({
      work: { companyId: 'acme', region: 'eu' },
    });
  });

  it('does nothing without a file', async () => {
    expect(await removeFromProfile(path, 'work', ['apiKey'])).toBe(false);
    expect(existsSync(path)).toBe(false);
  });
});
