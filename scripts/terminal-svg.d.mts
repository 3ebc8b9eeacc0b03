/** Types of terminal-svg.mjs, for the TypeScript tests of the README's pictures. */
export interface Style {
  fg?: string;
  bg?: string;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
  hidden: boolean;
  strike: boolean;
}
/** One cell: one grapheme (`''` with width 0 for the right half of a wide character, `' '` when blank). */
export interface Cell {
  text: string;
  width: 0 | 1 | 2;
  style: Style;
}
export interface GridSize {
  columns: number;
  rows: number;
}
export const LAYOUT: {
  readonly cellWidth: number;
  readonly lineHeight: number;
  readonly padding: number;
  readonly titleBar: number;
  readonly fontSize: number;
  readonly baseline: number;
};
export const FONT_FAMILY: string;
export const FOREGROUND: string;
export const BACKGROUND: string;
export const PALETTE: readonly string[];
export function color256(index: number): string | undefined;
export function applySgr(style: Style, parameterText: string): void;
export function visibleControl(grapheme: string): string | undefined;
export function parseCapture(capture: string, size: GridSize): Cell[][];
export function cellColors(style: Style): { fg: string; bg: string };
export function escapeXml(text: string): string;
export function svgSize(size: GridSize): { width: number; height: number };
export function rowTop(row: number): number;
export function columnLeft(column: number): number;
export function renderSvg(capture: string, options: GridSize & { title: string }): string;
