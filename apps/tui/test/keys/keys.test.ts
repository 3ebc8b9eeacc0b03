import { describe, expect, it } from 'vitest';
import type { Scope } from '../../src/keys.js';
import { footerHints, helpSections, hintWidth, KEY_BINDINGS, resolveKey, SCOPES } from '../../src/keys.js';

describe('the key table', () => {
  it('never binds one key to two commands in the same scope', () => {
    const seen = new Map<string, string>();
    const conflicts: string[] = [];
    for (const binding of KEY_BINDINGS) {
      for (const scope of binding.scopes) {
        for (const name of binding.keys) {
          const slot = `${scope}:${name}`;
          const earlier = seen.get(slot);
          if (earlier !== undefined && earlier !== binding.command)
            conflicts.push(`${slot} → ${earlier} / ${binding.command}`);
          seen.set(slot, binding.command);
        }
      }
    }
    expect(conflicts).toEqual([]);
  });

  it('dispatches the keys the issue promises', () => {
    const expectations: [Scope, string, string][] = [
      ['connections', 'j', 'down'],
      ['connections', 'down', 'down'],
      ['connections', 'k', 'up'],
      ['connections', 'enter', 'open'],
      ['connections', '/', 'filter'],
      ['connections', 't', 'test'],
      ['connections', 'i', 'schema'],
      ['connections', 'n', 'create'],
      ['connections', 'e', 'edit'],
      ['connections', 'd', 'delete'],
      ['connections', 'r', 'refresh'],
      ['connections', '?', 'help'],
      ['connections', 'q', 'quit'],
      ['connections', 'y', 'copy'],
      ['connections', 'o', 'open-console'],
      ['connections', 's', 'sort'],
      ['connections', 'S', 'sort-direction'],
      ['connections', 'G', 'end'],
      ['detail', 'esc', 'back'],
      // q goes back one level everywhere but the list, where it quits.
      ['detail', 'q', 'back'],
      ['test', 'q', 'back'],
      ['schema', 'q', 'back'],
      ['sample', 'q', 'back'],
      ['help', 'q', 'back'],
      ['delete', 'q', 'back'],
      ['copy', 'q', 'back'],
      // n is new only in the list; elsewhere n and N walk the matches of a search.
      ['detail', 'n', 'none'],
      ['schema', 'n', 'find-next'],
      ['sample', 'N', 'find-previous'],
      ['help', 'n', 'find-next'],
      ['sample', '/', 'find'],
      ['help', '/', 'find'],
      ['detail', 'pagedown', 'page-down'],
      ['help', 'pageup', 'page-up'],
      ['global', 'ctrl+z', 'suspend'],
      ['form', 'ctrl+o', 'edit-external'],
      ['form', 'ctrl+a', 'line-start'],
      ['form', 'ctrl+e', 'line-end'],
      ['form', 'ctrl+u', 'kill-start'],
      ['form', 'ctrl+w', 'kill-word'],
      ['form', 'delete', 'delete-forward'],
      ['filter', 'left', 'left'],
      ['filter', 'home', 'line-start'],
      ['schema', 'enter', 'open'],
      ['delete', 'y', 'confirm'],
      ['form', 'ctrl+s', 'submit'],
    ];
    for (const [scope, name, command] of expectations) {
      expect(resolveKey([scope], name) ?? 'none', `${name} in ${scope}`).toBe(command);
    }
  });

  it('lets Ctrl+C quit in every scope, and q only at the top level', () => {
    const scopes = new Set(KEY_BINDINGS.flatMap((binding) => binding.scopes));
    for (const scope of scopes) expect(resolveKey([scope], 'ctrl+c')).toBe('force-quit');
    const quitting = KEY_BINDINGS.filter((binding) => binding.command === 'quit').flatMap(
      (binding) => binding.scopes,
    );
    expect(quitting).not.toContain('detail');
    expect(quitting).not.toContain('form');
    expect(quitting).toContain('connections');
  });

  it('gives the help screen a section per scope with every binding in it', () => {
    const sections = helpSections();
    const described = new Set(sections.flatMap((section) => section.rows.map((row) => row.description)));
    for (const binding of KEY_BINDINGS) expect(described).toContain(binding.description);
    const connections = sections.find((section) => section.scope === 'connections');
    expect(connections?.rows).toContainEqual({ keys: '↓ / j', description: 'move down' });
  });

  it('starts the footer with help and quit, so a narrow terminal never cuts them', () => {
    const hints = footerHints('connections').map((hint) => hint.label);
    expect(hints.slice(0, 2)).toEqual(['help', 'quit']);
    expect(hints).toContain('filter');
  });

  it('fits the footer in 80 columns with whole hints, the most important first', () => {
    for (const scope of SCOPES.filter((candidate) => candidate !== 'global')) {
      const hints = footerHints(scope, 79);
      const width = hints.reduce((sum, hint) => sum + hintWidth(hint), 0);
      expect(width, scope).toBeLessThanOrEqual(79);
      expect(hints.length, scope).toBeGreaterThan(0);
    }
    const narrow = footerHints('connections', 79).map((hint) => hint.label);
    expect(narrow.slice(0, 4)).toEqual(['help', 'quit', 'open', 'move']);
    expect(narrow).toContain('new');
    expect(footerHints('connections', 200).length).toBeGreaterThan(narrow.length);
  });
});
