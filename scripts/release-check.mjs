#!/usr/bin/env node
// Rehearses a release without touching this checkout: in a copy of the tracked files, `changeset
// version` must move all five packages to one new version and write each one's CHANGELOG.md;
// then `pnpm publish -r --dry-run` must pack and "publish" every public package from the built tree.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const published = {
  '@spartera/types': 'packages/types',
  '@spartera/client': 'packages/client',
  '@spartera/testing': 'packages/testing',
  'spartera-tui': 'apps/tui',
  '@spartera/cli': 'apps/cli',
};
const failures = [];
const readJson = async (file) => JSON.parse(await readFile(file, 'utf8'));

const copy = await mkdtemp(path.join(tmpdir(), 'spartera-release-'));
try {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const file of tracked) {
    await mkdir(path.dirname(path.join(copy, file)), { recursive: true });
    await cp(path.join(root, file), path.join(copy, file)).catch(() => undefined);
  }
  await symlink(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  const before = await readJson(path.join(root, 'packages/client/package.json'));
  const pending = tracked.filter(
    (file) => /^\.changeset\/[^/]+\.md$/.test(file) && !file.endsWith('README.md'),
  );
  if (pending.length === 0) failures.push('no pending changeset: a release would change nothing');

  execFileSync(path.join(root, 'node_modules/.bin/changeset'), ['version'], { cwd: copy, stdio: 'pipe' });
  const versions = {};
  for (const [name, dir] of Object.entries(published)) {
    const manifest = await readJson(path.join(copy, dir, 'package.json'));
    versions[name] = manifest.version;
    const changelog = await readFile(path.join(copy, dir, 'CHANGELOG.md'), 'utf8').catch(() => '');
    if (!changelog.includes(`## ${manifest.version}`))
      failures.push(`${name}: CHANGELOG.md has no ${manifest.version} entry`);
  }
  const distinct = new Set(Object.values(versions));
  if (distinct.size !== 1) failures.push(`versions diverged: ${JSON.stringify(versions)}`);
  const [next] = distinct;
  if (next === before.version) failures.push(`changeset version left the version at ${next}`);
  console.log(`changeset version: ${before.version} → ${JSON.stringify(versions)}`);

  const output = execFileSync('pnpm', ['publish', '-r', '--dry-run', '--no-git-checks'], {
    cwd: root,
    encoding: 'utf8',
    stdio: 'pipe',
  });
  for (const name of Object.keys(published)) {
    if (!output.includes(`+ ${name}@`)) failures.push(`pnpm publish --dry-run did not publish ${name}`);
  }
  for (const internal of [
    '@spartera/bench',
    '@spartera/reliability-tests',
    '@spartera/config',
    'spartera-toolkit',
  ]) {
    if (output.includes(`+ ${internal}@`))
      failures.push(`the private package ${internal} would be published`);
  }
  console.log('pnpm publish -r --dry-run: the five packages, and no private one');
} finally {
  await rm(copy, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(failures.map((failure) => `FAIL ${failure}`).join('\n'));
  process.exitCode = 1;
} else {
  console.log('release rehearsal passed');
}
