import { describe, expect, it } from 'vitest';
import { KEY_BINDINGS, SCOPES } from '../../src/keys.js';
import type { Scope } from '../../src/keys.js';
import { activeScopes } from '../../src/state/reducer.js';
import type { AppState } from '../../src/state/types.js';
import { INFO_SCHEMA } from '../helpers/fake-source.js';
import { answer, key, loaded, run } from './helpers.js';

/**
 * Every scope of the key table is one some state of the app is in, reached by keys from the
 * start: a binding in a scope nobody reaches would be help text for keys that do nothing.
 */
describe('the key scopes', () => {
  const start = loaded(3);
  const reached = new Map<Scope, AppState>([
    ['connections', start],
    ['filter', run(start, key('/'))],
    ['detail', run(start, key('enter'))],
    ['test', run(start, key('t'))],
    ['schema', run(start, key('i'))],
    ['sample', run(answer(run(start, key('i')), 'schema', INFO_SCHEMA), key('l'), key('j'), key('enter'))],
    ['form', run(start, key('n'))],
    ['delete', run(start, key('d'))],
    ['help', run(start, key('?'))],
    ['find', run(start, key('?'), key('/'))],
    ['copy', run(start, key('y'))],
    ['discard', run(start, key('n'), key('x'), key('esc'))],
  ]);

  it('are each reached by some state, from the start, by keys', () => {
    for (const scope of SCOPES) {
      if (scope === 'global') continue;
      const state = reached.get(scope);
      expect(state, `no state reaches the ${scope} scope`).toBeDefined();
      expect(activeScopes(state!)[0], scope).toBe(scope);
    }
  });

  it('hold only bindings of scopes that exist, and every scope holds some', () => {
    for (const scope of SCOPES) {
      expect(
        KEY_BINDINGS.some((binding) => binding.scopes.includes(scope)),
        scope,
      ).toBe(true);
    }
    for (const binding of KEY_BINDINGS) for (const scope of binding.scopes) expect(SCOPES).toContain(scope);
  });
});
