/** Types of tui-screenshot.mjs, for the tests of the README's pictures. */
export const COLUMNS: number;
export const ROWS: number;
export interface Shot {
  name: string;
  title: string;
}
export const SHOTS: readonly Shot[];
export const DOCS: string;
export function capturePath(name: string): string;
export function svgPath(name: string): string;
export function drawShot(shot: Shot, capture: string): string;
