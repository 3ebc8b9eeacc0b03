/** Where the suite finds its runtimes: the npm-installed ones in runtimes/, and the system's Chromium. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const suiteDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repositoryRoot = path.resolve(suiteDir, '../..');
export const runtimesDir = path.join(suiteDir, 'runtimes');
const runtimeModules = path.join(runtimesDir, 'node_modules');

/** The Node.js major versions the published libraries support, each tested. */
export const NODE_VERSIONS = [20, 22, 24] as const;
export type NodeVersion = (typeof NODE_VERSIONS)[number];

function installed(file: string, what: string): string {
  if (!existsSync(file)) {
    throw new Error(
      `${what} is not installed at ${file}: run node tests/ecosystem/scripts/install-runtimes.mjs`,
    );
  }
  return file;
}

export function nodeBinary(version: NodeVersion): string {
  return installed(path.join(runtimeModules, `node${version}`, 'bin', 'node'), `Node.js ${version}`);
}

export function bunBinary(): string {
  return installed(path.join(runtimeModules, '.bin', 'bun'), 'Bun');
}

export function denoBinary(): string {
  return installed(path.join(runtimeModules, '.bin', 'deno'), 'Deno');
}

/** Debian's Chromium (`apt-get install chromium`), or CHROMIUM_PATH. */
export function chromiumBinary(): string {
  const binary = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(binary)) {
    throw new Error(`Chromium is not installed at ${binary}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  return binary;
}

/** A package installed in runtimes/ (miniflare), loaded as CommonJS. */
export function runtimeModule(name: string): unknown {
  const require = createRequire(path.join(runtimesDir, 'package.json'));
  return require(name);
}
