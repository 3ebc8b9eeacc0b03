/**
 * Turns a README's program blocks into the programs that run: one per block, a `continue` block
 * appended to the blocks it continues. Every line of code keeps its README line number (the file is
 * padded with empty lines), so a type error or a stack trace points straight at the README.
 */
import ts from 'typescript';
import { ReadmeConventionError } from './extract.js';
import type { BlockLanguage, ProgramBlock } from './extract.js';

/** How a program runs; `vitest` is a test file (it imports from vitest), run by `vitest run`. */
export type ProgramKind = BlockLanguage | 'vitest';

export interface ReadmeProgram {
  readme: string;
  /** Line of the opening fence of the block this program tests. */
  line: number;
  /** The fence lines of every block in the program, the tested block last. */
  chain: number[];
  info: string;
  language: BlockLanguage;
  kind: ProgramKind;
  /** The program's source, README lines at their README line numbers; undefined when skipped. */
  source: string | undefined;
  skipReason: string | undefined;
  /** A name for tests and files: `packages/client/README.md:42 (ts)`. */
  title: string;
}

const VITEST_IMPORT = /\bfrom\s+['"]vitest['"]|\brequire\s*\(\s*['"]vitest['"]\s*\)/;

interface ImportedName {
  module: string;
  /** `default`, `*` or the exported name. */
  imported: string;
  local: string;
  typeOnly: boolean;
}

/** The names an import declaration brings in; `[]` for a side-effect import. */
function importedNames(declaration: ts.ImportDeclaration): ImportedName[] {
  const module = (declaration.moduleSpecifier as ts.StringLiteral).text;
  const clause = declaration.importClause;
  if (!clause) return [];
  const names: ImportedName[] = [];
  const clauseTypeOnly = clause.phaseModifier === ts.SyntaxKind.TypeKeyword;
  if (clause.name)
    names.push({ module, imported: 'default', local: clause.name.text, typeOnly: clauseTypeOnly });
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) {
    names.push({ module, imported: '*', local: bindings.name.text, typeOnly: clauseTypeOnly });
  } else if (bindings) {
    for (const element of bindings.elements) {
      names.push({
        module,
        imported: (element.propertyName ?? element.name).text,
        local: element.name.text,
        typeOnly: clauseTypeOnly || element.isTypeOnly,
      });
    }
  }
  return names;
}

function renderImport(module: string, names: ImportedName[]): string {
  const defaults = names.find((name) => name.imported === 'default');
  const namespace = names.find((name) => name.imported === '*');
  const named = names.filter((name) => name.imported !== 'default' && name.imported !== '*');
  const parts: string[] = [];
  if (defaults) parts.push(defaults.local);
  if (namespace) parts.push(`* as ${namespace.local}`);
  if (named.length > 0) {
    const specifiers = named.map(
      (name) =>
        `${name.typeOnly ? 'type ' : ''}${name.imported === name.local ? name.local : `${name.imported} as ${name.local}`}`,
    );
    parts.push(`{ ${specifiers.join(', ')} }`);
  }
  return `import ${parts.join(', ')} from ${JSON.stringify(module)};`;
}

/**
 * A continued block's code with the imports that earlier blocks of its program already made left
 * out (the same binding twice would not compile), keeping every other line where it was.
 */
interface ImportLedger {
  /** Local binding name → what it imports. */
  names: Map<string, ImportedName>;
  /** Modules imported for their side effects only. */
  sideEffects: Set<string>;
}

function withoutRepeatedImports(block: ProgramBlock, seen: ImportLedger): string {
  const kind = block.language === 'ts' ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const file = ts.createSourceFile('block', block.code, ts.ScriptTarget.Latest, true, kind);
  let code = block.code;
  // Replace from the end so earlier offsets stay valid.
  const declarations = file.statements.filter(ts.isImportDeclaration).reverse();
  for (const declaration of declarations) {
    const names = importedNames(declaration);
    const module = (declaration.moduleSpecifier as ts.StringLiteral).text;
    const fresh = names.filter((name) => {
      const earlier = seen.names.get(name.local);
      if (earlier === undefined) return true;
      if (earlier.module !== name.module || earlier.imported !== name.imported) {
        throw new ReadmeConventionError(
          `${block.readme}:${block.line}: "${name.local}" is imported from "${name.module}" here and from "${earlier.module}" by a block it continues`,
        );
      }
      return false;
    });
    const start = declaration.getStart(file);
    const end = declaration.getEnd();
    const original = code.slice(start, end);
    let replacement: string;
    if (names.length === 0) replacement = seen.sideEffects.has(module) ? '' : original;
    else if (fresh.length === names.length) replacement = original;
    else if (fresh.length === 0) replacement = '';
    else replacement = renderImport(module, fresh);
    // Keep the line count, so the lines after it keep their README line numbers.
    const lineBreaks = original.split('\n').length - 1;
    code = code.slice(0, start) + replacement + '\n'.repeat(lineBreaks) + code.slice(end);
  }
  for (const declaration of file.statements.filter(ts.isImportDeclaration)) {
    const names = importedNames(declaration);
    if (names.length === 0) seen.sideEffects.add((declaration.moduleSpecifier as ts.StringLiteral).text);
    for (const name of names) seen.names.set(name.local, name);
  }
  return code;
}

function title(block: ProgramBlock, chain: number[]): string {
  const continues = chain.length > 1 ? `, continuing line ${chain.slice(0, -1).join(', ')}` : '';
  return `${block.readme}:${block.line} (${block.info}${continues})`;
}

/** One program per program block of a README (skipped blocks included, with their reason). */
export function buildPrograms(blocks: ProgramBlock[]): ReadmeProgram[] {
  const programs: ReadmeProgram[] = [];
  let chain: ProgramBlock[] = [];
  for (const block of blocks) {
    if (block.directive.kind === 'skip') {
      programs.push({
        readme: block.readme,
        line: block.line,
        chain: [block.line],
        info: block.info,
        language: block.language,
        kind: block.language,
        source: undefined,
        skipReason: block.directive.reason,
        title: title(block, [block.line]),
      });
      // A block after a skipped one cannot continue it: there is nothing run to continue.
      chain = [];
      continue;
    }
    if (block.directive.kind === 'continue') {
      const previous = chain.at(-1);
      if (previous === undefined) {
        throw new ReadmeConventionError(
          `${block.readme}:${block.line}: a continue marker needs a program block before it that runs (not one that is skipped)`,
        );
      }
      if (previous.language !== block.language) {
        throw new ReadmeConventionError(
          `${block.readme}:${block.line}: a ${block.info} block cannot continue the ${previous.info} block at line ${previous.line}`,
        );
      }
      chain = [...chain, block];
    } else {
      chain = [block];
    }

    const isTestFile = chain.some((member) => VITEST_IMPORT.test(member.code));
    if (isTestFile && chain.length > 1) {
      throw new ReadmeConventionError(
        `${block.readme}:${block.line}: a vitest test file runs on its own; it cannot continue or be continued`,
      );
    }

    // Lay the chain's code out at its README line numbers.
    const totalLines = block.codeLine + block.code.split('\n').length;
    const lines = new Array<string>(totalLines).fill('');
    const seen: ImportLedger = { names: new Map(), sideEffects: new Set() };
    for (const member of chain) {
      // CommonJS has no import declarations to hoist: require() calls stay as written.
      const code = member.language === 'cjs' ? member.code : withoutRepeatedImports(member, seen);
      code.split('\n').forEach((text, offset) => {
        lines[member.codeLine - 1 + offset] = text;
      });
    }
    programs.push({
      readme: block.readme,
      line: block.line,
      chain: chain.map((member) => member.line),
      info: block.info,
      language: block.language,
      kind: isTestFile ? 'vitest' : block.language,
      source: lines.join('\n') + '\n',
      skipReason: undefined,
      title: title(
        block,
        chain.map((member) => member.line),
      ),
    });
  }
  return programs;
}
