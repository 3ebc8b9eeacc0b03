import { inspect } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { render } from 'ink';
import { App } from './App.js';
import type { OpenedSource } from './open-source.js';
import { takeOverTerminal } from './terminal.js';
import { createTrace } from './trace.js';

const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** Runs the full-screen app until the user quits; resolves with the process exit code. */
export async function start({ source, close }: OpenedSource): Promise<never> {
  const trace = createTrace(process.env.SPARTERA_TUI_TRACE);
  const guard = takeOverTerminal(process.stdin, process.stdout);
  let finishing = false;

  const finish = (code: number, error?: unknown): never => {
    if (!finishing) {
      finishing = true;
      try {
        instance.unmount();
      } catch {
        // Unmounting a broken tree can throw; the terminal is restored regardless.
      }
      guard.restore();
      if (error !== undefined) {
        const message = error instanceof Error ? (error.stack ?? error.message) : inspect(error);
        process.stderr.write(`spartera-tui crashed: ${message}\n`);
      }
      // The mock server holds the event loop open; do not wait long for it.
      void Promise.race([close(), new Promise((resolve) => setTimeout(resolve, 300))]).finally(() => {
        process.exit(code);
      });
    }
    // Never returns: process.exit follows above.
    return undefined as never;
  };

  const onFirstData = () => {
    trace?.ready();
    // Ink allocates an object per cell per frame; with V8's default heap growth that garbage
    // lifts resident memory by ~100 MB while scrolling. Sizing the heap for memory keeps it
    // flat; it is switched on after the first frame because it slows start-up by ~20 ms.
    setFlagsFromString('--optimize-for-size');
  };
  const instance = render(
    <App source={source} onFirstData={onFirstData} {...(trace ? { onKey: trace.key } : {})} />,
    {
      exitOnCtrlC: false,
      // 60 fps keeps keypress-to-frame latency under a frame's worth of throttling.
      maxFps: 60,
      ...(trace ? { onRender: trace.frame } : {}),
    },
  );

  for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES)) {
    process.on(signal, () => finish(code));
  }
  process.on('uncaughtException', (error) => finish(1, error));
  process.on('unhandledRejection', (error) => finish(1, error));

  try {
    await instance.waitUntilExit();
    return finish(0);
  } catch (error) {
    return finish(1, error);
  }
}
