/**
 * Writes a README's programs into a fresh folder inside this workspace package (so that they import
 * the built `@spartera/*` packages as a user's project would), type-checks the TypeScript ones in a
 * single compiler run (strict, noUncheckedIndexedAccess, nodenext) and emits them as ESM with
 * inline source maps, so a stack trace names the README's own line.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import type { ReadmeProgram } from './program.js';

export interface PreparedProgram extends ReadmeProgram {
  /** The file to run, relative to the programs folder (`L42.js`, `L42.cjs`, `L42.test.ts`, ...). */
  entry: string;
  /** Type errors, each as `README.md:LINE:COL error TSxxxx: message`; empty when it type-checks. */
  typeErrors: string[];
}

/** The compiler options of a strict TypeScript user on Node: what the convention promises to check. */
export const PROGRAM_TSCONFIG = {
  compilerOptions: {
    strict: true,
    noUncheckedIndexedAccess: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    moduleDetection: 'force',
    target: 'es2022',
    lib: ['es2022', 'dom', 'dom.iterable'],
    types: ['node'],
    skipLibCheck: true,
    inlineSourceMap: true,
    inlineSources: true,
    noEmitOnError: false,
  },
  include: ['*.ts'],
};

function sourceName(program: ReadmeProgram): string {
  const base = `L${program.line}`;
  switch (program.kind) {
    case 'ts':
      return `${base}.ts`;
    case 'esm':
      return `${base}.mjs`;
    case 'cjs':
      return `${base}.cjs`;
    case 'vitest':
      return program.language === 'ts' ? `${base}.test.ts` : `${base}.test.mjs`;
  }
}

function entryName(program: ReadmeProgram): string {
  // TypeScript programs run from the JavaScript the compiler emits next to them; vitest runs its
  // test files itself.
  return program.kind === 'ts' ? `L${program.line}.js` : sourceName(program);
}

function formatDiagnostic(readme: string, diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) return `error TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const text = diagnostic.file.text.split('\n')[line]?.trim() ?? '';
  return `${readme}:${line + 1}:${character + 1} error TS${diagnostic.code}: ${message}\n    ${text}`;
}

/** Writes the programs of one README into `dir` (emptied first) and type-checks the TypeScript ones. */
export async function preparePrograms(programs: ReadmeProgram[], dir: string): Promise<PreparedProgram[]> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }, null, 2));
  await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(PROGRAM_TSCONFIG, null, 2));
  // vitest's defaults, bounded to this folder, for README blocks that are test files.
  await writeFile(
    path.join(dir, 'vitest.config.mjs'),
    "export default { test: { include: ['*.test.ts', '*.test.mjs'], watch: false } };\n",
  );

  const runnable = programs.filter((program) => program.source !== undefined);
  for (const program of runnable) await writeFile(path.join(dir, sourceName(program)), program.source ?? '');

  const typeErrors = new Map<string, string[]>();
  const typescriptFiles = runnable.filter((program) => program.language === 'ts');
  if (typescriptFiles.length > 0) {
    const parsed = ts.parseJsonConfigFileContent(PROGRAM_TSCONFIG, ts.sys, dir);
    const compiler = ts.createProgram({
      rootNames: typescriptFiles.map((program) => path.join(dir, sourceName(program))),
      options: parsed.options,
    });
    const emitted = compiler.emit();
    const diagnostics = [...ts.getPreEmitDiagnostics(compiler), ...emitted.diagnostics];
    for (const diagnostic of diagnostics) {
      const owner = diagnostic.file ? path.basename(diagnostic.file.fileName) : '*';
      const readme = programs[0]?.readme ?? 'README';
      const list = typeErrors.get(owner) ?? [];
      list.push(formatDiagnostic(readme, diagnostic));
      typeErrors.set(owner, list);
    }
  }

  return programs.map((program) => ({
    ...program,
    entry: entryName(program),
    typeErrors:
      program.language === 'ts' && program.source !== undefined
        ? [...(typeErrors.get(sourceName(program)) ?? []), ...(typeErrors.get('*') ?? [])]
        : [],
  }));
}
