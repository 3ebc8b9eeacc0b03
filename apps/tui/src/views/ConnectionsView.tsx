import { Box } from 'ink';
import { Text } from '../components/Text.js';
import type { Connection } from '@spartera/types';
import { FailurePanel } from '../components/FailurePanel.js';
import { Spinner } from '../components/Spinner.js';
import { humanDate } from '../format.js';
import { fit } from '../text.js';
import type { AppState } from '../state/types.js';
import { engineName } from '../state/selectors.js';
import { layout } from '../state/layout.js';
import { useTheme } from '../theme.js';

interface Columns {
  name: number;
  engine: number;
  credential: number;
  verified: number;
  updated: number;
}

/** Widths for the short columns; the name takes what is left, the engine some of any surplus. */
function columnWidths(totalWidth: number): Columns {
  const credential = 17; // USERNAME_PASSWORD
  const verified = 8;
  const updated = 13; // "11 months ago"
  // Two columns for the cursor marker, one space between columns.
  const rest = totalWidth - 2 - credential - verified - updated - 4;
  const engine = Math.min(22, Math.max(14, Math.floor(rest * 0.3)));
  return { name: Math.max(10, rest - engine), engine, credential, verified, updated };
}

function rowText(connection: Connection, widths: Columns, state: AppState, now: Date): string {
  const verified =
    connection.verified_usage_ability === undefined
      ? '—'
      : connection.verified_usage_ability
        ? '✓ yes'
        : '✗ no';
  return [
    fit(connection.name ?? connection.connection_id, widths.name),
    fit(engineName(state, connection.engine_id), widths.engine),
    fit(connection.credential_type ?? '—', widths.credential),
    fit(verified, widths.verified),
    fit(humanDate(connection.last_updated, now), widths.updated),
  ].join(' ');
}

/**
 * The connections table. Only the rows inside the window [top, top + rows) are rendered, so ten
 * thousand loaded connections cost no more per frame than twenty.
 */
export function ConnectionsView({ state, now }: { state: AppState; now: Date }) {
  const theme = useTheme();
  const { list } = state;
  const { listRows } = layout(state.size);
  const widths = columnWidths(state.size.columns);
  const header = [
    fit('NAME', widths.name),
    fit('ENGINE', widths.engine),
    fit('CREDENTIAL TYPE', widths.credential),
    fit('VERIFIED', widths.verified),
    fit('LAST UPDATED', widths.updated),
  ].join(' ');

  let body;
  if (list.failure && list.items.length === 0) {
    body = (
      <FailurePanel
        failure={list.failure.failure}
        subject="loading the connections"
        retryAt={list.failure.retryAt}
      />
    );
  } else if (list.items.length === 0 && list.loading) {
    body = (
      <Box paddingX={1}>
        <Spinner label={list.search ? `Searching for “${list.search}”…` : 'Loading connections…'} />
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
      return (
        <Text key={connection.connection_id} inverse={selected} wrap="truncate">
          {selected ? '▶ ' : '  '}
          {rowText(connection, widths, state, now)}
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
