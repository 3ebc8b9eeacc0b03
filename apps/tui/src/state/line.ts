import type { Command } from '../keys.js';
import type { KeyPress } from './types.js';

/** A line of text being edited and where the cursor is (an index at a grapheme boundary). */
export interface Line {
  text: string;
  cursor: number;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** The grapheme boundaries of the text: 0, …, text.length. */
function boundaries(text: string): number[] {
  const marks = Array.from(graphemes.segment(text), (part) => part.index);
  marks.push(text.length);
  return marks;
}

function previousBoundary(text: string, at: number): number {
  return (
    boundaries(text)
      .filter((mark) => mark < at)
      .at(-1) ?? 0
  );
}

function nextBoundary(text: string, at: number): number {
  return boundaries(text).find((mark) => mark > at) ?? text.length;
}

/** Where the word before `at` starts (spaces before it skipped), as Ctrl+W and Alt+B see it. */
function wordStart(text: string, at: number): number {
  let start = 0;
  for (const part of words.segment(text.slice(0, at))) {
    if (part.isWordLike) start = part.index;
  }
  return start;
}

/** Where the word after `at` ends, as Alt+F sees it. */
function wordEnd(text: string, at: number): number {
  for (const part of words.segment(text)) {
    const end = part.index + part.segment.length;
    if (part.isWordLike && end > at) return end;
  }
  return text.length;
}

export const lineAtEnd = (text: string): Line => ({ text, cursor: text.length });

/**
 * A key applied to a line as a shell line editor would: typed text goes in at the cursor, and the
 * moving and deleting keys act around it. Undefined when the key does not edit text.
 */
export function editLine(line: Line, command: Command | undefined, press: KeyPress): Line | undefined {
  const { text } = line;
  const cursor = Math.max(0, Math.min(line.cursor, text.length));
  if (press.text !== '') {
    return {
      text: text.slice(0, cursor) + press.text + text.slice(cursor),
      cursor: cursor + press.text.length,
    };
  }
  switch (command) {
    case 'left':
      return { text, cursor: previousBoundary(text, cursor) };
    case 'right':
      return { text, cursor: nextBoundary(text, cursor) };
    case 'line-start':
      return { text, cursor: 0 };
    case 'line-end':
      return { text, cursor: text.length };
    case 'word-left':
      return { text, cursor: wordStart(text, cursor) };
    case 'word-right':
      return { text, cursor: wordEnd(text, cursor) };
    case 'delete-back': {
      const from = previousBoundary(text, cursor);
      return { text: text.slice(0, from) + text.slice(cursor), cursor: from };
    }
    case 'delete-forward':
      return { text: text.slice(0, cursor) + text.slice(nextBoundary(text, cursor)), cursor };
    case 'kill-start':
      return { text: text.slice(cursor), cursor: 0 };
    case 'kill-end':
      return { text: text.slice(0, cursor), cursor };
    case 'kill-word': {
      const from = wordStart(text, cursor);
      return { text: text.slice(0, from) + text.slice(cursor), cursor: from };
    }
    default:
      return undefined;
  }
}

/** Inserts pasted text at the cursor. */
export function insertText(line: Line, pasted: string): Line {
  const cursor = Math.max(0, Math.min(line.cursor, line.text.length));
  return {
    text: line.text.slice(0, cursor) + pasted + line.text.slice(cursor),
    cursor: cursor + pasted.length,
  };
}
