import { writeSync } from 'node:fs';

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
/** Bracketed paste: the terminal wraps pasted text in ESC[200~ … ESC[201~, so it is not typed as keys. */
const BRACKETED_PASTE_ON = '\u001B[?2004h';
const BRACKETED_PASTE_OFF = '\u001B[?2004l';

export interface TerminalGuard {
  /** Leaves the alternate screen, shows the cursor and turns raw mode off; safe to call twice. */
  restore(): void;
}

/**
 * Switches to the alternate screen and makes sure the terminal comes back as it was on every way
 * out. The writes are synchronous so they land even from an `exit` handler.
 */
export function takeOverTerminal(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): TerminalGuard {
  let restored = false;
  const fd = (stdout as NodeJS.WriteStream & { fd?: number }).fd ?? 1;
  writeSync(fd, ENTER_ALTERNATE_SCREEN + BRACKETED_PASTE_ON);
  // Raw mode at once, not when the UI first renders: a key typed meanwhile is neither echoed over
  // the screen nor turned into a signal by the terminal (Ctrl+C stays a key the app handles).
  if (stdin.isTTY) stdin.setRawMode(true);
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      // stdin may already be closed; the screen still has to be restored below.
    }
    try {
      writeSync(fd, BRACKETED_PASTE_OFF + SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN);
    } catch {
      // The terminal is gone (hang-up): nothing left to restore.
    }
  };
  process.once('exit', restore);
  return { restore };
}
