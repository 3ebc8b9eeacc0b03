import { Box } from 'ink';
import { Text } from '../components/Text.js';
import type { AppState, CopyView } from '../state/types.js';
import { useTheme } from '../theme.js';

/** `y`'s menu: what to copy, through the terminal. */
export function CopyMenu({ view }: { view: CopyView }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" paddingX={1}>
      <Box borderStyle="round" borderColor={theme.accent} flexDirection="column" paddingX={1}>
        <Text bold>Copy to the clipboard</Text>
        <Text>
          <Text bold>y</Text> or <Text bold>i</Text> the id: {view.id}
        </Text>
        <Text>
          <Text bold>n</Text> the name: {view.name ?? '(none)'}
        </Text>
        <Text color={theme.muted}>
          Esc copies nothing. The terminal does the copying (OSC 52), over SSH too.
        </Text>
      </Box>
    </Box>
  );
}

/** Asks before the typed changes of a form are thrown away. */
export function DiscardConfirmation({ state }: { state: AppState }) {
  const theme = useTheme();
  const form = state.stack.at(-2);
  const what =
    form?.kind === 'form' && form.form.mode === 'edit'
      ? 'the changes to this connection'
      : 'the new connection';
  return (
    <Box flexDirection="column" paddingX={1}>
      <Box borderStyle="round" borderColor={theme.warn} flexDirection="column" paddingX={1}>
        <Text bold>Discard {what}?</Text>
        <Text>
          Press <Text bold>y</Text> to discard, <Text bold>n</Text> or <Text bold>Esc</Text> to keep editing.
        </Text>
      </Box>
    </Box>
  );
}
