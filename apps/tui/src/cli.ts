import module, { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { parseCliArgs, USAGE } from './args.js';
import { ConfigFileError, loadSettings, saveProfile, UsageError } from '@spartera/config';
import type { Target } from './open-source.js';

const require = createRequire(import.meta.url);

function version(): string {
  const manifest = require('../package.json') as { version: string };
  return manifest.version;
}

/**
 * Prints `text` and lets the process end. A reader that went away (`| head -1`) is no error; a
 * stdout that cannot be written (a full disk) is said in one line, not with a stack trace.
 */
function print(text: string): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`spartera-tui: cannot write the output: ${error.code ?? error.message}\n`);
    process.exit(1);
  });
  process.stdout.write(text);
}

async function target(argv: readonly string[]): Promise<Target | undefined> {
  const args = parseCliArgs(argv);
  if (args.help) {
    print(USAGE);
    return undefined;
  }
  if (args.version) {
    print(`${version()}\n`);
    return undefined;
  }
  if (args.mock) {
    if (args.saveProfile)
      throw new UsageError('--save-profile cannot be combined with --mock: the demo needs no key.');
    return { kind: 'mock', extraConnections: args.mockConnections, mouse: args.mouse };
  }
  if (args.mockConnections > 0) throw new UsageError('--mock-connections only applies with --mock.');
  const { settings, profile, config, warnings } = await loadSettings({
    flags: { apiKey: args.apiKey, companyId: args.companyId, baseUrl: args.baseUrl, profile: args.profile },
    env: process.env,
    saving: args.saveProfile,
    apiKeyFlag: '--api-key',
    saveWith: '--save-profile',
    hint: 'or try the demo: spartera-tui --mock',
  });
  for (const warning of warnings) process.stderr.write(`spartera-tui: warning: ${warning}\n`);
  if (args.saveProfile) {
    await saveProfile(config.path, profile, settings);
    process.stderr.write(`Saved profile "${profile}" to ${config.path} (mode 0600).\n`);
  }
  return { kind: 'api', settings, configPath: config.path, mouse: args.mouse };
}

async function main(): Promise<void> {
  let chosen: Target | undefined;
  try {
    chosen = await target(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`spartera-tui: ${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof ConfigFileError) {
      process.stderr.write(`spartera-tui: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (!chosen) return;
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write('spartera-tui: needs an interactive terminal (stdin and stdout must be a TTY).\n');
    process.exit(2);
  }
  // A dumb terminal (Emacs shell mode, some CI logs) cannot move the cursor: full-screen control
  // codes would arrive as garbage. Say so in plain words instead.
  if (process.env.TERM === 'dumb') {
    process.stderr.write(
      'spartera-tui: this terminal (TERM=dumb) cannot show a full-screen app. Run it in a terminal\n' +
        'that supports cursor movement (xterm, iTerm2, Windows Terminal, tmux...), or use the\n' +
        '`spartera` command line for plain output.\n',
    );
    process.exit(2);
  }
  // Ink renders only a final frame when it believes it runs in CI (CI=true); a real terminal
  // deserves live frames, so that guess is overridden before Ink is loaded.
  for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) {
    if (name in process.env) process.env[name] = 'false';
  }
  // React's development build costs a third of a second to load and slows every render.
  process.env.NODE_ENV ??= 'production';
  // The data source starts first: it sends the first page request (and, for the API, loads Node's
  // fetch to do it), and only then are Ink, React and the views loaded, while the request travels.
  // Loading both at once let the UI's megabyte of code delay the request.
  // Node 22.1 and later keep V8's compiled code of the modules loaded from here on between runs
  // (in the OS's temporary directory; NODE_DISABLE_COMPILE_CACHE turns it off): about a quarter
  // less start-up CPU from the second start. Node 20 has no such cache and skips this.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  const selected = chosen;
  let opened;
  try {
    const { openSource } = await import('./open-source.js');
    opened = await openSource(selected);
  } catch (error) {
    process.stderr.write(
      `spartera-tui: could not start: ${error instanceof Error ? error.message : inspect(error)}\n`,
    );
    process.exit(1);
  }
  const { start } = await import('./main.js');
  await start(opened);
}

void main();
