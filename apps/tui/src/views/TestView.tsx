import { Box } from 'ink';
import { Text } from '../components/Text.js';
import { FailurePanel } from '../components/FailurePanel.js';
import { Spinner } from '../components/Spinner.js';
import { exactDate, latencyText } from '../format.js';
import { layout } from '../state/layout.js';
import type { TerminalSize } from '../state/layout.js';
import type { View } from '../state/types.js';
import { shortName, wrapLines } from '../text.js';
import { useTheme } from '../theme.js';

type TestViewState = Extract<View, { kind: 'test' }>;

/** The outcome of testing a connection: a spinner while the warehouse is asked, then the verdict. */
export function TestView({ view, size }: { view: TestViewState; size: TerminalSize }) {
  const theme = useTheme();
  const { load } = view;
  if (load.status === 'loading') {
    return (
      <Box paddingX={1}>
        <Spinner label={`Testing ${shortName(view.title)}…`} />
      </Box>
    );
  }
  if (load.status === 'error') {
    return (
      <FailurePanel
        failure={load.failure}
        subject={`testing ${shortName(view.title)}`}
        retryAt={load.retryAt}
        size={size}
      />
    );
  }
  const result = load.data;
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold color={result.success ? theme.good : theme.bad}>
        {result.success ? '✓ Connection works' : '✗ Connection failed'}
      </Text>
      {/* The warehouse's message (an error can hold a whole stack) gets the rows the others leave. */}
      {wrapLines(result.message, Math.max(1, size.columns - 2), layout(size).bodyHeight - 3).map(
        (line, index) => (
          <Text key={index}>{line}</Text>
        ),
      )}
      <Text color={theme.muted}>
        Latency {latencyText(result.latency_ms)} · tested {exactDate(result.tested_at)}
      </Text>
      <Text color={theme.muted}>Press r to run the test again, Esc to go back.</Text>
    </Box>
  );
}
