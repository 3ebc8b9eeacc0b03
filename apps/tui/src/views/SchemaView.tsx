import { Box } from 'ink';
import { Text } from '../components/Text.js';
import { FailurePanel } from '../components/FailurePanel.js';
import { Spinner } from '../components/Spinner.js';
import { fit, plural, shortName } from '../text.js';
import { layout } from '../state/layout.js';
import type { AppState, View } from '../state/types.js';
import { treeRows } from '../state/schema-tree.js';
import { useTheme } from '../theme.js';

type SchemaViewState = Extract<View, { kind: 'schema' }>;

/** Schemas → tables → columns as a tree; only the visible window of rows is rendered. */
export function SchemaView({ state, view }: { state: AppState; view: SchemaViewState }) {
  const theme = useTheme();
  const { load } = view;
  if (load.status === 'loading') {
    return (
      <Box paddingX={1}>
        <Spinner label={`Reading the information schema of ${shortName(view.title)}…`} />
      </Box>
    );
  }
  if (load.status === 'error') {
    return (
      <FailurePanel
        failure={load.failure}
        subject={`reading the information schema of ${shortName(view.title)}`}
        retryAt={load.retryAt}
        size={state.size}
      />
    );
  }
  const rows = treeRows(load.data, view.expanded, view.filter);
  const { listRows } = layout(state.size);
  const width = state.size.columns - 2;
  const visible = rows.slice(view.top, view.top + listRows);
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text color={theme.muted} wrap="truncate">
        {rows.length === 0
          ? view.filter
            ? `Nothing matches “${view.filter}”.`
            : 'This connection exposes no schemas.'
          : `${plural(rows.length, 'row')} shown${view.filter ? ` matching “${view.filter}” (n next, N previous, Esc clears)` : ''}`}
      </Text>
      {visible.map((row, index) => {
        const selected = view.top + index === view.cursor;
        const marker = row.expandable ? (row.expanded ? '▾ ' : '▸ ') : '  ';
        const label = `${'  '.repeat(row.depth)}${marker}${row.name}`;
        const nameWidth = Math.min(Math.max(24, Math.floor(width * 0.55)), width - 10);
        return (
          <Text key={row.key} inverse={selected} wrap="truncate">
            {/* One column of the name's room kept blank: a name that filled it read as one word with its type. */}
            <Text bold={row.kind !== 'column'}>{`${fit(label, nameWidth - 1)} `}</Text>
            <Text color={selected ? undefined : theme.muted}>{fit(row.info, width - nameWidth)}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
