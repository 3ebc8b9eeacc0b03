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
  // Ink throttles frames: the frame with the first data may be drawn after the effect that
  // reports it, so the next frame after "ready" is marked too and readers take the later one.
  let readyPending = false;
  return {
    key: () => {
      write(`key ${now()}`);
    },
    frame: () => {
      const at = now();
      write(`frame ${at} rss=${process.memoryUsage.rss()}`);
      if (readyPending) {
        readyPending = false;
        write(`ready-frame ${at}`);
      }
    },
    ready: () => {
      write(`ready ${now()}`);
      readyPending = true;
    },
  };
}
