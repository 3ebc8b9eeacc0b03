/** Where a key binding applies: one view, or while typing into a filter or a form. */
export type Scope =
  'global' | 'connections' | 'filter' | 'detail' | 'test' | 'schema' | 'sample' | 'form' | 'delete' | 'help';

export type Command =
  | 'quit'
  | 'force-quit'
  | 'help'
  | 'back'
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'page-up'
  | 'page-down'
  | 'home'
  | 'end'
  | 'open'
  | 'filter'
  | 'filter-accept'
  | 'filter-cancel'
  | 'refresh'
  | 'sort'
  | 'test'
  | 'schema'
  | 'create'
  | 'edit'
  | 'delete'
  | 'confirm'
  | 'toggle'
  | 'next-field'
  | 'previous-field'
  | 'submit'
  | 'lookup'
  | 'retry';

export interface KeyBinding {
  command: Command;
  /** Key names, as the input decoder (`src/input.ts`) produces them. */
  keys: readonly string[];
  /** What the key does, shown in the help screen. */
  description: string;
  /** A word or two for the footer of the views in `scopes`; bindings without one stay out of it. */
  short?: string;
  scopes: readonly Scope[];
}

/**
 * THE key table: `resolveKey` dispatches from it and the help screen and README are rendered from
 * it, so what the app does and what it says it does cannot drift apart. Earlier rows win.
 */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  { command: 'force-quit', keys: ['ctrl+c'], description: 'quit from anywhere', scopes: ['global'] },
  { command: 'quit', keys: ['q'], description: 'quit', short: 'quit', scopes: ['connections'] },
  {
    command: 'help',
    keys: ['?'],
    description: 'show or hide this help',
    short: 'help',
    scopes: ['connections', 'detail', 'test', 'schema', 'sample', 'delete', 'help'],
  },
  {
    command: 'back',
    keys: ['esc'],
    description: 'go back',
    short: 'back',
    scopes: ['detail', 'test', 'schema', 'sample', 'help'],
  },
  { command: 'back', keys: ['q'], description: 'go back', scopes: ['help'] },
  { command: 'filter-cancel', keys: ['esc'], description: 'clear the filter', scopes: ['connections'] },
  {
    command: 'filter-cancel',
    keys: ['esc'],
    description: 'clear the filter and stop filtering',
    short: 'clear',
    scopes: ['filter'],
  },
  {
    command: 'filter-accept',
    keys: ['enter'],
    description: 'keep the filter and go back to the list',
    short: 'done',
    scopes: ['filter'],
  },
  {
    command: 'up',
    keys: ['up', 'k'],
    description: 'move up',
    scopes: ['connections', 'schema', 'sample', 'help'],
  },
  {
    command: 'down',
    keys: ['down', 'j'],
    description: 'move down',
    short: 'move',
    scopes: ['connections', 'schema', 'sample', 'help'],
  },
  { command: 'up', keys: ['up'], description: 'move up', scopes: ['filter'] },
  { command: 'down', keys: ['down'], description: 'move down', scopes: ['filter'] },
  {
    command: 'page-up',
    keys: ['pageup', 'ctrl+u'],
    description: 'page up',
    scopes: ['connections', 'schema', 'sample', 'help'],
  },
  {
    command: 'page-down',
    keys: ['pagedown', 'ctrl+d'],
    description: 'page down',
    scopes: ['connections', 'schema', 'sample', 'help'],
  },
  {
    command: 'home',
    keys: ['home', 'g'],
    description: 'go to the first row',
    scopes: ['connections', 'schema', 'sample', 'help'],
  },
  {
    command: 'end',
    keys: ['end', 'G'],
    description: 'go to the last row',
    scopes: ['connections', 'schema', 'sample', 'help'],
  },
  { command: 'left', keys: ['left', 'h'], description: 'collapse, or go to the parent', scopes: ['schema'] },
  { command: 'right', keys: ['right', 'l'], description: 'expand', scopes: ['schema'] },
  {
    command: 'left',
    keys: ['left', 'h'],
    description: 'scroll columns left',
    short: 'columns',
    scopes: ['sample'],
  },
  { command: 'right', keys: ['right', 'l'], description: 'scroll columns right', scopes: ['sample'] },
  {
    command: 'open',
    keys: ['enter'],
    description: 'open the connection',
    short: 'open',
    scopes: ['connections'],
  },
  {
    command: 'open',
    keys: ['enter'],
    description: 'expand a schema; open a table’s sample data',
    short: 'open',
    scopes: ['schema'],
  },
  {
    command: 'toggle',
    keys: ['space'],
    description: 'expand or collapse',
    short: 'expand',
    scopes: ['schema'],
  },
  {
    command: 'filter',
    keys: ['/'],
    description: 'filter as you type',
    short: 'filter',
    scopes: ['connections', 'schema'],
  },
  {
    command: 'refresh',
    keys: ['r'],
    description: 'refresh',
    short: 'refresh',
    scopes: ['connections', 'detail', 'schema', 'sample'],
  },
  { command: 'retry', keys: ['r'], description: 'run the test again', short: 'again', scopes: ['test'] },
  {
    command: 'sort',
    keys: ['s'],
    description: 'change the sort order',
    short: 'sort',
    scopes: ['connections'],
  },
  {
    command: 'test',
    keys: ['t'],
    description: 'test the connection',
    short: 'test',
    scopes: ['connections', 'detail'],
  },
  {
    command: 'schema',
    keys: ['i'],
    description: 'browse the information schema',
    short: 'schema',
    scopes: ['connections', 'detail'],
  },
  {
    command: 'create',
    keys: ['n'],
    description: 'new connection',
    short: 'new',
    scopes: ['connections', 'detail'],
  },
  {
    command: 'edit',
    keys: ['e'],
    description: 'edit the connection',
    short: 'edit',
    scopes: ['connections', 'detail'],
  },
  {
    command: 'delete',
    keys: ['d'],
    description: 'delete the connection (asks first)',
    short: 'delete',
    scopes: ['connections', 'detail'],
  },
  { command: 'confirm', keys: ['y'], description: 'yes, delete it', short: 'delete', scopes: ['delete'] },
  { command: 'back', keys: ['n', 'esc'], description: 'no, keep it', short: 'keep', scopes: ['delete'] },
  {
    command: 'next-field',
    keys: ['tab', 'down'],
    description: 'next field',
    short: 'next',
    scopes: ['form'],
  },
  { command: 'previous-field', keys: ['shift+tab', 'up'], description: 'previous field', scopes: ['form'] },
  { command: 'left', keys: ['left'], description: 'previous choice', scopes: ['form'] },
  { command: 'right', keys: ['right'], description: 'next choice', scopes: ['form'] },
  {
    command: 'toggle',
    keys: ['space'],
    description: 'switch a yes/no field',
    short: 'switch',
    scopes: ['form'],
  },
  { command: 'open', keys: ['enter'], description: 'next field; save on [Save]', scopes: ['form'] },
  { command: 'submit', keys: ['ctrl+s'], description: 'save', short: 'save', scopes: ['form'] },
  {
    command: 'lookup',
    keys: ['ctrl+f'],
    description: 'look the connection up by name (after a create whose answer was lost)',
    scopes: ['form'],
  },
  { command: 'back', keys: ['esc'], description: 'cancel', short: 'cancel', scopes: ['form'] },
];

/** The command a key press means in the given scopes (most specific first), if any. */
export function resolveKey(scopes: readonly Scope[], name: string): Command | undefined {
  for (const scope of [...scopes, 'global' as const]) {
    const binding = KEY_BINDINGS.find((entry) => entry.scopes.includes(scope) && entry.keys.includes(name));
    if (binding) return binding.command;
  }
  return undefined;
}

const KEY_LABELS: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  enter: 'Enter',
  esc: 'Esc',
  tab: 'Tab',
  'shift+tab': 'Shift+Tab',
  space: 'Space',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  'ctrl+c': 'Ctrl+C',
  'ctrl+u': 'Ctrl+U',
  'ctrl+d': 'Ctrl+D',
  'ctrl+s': 'Ctrl+S',
  'ctrl+f': 'Ctrl+F',
};

export function keyLabel(name: string): string {
  return KEY_LABELS[name] ?? name;
}

export const SCOPE_TITLES: Record<Scope, string> = {
  connections: 'Connections',
  filter: 'While filtering',
  detail: 'Detail',
  test: 'Test',
  schema: 'Information schema',
  sample: 'Sample data',
  form: 'Create / edit form',
  delete: 'Delete confirmation',
  help: 'Help',
  global: 'Everywhere',
};

/** Every scope of the key table, in the order the help screen lists them. */
export const SCOPES = Object.keys(SCOPE_TITLES) as Scope[];

export interface HelpSection {
  scope: Scope;
  title: string;
  rows: { keys: string; description: string }[];
}

/** The help screen's content, derived from KEY_BINDINGS only. */
export function helpSections(): HelpSection[] {
  return SCOPES.map((scope) => {
    const rows = KEY_BINDINGS.filter((binding) => binding.scopes.includes(scope));
    // Two bindings with the same meaning in one scope read better as one line.
    const merged = new Map<string, string[]>();
    for (const binding of rows) {
      const labels = merged.get(binding.description) ?? [];
      labels.push(...binding.keys.map(keyLabel));
      merged.set(binding.description, labels);
    }
    return {
      scope,
      title: SCOPE_TITLES[scope],
      rows: [...merged].map(([description, labels]) => ({
        keys: [...new Set(labels)].join(' / '),
        description,
      })),
    };
  });
}

/** The footer's reminders for the scope in force: first key and short word of each binding that has one. */
export function footerHints(scope: Scope): { key: string; label: string }[] {
  const hints: { key: string; label: string }[] = [];
  for (const binding of KEY_BINDINGS) {
    if (!binding.short || !binding.scopes.includes(scope)) continue;
    const key =
      binding.command === 'down' || binding.command === 'up' ? '↑↓/jk' : keyLabel(binding.keys[0] ?? '');
    hints.push({ key, label: binding.short });
  }
  // Help and quit open the line, so a narrow terminal never cuts them off.
  const rank = (hint: { label: string }) => (hint.label === 'help' ? 0 : hint.label === 'quit' ? 1 : 2);
  return hints.sort((a, b) => rank(a) - rank(b));
}

/** How many lines the help screen has: a title per section and a line per binding. */
export function helpLineCount(): number {
  return helpSections().reduce((sum, section) => sum + 1 + section.rows.length, 0);
}

/** The key reference of the README, one table per view, generated from KEY_BINDINGS. */
export function keysMarkdown(): string {
  return helpSections()
    .filter((section) => section.rows.length > 0)
    .map((section) => {
      const rows = section.rows.map((row) => {
        const keys = row.keys
          .split(' / ')
          .map((name) => `\`${name}\``)
          .join(' ');
        return `| ${keys} | ${row.description} |`;
      });
      return [`**${section.title}**`, '', '| Keys | Action |', '|---|---|', ...rows].join('\n');
    })
    .join('\n\n');
}
