import { Box } from 'ink';
import { Text } from '../components/Text.js';
import { FailurePanel } from '../components/FailurePanel.js';
import { Spinner } from '../components/Spinner.js';
import { exactDate, latencyText } from '../format.js';
import type { View } from '../state/types.js';
import { useTheme } from '../theme.js';

type TestViewState = Extract<View, { kind: 'test' }>;

/** The outcome of testing a connection: a spinner while the warehouse is asked, then the verdict. */
export function TestView({ view }: { view: TestViewState }) {
  const theme = useTheme();
  const { load } = view;
  if (load.status === 'loading') {
    return (
      <Box paddingX={1}>
        <Spinner label={`Testing ${view.title}…`} />
      </Box>
    );
  }
  if (load.status === 'error') {
    return <FailurePanel failure={load.failure} subject={`testing ${view.title}`} retryAt={load.retryAt} />;
  }
  const result = load.data;
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold color={result.success ? theme.good : theme.bad}>
        {result.success ? '✓ Connection works' : '✗ Connection failed'}
      </Text>
      <Text wrap="wrap">{result.message}</Text>
      <Text color={theme.muted}>
        Latency {latencyText(result.latency_ms)} · tested {exactDate(result.tested_at)}
      </Text>
      <Text color={theme.muted}>Press r to run the test again, Esc to go back.</Text>
    </Box>
  );
}
