/**
 * `spartera export`: the live connections as a document that `plan` finds nothing to change in.
 * Canonical: sorted by name, engines by name, server-owned fields (ids, dates, the creator) left
 * out, values that mean "nothing" (an empty description, false, NONE) left out, and each secret
 * replaced by a reference to an environment variable named after the connection.
 */
import type { Connection } from '@spartera/client';
import type { ConnectionsDocument, DesiredConnection } from './document.js';
import type { EngineCatalog } from './engines.js';

export const CREDENTIALS_PREFIX = 'SPARTERA_CREDENTIALS_';

/** `Acme BigQuery (EU)` → `SPARTERA_CREDENTIALS_ACME_BIGQUERY_EU`. */
export function credentialsVariable(name: string, prefix = CREDENTIALS_PREFIX): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return `${prefix}${stem === '' ? 'CONNECTION' : stem}`;
}

/** Whether a connection of this credential type holds a secret worth referring to. */
export const needsCredentials = (credentialType: string | undefined) =>
  credentialType !== undefined && credentialType !== 'NONE';

export interface ExportResult {
  document: ConnectionsDocument;
  /** What was left out and why (connections without a name, names used twice). */
  warnings: string[];
}

/** Code-unit order, the same on every machine and locale. */
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function buildExport(
  live: readonly Connection[],
  catalog: EngineCatalog,
  company: string,
  prefix = CREDENTIALS_PREFIX,
): ExportResult {
  const warnings: string[] = [];
  const named = live.filter((connection): connection is Connection & { name: string } => {
    if (connection.name !== undefined && connection.name !== '') return true;
    warnings.push(
      `connection ${connection.connection_id} has no name and is left out: files key connections by name`,
    );
    return false;
  });
  const counts = new Map<string, number>();
  for (const connection of named) counts.set(connection.name, (counts.get(connection.name) ?? 0) + 1);
  for (const [name, count] of counts) {
    if (count > 1)
      warnings.push(
        `${count} connections are named "${name}": validate will refuse the file until one is renamed`,
      );
  }
  const variables = new Set<string>();
  const connections = [...named].sort(byName).map((connection) => {
    const entry: DesiredConnection = { name: connection.name, engine: catalog.nameOf(connection.engine_id) };
    if (connection.credential_type !== undefined && connection.credential_type !== 'NONE')
      entry.credential_type = connection.credential_type;
    if (needsCredentials(connection.credential_type)) {
      let variable = credentialsVariable(connection.name, prefix);
      for (let suffix = 2; variables.has(variable); suffix += 1)
        variable = `${credentialsVariable(connection.name, prefix)}_${suffix}`;
      variables.add(variable);
      entry.credentials = { fromEnv: variable };
    }
    if (connection.description !== undefined && connection.description !== '')
      entry.description = connection.description;
    if (connection.provider_domain !== undefined && connection.provider_domain !== '')
      entry.provider_domain = connection.provider_domain;
    if (connection.verified_usage_ability === true) entry.verified_usage_ability = true;
    if (connection.visibility !== undefined && connection.visibility !== '')
      entry.visibility = connection.visibility;
    return entry;
  });
  return { document: { apiVersion: 'spartera/v1', kind: 'Connections', company, connections }, warnings };
}
