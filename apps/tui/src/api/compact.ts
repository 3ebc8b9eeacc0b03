import type { Connection } from '@spartera/types';

/**
 * One copy of each repeated value. A list holds up to 100,000 connections, and JSON parsing gives
 * every row its own copy of the company id, the creator, the visibility and the credential type:
 * sharing them saves about a fifth of the list's memory.
 */
const shared = new Map<string, string>();

function share(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const known = shared.get(value);
  if (known !== undefined) return known;
  // Only short, repeated values are worth keeping; bounded all the same.
  if (shared.size < 10_000) shared.set(value, value);
  return value;
}

/** The page's connections with their repeated strings shared. */
export function compactPage(page: readonly Connection[]): Connection[] {
  return page.map((connection) => {
    const compact: Connection = {
      ...connection,
      company_id: share(connection.company_id) ?? connection.company_id,
    };
    if (connection.user_id !== undefined) compact.user_id = share(connection.user_id);
    if (connection.visibility !== undefined) compact.visibility = share(connection.visibility);
    if (connection.credential_type !== undefined) {
      compact.credential_type = share(connection.credential_type) as Connection['credential_type'];
    }
    return compact;
  });
}
