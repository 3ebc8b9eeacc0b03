export const clamp = (value: number, min: number, max: number): number => Math.max(min, Math.min(max, value));

/** Keeps `cursor` inside the window that starts at `top` and is `height` rows tall. */
export function scrollTo(
  cursor: number,
  top: number,
  height: number,
  count: number,
): { cursor: number; top: number } {
  const nextCursor = clamp(cursor, 0, Math.max(0, count - 1));
  let nextTop = top;
  if (nextCursor < nextTop) nextTop = nextCursor;
  if (nextCursor >= nextTop + height) nextTop = nextCursor - height + 1;
  nextTop = clamp(nextTop, 0, Math.max(0, count - height));
  return { cursor: nextCursor, top: nextTop };
}
