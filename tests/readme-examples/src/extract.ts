/**
 * Reads a README's fenced code blocks and the `readme-test` markers before them, following the
 * convention in this package's README: `ts`/`typescript`/`js`/`javascript`/`mjs`/`cjs` blocks are
 * programs; `<!-- readme-test: continue -->` appends a block to the previous program block;
 * `<!-- readme-test: skip: <reason> -->` leaves a block out, with a reason that must be given.
 */

/** How a program block runs: type-checked TypeScript as ESM, JavaScript as ESM, or CommonJS. */
export type BlockLanguage = 'ts' | 'esm' | 'cjs';

export type BlockDirective = { kind: 'run' } | { kind: 'continue' } | { kind: 'skip'; reason: string };

export interface ProgramBlock {
  /** The README's path as shown in messages (relative to the repository root). */
  readme: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** 1-based line of the block's first line of code. */
  codeLine: number;
  /** The info string's language word, as written (`ts`, `javascript`, `cjs`, ...). */
  info: string;
  language: BlockLanguage;
  code: string;
  directive: BlockDirective;
}

/** A README that breaks the convention: a marker without a block, a skip without a reason, ... */
export class ReadmeConventionError extends Error {
  override name = 'ReadmeConventionError';
}

const PROGRAM_LANGUAGES: Record<string, 'ts' | 'esm' | 'cjs' | 'js'> = {
  ts: 'ts',
  typescript: 'ts',
  js: 'js',
  javascript: 'js',
  mjs: 'esm',
  cjs: 'cjs',
};

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const MARKER = /^\s*<!--\s*readme-test:\s*(.*?)\s*-->\s*$/;
const MARKER_LIKE = /^\s*<!--\s*readme-test\b/;

interface PendingMarker {
  line: number;
  directive: BlockDirective;
}

function parseMarker(readme: string, line: number, body: string): BlockDirective {
  if (body === 'continue') return { kind: 'continue' };
  const skip = /^skip\b\s*(?::\s*(.*))?$/.exec(body);
  if (skip) {
    const reason = (skip[1] ?? '').trim();
    if (reason === '') {
      throw new ReadmeConventionError(
        `${readme}:${line}: a skip marker needs a reason: <!-- readme-test: skip: <why this block does not run> -->`,
      );
    }
    return { kind: 'skip', reason };
  }
  throw new ReadmeConventionError(
    `${readme}:${line}: unknown readme-test marker "${body}"; the markers are <!-- readme-test: continue --> and <!-- readme-test: skip: <reason> -->`,
  );
}

/** The language a program block runs as, or undefined for a block that is not a program (sh, json, ...). */
function programLanguage(info: string, code: string): BlockLanguage | undefined {
  const language = PROGRAM_LANGUAGES[info.toLowerCase()];
  if (language === undefined) return undefined;
  if (language !== 'js') return language;
  // A plain `js` block is CommonJS when it calls require(), as Node would need it to be.
  return /\brequire\s*\(/.test(code) ? 'cjs' : 'esm';
}

/** Every program block of a README, with its directive; throws ReadmeConventionError on a misplaced marker. */
export function extractProgramBlocks(markdown: string, readme: string): ProgramBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: ProgramBlock[] = [];
  let pending: PendingMarker[] = [];

  const markersMustBeConsumed = (reason: string) => {
    const first = pending[0];
    if (first !== undefined) {
      throw new ReadmeConventionError(
        `${readme}:${first.line}: this readme-test marker is ${reason}; put it on the line just before a program block`,
      );
    }
  };

  for (let index = 0; index < lines.length; index += 1) {
    const text = lines[index] ?? '';
    const lineNumber = index + 1;

    const marker = MARKER.exec(text);
    if (marker) {
      pending.push({ line: lineNumber, directive: parseMarker(readme, lineNumber, marker[1] ?? '') });
      continue;
    }
    if (MARKER_LIKE.test(text)) {
      throw new ReadmeConventionError(
        `${readme}:${lineNumber}: malformed readme-test marker; write <!-- readme-test: continue --> or <!-- readme-test: skip: <reason> --> alone on its line`,
      );
    }

    const fence = FENCE_OPEN.exec(text);
    const [, indentText = '', fenceChars = '', infoText = ''] = fence ?? [];
    if (!fence) {
      if (text.trim() !== '') markersMustBeConsumed('followed by text, not by a code block');
      continue;
    }

    // A fenced block: find its closing fence (same character, at least as long, nothing after it).
    const indent = new RegExp(`^ {0,${indentText.length}}`);
    const info = infoText.trim().split(/\s+/)[0] ?? '';
    const closing = new RegExp(
      `^ {0,3}${fenceChars.startsWith('`') ? '`' : '~'}{${fenceChars.length},}\\s*$`,
    );
    const content: string[] = [];
    let end = index + 1;
    for (; end < lines.length; end += 1) {
      const contentLine = lines[end] ?? '';
      if (closing.test(contentLine)) break;
      content.push(contentLine.replace(indent, ''));
    }
    if (end >= lines.length) {
      throw new ReadmeConventionError(`${readme}:${lineNumber}: this code block is never closed`);
    }
    const code = content.join('\n');
    const language = programLanguage(info, code);

    if (language === undefined) {
      markersMustBeConsumed(`before a "${info || 'plain'}" block, which is not a program`);
    } else {
      const kinds = new Set(pending.map((marker) => marker.directive.kind));
      if (kinds.has('skip') && kinds.has('continue')) {
        throw new ReadmeConventionError(
          `${readme}:${lineNumber}: a block is either skipped or continued, not both`,
        );
      }
      const extra = pending[1];
      if (extra !== undefined) {
        throw new ReadmeConventionError(`${readme}:${extra.line}: one readme-test marker per block`);
      }
      const directive = pending[0]?.directive ?? { kind: 'run' };
      blocks.push({ readme, line: lineNumber, codeLine: lineNumber + 1, info, language, code, directive });
    }
    pending = [];
    index = end;
  }
  markersMustBeConsumed('at the end of the file');
  return blocks;
}
