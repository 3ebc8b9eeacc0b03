import { Box } from 'ink';
import { Text } from '../components/Text.js';
import { FailurePanel } from '../components/FailurePanel.js';
import { Spinner } from '../components/Spinner.js';
import { cellText } from '../format.js';
import { displayWidth, fit } from '../text.js';
import { layout } from '../state/layout.js';
import type { AppState, View } from '../state/types.js';
import { sampleRows } from '../state/schema-tree.js';
import { useTheme } from '../theme.js';

type SampleViewState = Extract<View, { kind: 'sample' }>;

const MAX_CELL = 28;

/** Sample rows of one table, scrolled by whole rows and whole columns. */
export function SampleView({ state, view }: { state: AppState; view: SampleViewState }) {
  const theme = useTheme();
  const { load } = view;
  const tableName = `${view.schemaName}.${view.tableName}`;
  if (load.status === 'loading') {
    return (
      <Box paddingX={1}>
        <Spinner label={`Sampling ${tableName}…`} />
      </Box>
    );
  }
  if (load.status === 'error') {
    return <FailurePanel failure={load.failure} subject={`sampling ${tableName}`} retryAt={load.retryAt} />;
  }
  const { columns, rows } = sampleRows(load.data);
  const height = Math.max(1, layout(state.size).listRows - 1);
  const width = state.size.columns - 2;
  const widths = columns.map((column, index) =>
    Math.min(
      MAX_CELL,
      Math.max(displayWidth(column), ...rows.map((row) => displayWidth(cellText(row[index]))), 4),
    ),
  );
  // The columns from view.column on that fit the screen.
  const shown: number[] = [];
  let used = 0;
  for (let index = view.column; index < columns.length; index += 1) {
    const cell = (widths[index] ?? 4) + 1;
    if (used + cell > width && shown.length > 0) break;
    shown.push(index);
    used += cell;
  }
  const line = (cells: (index: number) => string) =>
    shown.map((index) => fit(cells(index), widths[index] ?? 4)).join(' ');
  const lastShown = shown[shown.length - 1] ?? 0;
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text color={theme.muted} wrap="truncate">
        {`${tableName}: ${rows.length} row${rows.length === 1 ? '' : 's'}`}
        {rows.length > 0 ? `, showing ${view.row + 1}–${Math.min(rows.length, view.row + height)}` : ''}
        {columns.length > 0 ? ` · columns ${view.column + 1}–${lastShown + 1} of ${columns.length}` : ''}
        {view.column > 0 ? ' ◀' : ''}
        {lastShown < columns.length - 1 ? ' ▶' : ''}
      </Text>
      <Text bold color={theme.accent} wrap="truncate">
        {line((index) => columns[index] ?? '')}
      </Text>
      {rows.length === 0 ? <Text>The table is empty.</Text> : null}
      {rows.slice(view.row, view.row + height).map((row, offset) => (
        <Text key={view.row + offset} wrap="truncate">
          {line((index) => cellText(row[index]))}
        </Text>
      ))}
    </Box>
  );
}
