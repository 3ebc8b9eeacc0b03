import type { Dispatch } from 'react';
import { useEffect, useRef } from 'react';
import type { Host } from '../host.js';
import type { Action, Effect } from '../state/types.js';

/**
 * Carries out what the reducer asked of the host (copy, open a URL, suspend, run $EDITOR), each
 * once, and reports what came of it.
 */
export function useEffects(effects: readonly Effect[], dispatch: Dispatch<Action>, host: Host): void {
  const done = useRef(new Set<number>());
  useEffect(() => {
    for (const effect of effects) {
      if (done.current.has(effect.id)) continue;
      done.current.add(effect.id);
      const { id } = effect;
      switch (effect.kind) {
        case 'copy':
          host.copy(effect.text);
          dispatch({ type: 'effect-done', id, result: { kind: 'copy' } });
          break;
        case 'open-url':
          void host.openUrl(effect.url).then((result) => {
            dispatch({ type: 'effect-done', id, result: { kind: 'open-url', ...result } });
          });
          break;
        case 'suspend':
          dispatch({ type: 'effect-done', id, result: { kind: 'suspend', ...host.suspend() } });
          break;
        case 'edit-text':
          dispatch({ type: 'effect-done', id, result: { kind: 'edit-text', ...host.editText(effect.text) } });
          break;
      }
    }
  }, [effects, dispatch, host]);
}
