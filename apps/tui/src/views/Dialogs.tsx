import { Box } from 'ink';
import { Text } from '../components/Text.js';
import { layout } from '../state/layout.js';
import type { TerminalSize } from '../state/layout.js';
import type { AppState, CopyView } from '../state/types.js';
import { wrapLines } from '../text.js';
import { useTheme } from '../theme.js';

/** `y`'s menu: what to copy, through the terminal. */
export function CopyMenu({ view, size }: { view: CopyView; size: TerminalSize }) {
  const theme = useTheme();
  // Fitted to the body: a long name's lines past the menu's room were drawn over its other lines.
  const inner = Math.max(1, size.columns - 6);
  const id = wrapLines(`the id: ${view.id}`, inner - 7, 2);
  const note = 'Esc copies nothing. The terminal does the copying (OSC 52), over SSH too.';
  const noteLines = wrapLines(note, inner, 2);
  const room = layout(size).bodyHeight - 2 - 1 - id.length - noteLines.length;
  const name = wrapLines(`the name: ${view.name ?? '(none)'}`, inner - 2, room);
  return (
    <Box flexDirection="column" paddingX={1}>
      <Box borderStyle="round" borderColor={theme.accent} flexDirection="column" paddingX={1}>
        <Text bold>Copy to the clipboard</Text>
        <Box>
          <Text>
            <Text bold>y</Text> or <Text bold>i</Text>{' '}
          </Text>
          <Box flexDirection="column">
            {id.map((line, index) => (
              <Text key={index}>{line}</Text>
            ))}
          </Box>
        </Box>
        <Box>
          <Text bold>n </Text>
          <Box flexDirection="column">
            {name.map((line, index) => (
              <Text key={index}>{line}</Text>
            ))}
          </Box>
        </Box>
        {noteLines.map((line, index) => (
          <Text key={index} color={theme.muted}>
            {line}
          </Text>
        ))}
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
