import { Box } from 'ink';
import { Text } from './Text.js';
import type { Failure } from '../api/failure.js';
import { explainFailure } from '../api/failure.js';
import { secondsUntil, useNow } from '../hooks/useNow.js';
import { useSession } from '../session.js';
import { useTheme } from '../theme.js';

/** What happens next after a failure: the countdown to the retry it schedules, or the key to retry. */
export function RetryLine({ retryAt, retryKey = 'r' }: { retryAt: number | undefined; retryKey?: string }) {
  const theme = useTheme();
  const now = useNow(retryAt !== undefined);
  if (retryAt === undefined) return <Text color={theme.muted}>Press {retryKey} to retry.</Text>;
  const seconds = secondsUntil(retryAt, now);
  return (
    <Text color={theme.warn}>
      {seconds > 0 ? `Retrying by itself in ${seconds} s` : 'Retrying now…'} · {retryKey} retries now
    </Text>
  );
}

/** A failed request explained, with what to press next (or how long until it is tried again). */
export function FailurePanel({
  failure,
  subject,
  retryAt,
}: {
  failure: Failure;
  subject: string;
  /** When a retry scheduled by itself goes out. */
  retryAt?: number | undefined;
}) {
  const theme = useTheme();
  const { configPath } = useSession();
  const explanation = explainFailure(failure, subject, { configPath });
  const saysRetry = /press r/i.test(explanation);
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text color={theme.bad} bold>
        ✗ {failure.status ? `Error ${failure.status}` : 'Error'}
      </Text>
      <Text wrap="wrap">
        {retryAt === undefined ? explanation : explanation.replace(/ ?Press r to retry\.$/, '')}
      </Text>
      {retryAt !== undefined || !saysRetry ? <RetryLine retryAt={retryAt} /> : null}
    </Box>
  );
}
