import { render } from 'ink-testing-library';
import { vi } from 'vitest';
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

/** One turn of the event loop: input Ink holds back (a lone Esc) and React's effects run meanwhile. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Lets the app work a little: with fake timers (`vi.useFakeTimers`, setTimeout and setInterval
 * faked, setImmediate real) the clock moves 5 ms only when asked to, so debounces and retries fire
 * exactly when a test says; with real timers, 5 ms pass.
 */
async function pause(): Promise<void> {
  if (vi.isFakeTimers()) {
    await vi.advanceTimersByTimeAsync(5);
    await turn();
  } else await new Promise((resolve) => setTimeout(resolve, 5));
}

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
      await pause();
    }
  };
  const waitForText = (text: string) => waitFor((screen) => screen.includes(text), `"${text}"`);
  /**
   * Types keys one by one, each in its own read, letting Ink handle each (a lone Esc is flushed
   * on the next turn of the event loop). With fake timers the clock does not move meanwhile.
   */
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      result.stdin.write(key);
      if (vi.isFakeTimers()) {
        await turn();
        await turn();
      } else await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  /**
   * Moves a fake clock by `ms`, then lets React run the effects that follow (the requests they
   * start): what the app does when that much time passes.
   */
  const advance = async (ms: number) => {
    await vi.advanceTimersByTimeAsync(ms);
    await turn();
    await turn();
  };
  return {
    stdin: result.stdin,
    advance,
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
