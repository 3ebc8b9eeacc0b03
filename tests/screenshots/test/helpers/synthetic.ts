/** A piece of a synthetic screen: `text` written at `column` of `row`, after the SGR codes `sgr`. */
export interface Piece {
  row: number;
  column: number;
  text: string;
  /** The cells the text covers, counted by hand (wide characters count two). */
  cells: number;
  sgr?: string;
}

const ESC = '\u001b';

/**
 * A colour capture as `tmux capture-pane -e` writes it, built from pieces at known columns: the
 * expected positions come from the pieces, not from the code under test.
 */
export function captureOf(pieces: Piece[], rows: number): string {
  const lines: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    let line = '';
    let column = 0;
    for (const piece of pieces
      .filter((candidate) => candidate.row === row)
      .sort((a, b) => a.column - b.column)) {
      if (piece.column < column) throw new Error(`pieces overlap at row ${row}, column ${piece.column}`);
      line += ' '.repeat(piece.column - column);
      line += `${ESC}[${piece.sgr ?? '0'}m${piece.text}${ESC}[0m`;
      column = piece.column + piece.cells;
    }
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

/** A screen holding what a renderer gets wrong: runs of spaces, XML specials, colours, wide text. */
export const SYNTHETIC_COLUMNS = 60;
export const SYNTHETIC_ROWS = 8;
export const SYNTHETIC_PIECES: Piece[] = [
  { row: 0, column: 0, text: 'Name', cells: 4, sgr: '1;36' },
  { row: 0, column: 30, text: 'Engine', cells: 6, sgr: '1;36' },
  { row: 0, column: 50, text: 'Ok', cells: 2, sgr: '1;36' },
  { row: 1, column: 0, text: 'a', cells: 1 },
  { row: 1, column: 9, text: 'b', cells: 1 },
  { row: 1, column: 10, text: 'c', cells: 1, sgr: '31' },
  { row: 1, column: 40, text: 'far   apart', cells: 11 },
  { row: 2, column: 2, text: `Tom & Jerry <b>"quoted" 'single'</b>`, cells: 36, sgr: '38;5;214' },
  { row: 3, column: 0, text: '日本語の名前', cells: 12 },
  { row: 3, column: 12, text: 'x', cells: 1 },
  { row: 3, column: 14, text: '😀', cells: 2 },
  { row: 3, column: 16, text: 'y', cells: 1 },
  { row: 3, column: 18, text: 'ＡＢ', cells: 4, sgr: '38;2;10;200;30' },
  { row: 3, column: 23, text: 'cafe\u0301', cells: 4 },
  { row: 3, column: 28, text: '👩‍💻', cells: 2 },
  { row: 3, column: 31, text: 'end', cells: 3 },
  { row: 4, column: 0, text: '▶ selected row        ', cells: 22, sgr: '7' },
  { row: 4, column: 25, text: 'dim', cells: 3, sgr: '2' },
  { row: 4, column: 30, text: 'under lined', cells: 11, sgr: '4' },
  { row: 5, column: 4, text: 'on blue', cells: 7, sgr: '44;97' },
  { row: 5, column: 20, text: '│ ✓ … · ─', cells: 9, sgr: '90' },
  { row: 6, column: 59, text: 'Z', cells: 1 },
  { row: 7, column: 0, text: 'last row', cells: 8, sgr: '1' },
];
