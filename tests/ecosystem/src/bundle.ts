/** esbuild bundles of a consumer entry, as a web app or a worker would ship the client. */
import path from 'node:path';
import { build } from 'esbuild';

export interface BundleTarget {
  /** `browser` for a page, `worker` for workerd: the export conditions a bundler would use. */
  kind: 'browser' | 'worker';
}

/**
 * Bundles `entry` (relative to the project) with the installed packages. The neutral platform for a
 * worker fails the build on any Node built-in import, which is the promise "no Node-only imports".
 */
export async function bundle(projectDir: string, entry: string, target: BundleTarget): Promise<string> {
  const result = await build({
    absWorkingDir: projectDir,
    entryPoints: [path.join(projectDir, entry)],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    ...(target.kind === 'browser'
      ? { platform: 'browser' }
      : {
          platform: 'neutral',
          conditions: ['workerd', 'worker', 'browser'],
          mainFields: ['module', 'main'],
        }),
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error(`esbuild wrote nothing for ${entry}`);
  return output.text;
}
