/**
 * The property of connections as code: for any desired state the spec allows, `apply` then `export`
 * gives the desired state back (in export's canonical form), and a second `plan` is empty. Then a
 * second random state applied over the first converges the same way. The CLI runs in-process
 * (`run`) against the mock over HTTP, so that many states fit in the test's time.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
import type { MockServer } from '@spartera/testing';
import { credentialTypeValues } from '@spartera/types';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredConnection } from '../src/code/document.js';
import { credentialsVariable } from '../src/code/export.js';
import { run } from '../src/program.js';
import { memoryIo } from './helpers/io.js';

let server: MockServer;
let work: string;
beforeAll(async () => {
  server = await createMockServer({ dataset: 'empty' });
  work = await mkdtemp(join(tmpdir(), 'spartera-cli-property-'));
});
afterAll(async () => {
  await server.close();
});

/** Engines as a file may name them: by name in any case, qualified, or by id. */
const ENGINES: { reference: string | number; exported: string }[] = [
  { reference: 'BigQuery', exported: 'BigQuery' },
  { reference: 'bigquery', exported: 'BigQuery' },
  { reference: 'Google Cloud/BigQuery', exported: 'BigQuery' },
  { reference: 8, exported: 'PostgreSQL' },
  { reference: 'Snowflake', exported: 'Snowflake' },
  { reference: 'External HTTP API', exported: 'External HTTP API' },
  { reference: 12, exported: 'Vertex AI' },
];

const text = (max: number) =>
  fc.oneof(
    fc.string({ minLength: 1, maxLength: max }),
    fc.string({ minLength: 1, maxLength: max, unit: 'grapheme' }),
  );
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const domain = fc.array(label, { minLength: 1, maxLength: 3 }).map((labels) => `${labels.join('.')}.example`);

type Desired = DesiredConnection & { engineIndex: number };

const connection = (name: string): fc.Arbitrary<Desired> =>
  fc
    .record(
      {
        engineIndex: fc.integer({ min: 0, max: ENGINES.length - 1 }),
        credential_type: fc.constantFrom(...credentialTypeValues),
        description: fc.oneof(fc.constant(''), text(60)),
        provider_domain: domain,
        verified_usage_ability: fc.boolean(),
        visibility: fc.constantFrom('PRIVATE', 'PUBLIC', 'PARTNERS'),
        credentials: fc.constant(true),
      },
      { requiredKeys: ['engineIndex'] },
    )
    .map(({ engineIndex, credentials, ...fields }) => ({
      name,
      engine: (ENGINES[engineIndex] as { reference: string | number }).reference,
      engineIndex,
      ...fields,
      ...(credentials === true ? { credentials: { fromEnv: `SECRET_${Math.abs(hash(name))}` } } : {}),
    }));

function hash(value: string): number {
  let result = 7;
  for (const character of value) result = (result * 31 + (character.codePointAt(0) ?? 0)) | 0;
  return result;
}

const stateOf = (names: readonly string[]): fc.Arbitrary<Desired[]> =>
  names.length === 0 ? fc.constant([]) : fc.tuple(...names.map(connection));

const desiredState = fc.uniqueArray(text(40), { maxLength: 6 }).chain(stateOf);

/** A first state, and a second that keeps some of its names (changed at random) and adds others. */
const twoStates = desiredState.chain((first) =>
  fc
    .tuple(fc.subarray(first.map((entry) => entry.name)), fc.uniqueArray(text(40), { maxLength: 3 }))
    .chain(([kept, added]) => stateOf([...new Set([...kept, ...added])]))
    .map((second) => [first, second] as const),
);

/** What export writes for a desired state: see the rules in src/code/plan.ts and export.ts. */
function canonical(
  desired: readonly Desired[],
  carried: Map<string, Partial<DesiredConnection>> = new Map(),
) {
  const variables = new Set<string>();
  return [...desired]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((entry) => {
      const out: Record<string, unknown> = { name: entry.name, engine: ENGINES[entry.engineIndex]?.exported };
      if (entry.credential_type !== undefined && entry.credential_type !== 'NONE') {
        out.credential_type = entry.credential_type;
        let variable = credentialsVariable(entry.name);
        for (let suffix = 2; variables.has(variable); suffix += 1)
          variable = `${credentialsVariable(entry.name)}_${suffix}`;
        variables.add(variable);
        out.credentials = { fromEnv: variable };
      }
      if (entry.description !== undefined && entry.description !== '') out.description = entry.description;
      const domainValue = entry.provider_domain ?? carried.get(entry.name)?.provider_domain;
      if (domainValue !== undefined) out.provider_domain = domainValue;
      if (entry.verified_usage_ability === true) out.verified_usage_ability = true;
      const visibility = entry.visibility ?? carried.get(entry.name)?.visibility;
      if (visibility !== undefined) out.visibility = visibility;
      return out;
    });
}

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const io = memoryIo(env, { cwd: work });
  const status = await run(args, io);
  return { status, stdout: io.out(), stderr: io.err() };
}

let counter = 0;
async function writeDocument(desired: readonly Desired[]): Promise<string> {
  counter += 1;
  const path = join(work, `desired-${counter}.yaml`);
  const connections = desired.map(({ engineIndex: _engineIndex, ...entry }) => entry);
  await writeFile(path, toYaml({ apiVersion: 'spartera/v1', kind: 'Connections', connections }));
  return path;
}

function secretsFor(...states: (readonly Desired[])[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const state of states)
    for (const entry of state)
      if (entry.credentials && 'fromEnv' in entry.credentials)
        env[entry.credentials.fromEnv] = `secret-${entry.name}`;
  return env;
}

describe('apply then export', () => {
  it('gives back the desired state, and a second plan is empty, for random states and changes between them', async () => {
    await fc.assert(
      fc.asyncProperty(twoStates, async ([first, second]) => {
        server.reset();
        const env = {
          SPARTERA_API_KEY: DEMO_API_KEY,
          SPARTERA_COMPANY_ID: DEMO_COMPANY_ID,
          SPARTERA_API_BASE_URL: server.url,
          XDG_CONFIG_HOME: work,
          ...secretsFor(first, second),
        };
        const carried = new Map<string, Partial<DesiredConnection>>();
        for (const [state, previous] of [
          [first, undefined],
          [second, first],
        ] as const) {
          carried.clear();
          for (const entry of previous ?? []) carried.set(entry.name, entry);
          const path = await writeDocument(state);
          const applied = await cli(['apply', '-f', path, '--prune', '--yes'], env);
          expect(applied.stderr).toBe('');
          expect(applied.status).toBe(0);
          const exported = await cli(['export', '--format', 'json'], env);
          expect(exported.status).toBe(0);
          const document = JSON.parse(exported.stdout) as { connections: unknown[] };
          // Fields the API cannot clear stay from the earlier state when the new one leaves them out.
          const stillThere = new Map(
            [...carried].filter(([name]) => state.some((entry) => entry.name === name)),
          );
          expect(document.connections).toEqual(canonical(state, stillThere));
          const plan = await cli(['plan', '-f', path, '--prune', '--detailed-exitcode'], env);
          expect(plan.stdout).toMatch(/^No changes/);
          expect(plan.status).toBe(0);
        }
        // Applying the same file again changes nothing on the server.
        const version = server.store.version;
        const again = await cli(['apply', '-f', await writeDocument(second), '--prune', '--yes'], env);
        expect(again.status).toBe(0);
        expect(server.store.version).toBe(version);
      }),
      { numRuns: 15 },
    );
  });
});
