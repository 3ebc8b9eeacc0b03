import { Box } from 'ink';
import { Text } from './Text.js';
import type { Failure } from '../api/failure.js';
import { explainFailure } from '../api/failure.js';
import { secondsUntil, useNow } from '../hooks/useNow.js';
import { useSession } from '../session.js';
import { layout } from '../state/layout.js';
import type { TerminalSize } from '../state/layout.js';
import { wrapLines, wrapText } from '../text.js';
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
  size,
  rows = layout(size).bodyHeight,
}: {
  failure: Failure;
  subject: string;
  /** When a retry scheduled by itself goes out. */
  retryAt?: number | undefined;
  size: TerminalSize;
  /** The rows the panel may take (the body, unless the view shows something above it). */
  rows?: number;
}) {
  const theme = useTheme();
  const { configPath } = useSession();
  const explanation = explainFailure(failure, subject, { configPath });
  const saysRetry = /press r/i.test(explanation);
  let text = retryAt === undefined ? explanation : explanation.replace(/ ?Press r to retry\.$/, '');
  let retryLine = retryAt !== undefined || !saysRetry;
  // An explanation longer than the room (a server's message of thousands of characters) was drawn
  // over the lines below it: it is cut with …, and what to press next keeps a line of its own.
  const width = Math.max(1, size.columns - 2);
  let lines: string[] | undefined;
  if (1 + wrapText(text, width).length + (retryLine ? 1 : 0) > rows) {
    text = text.replace(/ ?Press r to retry\.$/, '');
    retryLine = true;
    lines = wrapLines(text, width, rows - 2);
  }
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text color={theme.bad} bold>
        ✗ {failure.status ? `Error ${failure.status}` : 'Error'}
      </Text>
      {lines ? lines.map((line, index) => <Text key={index}>{line}</Text>) : <Text wrap="wrap">{text}</Text>}
      {retryLine ? <RetryLine retryAt={retryAt} /> : null}
    </Box>
  );
}
