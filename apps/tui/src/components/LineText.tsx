import { displayWidth, visible } from '../text.js';
import { Text } from './Text.js';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A line being edited, with its cursor in inverse video, in at most `width` columns: when the text
 * is longer, the part around the cursor is shown. `mask` draws every character as a bullet.
 */
export function LineText({
  text,
  cursor,
  width,
  mask = false,
  showCursor = true,
}: {
  text: string;
  cursor: number;
  width: number;
  mask?: boolean;
  showCursor?: boolean;
}) {
  // Each grapheme as shown (escaped or masked), with where it starts in the text.
  const cells = Array.from(graphemes.segment(text), (part) => ({
    index: part.index,
    shown: mask ? '•' : visible(part.segment),
  }));
  let at = cells.findIndex((cell) => cell.index >= cursor);
  if (at < 0) at = cells.length;
  // A window of cells that fits, with the cursor cell (or the space after the text) inside it.
  const room = Math.max(1, width - (showCursor ? 1 : 0));
  let start = 0;
  let used = 0;
  for (let index = 0; index < at; index += 1) used += displayWidth(cells[index]?.shown ?? '');
  while (used > room - 1 && start < at) {
    used -= displayWidth(cells[start]?.shown ?? '');
    start += 1;
  }
  let end = at;
  let total = used;
  while (end < cells.length && total + displayWidth(cells[end]?.shown ?? '') <= room) {
    total += displayWidth(cells[end]?.shown ?? '');
    end += 1;
  }
  const before = cells
    .slice(start, at)
    .map((cell) => cell.shown)
    .join('');
  const under = cells[at]?.shown ?? ' ';
  const after = cells
    .slice(at + 1, Math.max(at + 1, end))
    .map((cell) => cell.shown)
    .join('');
  if (!showCursor)
    return (
      <Text>
        {cells
          .slice(start, end)
          .map((cell) => cell.shown)
          .join('')}
      </Text>
    );
  return (
    <Text>
      {start > 0 ? '…' : ''}
      {before}
      <Text inverse>{under}</Text>
      {at < cells.length ? after : ''}
    </Text>
  );
}
