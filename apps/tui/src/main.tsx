import { inspect } from 'node:util';
import type { Instance } from 'ink';
import { render } from 'ink';
import { App } from './App.js';
import type { Connection } from '@spartera/types';
import type { PrefetchedSource } from './api/prefetch.js';
import type { OpenedSource } from './open-source.js';
import { consoleFor } from './console-url.js';
import { createTerminalHost } from './host.js';
import { takeOverTerminal } from './terminal.js';
import { createTrace } from './trace.js';

const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/**
 * The first page, if it has arrived by now (it was asked for while Ink loaded: the demo's mock has
 * answered it already). If not, the app draws its spinner at once rather than waiting: drawing the
 * first frame is the costliest of all (nothing is compiled yet), and doing it while the request
 * travels is what lets the data frame follow the answer closely. The app's first page request is
 * handed that same answer when it comes: the start makes one list request, however slow the API.
 * The engine names follow in their own frame: waiting for them could only delay this one.
 */
async function firstPageIfHere(source: PrefetchedSource): Promise<Connection[] | undefined> {
  // One turn of the event loop: an answer already in hand has settled by then.
  const now = new Promise<undefined>((resolve) => setImmediate(resolve, undefined));
  const page = await Promise.race([source.firstPage, now]);
  if (page) source.forgetFirstPage();
  return page;
}

/** Runs the full-screen app until the user quits; resolves with the process exit code. */
export async function start({ source, close, configPath, baseUrl, mouse }: OpenedSource): Promise<never> {
  const trace = createTrace(process.env.SPARTERA_TUI_TRACE);
  const guard = takeOverTerminal(process.stdin, process.stdout, { mouse });
  const host = createTerminalHost({ stdout: process.stdout, guard, env: process.env });
  const consoleTarget = consoleFor(baseUrl, process.env);
  let instance: Instance | undefined;
  let finishing = false;

  const finish = (code: number, error?: unknown): never => {
    if (!finishing) {
      finishing = true;
      try {
        instance?.unmount();
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
  };
  // From here on, every way out goes through finish(), which restores the terminal first.
  for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES)) {
    process.on(signal, () => finish(code));
  }
  process.on('uncaughtException', (error) => finish(1, error));
  process.on('unhandledRejection', (error) => finish(1, error));

  try {
    const firstPage = await firstPageIfHere(source);
    instance = render(
      <App
        source={source}
        onFirstData={onFirstData}
        {...(firstPage ? { firstPage } : {})}
        {...(configPath === undefined ? {} : { configPath })}
        console={consoleTarget}
        host={host}
        {...(trace ? { onKey: trace.key } : {})}
      />,
      {
        exitOnCtrlC: false,
        // 60 fps keeps keypress-to-frame latency under a frame's worth of throttling.
        maxFps: 60,
        ...(trace ? { onRender: trace.frame } : {}),
      },
    );
    await instance.waitUntilExit();
    return finish(0);
  } catch (error) {
    return finish(1, error);
  }
}
