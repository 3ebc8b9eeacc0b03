/**
 * The plan: what apply would change to make the live company match a file, field by field, the
 * way `terraform plan` shows it. Pure: it reads nothing and sends nothing.
 *
 * A file is the whole desired state of each connection it names (by name, its key):
 * - `description` absent means empty, `verified_usage_ability` absent means false, and
 *   `credential_type` absent means NONE; a change to any of them is planned.
 * - `provider_domain` and `visibility` cannot be cleared through the API: when the file leaves out a
 *   value the connection has, it stays, and the plan says so as a note, not a change.
 * - `credentials` are write-only: they are sent on create, and on update only when asked
 *   (`--update-credentials`), since the API never says what is stored.
 * - With `prune`, named connections absent from the file are deleted. Connections without a name
 *   cannot be matched to a file and are never touched.
 */
import type { Connection, ConnectionUpdate } from '@spartera/client';
import type { ConnectionsDocument, CredentialReference, DesiredConnection } from './document.js';

export type ManagedField =
  | 'engine_id'
  | 'credential_type'
  | 'description'
  | 'provider_domain'
  | 'verified_usage_ability'
  | 'visibility'
  | 'credentials';

export interface FieldChange {
  field: ManagedField;
  /** The live value (absent for a create). */
  from?: unknown;
  /** The new value; for credentials, the reference it is read from, never the secret. */
  to: unknown;
}

export type Change =
  | { action: 'create'; name: string; index: number; fields: FieldChange[] }
  | { action: 'update'; name: string; index: number; connectionId: string; fields: FieldChange[] }
  | { action: 'delete'; name: string; connectionId: string };

export interface Plan {
  company: string;
  changes: Change[];
  unchanged: string[];
  /** Things the user should know that are not changes (fields the API cannot clear, nameless connections). */
  notes: string[];
}

export interface PlanOptions {
  prune: boolean;
  updateCredentials: boolean;
}

/** Values as the API holds them, so that "absent" and its meaning compare equal. */
const normal = {
  credential_type: (value: string | undefined) => value ?? 'NONE',
  description: (value: string | undefined) => value ?? '',
  verified_usage_ability: (value: boolean | undefined) => value ?? false,
};

/** The create body's fields, in the order a plan shows them. */
export function createFields(desired: DesiredConnection, engineId: number): FieldChange[] {
  const fields: FieldChange[] = [{ field: 'engine_id', to: engineId }];
  if (desired.credential_type !== undefined)
    fields.push({ field: 'credential_type', to: desired.credential_type });
  if (desired.description !== undefined && desired.description !== '')
    fields.push({ field: 'description', to: desired.description });
  if (desired.provider_domain !== undefined)
    fields.push({ field: 'provider_domain', to: desired.provider_domain });
  if (desired.verified_usage_ability !== undefined)
    fields.push({ field: 'verified_usage_ability', to: desired.verified_usage_ability });
  if (desired.visibility !== undefined) fields.push({ field: 'visibility', to: desired.visibility });
  if (desired.credentials !== undefined) fields.push({ field: 'credentials', to: desired.credentials });
  return fields;
}

function updateFields(
  desired: DesiredConnection,
  live: Connection,
  engineId: number,
  options: PlanOptions,
  notes: string[],
): FieldChange[] {
  const fields: FieldChange[] = [];
  const compare = (field: ManagedField, from: unknown, to: unknown) => {
    if (from !== to) fields.push({ field, from, to });
  };
  compare('engine_id', live.engine_id, engineId);
  compare(
    'credential_type',
    normal.credential_type(live.credential_type),
    normal.credential_type(desired.credential_type),
  );
  compare('description', normal.description(live.description), normal.description(desired.description));
  for (const field of ['provider_domain', 'visibility'] as const) {
    const wanted = desired[field];
    if (wanted !== undefined) compare(field, live[field], wanted);
    else if (live[field] !== undefined && live[field] !== '')
      notes.push(
        `"${desired.name}": ${field} stays ${JSON.stringify(live[field])}: the API cannot clear it (set it in the file to change it)`,
      );
  }
  compare(
    'verified_usage_ability',
    normal.verified_usage_ability(live.verified_usage_ability),
    normal.verified_usage_ability(desired.verified_usage_ability),
  );
  if (options.updateCredentials && desired.credentials !== undefined)
    fields.push({ field: 'credentials', from: '(write-only)', to: desired.credentials });
  return fields;
}

export interface PlanInput {
  document: ConnectionsDocument;
  /** Engine ids the document's `engine` values resolved to, by connection index. */
  engineIds: readonly number[];
  live: readonly Connection[];
  company: string;
  options: PlanOptions;
}

export function computePlan(input: PlanInput): Plan {
  const { document, engineIds, live, company, options } = input;
  const notes: string[] = [];
  const byName = new Map<string, Connection>();
  const nameless = live.filter((connection) => connection.name === undefined || connection.name === '');
  if (nameless.length > 0) {
    notes.push(
      `${nameless.length} connection${nameless.length === 1 ? ' has' : 's have'} no name and cannot be managed from a file: ${nameless.map((connection) => connection.connection_id).join(', ')}`,
    );
  }
  for (const connection of live) {
    if (connection.name !== undefined && connection.name !== '' && !byName.has(connection.name))
      byName.set(connection.name, connection);
  }
  const changes: Change[] = [];
  const unchanged: string[] = [];
  const wanted = new Set<string>();
  document.connections.forEach((desired, index) => {
    wanted.add(desired.name);
    const engineId = engineIds[index] ?? 0;
    const current = byName.get(desired.name);
    if (!current) {
      changes.push({ action: 'create', name: desired.name, index, fields: createFields(desired, engineId) });
      return;
    }
    const fields = updateFields(desired, current, engineId, options, notes);
    if (fields.length === 0) unchanged.push(desired.name);
    else
      changes.push({
        action: 'update',
        name: desired.name,
        index,
        connectionId: current.connection_id,
        fields,
      });
  });
  if (options.prune) {
    for (const [name, connection] of byName) {
      if (!wanted.has(name)) changes.push({ action: 'delete', name, connectionId: connection.connection_id });
    }
  }
  return { company, changes, unchanged, notes };
}

/** The PATCH body of an update; credentials come from `secret`, read just before sending. */
export function updateBody(
  change: Extract<Change, { action: 'update' }>,
  secret: string | undefined,
): ConnectionUpdate {
  const body: Record<string, unknown> = {};
  for (const { field, to } of change.fields) body[field] = field === 'credentials' ? secret : to;
  return body;
}

export function summary(plan: Plan): { create: number; update: number; delete: number; unchanged: number } {
  return {
    create: plan.changes.filter((change) => change.action === 'create').length,
    update: plan.changes.filter((change) => change.action === 'update').length,
    delete: plan.changes.filter((change) => change.action === 'delete').length,
    unchanged: plan.unchanged.length,
  };
}

/** The credential reference a change sends, if any. */
export function credentialReference(change: Change): CredentialReference | undefined {
  if (change.action === 'delete') return undefined;
  return change.fields.find((field) => field.field === 'credentials')?.to as CredentialReference | undefined;
}
