import { writeSync } from 'node:fs';

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
/** Bracketed paste: the terminal wraps pasted text in ESC[200~ … ESC[201~, so it is not typed as keys. */
const BRACKETED_PASTE_ON = '\u001B[?2004h';
const BRACKETED_PASTE_OFF = '\u001B[?2004l';
/** Mouse reports of presses and the wheel (1000), in the SGR encoding (1006) that has no size limit. */
const MOUSE_ON = '\u001B[?1000h\u001B[?1006h';
const MOUSE_OFF = '\u001B[?1006l\u001B[?1000l';

export interface TerminalGuard {
  /** Leaves the alternate screen, shows the cursor and turns raw mode off; safe to call twice. */
  restore(): void;
  /** Gives the terminal back for a while (Ctrl+Z, $EDITOR): as `restore`, but `reacquire` undoes it. */
  release(): void;
  /** Takes the terminal again after `release`: alternate screen, raw mode, paste and mouse reports. */
  reacquire(): void;
}

export interface TerminalOptions {
  /** Ask for mouse reports (wheel and clicks); off with --no-mouse. */
  mouse: boolean;
}

/**
 * Switches to the alternate screen and makes sure the terminal comes back as it was on every way
 * out. The writes are synchronous so they land even from an `exit` handler.
 */
export function takeOverTerminal(
  stdin: NodeJS.ReadStream,
  stdout: NodeJS.WriteStream,
  options: TerminalOptions = { mouse: false },
): TerminalGuard {
  let restored = false;
  let held = false;
  const fd = (stdout as NodeJS.WriteStream & { fd?: number }).fd ?? 1;
  const modesOn = BRACKETED_PASTE_ON + (options.mouse ? MOUSE_ON : '');
  const modesOff = (options.mouse ? MOUSE_OFF : '') + BRACKETED_PASTE_OFF;
  const take = () => {
    writeSync(fd, ENTER_ALTERNATE_SCREEN + modesOn);
    // Raw mode at once, not when the UI first renders: a key typed meanwhile is neither echoed
    // over the screen nor turned into a signal by the terminal (Ctrl+C stays a key the app handles).
    if (stdin.isTTY) stdin.setRawMode(true);
    held = true;
  };
  const giveBack = () => {
    if (!held) return;
    held = false;
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      // stdin may already be closed; the screen still has to be restored below.
    }
    try {
      writeSync(fd, modesOff + SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN);
    } catch {
      // The terminal is gone (hang-up): nothing left to restore.
    }
  };
  take();
  const restore = () => {
    if (restored) return;
    restored = true;
    giveBack();
  };
  process.once('exit', restore);
  return {
    restore,
    release: giveBack,
    reacquire: () => {
      if (!restored && !held) take();
    },
  };
}
