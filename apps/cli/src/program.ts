/**
 * The command tree (commander) and `run`, which parses, dispatches and turns every failure into an
 * exit code. Each command's code is imported when it runs, so `spartera --version` loads none of it.
 */
import { Argument, Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import type { CommanderError, OptionValues } from '@commander-js/extra-typings';
import { UsageError } from '@spartera/config';
import { EXIT } from './failures.js';
import type { Io } from './io.js';
import { escapeControlKeepingLayout } from './output/escape.js';
import type { Format } from './output/formats.js';
import type { GlobalOptions } from './runtime.js';
import { Runtime } from './runtime.js';

import { VERSION } from './version.js';

export { VERSION };

const FORMAT_HELP = 'table, json, yaml or csv (default: table on a terminal, json otherwise)';

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || number < min || number > max)
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    return number;
  };
}

const ROOT_HELP = `
Settings (first found wins):
  API key     SPARTERA_API_KEY, or the profile saved by "spartera auth login"
  company     --company-id, SPARTERA_COMPANY_ID, or the profile
  base URL    --base-url, SPARTERA_API_BASE_URL, or the profile (default https://api.spartera.com)
  profile     --profile, SPARTERA_PROFILE, or the file's defaultProfile, in
              $XDG_CONFIG_HOME/spartera/config.json (shared with spartera-tui)

Output: --format table|json|yaml|csv (table on a terminal, JSON otherwise; JSON is the API's data),
--output FILE writes it to a file. No colours or progress off a terminal or with NO_COLOR.

Exit codes:
  0    success
  1    an API or network error, or a file that could not be read or written
  2    a usage error: a wrong flag or argument, a missing setting, an input file that does not validate
  3    a connection test failed (test, test --all)
  130  interrupted (Ctrl+C)
  plan --detailed-exitcode: 0 no changes, 2 changes pending, 1 an error

Examples:
  spartera auth login
  spartera connection list --all --format csv --output connections.csv
  spartera connection test --all
  spartera export --output connections.yaml
  spartera plan -f connections.yaml --prune
`;

/** Options every command that prints data takes; `-f` is --format where the official CLI has it. */
function withOutput<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  command: Command<A, O, G>,
  shortFormat: boolean,
) {
  const format = shortFormat
    ? new Option('-f, --format <format>', FORMAT_HELP)
    : new Option('--format <format>', FORMAT_HELP);
  return command
    .addOption(format)
    .addOption(new Option('-o, --output <file>', 'write the output to FILE instead of standard output'));
}

/** The flags of `create` and `update`. */
function withConnectionFields<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  command: Command<A, O, G>,
) {
  return command
    .addOption(
      new Option('-f, --file <file>', 'read the connection from a YAML or JSON file (- for standard input)'),
    )
    .addOption(new Option('--name <name>', 'the connection name, unique in the company'))
    .addOption(
      new Option('--engine <engine>', 'storage engine by name (BigQuery) or id (see spartera engine list)'),
    )
    .addOption(
      new Option('--provider <engine>', 'the same as --engine, as the official CLI names it').hideHelp(),
    )
    .addOption(
      new Option('--credential-type <type>', 'SERVICE_ACCOUNT, USERNAME_PASSWORD, API_KEY, … or NONE'),
    )
    .addOption(new Option('--description <text>', 'a description (an empty string clears it)'))
    .addOption(new Option('--provider-domain <domain>', 'the domain of an external API provider'))
    .addOption(new Option('--verified', 'affirm the right to use the data (verified_usage_ability)'))
    .addOption(new Option('--no-verified', 'withdraw that affirmation'))
    .addOption(new Option('--visibility <visibility>', 'who may see it, such as PRIVATE'))
    .addOption(
      new Option(
        '--credentials <@file>',
        'the secret, read from @FILE (or @- for standard input), never typed inline',
      ),
    )
    .addOption(new Option('--credentials-env <name>', 'the secret, read from the environment variable NAME'))
    .addOption(
      new Option(
        '--credentials-file <file>',
        'the same as --credentials @FILE, as the official CLI names it',
      ),
    );
}

export function buildProgram(runtime: Runtime, globals: GlobalOptions): Command<[], never, never> {
  const io = runtime.io;
  const load = {
    connections: () => import('./commands/connections.js'),
    code: () => import('./commands/code.js'),
    auth: () => import('./commands/auth.js'),
    engines: () => import('./commands/engines.js'),
    completion: () => import('./commands/completion.js'),
  };
  const program = new Command('spartera')
    .description('Spartera connections from the command line, and connections as code.')
    .version(`@spartera/cli ${VERSION}`, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    .option('--profile <name>', 'the profile of the config file to use (or SPARTERA_PROFILE)')
    .option('--company-id <id>', 'the company to act on (or SPARTERA_COMPANY_ID)')
    .option('--base-url <url>', 'the API base URL (or SPARTERA_API_BASE_URL)')
    .option('--no-color', 'no colours or progress (NO_COLOR does the same)')
    .showSuggestionAfterError(true)
    .addHelpText('after', ROOT_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => undefined,
    })
    .hook('preAction', () => {
      const options = program.opts();
      globals.profile = options.profile;
      globals.companyId = options.companyId;
      globals.baseUrl = options.baseUrl;
      globals.color = options.color;
    });

  const connection = program
    .command('connection')
    .alias('connections')
    .description('list, inspect, create, change, delete and test connections');

  withOutput(
    connection
      .command('list')
      .alias('ls')
      .description('list connections, newest first')
      .option('--search <text>', 'only connections whose name or description contains TEXT')
      .option('--sort-by <field>', 'sort by a field: name, date_created, last_updated, …')
      .addOption(new Option('--sort-order <order>', 'asc or desc').choices(['asc', 'desc'] as const))
      .option('--limit <n>', 'at most N connections (default 20)', integer('--limit', 1, 1_000_000))
      .option('--page <n>', 'start at page N of --limit connections', integer('--page', 1, 1_000_000))
      .option('--all', 'every connection, page after page'),
    true,
  ).action(async (options) => {
    await (await load.connections()).list(runtime, options);
  });

  withOutput(
    connection.command('get').description('show one connection').argument('<id>', 'the connection id'),
    true,
  ).action(async (id, options) => {
    await (await load.connections()).get(runtime, id, options);
  });

  withConnectionFields(
    withOutput(connection.command('create').description('create a connection from flags or a file'), false),
  ).action(async (options) => {
    await (await load.connections()).create(runtime, options);
  });

  withConnectionFields(
    withOutput(
      connection
        .command('update')
        .description('change the fields given, keep the others')
        .argument('<id>', 'the connection id'),
      false,
    ),
  ).action(async (id, options) => {
    await (await load.connections()).update(runtime, id, options);
  });

  withOutput(
    connection
      .command('delete')
      .alias('rm')
      .description('delete a connection (asks first on a terminal)')
      .argument('<id>', 'the connection id')
      .option('-y, --yes', 'do not ask for confirmation'),
    false,
  ).action(async (id, options) => {
    await (await load.connections()).remove(runtime, id, options);
  });

  withOutput(
    connection
      .command('test')
      .description('test a connection against its warehouse (exit 3 when it fails)')
      .argument('[id]', 'the connection id')
      .option('--all', 'test every connection and print a summary')
      .option('--concurrency <n>', 'tests at a time with --all (default 4)', integer('--concurrency', 1, 32)),
    false,
  ).action(async (id, options) => {
    await (await load.connections()).test(runtime, id, options);
  });

  withOutput(
    connection
      .command('schema')
      .description('the schemas, tables and columns a connection reads')
      .argument('<id>', 'the connection id'),
    false,
  ).action(async (id, options) => {
    await (await load.connections()).schema(runtime, id, options);
  });

  withOutput(
    connection
      .command('sample')
      .description('a random sample of rows of one table')
      .argument('<id>', 'the connection id')
      .requiredOption('--schema <schema>', 'the schema')
      .requiredOption('--table <table>', 'the table')
      .option('--limit <n>', 'at most N rows (default 1000)', integer('--limit', 1, 10_000)),
    false,
  ).action(async (id, options) => {
    await (await load.connections()).sample(runtime, id, options);
  });

  const engine = program
    .command('engine')
    .alias('engines')
    .description('the storage engines a connection can reach');
  withOutput(
    engine.command('list').alias('ls').description('list storage engines with their providers'),
    true,
  ).action(async (options) => {
    await (await load.engines()).listEngines(runtime, options);
  });

  const auth = program.command('auth').description('save, check and remove the API key');
  auth
    .command('login')
    .description('save an API key in the profile (read without echo, or from standard input)')
    .option('--no-verify', 'save without checking the key against the API')
    .option('--format <format>', 'table or json')
    .action(async (options) => {
      await (await load.auth()).login(runtime, options);
    });
  auth
    .command('status')
    .description('show which key, company and base URL apply, and check them (exit 1 when they do not work)')
    .option('--format <format>', 'table or json')
    .action(async (options) => {
      await (await load.auth()).status(runtime, options);
    });
  auth
    .command('logout')
    .description("remove the profile's API key, keeping the rest of the file")
    .option('--format <format>', 'table or json')
    .action(async (options) => {
      await (await load.auth()).logout(runtime, options);
    });

  program
    .command('export')
    .description("write the company's connections as a YAML document (apiVersion spartera/v1)")
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .option('--format <format>', 'yaml (default) or json')
    .option(
      '--credentials-prefix <prefix>',
      'start of the variable names credentials refer to (default SPARTERA_CREDENTIALS_)',
    )
    .action(async (options) => {
      await (await load.code()).exportCommand(runtime, options);
    });

  program
    .command('validate')
    .description('check a connections file offline, with line and column for each problem')
    .requiredOption('-f, --file <file>', 'the YAML or JSON document (- for standard input)')
    .option('--format <format>', 'table or json')
    .action(async (options) => {
      await (await load.code()).validateCommand(runtime, options);
    });

  program
    .command('plan')
    .description('show what apply would create, update and (with --prune) delete')
    .requiredOption('-f, --file <file>', 'the YAML or JSON document (- for standard input)')
    .option('--prune', 'also delete the connections the file does not name')
    .option(
      '--update-credentials',
      'send every referenced secret again (they are write-only: the API cannot compare them)',
    )
    .option('--detailed-exitcode', 'exit 0 when nothing would change, 2 when something would, 1 on an error')
    .option('--format <format>', 'table or json')
    .action(async (options) => {
      await (await load.code()).planCommand(runtime, options);
    });

  program
    .command('apply')
    .description('make the company match the file: plan, confirm, then create, update and delete')
    .requiredOption('-f, --file <file>', 'the YAML or JSON document (- for standard input)')
    .option('--prune', 'also delete the connections the file does not name')
    .option('--update-credentials', 'send every referenced secret again')
    .option('-y, --yes', 'do not ask for confirmation (needed when standard input is not a terminal)')
    .option('--concurrency <n>', 'requests at a time (default 4)', integer('--concurrency', 1, 32))
    .option('--format <format>', 'table or json')
    .action(async (options) => {
      await (await load.code()).applyCommand(runtime, options);
    });

  program
    .command('completion')
    .description('print the shell completion script: bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish'] as const))
    .addHelpText(
      'after',
      '\nInstall:\n  bash  echo \'source <(spartera completion bash)\' >> ~/.bashrc\n  zsh   spartera completion zsh > "${fpath[1]}/_spartera"\n  fish  spartera completion fish > ~/.config/fish/completions/spartera.fish\n',
    )
    .action(async (shell) => {
      (await load.completion()).printCompletion(runtime, shell);
    });

  program
    .command('__complete', { hidden: true })
    .argument('<shell>')
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (shell, words) => {
      await (await load.completion()).complete(runtime, program, shell, words);
    });

  return program as unknown as Command<[], never, never>;
}

/** The format an early failure should be reported in: --format json anywhere in the arguments. */
function formatInArguments(argv: readonly string[]): Format | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--format' || argument === '-f') {
      if (argv[index + 1]?.toLowerCase() === 'json') return 'json';
    } else if (argument.toLowerCase() === '--format=json') return 'json';
  }
  return undefined;
}

function reportError(
  runtime: Runtime,
  argv: readonly string[],
  report: {
    exitCode: number;
    type: string;
    message: string;
    status?: number;
    problems?: unknown;
    fields?: unknown;
  },
): number {
  const json = (runtime.format ?? formatInArguments(argv)) === 'json';
  if (report.message !== '') {
    if (json) {
      const { exitCode, ...error } = report;
      runtime.io.stderr.write(`${JSON.stringify({ error: { ...error, exit_code: exitCode } })}\n`);
    } else {
      runtime.io.stderr.write(
        `${escapeControlKeepingLayout(report.message)
          .split('\n')
          .map((line) => `spartera: ${line}`)
          .join('\n')}\n`,
      );
    }
  }
  return report.exitCode;
}

/** Runs one command line; resolves to the exit code. Never calls process.exit. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const globals: GlobalOptions = { color: true };
  const runtime = new Runtime(io, globals, VERSION);
  const program = buildProgram(runtime, globals);
  try {
    if (argv.length === 0) {
      io.stderr.write(program.helpInformation());
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    const commanderError = error as Partial<CommanderError>;
    if (typeof commanderError.code === 'string' && commanderError.code.startsWith('commander.')) {
      if (commanderError.code === 'commander.helpDisplayed' || commanderError.code === 'commander.version')
        return EXIT.ok;
      if (
        commanderError.code === 'commander.help' ||
        commanderError.code === 'commander.executeSubCommandAsync'
      )
        return EXIT.usage;
      const message = (commanderError.message ?? '').replace(/^error: /, '');
      return reportError(runtime, argv, {
        exitCode: EXIT.usage,
        type: 'UsageError',
        message: `${message}${message.includes('--help') ? '' : ' (see spartera --help)'}`,
      });
    }
    if (error instanceof UsageError) {
      return reportError(runtime, argv, {
        exitCode: runtime.detailedExitCodes ? EXIT.failure : EXIT.usage,
        type: 'UsageError',
        message: error.message,
      });
    }
    const { describeError } = await import('./errors.js');
    const report = describeError(error, runtime.resolved?.origins.apiKey);
    if (runtime.detailedExitCodes && report.exitCode === EXIT.usage && report.type !== 'ExitStatus')
      report.exitCode = EXIT.failure;
    return reportError(runtime, argv, report);
  }
}
