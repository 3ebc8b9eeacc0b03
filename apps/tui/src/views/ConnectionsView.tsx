import { Box } from 'ink';
import type { Connection, ConnectionTestResult } from '@spartera/types';
import { FailurePanel } from '../components/FailurePanel.js';
import { Spinner } from '../components/Spinner.js';
import { Text } from '../components/Text.js';
import { humanDate, latencyText } from '../format.js';
import { layout } from '../state/layout.js';
import { engineName } from '../state/selectors.js';
import type { AppState, SortBy } from '../state/types.js';
import { fit, shortName } from '../text.js';
import { useTheme } from '../theme.js';

interface Column {
  title: string;
  width: number;
  /** The API's sort column this one shows, for the ▲/▼ mark. */
  sort?: SortBy;
  cell: (connection: Connection, state: AppState, now: Date) => string;
}

function lastTest(result: ConnectionTestResult | undefined): string {
  if (!result) return '';
  return result.success ? `✓ ${latencyText(result.latency_ms)}` : '✗ failed';
}

function rightToUse(connection: Connection): string {
  if (connection.verified_usage_ability === undefined) return '—';
  return connection.verified_usage_ability ? 'yes' : 'no';
}

/**
 * The columns for this width. The short ones have fixed widths; the name takes what is left, the
 * engine some of it, up to a point: on a wide terminal the creation date and the description come
 * in rather than a name column half a screen wide. LAST TEST appears once a connection was tested.
 */
export function listColumns(totalWidth: number, tested: boolean): Column[] {
  // Below 110 columns the short columns shrink so the name keeps room to be read.
  const narrow = totalWidth < 110;
  const fixed: Column[] = [
    {
      title: narrow ? 'CREDENTIAL' : 'CREDENTIAL TYPE',
      width: narrow ? 13 : 17,
      cell: (c) => c.credential_type ?? '—',
    },
    { title: narrow ? 'USE RIGHT' : 'RIGHT TO USE', width: narrow ? 9 : 12, cell: rightToUse },
    ...(tested
      ? [
          {
            title: 'LAST TEST',
            width: 10,
            cell: (c: Connection, s: AppState) => lastTest(s.tests[c.connection_id]),
          },
        ]
      : []),
    {
      title: 'LAST UPDATED',
      width: 14,
      sort: 'last_updated' as const,
      cell: (c: Connection, _s: AppState, now: Date) => humanDate(c.last_updated, now),
    },
  ];
  // Two columns for the cursor marker, one space before each column but the first.
  let rest = totalWidth - 2 - fixed.reduce((sum, column) => sum + column.width + 1, 0) - 1;
  const created: Column[] = [];
  if (rest >= 100) {
    created.push({
      title: 'CREATED',
      width: 14,
      sort: 'date_created',
      cell: (c, _s, now) => humanDate(c.date_created, now),
    });
    rest -= 15;
  }
  const engine = Math.min(24, Math.max(14, Math.floor(rest * 0.3)));
  const name = Math.max(10, Math.min(48, rest - engine - 1));
  const description = rest - engine - 1 - name - 1;
  return [
    { title: 'NAME', width: name, sort: 'name', cell: (c) => c.name ?? c.connection_id },
    { title: 'ENGINE', width: engine, cell: (c, s) => engineName(s, c.engine_id) },
    ...(description >= 20
      ? [{ title: 'DESCRIPTION', width: description, cell: (c: Connection) => c.description ?? '' }]
      : []),
    ...fixed.slice(0, -1),
    ...created,
    ...fixed.slice(-1),
  ];
}

/**
 * The connections table. Only the rows inside the window [top, top + rows) are rendered, so ten
 * thousand loaded connections cost no more per frame than twenty.
 */
export function ConnectionsView({ state, now }: { state: AppState; now: Date }) {
  const theme = useTheme();
  const { list } = state;
  const { listRows } = layout(state.size);
  const columns = listColumns(state.size.columns, Object.keys(state.tests).length > 0);
  const header = columns
    .map((column) => {
      const mark = column.sort === list.sortBy ? (list.sortOrder === 'asc' ? ' ▲' : ' ▼') : '';
      return fit(column.title + mark, column.width);
    })
    .join(' ');

  let body;
  if (list.failure && list.items.length === 0) {
    body = (
      <FailurePanel
        failure={list.failure.failure}
        subject="loading the connections"
        retryAt={list.failure.retryAt}
        size={state.size}
        rows={layout(state.size).listRows}
      />
    );
  } else if (list.items.length === 0 && list.loading) {
    body = (
      <Box paddingX={1}>
        <Spinner
          label={list.search ? `Searching for “${shortName(list.search)}”…` : 'Loading connections…'}
        />
      </Box>
    );
  } else if (list.items.length === 0) {
    body = (
      <Box paddingX={1} flexDirection="column">
        <Text>{list.search ? `No connection matches “${list.search}”.` : 'No connections yet.'}</Text>
        <Text color={theme.muted}>
          {list.search ? 'Press Esc to clear the filter.' : 'Press n to create one.'}
        </Text>
      </Box>
    );
  } else {
    const visible = list.items.slice(list.top, list.top + listRows);
    body = visible.map((connection, index) => {
      const selected = list.top + index === list.cursor;
      const text = columns.map((column) => fit(column.cell(connection, state, now), column.width)).join(' ');
      return (
        <Text key={connection.connection_id} inverse={selected} wrap="truncate">
          {selected ? '▶ ' : '  '}
          {text}
        </Text>
      );
    });
  }

  return (
    <Box flexDirection="column" height={listRows + 1}>
      <Text bold color={theme.accent} wrap="truncate">
        {'  '}
        {header}
      </Text>
      {body}
    </Box>
  );
}
