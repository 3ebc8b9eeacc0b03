import type { InfoSchema } from '@spartera/types';

export interface TreeRow {
  kind: 'schema' | 'table' | 'column';
  /** Unique path: `schema`, `schema/table`, `schema/table/column`. */
  key: string;
  depth: number;
  name: string;
  /** Data type of a column, "BASE TABLE"/"VIEW" and a column count of a table, a table count of a schema. */
  info: string;
  expandable: boolean;
  expanded: boolean;
  schemaName: string;
  tableName: string | undefined;
}

const contains = (text: string, needle: string) => text.toLowerCase().includes(needle);

/**
 * The visible rows of the schema → table → column tree. With a filter, the nodes whose names
 * contain it are shown with their ancestors opened; below a match, the normal expansion applies.
 */
export function treeRows(schema: InfoSchema, expanded: ReadonlySet<string>, filter: string): TreeRow[] {
  const needle = filter.trim().toLowerCase();
  const rows: TreeRow[] = [];
  for (const schemaNode of schema.schemas) {
    const schemaKey = schemaNode.schema_name;
    const schemaMatches = needle === '' || contains(schemaNode.schema_name, needle);
    const tableRows: TreeRow[] = [];
    for (const table of schemaNode.tables) {
      const tableKey = `${schemaKey}/${table.table_name}`;
      const tableMatches = schemaMatches || contains(table.table_name, needle);
      const columns = [...table.columns].sort((a, b) => a.ordinal_position - b.ordinal_position);
      const matchingColumns = tableMatches
        ? columns
        : columns.filter((column) => contains(column.column_name, needle));
      if (!tableMatches && matchingColumns.length === 0) continue;
      // A table shown only because some of its columns match is opened to show them.
      const tableOpen = expanded.has(tableKey) || (!tableMatches && matchingColumns.length > 0);
      tableRows.push({
        kind: 'table',
        key: tableKey,
        depth: 1,
        name: table.table_name,
        info: `${table.table_type ?? 'table'} · ${columns.length} column${columns.length === 1 ? '' : 's'}`,
        expandable: columns.length > 0,
        expanded: tableOpen,
        schemaName: schemaNode.schema_name,
        tableName: table.table_name,
      });
      if (!tableOpen) continue;
      for (const column of matchingColumns) {
        tableRows.push({
          kind: 'column',
          key: `${tableKey}/${column.column_name}`,
          depth: 2,
          name: column.column_name,
          info: `${column.data_type}${column.is_nullable ? '' : ' NOT NULL'}`,
          expandable: false,
          expanded: false,
          schemaName: schemaNode.schema_name,
          tableName: table.table_name,
        });
      }
    }
    if (!schemaMatches && tableRows.length === 0) continue;
    const schemaOpen = expanded.has(schemaKey) || (!schemaMatches && tableRows.length > 0);
    rows.push({
      kind: 'schema',
      key: schemaKey,
      depth: 0,
      name: schemaNode.schema_name,
      info: `${schemaNode.tables.length} table${schemaNode.tables.length === 1 ? '' : 's'}`,
      expandable: schemaNode.tables.length > 0,
      expanded: schemaOpen,
      schemaName: schemaNode.schema_name,
      tableName: undefined,
    });
    if (schemaOpen) rows.push(...tableRows);
  }
  return rows;
}

/** The rows of a columnar sample, and its column names in their order. */
export function sampleRows(data: Record<string, readonly unknown[]>): {
  columns: string[];
  rows: unknown[][];
} {
  const columns = Object.keys(data);
  const height = Math.max(0, ...columns.map((column) => data[column]?.length ?? 0));
  const rows: unknown[][] = [];
  for (let index = 0; index < height; index += 1) {
    rows.push(columns.map((column) => data[column]?.[index] ?? null));
  }
  return { columns, rows };
}
