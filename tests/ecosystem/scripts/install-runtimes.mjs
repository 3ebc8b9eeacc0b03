#!/usr/bin/env node
// Installs the ecosystem suite's runtimes (Node 20/22/24, Bun, Deno, workerd through miniflare) into
// tests/ecosystem/runtimes/node_modules with `npm ci`, from
// runtimes/package-lock.json, unless that exact lockfile is already installed there. Nothing is
// installed globally; Chromium itself comes from the system (Debian's `chromium` package).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const runtimesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../runtimes');
const lockfile = readFileSync(path.join(runtimesDir, 'package-lock.json'));
const stamp = path.join(runtimesDir, 'node_modules/.installed-lock-sha256');
const digest = createHash('sha256').update(lockfile).digest('hex');

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
  console.log('ecosystem runtimes: up to date');
} else {
  console.log('ecosystem runtimes: npm ci in tests/ecosystem/runtimes');
  const started = Date.now();
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: runtimesDir,
    stdio: 'inherit',
  });
  writeFileSync(stamp, digest);
  console.log(`ecosystem runtimes: installed in ${Math.round((Date.now() - started) / 1000)} s`);
}
