import { useStdout } from 'ink';
import { useEffect } from 'react';
import type { TerminalSize } from '../state/layout.js';

export function readSize(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}

/**
 * Reports every resize of the terminal straight to `onResize` (the reducer), so a key that
 * arrives just after a resize is judged by the new size; `fixed` pins it (tests, screenshots).
 */
export function useTerminalResize(onResize: (size: TerminalSize) => void, fixed?: TerminalSize): void {
  const { stdout } = useStdout();
  useEffect(() => {
    if (fixed) return undefined;
    const handle = () => {
      onResize(readSize(stdout));
    };
    // A resize between the first render and this effect would otherwise go unnoticed.
    handle();
    stdout.on('resize', handle);
    return () => {
      stdout.off('resize', handle);
    };
  }, [stdout, fixed, onResize]);
}
