import { Box } from 'ink';
import { FailurePanel } from '../components/FailurePanel.js';
import { Spinner } from '../components/Spinner.js';
import { Text } from '../components/Text.js';
import { detailLines, LABEL_WIDTH } from '../state/detail-lines.js';
import { layout } from '../state/layout.js';
import { engineName } from '../state/selectors.js';
import type { AppState, DetailView as DetailViewState } from '../state/types.js';
import { fit, shortName } from '../text.js';
import { useTheme } from '../theme.js';

/** Every field of one connection, long values wrapped, scrolled; the credentials are never shown. */
export function DetailView({ state, view, now }: { state: AppState; view: DetailViewState; now: Date }) {
  const theme = useTheme();
  const { load } = view;
  if (load.status === 'loading') {
    return (
      <Box paddingX={1}>
        <Spinner label={`Loading ${shortName(view.title)}…`} />
      </Box>
    );
  }
  if (load.status === 'error') {
    return (
      <FailurePanel
        failure={load.failure}
        subject={`loading ${shortName(view.title)}`}
        retryAt={load.retryAt}
        size={state.size}
      />
    );
  }
  const connection = load.data;
  const lines = detailLines(
    connection,
    engineName(state, connection.engine_id),
    state.tests[connection.connection_id],
    now,
    state.size.columns - 2,
  );
  const { bodyHeight } = layout(state.size);
  const top = Math.min(view.top, Math.max(0, lines.length - bodyHeight));
  return (
    <Box flexDirection="column" paddingX={1}>
      {lines.slice(top, top + bodyHeight).map((line, index) => (
        <Text key={top + index} wrap="truncate">
          <Text color={theme.muted}>{fit(line.label, LABEL_WIDTH)}</Text>
          <Text color={line.muted ? theme.muted : undefined}>{line.text}</Text>
        </Text>
      ))}
    </Box>
  );
}
