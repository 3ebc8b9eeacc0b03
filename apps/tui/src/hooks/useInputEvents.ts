import { useStdin } from 'ink';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { InputEvent } from '../input.js';
import { InputDecoder } from '../input.js';

/**
 * Calls `handle` with every input event, in order. Ink's reader splits the input into text runs
 * and escape sequences; its `useInput` then hands a run of several characters over as one string,
 * which loses a Ctrl+C or Ctrl+S arriving in the same read as other keys, and turns a paste's line
 * breaks into Enter presses. So the app listens to the tokens themselves and decodes them.
 */
export function useInputEvents(handle: (event: InputEvent) => void): void {
  const { setRawMode, internal_eventEmitter: emitter } = useStdin();
  const latest = useRef(handle);
  useLayoutEffect(() => {
    latest.current = handle;
  });
  useEffect(() => {
    setRawMode(true);
    const decoder = new InputDecoder();
    const onInput = (token: string) => {
      for (const event of decoder.push(token)) latest.current(event);
    };
    emitter.on('input', onInput);
    return () => {
      emitter.off('input', onInput);
      setRawMode(false);
    };
  }, [emitter, setRawMode]);
}
