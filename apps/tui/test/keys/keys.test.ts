import { describe, expect, it } from 'vitest';
import type { Scope } from '../../src/keys.js';
import { footerHints, helpSections, KEY_BINDINGS, resolveKey } from '../../src/keys.js';

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
      ['detail', 'esc', 'back'],
      ['detail', 'q', 'none'],
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
});
