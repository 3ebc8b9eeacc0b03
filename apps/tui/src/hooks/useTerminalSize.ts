import { useStdout } from 'ink';
import { useEffect, useState } from 'react';
import type { TerminalSize } from '../state/layout.js';

function read(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}

/** The terminal's size, updated on resize; `fixed` pins it (tests, screenshots). */
export function useTerminalSize(fixed?: TerminalSize): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState<TerminalSize>(() => fixed ?? read(stdout));
  useEffect(() => {
    if (fixed) return undefined;
    const onResize = () => {
      setSize(read(stdout));
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}
