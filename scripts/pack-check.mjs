#!/usr/bin/env node
// Proves the packages work the way users install them: packs all five with pnpm (which rewrites
// workspace:* ranges), installs the tarballs into a fresh npm project in a temporary folder, then
// checks ESM import, CJS require, a strict nodenext TypeScript consumer, and the bins through npx
// (spartera against spartera-mock, over HTTP).
// Also runs publint on every package and @arethetypeswrong/cli on the three libraries.
// Run after a build: `pnpm build && node scripts/pack-check.mjs`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packages = [
  { dir: 'packages/types', name: '@spartera/types', library: true },
  { dir: 'packages/client', name: '@spartera/client', library: true },
  { dir: 'packages/testing', name: '@spartera/testing', library: true },
  { dir: 'apps/tui', name: 'spartera-tui', library: false },
  { dir: 'apps/cli', name: '@spartera/cli', library: false },
];
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const failures = [];

function run(label, command, args, options = {}) {
  try {
    const output = execFileSync(command, args, { encoding: 'utf8', stdio: 'pipe', ...options });
    console.log(`ok   ${label}`);
    return output;
  } catch (error) {
    const detail = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    failures.push(`${label}\n${detail}`);
    console.log(`FAIL ${label}\n${detail}`);
    return '';
  }
}

const work = await mkdtemp(path.join(tmpdir(), 'spartera-pack-'));
try {
  // 1. Metadata every published package must carry.
  for (const { dir, name } of packages) {
    const manifest = JSON.parse(await readFile(path.join(root, dir, 'package.json'), 'utf8'));
    const missing = ['description', 'license', 'repository', 'keywords', 'engines', 'files'].filter(
      (field) => manifest[field] === undefined,
    );
    const files = await readdir(path.join(root, dir));
    if (!files.includes('README.md')) missing.push('README.md');
    if (missing.length > 0) failures.push(`${name} lacks ${missing.join(', ')}`);
    else console.log(`ok   ${name} has description, license, repository, keywords, engines, files, README`);
  }

  // 2. Lint the packages as published.
  for (const { dir, name, library } of packages) {
    run(`publint ${name}`, bin('publint'), ['--strict'], { cwd: path.join(root, dir) });
    // attw checks type resolution of importable entry points; the TUI is a bin with none.
    if (library)
      run(`attw ${name}`, bin('attw'), ['--pack', '.', '--format', 'table-flipped'], {
        cwd: path.join(root, dir),
      });
  }

  // 3. Pack and install into a fresh project.
  const tarballs = [];
  for (const { dir, name } of packages) {
    const out = run(`pack ${name}`, 'pnpm', ['pack', '--pack-destination', work], {
      cwd: path.join(root, dir),
    });
    const tarball = out.trim().split('\n').pop();
    if (tarball) tarballs.push(tarball);
  }
  const consumer = path.join(work, 'consumer');
  await import('node:fs/promises').then((fs) => fs.mkdir(consumer));
  await writeFile(
    path.join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2),
  );
  run(
    'npm install of the five tarballs',
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs],
    {
      cwd: consumer,
    },
  );

  // 4. ESM import and CJS require of each library.
  await writeFile(
    path.join(consumer, 'esm.mjs'),
    [
      "import * as types from '@spartera/types';",
      "import { Spartera, SparteraError, NotFoundError } from '@spartera/client';",
      "import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';",
      "if (types.credentialTypeValues.length !== 10) throw new Error('credentialTypeValues');",
      'const server = await createMockServer();',
      'const client = new Spartera({ apiKey: DEMO_API_KEY, companyId: DEMO_COMPANY_ID, baseUrl: server.url });',
      'const list = await client.connections.list({ limit: 5 });',
      "if (list.length === 0) throw new Error('empty list');",
      "try { await client.connections.get('missing-id'); throw new Error('expected 404'); }",
      'catch (error) { if (!(error instanceof NotFoundError) || !(error instanceof SparteraError)) throw error; }',
      'await server.close();',
      "console.log('esm ok', list.length);",
    ].join('\n'),
  );
  run('ESM import of types, client, testing (and a real call to the mock)', process.execPath, ['esm.mjs'], {
    cwd: consumer,
  });
  await writeFile(
    path.join(consumer, 'cjs.cjs'),
    [
      "const types = require('@spartera/types');",
      "const { Spartera, SparteraError, NotFoundError } = require('@spartera/client');",
      "const { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } = require('@spartera/testing');",
      "if (!Array.isArray(types.credentialTypeValues)) throw new Error('types');",
      '(async () => {',
      '  const server = await createMockServer();',
      '  const client = new Spartera({ apiKey: DEMO_API_KEY, companyId: DEMO_COMPANY_ID, baseUrl: server.url });',
      '  const list = await client.connections.list({ limit: 5 });',
      "  if (list.length === 0) throw new Error('empty list');",
      "  const raw = await client.raw.GET('/cloud-providers', {});",
      "  if (!raw.data || raw.data.data.length === 0) throw new Error('raw call returned no providers');",
      "  try { await client.connections.get('missing-id'); throw new Error('expected 404'); }",
      '  catch (error) { if (!(error instanceof NotFoundError) || !(error instanceof SparteraError)) throw error; }',
      '  await server.close();',
      "  console.log('cjs ok', list.length);",
      '})().catch((error) => { console.error(error); process.exit(1); });',
    ].join('\n'),
  );
  run('CJS require of types, client, testing (and a real call to the mock)', process.execPath, ['cjs.cjs'], {
    cwd: consumer,
  });

  // 5. A strict TypeScript consumer with nodenext resolution type-checks against the packed types.
  await writeFile(
    path.join(consumer, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          noUncheckedIndexedAccess: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2022', 'dom'],
          types: [],
          noEmit: true,
          skipLibCheck: false,
        },
        files: ['consumer.ts', 'consumer.cts'],
      },
      null,
      2,
    ),
  );
  await writeFile(
    path.join(consumer, 'consumer.ts'),
    [
      "import type { Connection, ConnectionInput } from '@spartera/types';",
      "import { Spartera, NotFoundError } from '@spartera/client';",
      "import { connectionFactory } from '@spartera/testing';",
      "const client = new Spartera({ apiKey: 'k', companyId: 'acme' });",
      'export async function names(): Promise<string[]> {',
      '  const list: Connection[] = await client.connections.list({ limit: 10 });',
      '  return list.map((c) => c.name ?? c.connection_id);',
      '}',
      "export const input: ConnectionInput = { company_id: 'acme', engine_id: 1 };",
      'export const sample: Connection = connectionFactory.build();',
      'export const isNotFound = (e: unknown): boolean => e instanceof NotFoundError;',
    ].join('\n'),
  );
  await writeFile(
    path.join(consumer, 'consumer.cts'),
    [
      "import { Spartera } from '@spartera/client';",
      "import type { Connection } from '@spartera/types';",
      "export const make = (): Spartera => new Spartera({ apiKey: 'k', companyId: 'acme' });",
      'export type C = Connection;',
    ].join('\n'),
  );
  run('strict nodenext TypeScript consumer (ESM and CJS files)', bin('tsc'), ['-p', 'tsconfig.json'], {
    cwd: consumer,
  });

  // 6. The bins, as users run them.
  const version = run('npx spartera-tui --version', 'npx', ['--no-install', 'spartera-tui', '--version'], {
    cwd: consumer,
  });
  const manifest = JSON.parse(await readFile(path.join(root, 'apps/tui/package.json'), 'utf8'));
  if (version && !version.includes(manifest.version))
    failures.push(`spartera-tui --version printed ${version.trim()}`);
  const help = run('npx spartera-mock --help', 'npx', ['--no-install', 'spartera-mock', '--help'], {
    cwd: consumer,
  });
  if (help && !help.includes('--port')) failures.push('spartera-mock --help does not document --port');

  // 7. spartera, the CLI: it bundles everything (no dependency to install), ships its JSON Schema,
  // and talks to the installed spartera-mock: a list, and a 404's exit code.
  const cliManifest = JSON.parse(
    await readFile(path.join(consumer, 'node_modules/@spartera/cli/package.json'), 'utf8'),
  );
  if (cliManifest.dependencies && Object.keys(cliManifest.dependencies).length > 0)
    failures.push(`@spartera/cli depends on ${Object.keys(cliManifest.dependencies).join(', ')} at run time`);
  else console.log('ok   @spartera/cli has no run-time dependency');
  const tuiManifest = JSON.parse(
    await readFile(path.join(consumer, 'node_modules/spartera-tui/package.json'), 'utf8'),
  );
  for (const manifest of [cliManifest, tuiManifest]) {
    if (JSON.stringify(manifest.dependencies ?? {}).includes('@spartera/config'))
      failures.push(`${manifest.name} depends on the unpublished @spartera/config`);
  }
  try {
    JSON.parse(
      await readFile(
        path.join(consumer, 'node_modules/@spartera/cli/schema/connections.v1.schema.json'),
        'utf8',
      ),
    );
    console.log('ok   @spartera/cli ships schema/connections.v1.schema.json');
  } catch (error) {
    failures.push(`@spartera/cli lacks its JSON Schema: ${error.message}`);
  }
  const cliVersion = run('npx spartera --version', 'npx', ['--no-install', 'spartera', '--version'], {
    cwd: consumer,
  });
  if (cliVersion && cliVersion.trim() !== `@spartera/cli ${cliManifest.version}`)
    failures.push(`spartera --version printed ${cliVersion.trim()}`);
  // The installed bin itself (not through npx), so that stopping it stops the server.
  const mock = spawn(path.join(consumer, 'node_modules/.bin/spartera-mock'), ['--port', '0'], {
    cwd: consumer,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error('spartera-mock did not start')), 30_000);
      mock.stdout.on('data', (chunk) => {
        seen += chunk.toString();
        const match = /listening on (\S+)/.exec(seen);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      mock.once('exit', () => reject(new Error('spartera-mock exited')));
    });
    const env = {
      ...process.env,
      SPARTERA_API_KEY: 'spk_demo_4c1d9e2b7a0f4e8c9d3b6a5f1e2d7c90',
      SPARTERA_COMPANY_ID: 'acme_analytics',
      SPARTERA_API_BASE_URL: url,
      XDG_CONFIG_HOME: path.join(work, 'xdg'),
    };
    const list = run(
      'npx spartera connection list (against spartera-mock)',
      'npx',
      ['--no-install', 'spartera', 'connection', 'list'],
      {
        cwd: consumer,
        env,
      },
    );
    if (list && JSON.parse(list).length === 0)
      failures.push('spartera connection list printed no connection');
    try {
      execFileSync('npx', ['--no-install', 'spartera', 'connection', 'get', 'conn_missing'], {
        cwd: consumer,
        env,
        stdio: 'pipe',
      });
      failures.push('spartera connection get of a missing id exited 0');
    } catch (error) {
      if (error.status === 1 && String(error.stderr).includes('404'))
        console.log('ok   spartera connection get conn_missing exits 1 with the 404');
      else failures.push(`spartera connection get conn_missing: exit ${error.status}, ${error.stderr}`);
    }
  } catch (error) {
    failures.push(`spartera against spartera-mock: ${error.message}`);
  } finally {
    mock.kill();
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\n${failures.length} check(s) failed`);
  process.exitCode = 1;
} else {
  console.log('\nall package checks passed');
}
