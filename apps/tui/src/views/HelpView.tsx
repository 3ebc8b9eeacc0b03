import { Box } from 'ink';
import { Text } from '../components/Text.js';
import { helpLines } from '../keys.js';
import { layout } from '../state/layout.js';
import type { AppState, HelpView as HelpViewState } from '../state/types.js';
import { useTheme } from '../theme.js';

/** Every key, rendered from the key table the app dispatches with; a search's match in inverse. */
export function HelpView({ state, view }: { state: AppState; view: HelpViewState }) {
  const theme = useTheme();
  const lines = helpLines();
  const { bodyHeight } = layout(state.size);
  const top = Math.min(view.top, Math.max(0, lines.length - bodyHeight));
  return (
    <Box flexDirection="column" paddingX={1}>
      {lines.slice(top, top + bodyHeight).map((line, offset) => {
        const index = top + offset;
        const hit = index === view.hit;
        return line.title ? (
          <Text key={index} bold color={theme.accent} inverse={hit} wrap="truncate">
            {line.text}
          </Text>
        ) : (
          <Text key={index} inverse={hit} wrap="truncate">
            {'  '}
            {line.text}
          </Text>
        );
      })}
    </Box>
  );
}
