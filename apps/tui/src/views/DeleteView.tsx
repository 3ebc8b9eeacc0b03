import { Box } from 'ink';
import { Text } from '../components/Text.js';
import { explainFailure } from '../api/failure.js';
import { Spinner } from '../components/Spinner.js';
import { layout } from '../state/layout.js';
import type { TerminalSize } from '../state/layout.js';
import type { View } from '../state/types.js';
import { shortName, wrapLines, wrapText } from '../text.js';
import { RetryLine } from '../components/FailurePanel.js';
import { useSession } from '../session.js';
import { useTheme } from '../theme.js';

type DeleteViewState = Extract<View, { kind: 'delete' }>;

/** Asks before deleting; nothing is sent until the user answers y. */
export function DeleteView({ view, size }: { view: DeleteViewState; size: TerminalSize }) {
  const theme = useTheme();
  const { configPath } = useSession();
  // The dialog fits the body, whatever the name's length: lines past the room Ink gives it were
  // drawn over the id, the prompt and the border. The name is cut (with …) where room runs out.
  const inner = Math.max(1, size.columns - 6);
  const named = shortName(view.title);
  const failure = view.failure
    ? explainFailure(view.failure, `deleting ${named}`, { configPath, retryKey: 'y' }).replace(
        / ?Press y to retry\.$/,
        '',
      )
    : undefined;
  const failureLines =
    failure === undefined ? 0 : wrapText(failure, Math.max(1, size.columns - 2)).length + 1;
  const id = wrapLines(`id ${view.id} · this cannot be undone.`, inner, 2);
  const room = layout(size).bodyHeight - 2 - id.length - 1 - failureLines;
  const question = wrapLines(`Delete the connection “${view.title}”?`, inner, room);
  return (
    <Box flexDirection="column" paddingX={1}>
      <Box borderStyle="round" borderColor={theme.bad} flexDirection="column" paddingX={1}>
        {question.map((line, index) => (
          <Text key={index} bold>
            {line}
          </Text>
        ))}
        {id.map((line, index) => (
          <Text key={index} color={theme.muted}>
            {line}
          </Text>
        ))}
        {view.deleting !== undefined && view.failure === undefined ? (
          <Spinner label="Deleting…" />
        ) : (
          <Text>
            Press <Text bold>y</Text> to delete it, <Text bold>n</Text> or <Text bold>Esc</Text> to keep it.
          </Text>
        )}
      </Box>
      {failure === undefined ? null : (
        <Text color={theme.bad} wrap="wrap">
          {failure}
        </Text>
      )}
      {view.failure ? <RetryLine retryAt={view.retryAt} retryKey="y" /> : null}
    </Box>
  );
}
