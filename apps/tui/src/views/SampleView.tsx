import { Fragment } from 'react';
import { Box } from 'ink';
import { FailurePanel } from '../components/FailurePanel.js';
import { Spinner } from '../components/Spinner.js';
import { Text } from '../components/Text.js';
import { cellText } from '../format.js';
import { sampleHeight, sampleWidth } from '../state/sample.js';
import { sampleTable, shownColumns } from '../state/sample-layout.js';
import type { AppState, SampleView as SampleViewState } from '../state/types.js';
import { fit, plural, shortName } from '../text.js';
import { useTheme } from '../theme.js';

/** Sample rows of one table, scrolled by whole rows and whole columns; a search's cell in inverse. */
export function SampleView({ state, view }: { state: AppState; view: SampleViewState }) {
  const theme = useTheme();
  const { load } = view;
  const tableName = `${view.schemaName}.${view.tableName}`;
  if (load.status === 'loading') {
    return (
      <Box paddingX={1}>
        <Spinner label={`Sampling ${shortName(tableName)}…`} />
      </Box>
    );
  }
  if (load.status === 'error') {
    return (
      <FailurePanel
        failure={load.failure}
        subject={`sampling ${shortName(tableName)}`}
        retryAt={load.retryAt}
        size={state.size}
      />
    );
  }
  const { columns, rows, widths } = sampleTable(load.data);
  const height = sampleHeight(state);
  const shown = shownColumns(widths, view.column, sampleWidth(state));
  const lastShown = shown[shown.length - 1] ?? 0;
  const cells = (values: (index: number) => string, row?: number) =>
    shown.map((index, position) => {
      const text = fit(values(index), widths[index] ?? 4);
      const hit = row !== undefined && view.hit?.row === row && view.hit.column === index;
      // The gap before a cell stays out of its inverse: a found cell is lit from its own first column.
      return (
        <Fragment key={index}>
          {position > 0 ? ' ' : ''}
          <Text inverse={hit}>{text}</Text>
        </Fragment>
      );
    });
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text color={theme.muted} wrap="truncate">
        {`${tableName}: ${plural(rows.length, 'row')}`}
        {rows.length > 0 ? `, showing ${view.row + 1}–${Math.min(rows.length, view.row + height)}` : ''}
        {columns.length > 0 ? ` · columns ${view.column + 1}–${lastShown + 1} of ${columns.length}` : ''}
        {view.column > 0 ? ' ◀' : ''}
        {lastShown < columns.length - 1 ? ' ▶' : ''}
      </Text>
      <Text bold color={theme.accent} wrap="truncate">
        {cells((index) => columns[index] ?? '')}
      </Text>
      {rows.length === 0 ? <Text>The table is empty.</Text> : null}
      {rows.slice(view.row, view.row + height).map((row, offset) => (
        <Text key={view.row + offset} wrap="truncate">
          {cells((index) => cellText(row[index]), view.row + offset)}
        </Text>
      ))}
    </Box>
  );
}
