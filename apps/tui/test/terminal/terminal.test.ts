import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { takeOverTerminal } from '../../src/terminal.js';
import { themeFor } from '../../src/theme.js';

const directory = mkdtempSync(join(tmpdir(), 'spartera-tui-terminal-'));
afterEach(() => {
  process.removeAllListeners('exit');
});

function fakeStreams() {
  const file = join(directory, `screen-${Math.random().toString(36).slice(2)}`);
  const fd = openSync(file, 'w');
  const rawModes: boolean[] = [];
  const stdin = {
    isTTY: true,
    setRawMode: (mode: boolean) => rawModes.push(mode),
  } as unknown as NodeJS.ReadStream;
  const stdout = { fd } as unknown as NodeJS.WriteStream;
  return { file, fd, rawModes, stdin, stdout };
}

describe('taking over the terminal', () => {
  it('enters the alternate screen with bracketed paste, and restore undoes both, shows the cursor and ends raw mode, once', () => {
    const { file, fd, rawModes, stdin, stdout } = fakeStreams();
    const guard = takeOverTerminal(stdin, stdout);
    expect(readFileSync(file, 'utf8')).toBe('\u001B[?1049h\u001B[H\u001B[?2004h');
    guard.restore();
    guard.restore();
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe(
      '\u001B[?1049h\u001B[H\u001B[?2004h\u001B[?2004l\u001B[?25h\u001B[?1049l',
    );
    expect(rawModes).toEqual([true, false]);
  });

  it('restores on process exit even when nobody called restore', () => {
    const { file, fd, stdin, stdout } = fakeStreams();
    takeOverTerminal(stdin, stdout);
    process.emit('exit', 0);
    closeSync(fd);
    expect(readFileSync(file, 'utf8').endsWith('\u001B[?25h\u001B[?1049l')).toBe(true);
  });
});

describe('NO_COLOR', () => {
  it('turns every colour off when set to anything but empty', () => {
    expect(themeFor({ NO_COLOR: '1' })).toMatchObject({ colors: false, accent: undefined, bad: undefined });
    expect(themeFor({ NO_COLOR: '' }).colors).toBe(true);
    expect(themeFor({}).colors).toBe(true);
  });
});

process.on('beforeExit', () => {
  rmSync(directory, { recursive: true, force: true });
});
