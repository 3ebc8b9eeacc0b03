import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('README', () => {
  it('shows exactly the consumer example that consumer-example.test.ts runs', () => {
    const readme = readFileSync(join(here, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## A complete vitest example for a consumer repository'));
    const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBe(readFileSync(join(here, 'consumer-example.test.ts'), 'utf8'));
  });
});
