import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import openApiDocument from '@spartera/types/openapi.json' with { type: 'json' };
import * as coercingValidators from '../../src/generated/coercing-validators.js';
import * as strictValidators from '../../src/generated/strict-validators.js';
import type { OpenApiDocument } from '../../src/engine/validator-catalog.js';
import { validatorSchemas } from '../../src/engine/validator-catalog.js';
import { createFactories } from '../../src/fixtures/factories.js';

const GENERATOR = fileURLToPath(new URL('../../scripts/generate-validators.mjs', import.meta.url));

describe('the validators compiled ahead of time', () => {
  it('are what a fresh generation from the spec writes (no drift)', () => {
    const run = spawnSync(process.execPath, [GENERATOR, '--check'], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('are exactly the catalog: one compiled function per schema the mock validates with', () => {
    const { coercing, strict } = validatorSchemas(openApiDocument as unknown as OpenApiDocument);
    const names = (module: object) => Object.keys(module).sort();
    expect(names(coercingValidators)).toEqual(Object.keys(coercing).sort());
    expect(names(strictValidators)).toEqual(Object.keys(strict).sort());
    for (const validate of [...Object.values(coercingValidators), ...Object.values(strictValidators)]) {
      expect(validate).toBeTypeOf('function');
    }
  });

  it('coerce and default query values, and report every problem at once', () => {
    const validate = coercingValidators.parameters_listConnections;
    const params: Record<string, unknown> = { company_id: 'acme', page: '2' };
    expect(validate(params)).toBe(true);
    expect(params.page).toBe(2);
    expect(params.limit).toBeTypeOf('number');
    expect(validate({ company_id: 'acme', page: 'x', limit: '0' })).toBe(false);
    const fields = (validate.errors ?? []).map((error) => error.instancePath);
    expect(fields).toEqual(expect.arrayContaining(['/page', '/limit']));
  });

  it('count string lengths in characters, not UTF-16 units, as ajv compiled at run time did', () => {
    const validate = strictValidators.body_createConnection;
    const input = (name: string) => ({ company_id: 'acme', engine_id: 1, name });
    expect(validate(input('😀'.repeat(255)))).toBe(true);
    expect(validate(input('😀'.repeat(256)))).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/name');
  });

  it('check the formats the spec uses', () => {
    const validate = strictValidators.schema_Connection;
    const connection = createFactories(1).connectionFactory.build();
    expect(validate(connection)).toBe(true);
    expect(validate({ ...connection, date_created: 'yesterday' })).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath)).toEqual(['/date_created']);
    expect(validate({ ...connection, engine_id: 1.5 })).toBe(false);
  });
});
