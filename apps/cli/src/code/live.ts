/**
 * The live connections `export`, `plan` and `apply` compute with are checked field by field first:
 * the client checks the envelope, not each field, and a proxy or a buggy server can send a name
 * that is a number or an engine id that is a string. Acting on such data would write a wrong file
 * or a wrong change; the command stops instead and names the field.
 */
import type { Connection } from '@spartera/client';
import { MalformedDataError } from '../failures.js';
import { escapeControl } from '../output/escape.js';

const kind = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

const OPTIONAL_STRINGS = [
  'name',
  'credential_type',
  'description',
  'provider_domain',
  'visibility',
  'date_created',
  'last_updated',
] as const;

/** The connection as the CLI may use it; a MalformedDataError naming the first bad field otherwise. */
export function checkLiveConnection(value: unknown, index: number): Connection {
  const fail = (what: string): never => {
    throw new MalformedDataError(`the API sent a malformed connection (${what}); nothing was changed`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail(`item ${index} is ${kind(value)}, not an object`);
  const record = value as Record<string, unknown>;
  const id = record.connection_id;
  if (typeof id !== 'string' || id === '') return fail(`item ${index}: connection_id is ${kind(id)}`);
  const where = `connection ${escapeControl(id.slice(0, 80))}`;
  if (typeof record.engine_id !== 'number' || !Number.isInteger(record.engine_id))
    return fail(`${where}: engine_id is ${kind(record.engine_id)}, expected a whole number`);
  for (const field of OPTIONAL_STRINGS) {
    const field_value = record[field];
    if (field_value !== undefined && field_value !== null && typeof field_value !== 'string')
      return fail(`${where}: ${field} is ${kind(field_value)}, expected a string`);
  }
  const verified = record.verified_usage_ability;
  if (verified !== undefined && verified !== null && typeof verified !== 'boolean')
    return fail(`${where}: verified_usage_ability is ${kind(verified)}, expected true or false`);
  // null means absent: drop it so the code after this sees the spec's shape.
  const clean: Record<string, unknown> = {};
  for (const [key, field_value] of Object.entries(record)) if (field_value !== null) clean[key] = field_value;
  return clean as unknown as Connection;
}
