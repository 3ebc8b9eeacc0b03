import { describe, expectTypeOf, test } from 'vitest';
import type {
  ApiErrorBody,
  Connection,
  ConnectionInput,
  ConnectionTestResult,
  ConnectionUpdate,
  CredentialType,
  Envelope,
  InfoSchema,
  ListConnectionsQuery,
  paths,
} from '../src/index.js';
import { credentialTypeValues } from '../src/index.js';

describe('Connection', () => {
  test('server-assigned id, company and engine are always present', () => {
    expectTypeOf<Connection['connection_id']>().toEqualTypeOf<string>();
    expectTypeOf<Connection['company_id']>().toEqualTypeOf<string>();
    expectTypeOf<Connection['engine_id']>().toEqualTypeOf<number>();
  });
  test('descriptive fields are optional', () => {
    expectTypeOf<Connection>().toHaveProperty('name');
    expectTypeOf<{ connection_id: string; company_id: string; engine_id: number }>().toExtend<Connection>();
  });
  test('credentials are write-only: a returned connection has none', () => {
    expectTypeOf<Connection>().not.toHaveProperty('credentials');
  });
});

describe('ConnectionInput', () => {
  test('company_id and engine_id are required', () => {
    expectTypeOf<{ company_id: string; engine_id: number }>().toExtend<ConnectionInput>();
    expectTypeOf<{ company_id: string }>().not.toExtend<ConnectionInput>();
    expectTypeOf<{ engine_id: number }>().not.toExtend<ConnectionInput>();
  });
  test('engine_id is a number, not a string', () => {
    expectTypeOf<{ company_id: string; engine_id: string }>().not.toExtend<ConnectionInput>();
  });
  test('credentials can be sent', () => {
    expectTypeOf<ConnectionInput['credentials']>().toEqualTypeOf<string | undefined>();
  });
});

describe('ConnectionUpdate', () => {
  test('every field is optional', () => {
    expectTypeOf<{ name: string }>().toExtend<ConnectionUpdate>();
    expectTypeOf<{ description: string }>().toExtend<ConnectionUpdate>();
  });
  test('a wrong type is refused', () => {
    expectTypeOf<{ verified_usage_ability: 'yes' }>().not.toExtend<ConnectionUpdate>();
  });
});

describe('CredentialType', () => {
  test('is exactly the ten values of the API', () => {
    expectTypeOf<CredentialType>().toEqualTypeOf<
      | 'SERVICE_ACCOUNT'
      | 'USERNAME_PASSWORD'
      | 'API_KEY'
      | 'SERVICE_IDENTITY'
      | 'ACCESS_KEY'
      | 'NONE'
      | 'OAUTH'
      | 'JSON'
      | 'KEY_PAIR'
      | 'CLIENT_SECRET'
    >();
    expectTypeOf(credentialTypeValues).toEqualTypeOf<ReadonlyArray<CredentialType>>();
  });
});

describe('envelopes', () => {
  type ListBody =
    paths['/companies/{company_id}/connections']['get']['responses'][200]['content']['application/json'];
  type CreateBody =
    paths['/companies/{company_id}/connections']['post']['responses'][200]['content']['application/json'];
  type TestBody =
    paths['/companies/{company_id}/connections/{connection_id}/test']['get']['responses'][200]['content']['application/json'];
  type InfoBody =
    paths['/companies/{company_id}/connections/{connection_id}/infoschema']['get']['responses'][200]['content']['application/json'];

  test('list returns { message, data: Connection[] }', () => {
    expectTypeOf<ListBody>().toEqualTypeOf<Envelope<Connection[]>>();
  });
  test('create answers 200 with the new id', () => {
    expectTypeOf<CreateBody['data']>().toEqualTypeOf<{ connection_id: string }>();
  });
  test('test and infoschema carry explicit payloads, not the list placeholder', () => {
    expectTypeOf<TestBody['data']>().toEqualTypeOf<ConnectionTestResult>();
    expectTypeOf<InfoBody['data']>().toEqualTypeOf<InfoSchema>();
    expectTypeOf<ConnectionTestResult['latency_ms']>().toEqualTypeOf<number>();
  });
  test('infoschema nests schemas → tables → columns', () => {
    type Column = InfoSchema['schemas'][number]['tables'][number]['columns'][number];
    expectTypeOf<Column>().toEqualTypeOf<{
      column_name: string;
      data_type: string;
      is_nullable: boolean;
      ordinal_position: number;
    }>();
  });
});

describe('errors and queries', () => {
  test('an error body carries code and message, errors per field, retry_after', () => {
    expectTypeOf<ApiErrorBody['code']>().toEqualTypeOf<number>();
    expectTypeOf<ApiErrorBody['message']>().toEqualTypeOf<string>();
    expectTypeOf<ApiErrorBody['errors']>().toEqualTypeOf<Record<string, string[]> | undefined>();
    expectTypeOf<ApiErrorBody['retry_after']>().toEqualTypeOf<number | undefined>();
  });
  test('list query sort_order is asc | desc', () => {
    expectTypeOf<ListConnectionsQuery['sort_order']>().toEqualTypeOf<'asc' | 'desc' | undefined>();
  });
});
