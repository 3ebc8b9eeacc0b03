import { Box } from 'ink';
import { Text } from '../components/Text.js';
import { explainFailure } from '../api/failure.js';
import { Spinner } from '../components/Spinner.js';
import type { View } from '../state/types.js';
import { RetryLine } from '../components/FailurePanel.js';
import { useSession } from '../session.js';
import { useTheme } from '../theme.js';

type DeleteViewState = Extract<View, { kind: 'delete' }>;

/** Asks before deleting; nothing is sent until the user answers y. */
export function DeleteView({ view }: { view: DeleteViewState }) {
  const theme = useTheme();
  const { configPath } = useSession();
  return (
    <Box flexDirection="column" paddingX={1}>
      <Box borderStyle="round" borderColor={theme.bad} flexDirection="column" paddingX={1}>
        <Text bold>Delete the connection “{view.title}”?</Text>
        <Text color={theme.muted}>id {view.id} · this cannot be undone.</Text>
        {view.deleting !== undefined && view.failure === undefined ? (
          <Spinner label="Deleting…" />
        ) : (
          <Text>
            Press <Text bold>y</Text> to delete it, <Text bold>n</Text> or <Text bold>Esc</Text> to keep it.
          </Text>
        )}
      </Box>
      {view.failure ? (
        <Text color={theme.bad} wrap="wrap">
          {explainFailure(view.failure, `deleting ${view.title}`, { configPath, retryKey: 'y' }).replace(
            / ?Press y to retry\.$/,
            '',
          )}
        </Text>
      ) : null}
      {view.failure ? <RetryLine retryAt={view.retryAt} retryKey="y" /> : null}
    </Box>
  );
}
