import { render } from 'ink-testing-library';
import { App } from '../../src/App.js';
import type { DataSource } from '../../src/api/source.js';
import type { TerminalSize } from '../../src/state/layout.js';
import type { ReactElement } from 'react';
import { ThemeProvider, themeFor } from '../../src/theme.js';

export const NOW = new Date('2026-11-27T12:00:00Z');

/** Key sequences as a terminal sends them. */
export const KEYS = {
  enter: '\r',
  esc: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  tab: '\t',
  backspace: '\u007F',
  ctrlC: '\u0003',
  ctrlS: '\u0013',
  pageDown: '\u001B[6~',
  pageUp: '\u001B[5~',
} as const;

/**
 * Renders the whole app on a fixed-size screen, without colours (frames compare as plain text),
 * with a fixed clock. Returns helpers to type keys and wait for what the screen shows.
 */
export function renderApp(source: DataSource, size: TerminalSize = { columns: 100, rows: 30 }) {
  const result = render(
    <App source={source} size={size} theme={themeFor({ NO_COLOR: '1' })} now={() => NOW} />,
  );
  const frame = () => result.lastFrame() ?? '';
  const waitFor = async (
    predicate: (screen: string) => boolean,
    what = 'the expected screen',
  ): Promise<string> => {
    // Generous: a loaded machine is slow; what is waited for must still appear.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const screen = frame();
      if (predicate(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Last frame:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const waitForText = (text: string) => waitFor((screen) => screen.includes(text), `"${text}"`);
  /** Types keys one by one, letting Ink handle each (a lone Esc is flushed on the next tick). */
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      result.stdin.write(key);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return {
    stdin: result.stdin,
    frames: result.frames,
    unmount: result.unmount,
    frame,
    waitFor,
    waitForText,
    press,
  };
}

/** Renders one component the way the app does: plain theme (no colours), nothing else around it. */
export function renderWithProviders(ui: ReactElement): { lastFrame: () => string } {
  const result = render(<ThemeProvider theme={themeFor({ NO_COLOR: '1' })}>{ui}</ThemeProvider>);
  return { lastFrame: () => result.lastFrame() ?? '' };
}
