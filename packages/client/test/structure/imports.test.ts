// The resources and core modules import the client as a type only: client.ts imports them, so a
// value import back would be a cycle.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

describe('module structure', () => {
  it('no module under core/ or resources/ imports client.ts or index.ts at run time', async () => {
    const offenders: string[] = [];
    for (const dir of ['core', 'resources']) {
      for (const file of await readdir(path.join(src, dir))) {
        const source = await readFile(path.join(src, dir, file), 'utf8');
        for (const [statement] of source.matchAll(/^import\s[^;]*?from\s+'\.\.\/(client|index)\.js';/gm)) {
          if (!statement.startsWith('import type ')) offenders.push(`${dir}/${file}: ${statement}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('src never imports a node: module, so that the client runs outside Node', async () => {
    const files = (await readdir(src, { recursive: true })).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      expect(await readFile(path.join(src, file), 'utf8'), file).not.toMatch(/from\s+'node:|require\(/);
    }
  });
});
