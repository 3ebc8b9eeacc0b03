export interface TerminalSize {
  columns: number;
  rows: number;
}

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export function isTooSmall(size: TerminalSize): boolean {
  return size.columns < MIN_COLUMNS || size.rows < MIN_ROWS;
}

/**
 * How the screen is divided. The frame is one row shorter than the terminal: Ink clears and
 * redraws the whole terminal on every frame once its output reaches the last row, which flickers.
 */
export function layout(size: TerminalSize): { frameHeight: number; bodyHeight: number; listRows: number } {
  const frameHeight = Math.max(1, size.rows - 1);
  // Header, status line and key hints take one row each.
  const bodyHeight = Math.max(1, frameHeight - 3);
  // Views with a table spend one body row on the column titles.
  return { frameHeight, bodyHeight, listRows: Math.max(1, bodyHeight - 1) };
}
