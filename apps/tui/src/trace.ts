import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * Timestamps for the benchmarks, written only when SPARTERA_TUI_TRACE names a file: when the
 * process started, when each key arrived, when each frame was rendered. Never any data.
 */
export interface Trace {
  key: () => void;
  frame: () => void;
  /** The first frame with connections in it has been drawn. */
  ready: () => void;
}

const now = () => (performance.timeOrigin + performance.now()).toFixed(3);

export function createTrace(path: string | undefined): Trace | undefined {
  if (!path) return undefined;
  const write = (line: string) => {
    appendFileSync(path, `${line}\n`);
  };
  write(`start ${performance.timeOrigin.toFixed(3)} pid=${process.pid}`);
  return {
    key: () => {
      write(`key ${now()}`);
    },
    frame: () => {
      write(`frame ${now()} rss=${process.memoryUsage.rss()}`);
    },
    ready: () => {
      write(`ready ${now()}`);
    },
  };
}
