export interface Target {
  file: string;
  render(document: unknown): string | Promise<string>;
}
export const targets: { types: Target; document: Target };
export function loadDocument(root: string): Promise<unknown>;
export function renderTargets(
  root: string,
  only?: string | string[],
): Promise<{ name: string; file: string; content: string }[]>;
export function findDrift(
  root: string,
  only?: string | string[],
): Promise<{ file: string; missing: boolean }[]>;
