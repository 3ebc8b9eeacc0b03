import { Box } from 'ink';
import { Text } from '../components/Text.js';
import { helpSections } from '../keys.js';
import { layout } from '../state/layout.js';
import type { AppState, View } from '../state/types.js';
import { useTheme } from '../theme.js';

type HelpViewState = Extract<View, { kind: 'help' }>;

/** Every key, rendered from the key table the app dispatches with. */
export function HelpView({ state, view }: { state: AppState; view: HelpViewState }) {
  const theme = useTheme();
  const lines: { key: string; text: string; title: boolean }[] = [];
  for (const section of helpSections()) {
    lines.push({ key: section.scope, text: section.title, title: true });
    for (const row of section.rows) {
      lines.push({
        key: `${section.scope}:${row.description}`,
        text: `${row.keys.padEnd(22)} ${row.description}`,
        title: false,
      });
    }
  }
  const { bodyHeight } = layout(state.size);
  const top = Math.min(view.top, Math.max(0, lines.length - bodyHeight));
  return (
    <Box flexDirection="column" paddingX={1}>
      {lines.slice(top, top + bodyHeight).map((line) =>
        line.title ? (
          <Text key={line.key} bold color={theme.accent}>
            {line.text}
          </Text>
        ) : (
          <Text key={line.key} wrap="truncate">
            {'  '}
            {line.text}
          </Text>
        ),
      )}
    </Box>
  );
}
