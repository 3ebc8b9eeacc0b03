/** Types of tui-tmux.mjs, for the TypeScript tests that drive the TUI through it. */
export const ROOT: string;
export const CLI: string;
export function now(): number;
export function sleep(ms: number): Promise<void>;
export function hasTmux(): boolean;
export function requireBuiltCli(): void;

export class Terminal {
  constructor(size?: { columns?: number; rows?: number });
  /** Runs a shell command line in a fresh detached session, with CI removed from its environment. */
  start(command: string): void;
  /** Runs a tmux command on this terminal's private server; its output. */
  tmux(...args: string[]): string;
  /** The screen as text; once the program exited, every line of its last screen. */
  capture(options?: { colors?: boolean }): string;
  /** Whether the program started in this terminal has exited. */
  exited(): boolean;
  display(format: string): string;
  /** `tmux send-keys` arguments: key names, or `'-l', text` for literal text. */
  send(...keys: string[]): void;
  sendFast(key: string): void;
  /** Writes these bytes in one write, so the app gets them in one read. */
  sendBytes(bytes: Uint8Array): void;
  /** Pastes text as a terminal does (bracketed when the app asked for it). */
  paste(text: string): void;
  resize(columns: number, rows: number): void;
  waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  kill(): void;
}
