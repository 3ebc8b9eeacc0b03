import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** The built executable, started without a terminal: it stops right after reading its settings. */
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'spartera-tui-startup-'));
const path = join(home, 'spartera', 'config.json');
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('SPARTERA_')),
  );
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...clean, XDG_CONFIG_HOME: home, ...env },
    timeout: 10_000,
  });
}

describe('spartera-tui with a corrupt config file', () => {
  mkdirSync(join(home, 'spartera'), { recursive: true });
  writeFileSync(path, '{ "profiles": { "work": ');

  it('warns and goes on when the flags and variables give every setting', () => {
    const result = run(['--company-id', 'acme'], { SPARTERA_API_KEY: 'sk_test_secret' });
    expect(result.stderr).toContain(`spartera-tui: warning: ${path} is not valid JSON`);
    // It got past the settings: what stops it now is the missing terminal.
    expect(result.stderr).toContain('needs an interactive terminal');
    expect(result.stderr).not.toContain('sk_test_secret');
  });

  it('fails naming the file when it needs a setting from it', () => {
    const result = run([], { SPARTERA_API_KEY: 'k' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^spartera-tui: .*config\.json is not valid JSON/);
  });

  it('refuses to save a profile over it, and leaves it as it was', () => {
    const result = run(['--api-key', 'k', '--company-id', 'acme', '--save-profile'], {});
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Not saving, to keep what it holds');
    expect(readFileSync(path, 'utf8')).toBe('{ "profiles": { "work": ');
  });
});
