/** Questions to the person at the terminal: a yes/no confirmation and a secret typed without echo. */
import { UsageError } from '@spartera/config';
import { Interrupted } from './failures.js';
import type { Io } from './io.js';

const MAX_INPUT = 64 * 1024;

/** Reads what arrives on a piped stdin until it ends (at most 64 KiB). */
export function readAll(io: Io): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const stdin = io.stdin;
    const done = () => {
      cleanup();
      resolve(text);
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      if (text.length > MAX_INPUT) {
        cleanup();
        reject(new UsageError(`standard input is larger than ${MAX_INPUT / 1024} KiB`));
      }
    };
    // A closed or unreadable stdin (`<&-`) reads as empty.
    const onError = () => {
      done();
    };
    const cleanup = () => {
      stdin.off('data', onData);
      stdin.off('end', done);
      stdin.off('error', onError);
      stdin.pause();
    };
    stdin.on('data', onData);
    stdin.once('end', done);
    stdin.once('error', onError);
    stdin.resume();
  });
}

/** One line from a terminal in cooked mode; undefined when input ends first. */
function readLine(io: Io): Promise<string | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const stdin = io.stdin;
    const finish = (value: string | undefined) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause();
      resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const newline = text.indexOf('\n');
      if (newline !== -1) finish(text.slice(0, newline).replace(/\r$/, ''));
    };
    const onEnd = () => {
      finish(text === '' ? undefined : text);
    };
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.resume();
  });
}

/** Asks a yes/no question on stderr; only "y" or "yes" agree, anything else (or no input) declines. */
export async function confirm(io: Io, question: string): Promise<boolean> {
  io.stderr.write(`${question} [y/N] `);
  const answer = await readLine(io);
  if (answer === undefined) io.stderr.write('\n');
  return /^\s*y(es)?\s*$/i.test(answer ?? '');
}

/** Asks for a line of plain text (a company id) on stderr. */
export async function ask(io: Io, question: string): Promise<string> {
  io.stderr.write(question);
  return ((await readLine(io)) ?? '').trim();
}

/**
 * Reads a secret: typed at the terminal without echo (raw mode, so nothing is shown, not even
 * stars), or read from a piped stdin. Never from an argument, which would stay in shell history.
 */
export async function readSecret(io: Io, prompt: string, what: string): Promise<string> {
  const stdin = io.stdin;
  if (stdin.isTTY !== true || stdin.setRawMode === undefined) {
    const text = (await readAll(io)).trim();
    if (text === '')
      throw new UsageError(`no ${what} on standard input: pipe it in, or run this at a terminal`);
    if (/[\r\n]/.test(text)) throw new UsageError(`the ${what} on standard input must be one line`);
    return text;
  }
  const setRawMode = stdin.setRawMode.bind(stdin);
  io.stderr.write(prompt);
  setRawMode(true);
  try {
    return await new Promise<string>((resolve, reject) => {
      let secret = '';
      const finish = (error?: Error) => {
        stdin.off('data', onData);
        stdin.pause();
        io.stderr.write('\n');
        if (error) reject(error);
        else resolve(secret.trim());
      };
      const onData = (chunk: Buffer | string) => {
        for (const character of chunk.toString()) {
          if (character === '\r' || character === '\n') {
            if (secret.trim() === '') {
              finish(new UsageError(`no ${what} given`));
            } else finish();
            return;
          }
          if (character === '\u0003') {
            finish(new Interrupted());
            return;
          }
          if (character === '\u0004') {
            if (secret === '') {
              finish(new UsageError(`no ${what} given`));
              return;
            }
            continue;
          }
          if (character === '\u007f' || character === '\b')
            secret = Array.from(new Intl.Segmenter().segment(secret), ({ segment }) => segment)
              .slice(0, -1)
              .join('');
          else if (character === '\u0015') secret = '';
          else if (character >= ' ') secret += character;
          if (secret.length > MAX_INPUT) {
            finish(new UsageError(`the ${what} is too long`));
            return;
          }
        }
      };
      stdin.on('data', onData);
      stdin.resume();
    });
  } finally {
    setRawMode(false);
  }
}
