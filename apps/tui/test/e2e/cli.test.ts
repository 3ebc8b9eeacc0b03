import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** The built binary run without a terminal: what prints and exits before any UI starts. */
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'spartera-tui-cli-'));
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('SPARTERA_')),
  );
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...clean, XDG_CONFIG_HOME: home, ...env },
    timeout: 10_000,
  });
}

describe('the spartera-tui command line', () => {
  it('prints the version from package.json and exits 0', async () => {
    const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    const result = cli(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${manifest.version}\n`);
  });

  it('prints the usage with every flag and exits 0', () => {
    const result = cli(['--help']);
    expect(result.status).toBe(0);
    for (const flag of ['--api-key', '--company-id', '--base-url', '--profile', '--mock', '--version']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it.skipIf(!existsSync('/dev/full'))('says in one line when its output cannot be written', () => {
    const noSpace = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" --version > /dev/full`], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(noSpace.status).toBe(1);
    expect(noSpace.stderr).toBe('spartera-tui: cannot write the output: ENOSPC\n');
  });

  it('takes --demo for --mock', () => {
    const result = cli(['--demo']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('needs an interactive terminal');
  });

  it('names an unknown flag and exits 2', () => {
    const result = cli(['--colour']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown option --colour');
  });

  it('says what is missing without a key, and never echoes a key it was given', () => {
    const missing = cli([]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Missing the API key');
    const secret = 'sk_live_do_not_print_me';
    const badCompany = cli(['--api-key', secret, '--company-id', 'no/slashes']);
    expect(badCompany.status).toBe(2);
    expect(badCompany.stderr).toContain('Invalid company id');
    expect(badCompany.stderr + badCompany.stdout).not.toContain(secret);
  });

  it('refuses to draw without a terminal', () => {
    const result = cli(['--mock']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('needs an interactive terminal');
  });

  it('saves a profile with mode 0600 before starting', async () => {
    const result = cli([
      '--api-key',
      'sk_saved',
      '--company-id',
      'acme',
      '--profile',
      'work',
      '--save-profile',
    ]);
    // No terminal here, so it stops after saving.
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Saved profile "work"');
    const path = join(home, 'spartera', 'config.json');
    expect(JSON.parse(await readFile(path, 'utf8')).profiles.work).toEqual({
      apiKey: 'sk_saved',
      companyId: 'acme',
      baseUrl: 'https://api.spartera.com',
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
