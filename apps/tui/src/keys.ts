import { displayWidth } from './text.js';

/**
 * Where a key binding applies: one view, or while typing into a filter, a search or a form, or
 * in a small menu or confirmation.
 */
export type Scope =
  | 'connections'
  | 'filter'
  | 'detail'
  | 'test'
  | 'schema'
  | 'sample'
  | 'find'
  | 'form'
  | 'discard'
  | 'delete'
  | 'copy'
  | 'help'
  | 'global';

export type Command =
  | 'quit'
  | 'force-quit'
  | 'suspend'
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
  | 'find'
  | 'find-next'
  | 'find-previous'
  | 'refresh'
  | 'sort'
  | 'sort-direction'
  | 'test'
  | 'schema'
  | 'create'
  | 'edit'
  | 'delete'
  | 'copy'
  | 'copy-id'
  | 'copy-name'
  | 'open-console'
  | 'confirm'
  | 'toggle'
  | 'next-field'
  | 'previous-field'
  | 'submit'
  | 'lookup'
  | 'edit-external'
  | 'retry'
  // Line editing, in every text field.
  | 'line-start'
  | 'line-end'
  | 'delete-back'
  | 'delete-forward'
  | 'kill-start'
  | 'kill-end'
  | 'kill-word'
  | 'word-left'
  | 'word-right';

export interface KeyBinding {
  command: Command;
  /** Key names, as the input decoder (`src/input.ts`) produces them. */
  keys: readonly string[];
  /** What the key does, shown in the help screen. */
  description: string;
  /**
   * A word or two for the footer of the views in `scopes`, and its rank there: lower comes first
   * and stays when the footer is too narrow for all. Bindings without one stay out of the footer.
   */
  footer?: { label: string; rank: number };
  scopes: readonly Scope[];
}

/** Views whose rows scroll: they share the moving keys. */
const SCROLLING: readonly Scope[] = ['connections', 'detail', 'schema', 'sample', 'help'];
/** Views that are one step above the list: Esc and q go back. */
const BELOW_LIST: readonly Scope[] = ['detail', 'test', 'schema', 'sample', 'help'];
/** Where text is typed: the line-editing keys apply. */
const TEXT: readonly Scope[] = ['filter', 'find', 'form'];

/**
 * THE key table: `resolveKey` dispatches from it and the help screen and README are rendered from
 * it, so what the app does and what it says it does cannot drift apart. In one scope, earlier rows
 * win. `n` is "new connection" in the list only; everywhere else `n`/`N` go to the next/previous
 * match of a `/` search, as in less and vim.
 */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  { command: 'force-quit', keys: ['ctrl+c'], description: 'quit from anywhere', scopes: ['global'] },
  {
    command: 'suspend',
    keys: ['ctrl+z'],
    description: 'suspend to the shell (fg comes back)',
    scopes: ['global'],
  },
  {
    command: 'quit',
    keys: ['q'],
    description: 'quit',
    footer: { label: 'quit', rank: 1 },
    scopes: ['connections'],
  },
  {
    command: 'help',
    keys: ['?'],
    description: 'show or hide this help',
    footer: { label: 'help', rank: 0 },
    scopes: ['connections', 'detail', 'test', 'schema', 'sample', 'delete', 'help'],
  },
  {
    command: 'back',
    keys: ['esc', 'q'],
    description: 'go back',
    footer: { label: 'back', rank: 1 },
    scopes: BELOW_LIST,
  },
  {
    command: 'filter-cancel',
    keys: ['esc'],
    description: 'clear the filter (stop going to the last row)',
    scopes: ['connections'],
  },
  {
    command: 'filter-cancel',
    keys: ['esc'],
    description: 'clear the filter and stop filtering',
    footer: { label: 'clear', rank: 2 },
    scopes: ['filter'],
  },
  {
    command: 'filter-accept',
    keys: ['enter'],
    description: 'keep the filter and go back to the rows',
    footer: { label: 'done', rank: 1 },
    scopes: ['filter'],
  },
  {
    command: 'filter-cancel',
    keys: ['esc'],
    description: 'stop searching',
    footer: { label: 'cancel', rank: 2 },
    scopes: ['find'],
  },
  {
    command: 'filter-accept',
    keys: ['enter'],
    description: 'find the first match',
    footer: { label: 'find', rank: 1 },
    scopes: ['find'],
  },
  { command: 'up', keys: ['up', 'k'], description: 'move up', scopes: SCROLLING },
  {
    command: 'down',
    keys: ['down', 'j'],
    description: 'move down',
    footer: { label: 'move', rank: 3 },
    scopes: SCROLLING,
  },
  { command: 'up', keys: ['up'], description: 'move up', scopes: ['filter'] },
  { command: 'down', keys: ['down'], description: 'move down', scopes: ['filter'] },
  { command: 'page-up', keys: ['pageup', 'ctrl+u'], description: 'page up', scopes: SCROLLING },
  { command: 'page-down', keys: ['pagedown', 'ctrl+d'], description: 'page down', scopes: SCROLLING },
  { command: 'home', keys: ['home', 'g'], description: 'go to the first row', scopes: SCROLLING },
  {
    command: 'end',
    keys: ['end', 'G'],
    description: 'go to the last row',
    scopes: ['detail', 'schema', 'sample', 'help'],
  },
  {
    command: 'end',
    keys: ['end', 'G'],
    description: 'go to the real last row, loading every page (Esc stops)',
    scopes: ['connections'],
  },
  { command: 'left', keys: ['left', 'h'], description: 'collapse, or go to the parent', scopes: ['schema'] },
  { command: 'right', keys: ['right', 'l'], description: 'expand', scopes: ['schema'] },
  {
    command: 'left',
    keys: ['left', 'h'],
    description: 'scroll columns left',
    footer: { label: 'columns', rank: 4 },
    scopes: ['sample'],
  },
  { command: 'right', keys: ['right', 'l'], description: 'scroll columns right', scopes: ['sample'] },
  {
    command: 'open',
    keys: ['enter'],
    description: 'open the connection',
    footer: { label: 'open', rank: 2 },
    scopes: ['connections'],
  },
  {
    command: 'open',
    keys: ['enter'],
    description: 'expand a schema; open a table’s sample data',
    footer: { label: 'open', rank: 2 },
    scopes: ['schema'],
  },
  {
    command: 'toggle',
    keys: ['space'],
    description: 'expand or collapse',
    footer: { label: 'expand', rank: 5 },
    scopes: ['schema'],
  },
  {
    command: 'filter',
    keys: ['/'],
    description: 'filter as you type (server-side search)',
    footer: { label: 'filter', rank: 4 },
    scopes: ['connections'],
  },
  {
    command: 'filter',
    keys: ['/'],
    description: 'filter as you type',
    footer: { label: 'filter', rank: 4 },
    scopes: ['schema'],
  },
  {
    command: 'find',
    keys: ['/'],
    description: 'search this screen',
    footer: { label: 'search', rank: 5 },
    scopes: ['sample', 'help'],
  },
  {
    command: 'find-next',
    keys: ['n'],
    description: 'next match',
    footer: { label: 'next', rank: 8 },
    scopes: ['schema', 'sample', 'help'],
  },
  {
    command: 'find-previous',
    keys: ['N'],
    description: 'previous match',
    scopes: ['schema', 'sample', 'help'],
  },
  {
    command: 'refresh',
    keys: ['r'],
    description: 'refresh',
    footer: { label: 'refresh', rank: 9 },
    scopes: ['connections', 'detail', 'schema', 'sample'],
  },
  {
    command: 'retry',
    keys: ['r'],
    description: 'run the test again',
    footer: { label: 'again', rank: 2 },
    scopes: ['test'],
  },
  {
    command: 'sort',
    keys: ['s'],
    description: 'sort by the next column (last updated, name, created)',
    footer: { label: 'sort', rank: 10 },
    scopes: ['connections'],
  },
  { command: 'sort-direction', keys: ['S'], description: 'reverse the sort order', scopes: ['connections'] },
  {
    command: 'test',
    keys: ['t'],
    description: 'test the connection',
    footer: { label: 'test', rank: 6 },
    scopes: ['connections', 'detail'],
  },
  {
    command: 'schema',
    keys: ['i'],
    description: 'browse the information schema',
    footer: { label: 'schema', rank: 7 },
    scopes: ['connections', 'detail'],
  },
  {
    command: 'create',
    keys: ['n'],
    description: 'new connection',
    footer: { label: 'new', rank: 5 },
    scopes: ['connections'],
  },
  {
    command: 'edit',
    keys: ['e'],
    description: 'edit the connection',
    footer: { label: 'edit', rank: 8 },
    scopes: ['connections', 'detail'],
  },
  {
    command: 'delete',
    keys: ['d'],
    description: 'delete the connection (asks first)',
    footer: { label: 'delete', rank: 11 },
    scopes: ['connections', 'detail'],
  },
  {
    command: 'copy',
    keys: ['y'],
    description: 'copy the id or the name (through the terminal, works over SSH)',
    footer: { label: 'copy', rank: 12 },
    scopes: ['connections', 'detail'],
  },
  {
    command: 'open-console',
    keys: ['o'],
    description: 'open the connection in the Spartera web console',
    footer: { label: 'web', rank: 13 },
    scopes: ['connections', 'detail'],
  },
  {
    command: 'copy-id',
    keys: ['y', 'i'],
    description: 'copy the id',
    footer: { label: 'id', rank: 1 },
    scopes: ['copy'],
  },
  {
    command: 'copy-name',
    keys: ['n'],
    description: 'copy the name',
    footer: { label: 'name', rank: 2 },
    scopes: ['copy'],
  },
  {
    command: 'back',
    keys: ['esc', 'q'],
    description: 'copy nothing',
    footer: { label: 'cancel', rank: 3 },
    scopes: ['copy'],
  },
  {
    command: 'confirm',
    keys: ['y'],
    description: 'yes, delete it',
    footer: { label: 'delete', rank: 1 },
    scopes: ['delete'],
  },
  {
    command: 'back',
    keys: ['n', 'esc', 'q'],
    description: 'no, keep it',
    footer: { label: 'keep', rank: 2 },
    scopes: ['delete'],
  },
  {
    command: 'confirm',
    keys: ['y'],
    description: 'yes, discard the changes',
    footer: { label: 'discard', rank: 1 },
    scopes: ['discard'],
  },
  {
    command: 'back',
    keys: ['n', 'esc', 'q'],
    description: 'no, keep editing',
    footer: { label: 'keep editing', rank: 2 },
    scopes: ['discard'],
  },
  {
    command: 'next-field',
    keys: ['tab', 'down'],
    description: 'next field',
    footer: { label: 'next', rank: 1 },
    scopes: ['form'],
  },
  { command: 'previous-field', keys: ['shift+tab', 'up'], description: 'previous field', scopes: ['form'] },
  {
    command: 'left',
    keys: ['left'],
    description: 'previous choice; in text, one character left',
    scopes: ['form'],
  },
  {
    command: 'right',
    keys: ['right'],
    description: 'next choice; in text, one character right',
    scopes: ['form'],
  },
  {
    command: 'toggle',
    keys: ['space'],
    description: 'switch a yes/no field',
    footer: { label: 'switch', rank: 4 },
    scopes: ['form'],
  },
  { command: 'open', keys: ['enter'], description: 'next field; save on [Save]', scopes: ['form'] },
  {
    command: 'submit',
    keys: ['ctrl+s'],
    description: 'save',
    footer: { label: 'save', rank: 0 },
    scopes: ['form'],
  },
  {
    command: 'edit-external',
    keys: ['ctrl+o'],
    description: 'credentials: edit in $EDITOR (or type @path to read a file)',
    footer: { label: '$EDITOR', rank: 5 },
    scopes: ['form'],
  },
  {
    command: 'lookup',
    keys: ['ctrl+f'],
    description: 'look the connection up by name (after a create whose answer was lost)',
    scopes: ['form'],
  },
  {
    command: 'back',
    keys: ['esc'],
    description: 'cancel (asks first when something was typed)',
    footer: { label: 'cancel', rank: 3 },
    scopes: ['form'],
  },
  { command: 'left', keys: ['left'], description: 'one character left', scopes: ['filter', 'find'] },
  { command: 'right', keys: ['right'], description: 'one character right', scopes: ['filter', 'find'] },
  { command: 'line-start', keys: ['home', 'ctrl+a'], description: 'to the start of the text', scopes: TEXT },
  { command: 'line-end', keys: ['end', 'ctrl+e'], description: 'to the end of the text', scopes: TEXT },
  { command: 'word-left', keys: ['meta+b', 'ctrl+left'], description: 'one word left', scopes: TEXT },
  { command: 'word-right', keys: ['meta+f', 'ctrl+right'], description: 'one word right', scopes: TEXT },
  { command: 'delete-back', keys: ['backspace'], description: 'delete the character before', scopes: TEXT },
  { command: 'delete-forward', keys: ['delete'], description: 'delete the character under', scopes: TEXT },
  { command: 'kill-start', keys: ['ctrl+u'], description: 'delete to the start of the text', scopes: TEXT },
  { command: 'kill-end', keys: ['ctrl+k'], description: 'delete to the end of the text', scopes: TEXT },
  {
    command: 'kill-word',
    keys: ['ctrl+w', 'meta+backspace'],
    description: 'delete the word before',
    scopes: TEXT,
  },
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
  backspace: 'Backspace',
  delete: 'Delete',
  'meta+b': 'Alt+B',
  'meta+f': 'Alt+F',
  'meta+backspace': 'Alt+Backspace',
  'ctrl+left': 'Ctrl+←',
  'ctrl+right': 'Ctrl+→',
};

export function keyLabel(name: string): string {
  const label = KEY_LABELS[name];
  if (label) return label;
  return name.startsWith('ctrl+') ? `Ctrl+${name.slice(5).toUpperCase()}` : name;
}

export const SCOPE_TITLES: Record<Scope, string> = {
  connections: 'Connections',
  filter: 'While filtering',
  detail: 'Detail',
  test: 'Test',
  schema: 'Information schema',
  sample: 'Sample data',
  find: 'While searching (/)',
  form: 'Create / edit form',
  discard: 'Discard confirmation',
  delete: 'Delete confirmation',
  copy: 'Copy menu (y)',
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

/** The line of the help screen where a scope's section starts. */
export function helpLineOf(scope: Scope): number {
  let line = 0;
  for (const section of helpSections()) {
    if (section.scope === scope) return line;
    line += 1 + section.rows.length;
  }
  return 0;
}

export interface FooterHint {
  key: string;
  label: string;
}

/** How many columns a hint takes in the footer: a space, the key, a space, the label. */
export const hintWidth = (hint: FooterHint): number => 2 + displayWidth(hint.key) + displayWidth(hint.label);

/**
 * The footer's reminders for the scope in force, most important first, as many as fit in `width`
 * columns: whole hints only, never one cut in half.
 */
export function footerHints(scope: Scope, width = Number.POSITIVE_INFINITY): FooterHint[] {
  const ranked: (FooterHint & { rank: number })[] = [];
  for (const binding of KEY_BINDINGS) {
    if (!binding.footer || !binding.scopes.includes(scope)) continue;
    if (ranked.some((hint) => hint.label === binding.footer?.label)) continue;
    const key =
      binding.command === 'down' || binding.command === 'up' ? '↑↓/jk' : keyLabel(binding.keys[0] ?? '');
    ranked.push({ key, label: binding.footer.label, rank: binding.footer.rank });
  }
  ranked.sort((a, b) => a.rank - b.rank);
  const shown: FooterHint[] = [];
  let used = 0;
  for (const { key, label } of ranked) {
    const hint = { key, label };
    if (used + hintWidth(hint) > width) continue;
    shown.push(hint);
    used += hintWidth(hint);
  }
  return shown;
}

export interface HelpLine {
  text: string;
  title: boolean;
}

let helpLinesCache: HelpLine[] | undefined;

/** The help screen's lines: a title per section, then a line per binding (keys, then what they do). */
export function helpLines(): HelpLine[] {
  helpLinesCache ??= helpSections().flatMap((section) => [
    { text: section.title, title: true },
    ...section.rows.map((row) => ({ text: `${row.keys.padEnd(24)} ${row.description}`, title: false })),
  ]);
  return helpLinesCache;
}

/** How many lines the help screen has: a title per section and a line per binding. */
export function helpLineCount(): number {
  return helpLines().length;
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
