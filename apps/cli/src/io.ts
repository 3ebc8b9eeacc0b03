/**
 * The process around a command, passed in rather than read from globals, so that every command
 * runs the same in the bin and in tests.
 */
import type { Readable, Writable } from 'node:stream';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface InputStream extends Readable {
  isTTY?: boolean | undefined;
  setRawMode?: (mode: boolean) => unknown;
}

export interface Io {
  stdout: OutputStream & Partial<Pick<Writable, 'once' | 'off'>>;
  stderr: OutputStream;
  stdin: InputStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Fires on Ctrl+C (SIGINT); the returned function stops listening. */
  onInterrupt: (listener: () => void) => () => void;
}

/** The real process. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    onInterrupt(listener) {
      process.on('SIGINT', listener);
      return () => process.off('SIGINT', listener);
    },
  };
}

/**
 * Colour and progress only for a person at a terminal: never when the stream is not a TTY, when
 * NO_COLOR is set (https://no-color.org), with TERM=dumb, or with --no-color.
 */
export function decorations(stream: OutputStream, env: NodeJS.ProcessEnv, noColor: boolean): boolean {
  if (noColor || stream.isTTY !== true) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return env.TERM !== 'dumb';
}

export interface Style {
  enabled: boolean;
  bold: (text: string) => string;
  dim: (text: string) => string;
  green: (text: string) => string;
  red: (text: string) => string;
  yellow: (text: string) => string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export function style(enabled: boolean): Style {
  const plain = (text: string) => text;
  return enabled
    ? {
        enabled,
        bold: sgr(1, 22),
        dim: sgr(2, 22),
        green: sgr(32, 39),
        red: sgr(31, 39),
        yellow: sgr(33, 39),
      }
    : { enabled, bold: plain, dim: plain, green: plain, red: plain, yellow: plain };
}

/** One status line on stderr, redrawn in place; nothing at all when decorations are off. */
export class Progress {
  #shown = false;
  constructor(
    private readonly stream: OutputStream,
    private readonly enabled: boolean,
  ) {}

  update(text: string): void {
    if (!this.enabled) return;
    const width = Math.max(20, (this.stream.columns ?? 80) - 1);
    this.stream.write(`\r\u001b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    this.#shown = true;
  }

  clear(): void {
    if (!this.#shown) return;
    this.stream.write('\r\u001b[2K');
    this.#shown = false;
  }
}
