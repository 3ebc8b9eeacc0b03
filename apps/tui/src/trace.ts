import { appendFileSync } from 'node:fs';

/**
 * Timestamps for the benchmarks, written only when SPARTERA_TUI_TRACE names a file: when the
 * process started, when each key arrived, when each frame was rendered. Never any data.
 */
export interface Trace {
  key: () => void;
  frame: () => void;
  /** Connections are in the tree being rendered: the next frame is the first to show them. Only the first call counts. */
  ready: () => void;
}

// The global `performance`: importing node:perf_hooks would cost every start ~3 ms, traced or not.
const now = () => (performance.timeOrigin + performance.now()).toFixed(3);

export function createTrace(path: string | undefined): Trace | undefined {
  if (!path) return undefined;
  const write = (line: string) => {
    appendFileSync(path, `${line}\n`);
  };
  write(`start ${performance.timeOrigin.toFixed(3)} pid=${process.pid}`);
  // "ready" is written while the first tree with data renders; Ink draws it in the next frame
  // (at once, or after its frame throttle), which is marked "ready-frame".
  let readyPending = false;
  let readyMarked = false;
  return {
    key: () => {
      // Whether Node's fetch (undici, behind its Request, Response and Headers) has been loaded
      // so far: the app keeps it out of its start-up, and a test holds it to that.
      // `moduleLoadList` is Node's own, untyped: the internal modules loaded in this process.
      const loaded = (process as { moduleLoadList?: readonly string[] }).moduleLoadList ?? [];
      const undici = loaded.some((name) => name.includes('undici'));
      write(`key ${now()} undici=${undici ? 1 : 0}`);
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
      if (readyMarked) return;
      readyMarked = true;
      write(`ready ${now()}`);
      readyPending = true;
    },
  };
}
