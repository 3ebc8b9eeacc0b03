import { Box } from 'ink';
import { Text } from './Text.js';
import type { Failure } from '../api/failure.js';
import { explainFailure } from '../api/failure.js';
import { useSession } from '../session.js';
import { useTheme } from '../theme.js';

/** A failed request explained, with what to press next. */
export function FailurePanel({
  failure,
  subject,
  retryHint = 'Press r to retry.',
}: {
  failure: Failure;
  subject: string;
  retryHint?: string;
}) {
  const theme = useTheme();
  const { configPath } = useSession();
  const explanation = explainFailure(failure, subject, { configPath });
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text color={theme.bad} bold>
        ✗ {failure.status ? `Error ${failure.status}` : 'Error'}
      </Text>
      <Text wrap="wrap">{explanation}</Text>
      {explanation.includes('press r') || explanation.includes('Press r') ? null : (
        <Text color={theme.muted}>{retryHint}</Text>
      )}
    </Box>
  );
}
