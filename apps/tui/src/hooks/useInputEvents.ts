import { useStdin, useStdout } from 'ink';
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
  const { stdout } = useStdout();
  const latest = useRef(handle);
  useLayoutEffect(() => {
    latest.current = handle;
  });
  useEffect(() => {
    setRawMode(true);
    const decoder = new InputDecoder();
    // Node's own SIGWINCH handler: asks the terminal for its size now, and emits 'resize' if it
    // changed. Input and the resize signal race; asking first means a key typed just after a
    // resize is judged by the new size (below the minimum, only q and Ctrl+C act).
    const refreshSize = (stdout as NodeJS.WriteStream & { _refreshSize?: () => void })._refreshSize;
    const onInput = (token: string) => {
      if (stdout.isTTY) refreshSize?.call(stdout);
      for (const event of decoder.push(token)) latest.current(event);
    };
    emitter.on('input', onInput);
    return () => {
      emitter.off('input', onInput);
      setRawMode(false);
    };
  }, [emitter, setRawMode, stdout]);
}
