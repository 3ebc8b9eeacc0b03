import { parseArgs } from 'node:util';
import { UsageError } from '@spartera/config';

export interface CliArgs {
  apiKey: string | undefined;
  companyId: string | undefined;
  baseUrl: string | undefined;
  profile: string | undefined;
  saveProfile: boolean;
  mock: boolean;
  /** Ask the terminal for mouse reports (off: the terminal's own selection works as usual). */
  mouse: boolean;
  /** Extra generated connections in the demo data (to try large lists). */
  mockConnections: number;
  help: boolean;
  version: boolean;
}

export const USAGE = `spartera-tui: a full-screen terminal browser of Spartera connections

Usage
  spartera-tui [options]
  spartera-tui --mock            try it on the built-in demo data, no account needed

Options
  --api-key <key>           API key (or SPARTERA_API_KEY)
  --company-id <id>         company whose connections to show (or SPARTERA_COMPANY_ID)
  --base-url <url>          API base URL (or SPARTERA_API_BASE_URL; default https://api.spartera.com)
  --profile <name>          read settings from this profile of the config file (or SPARTERA_PROFILE)
  --save-profile            save the settings given into that profile (file mode 0600), then start
  --mock, --demo            start the bundled mock API with its demo data and browse it
  --mock-connections <n>    with --mock: add n generated connections (0 to 100000)
  --no-mouse                leave the mouse to the terminal (no wheel scrolling or clicks)
  -h, --help                print this help and exit
  -v, --version             print the version and exit

Config file
  $XDG_CONFIG_HOME/spartera/config.json (default ~/.config/spartera/config.json):
  { "defaultProfile": "work", "profiles": { "work": { "apiKey": "...", "companyId": "...", "baseUrl": "..." } } }

Environment
  SPARTERA_CONSOLE_URL      the web console that o opens connections in (default: the one of
                            api.spartera.com or stage.api.spartera.com)

Keys
  arrows or j/k move, Enter opens, Esc or q goes back, / filters or searches, y copies, o opens
  the web console, ? lists every key (at the section you are in), q quits from the list.
`;

const OPTIONS = {
  'api-key': { type: 'string' },
  'company-id': { type: 'string' },
  'base-url': { type: 'string' },
  profile: { type: 'string' },
  'save-profile': { type: 'boolean' },
  mock: { type: 'boolean' },
  // What people call it when they have not read the help: the demo.
  demo: { type: 'boolean' },
  'no-mouse': { type: 'boolean' },
  'mock-connections': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Parses the command line; anything unknown or malformed is a UsageError naming it. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    const message = (error as Error).message;
    const option = /option '([^']+)'/.exec(message)?.[1];
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`Unknown option ${option ?? message}. See spartera-tui --help.`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const argument = /argument '([^']*)'/.exec(message)?.[1] ?? '';
      throw new UsageError(
        `Unexpected argument '${argument}': spartera-tui takes options only. See spartera-tui --help.`,
      );
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && message.includes('ambiguous')) {
      // Node's own text spans three lines; the next argument is not repeated, as it may be a secret.
      const flag = /^Option '([^']+)'/.exec(message)?.[1] ?? 'this option';
      throw new UsageError(
        `Option ${flag} needs a value, and the next argument starts with a dash. ` +
          `Write ${flag}=VALUE when the value itself starts with one. See spartera-tui --help.`,
      );
    }
    throw new UsageError(`${message.replace(/\.$/, '')}. See spartera-tui --help.`);
  }
  let mockConnections = 0;
  const rawCount = values['mock-connections'];
  if (rawCount !== undefined) {
    if (!/^\d+$/.test(rawCount) || Number(rawCount) > 100_000) {
      throw new UsageError(`--mock-connections must be a whole number from 0 to 100000, got "${rawCount}".`);
    }
    mockConnections = Number(rawCount);
  }
  return {
    apiKey: values['api-key'],
    companyId: values['company-id'],
    baseUrl: values['base-url'],
    profile: values.profile,
    saveProfile: values['save-profile'] ?? false,
    mock: (values.mock ?? false) || (values.demo ?? false),
    mouse: !(values['no-mouse'] ?? false),
    mockConnections,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
