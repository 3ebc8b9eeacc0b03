/**
 * Shell completion. Each shell's script asks the bin itself (`spartera __complete SHELL WORDS…`),
 * which walks the same command tree that parses the command line, so completion never drifts from
 * the commands. Connection ids, engine names and profile names come from the API or the config
 * file, quickly or not at all.
 */
import type { Command, Option } from '@commander-js/extra-typings';
import { configPath, readConfig } from '@spartera/config';
import { credentialTypeValues } from '@spartera/types';
import { escapeControl } from '../output/escape.js';
import { FORMATS } from '../output/formats.js';
import type { Runtime } from '../runtime.js';
import { engineCatalog } from './code.js';

type AnyCommand = Command<unknown[], Record<string, unknown>, Record<string, unknown>>;

const SCRIPTS = {
  bash: `# bash completion for spartera; load it with: source <(spartera completion bash)
_spartera_complete() {
  local IFS=$'\\n'
  COMPREPLY=($(spartera __complete bash "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _spartera_complete spartera
`,
  zsh: `#compdef spartera
# zsh completion for spartera; install with: spartera completion zsh > "\${fpath[1]}/_spartera"
_spartera() {
  local -a candidates
  candidates=("\${(@f)$(spartera __complete zsh "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if [[ \${#candidates[@]} -eq 0 || -z "\${candidates[1]}" ]]; then
    _files
    return
  fi
  _describe 'spartera' candidates
}
if [[ "\${funcstack[1]}" == "_spartera" ]]; then _spartera "$@"; else compdef _spartera spartera; fi
`,
  fish: `# fish completion for spartera; install with: spartera completion fish > ~/.config/fish/completions/spartera.fish
function __spartera_complete
    set -l words (commandline -opc)
    set -e words[1]
    spartera __complete fish $words (commandline -ct) 2>/dev/null
end
complete -c spartera -e
complete -c spartera -a '(__spartera_complete)'
`,
} as const;

export function printCompletion(runtime: Runtime, shell: keyof typeof SCRIPTS): void {
  runtime.io.stdout.write(SCRIPTS[shell]);
}

interface Candidate {
  value: string;
  description?: string;
}

const visibleOptions = (command: AnyCommand): Option[] =>
  command.options.filter((option) => !(option as Option & { hidden?: boolean }).hidden);

const takesValue = (option: Option) => option.required || option.optional;

function findOption(commands: readonly AnyCommand[], word: string): Option | undefined {
  for (const command of [...commands].reverse()) {
    const found = command.options.find((option) => option.long === word || option.short === word);
    if (found) return found;
  }
  return undefined;
}

/** Connection ids of the company (one page, newest first), with their names. */
async function connectionIds(runtime: Runtime): Promise<Candidate[]> {
  const { client } = await runtime.session();
  const page = await client.connections.list({ limit: 100 }, { timeoutMs: 3000, maxRetries: 0 });
  return page.map((connection) => ({
    value: connection.connection_id,
    ...(connection.name ? { description: connection.name } : {}),
  }));
}

async function engineNames(runtime: Runtime): Promise<Candidate[]> {
  const { client } = await runtime.session();
  const catalog = await engineCatalog(client);
  return catalog.engines.map((engine) => ({
    value: String(catalog.nameOf(engine.engine_id)),
    description: catalog.providerName(engine),
  }));
}

async function profiles(runtime: Runtime): Promise<Candidate[]> {
  const config = await readConfig(configPath(runtime.io.env));
  return Object.keys(config.profiles).map((value) => ({ value }));
}

/** The candidates for the last of `words`, given the ones before it. */
export async function candidates(
  runtime: Runtime,
  program: AnyCommand,
  words: readonly string[],
): Promise<Candidate[]> {
  const current = words.at(-1) ?? '';
  const path: AnyCommand[] = [program];
  let positionals = 0;
  let pendingOption: Option | undefined;
  for (const word of words.slice(0, -1)) {
    if (pendingOption) {
      pendingOption = undefined;
      continue;
    }
    if (word.startsWith('-')) {
      const option = findOption(path, word.split('=')[0] ?? word);
      if (option && takesValue(option) && !word.includes('=')) pendingOption = option;
      continue;
    }
    const here = path.at(-1) as AnyCommand;
    const sub = (here.commands as readonly AnyCommand[]).find(
      (command) => command.name() === word || command.aliases().includes(word),
    );
    if (sub) path.push(sub);
    else positionals += 1;
  }
  const command = path.at(-1) as AnyCommand;
  if (pendingOption) {
    const name = pendingOption.long ?? '';
    if (name === '--format') return FORMATS.map((value) => ({ value }));
    if (name === '--sort-order') return [{ value: 'asc' }, { value: 'desc' }];
    if (name === '--credential-type') return credentialTypeValues.map((value) => ({ value }));
    if (name === '--engine' || name === '--provider') return engineNames(runtime);
    if (name === '--profile') return profiles(runtime);
    return [];
  }
  if (current.startsWith('-')) {
    const options = [...visibleOptions(command), ...(command === program ? [] : visibleOptions(program))];
    return options.flatMap((option) =>
      [option.long, option.short]
        .filter((flag): flag is string => flag !== undefined)
        .map((value) => ({ value, description: option.description })),
    );
  }
  const subcommands = (command.commands as readonly AnyCommand[]).filter(
    (sub) => !(sub as AnyCommand & { _hidden?: boolean })._hidden,
  );
  if (subcommands.length > 0) {
    return subcommands.flatMap((sub) =>
      [sub.name(), ...sub.aliases()].map((value) => ({ value, description: sub.description() })),
    );
  }
  const argument = command.registeredArguments[positionals];
  if (argument?.name() === 'id') return connectionIds(runtime);
  if (argument?.name() === 'shell') return [{ value: 'bash' }, { value: 'zsh' }, { value: 'fish' }];
  return [];
}

/** Prints the candidates that start with the current word, in the shell's format. */
export async function complete(
  runtime: Runtime,
  program: AnyCommand,
  shell: string,
  words: readonly string[],
): Promise<void> {
  const current = words.at(-1) ?? '';
  let found: Candidate[] = [];
  try {
    found = await candidates(runtime, program, words.length === 0 ? [''] : words);
  } catch {
    // No settings, no network: complete nothing rather than print an error into the prompt.
    found = [];
  }
  const clean = (text: string) => escapeControl(text);
  const lines = found
    .filter((candidate) => candidate.value.startsWith(current))
    .map((candidate) => {
      const value = clean(candidate.value);
      const description = candidate.description === undefined ? undefined : clean(candidate.description);
      if (shell === 'zsh')
        return description === undefined
          ? value.replaceAll(':', '\\:')
          : `${value.replaceAll(':', '\\:')}:${description}`;
      if (shell === 'fish') return description === undefined ? value : `${value}\t${description}`;
      return value;
    });
  if (lines.length > 0) runtime.io.stdout.write(`${[...new Set(lines)].join('\n')}\n`);
}
