/**
 * The fresh project every runtime runs in: the three libraries packed with `pnpm pack` (which
 * rewrites workspace:* ranges, as a publish does), installed from the tarballs with npm into a
 * temporary folder, beside the consumer programs of consumer/.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repositoryRoot, suiteDir } from './runtimes.js';

const LIBRARIES = ['packages/types', 'packages/client', 'packages/testing'];

export interface ConsumerProject {
  /** The temporary folder holding the tarballs and the project. */
  workDir: string;
  projectDir: string;
}

export async function createConsumerProject(): Promise<ConsumerProject> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'spartera-ecosystem-'));
  const tarballs = LIBRARIES.map((dir) => {
    const output = execFileSync('pnpm', ['pack', '--pack-destination', workDir], {
      cwd: path.join(repositoryRoot, dir),
      encoding: 'utf8',
    });
    const tarball = output.trim().split('\n').pop();
    if (!tarball?.endsWith('.tgz')) throw new Error(`pnpm pack in ${dir} printed no tarball: ${output}`);
    return tarball;
  });

  const projectDir = path.join(workDir, 'project');
  await mkdir(projectDir);
  await cp(path.join(suiteDir, 'consumer'), projectDir, { recursive: true });
  await writeFile(
    path.join(projectDir, 'package.json'),
    JSON.stringify({ name: 'spartera-ecosystem-consumer', private: true, type: 'module' }, null, 2),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: projectDir,
    stdio: 'inherit',
  });
  return { workDir, projectDir };
}
