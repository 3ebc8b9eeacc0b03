import { inspect } from 'node:util';
import { render } from 'ink';
import { App } from './App.js';
import { createClientSource } from './api/client-source.js';
import type { DataSource } from './api/source.js';
import type { Settings } from './config.js';
import { takeOverTerminal } from './terminal.js';
import { createTrace } from './trace.js';

export type Target = { kind: 'api'; settings: Settings } | { kind: 'mock'; extraConnections: number };

const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

async function openSource(target: Target): Promise<{ source: DataSource; close: () => Promise<void> }> {
  if (target.kind === 'api') {
    return { source: createClientSource(target.settings), close: () => Promise.resolve() };
  }
  // Loaded only in demo mode: the real API path never pays for the mock.
  const { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } = await import('@spartera/testing');
  const server = await createMockServer({ dataset: 'demo', extraConnections: target.extraConnections });
  const source = createClientSource({
    apiKey: DEMO_API_KEY,
    companyId: DEMO_COMPANY_ID,
    baseUrl: server.url,
    label: 'demo (mock)',
  });
  return { source, close: () => server.close() };
}

/** Runs the full-screen app until the user quits; resolves with the process exit code. */
export async function start(target: Target): Promise<never> {
  const { source, close } = await openSource(target);
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

  const instance = render(<App source={source} {...(trace ? { onKey: trace.key } : {})} />, {
    exitOnCtrlC: false,
    // 60 fps keeps keypress-to-frame latency under a frame's worth of throttling.
    maxFps: 60,
    ...(trace ? { onRender: trace.frame } : {}),
  });

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
