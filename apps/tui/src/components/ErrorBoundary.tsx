import { Box } from 'ink';
import { Text } from './Text.js';
import type { ReactNode } from 'react';
import { Component } from 'react';

interface Props {
  children: ReactNode;
}

interface State {
  error: Error | undefined;
}

/** A bug in a view shows a message instead of tearing the whole terminal down. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    if (this.state.error) {
      return (
        <Box flexDirection="column" paddingX={1}>
          <Text bold>The screen failed to draw: {this.state.error.message}</Text>
          <Text>Press Ctrl+C to quit. Please report this with the steps that led here.</Text>
        </Box>
      );
    }
    return this.props.children;
  }
}
