/**
 * Reading a connections document (or one connection, for `create -f`): YAML or JSON, checked
 * against the JSON Schema generated from the spec, every problem reported with its line and column.
 */
import type { ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Node as YamlNode } from 'yaml';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import schema from '../../schema/connections.v1.schema.json' with { type: 'json' };
import type { Problem } from '../failures.js';
import { InputError } from '../failures.js';
import { escapeControl } from '../output/escape.js';

export type CredentialReference = { fromEnv: string } | { fromFile: string };

/** One connection as a file describes it. */
export interface DesiredConnection {
  name: string;
  engine: string | number;
  credential_type?: string;
  description?: string;
  provider_domain?: string;
  verified_usage_ability?: boolean;
  visibility?: string;
  credentials?: CredentialReference;
}

export interface ConnectionsDocument {
  apiVersion: 'spartera/v1';
  kind: 'Connections';
  company?: string;
  connections: DesiredConnection[];
}

/** A parsed file and the way back from a place in it (a JSON pointer) to its line and column. */
export interface SourceFile<T> {
  /** The name to show: the path as given, or `<stdin>`. */
  name: string;
  /** The folder `fromFile` references are relative to. */
  directory: string;
  value: T;
  /** Line and column (from 1) of the value at `pointer`, or of its key when `key` is set. */
  locate(pointer: string, key?: boolean): { line: number; column: number } | undefined;
  problem(pointer: string, message: string, key?: boolean): Problem;
}

export const SCHEMA_ID = 'urn:spartera:schema:connections:v1';

let compiled: Ajv2020 | undefined;
function validator(): Ajv2020 {
  if (!compiled) {
    compiled = new Ajv2020({ allErrors: true, verbose: true, strict: true, formats: { int64: true } });
    compiled.addSchema(schema);
  }
  return compiled;
}

const pointerSegments = (pointer: string): string[] =>
  pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));

/** `/connections/2/engine` → `connections[2].engine`, the way people read it. */
export function readablePath(pointer: string): string {
  let out = '';
  for (const segment of pointerSegments(pointer)) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out === '' ? '(document)' : out;
}

function nodeAt(root: unknown, pointer: string, key: boolean): YamlNode | undefined {
  let node: unknown = root;
  const segments = pointerSegments(pointer);
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment,
      );
      if (!pair) return node;
      if (last && key) return pair.key as YamlNode;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) return node;
      node = item;
    } else return node as YamlNode | undefined;
  }
  return node as YamlNode | undefined;
}

/** At most this many problems are listed; a file with more is rarely the file that was meant. */
const MAX_PROBLEMS = 20;
/** Larger documents are refused before parsing: 5,000 connections take well under 5 MiB. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

const clip = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);

/** Parses YAML (JSON is YAML too); syntax errors are problems with their place. */
export function parseSource(text: string, name: string, directory: string): SourceFile<unknown> {
  if (text.length > MAX_DOCUMENT_BYTES)
    throw new InputError([{ file: name, message: `is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB` }]);
  if (text.includes('\u0000'))
    throw new InputError([{ file: name, message: 'is not a text file (it holds NUL bytes)' }]);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const locateOffset = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const source: SourceFile<unknown> = {
    name,
    directory,
    value: undefined,
    locate(pointer, key = false) {
      const node = nodeAt(document.contents, pointer, key);
      const offset = node?.range?.[0];
      return offset === undefined ? undefined : locateOffset(offset);
    },
    problem(pointer, message, key = false) {
      return { file: name, pointer, ...source.locate(pointer, key), message };
    },
  };
  if (document.errors.length > 0) {
    const shown = document.errors.slice(0, MAX_PROBLEMS);
    const more = document.errors.length - shown.length;
    throw new InputError([
      ...shown.map((error) => {
        const [start] = error.linePos ?? [];
        return {
          file: name,
          line: start?.line,
          column: start?.col,
          message: `not valid YAML: ${clip((error.message.split('\n')[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, ''))}`,
        };
      }),
      ...(more > 0 ? [{ file: name, message: `and ${more} more YAML error${more === 1 ? '' : 's'}` }] : []),
    ]);
  }
  try {
    source.value = document.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    // Aliases that expand without bound (a "billion laughs" document) or other unusable YAML.
    throw new InputError([{ file: name, message: `cannot be read: ${(error as Error).message}` }]);
  }
  return source;
}

const levenshtein = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
};

/** The closest of `candidates` to `word`, when it is close enough to be a typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3))) return best;
  // A field written short (`verified` for `verified_usage_ability`) is a start of the real name.
  const folded = word.toLowerCase();
  const starts = candidates.filter(
    (candidate) => folded.length >= 3 && candidate.toLowerCase().startsWith(folded),
  );
  return starts.length === 1 ? starts[0] : undefined;
}

const typeName = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'a list'
      : typeof value === 'object'
        ? 'a mapping'
        : typeof value === 'number'
          ? Number.isInteger(value)
            ? 'an integer'
            : 'a number'
          : `a ${typeof value}`;

const PATTERN_MEANING: Record<string, string> = {
  provider_domain: 'a domain name such as api.weather.com',
  company: '1 to 255 letters, digits, "_" or "-"',
  fromEnv: 'an environment variable name (letters, digits and "_", not starting with a digit)',
};

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const segment of pointerSegments(pointer)) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Turns ajv's errors into one clear problem per place, with a suggestion for a misspelt field. */
function problemsOf(errors: readonly ErrorObject[], source: SourceFile<unknown>): Problem[] {
  // A oneOf (engine, credentials) fails in every branch: report the oneOf once, not each branch.
  const oneOfPaths = new Set(
    errors.filter((error) => error.keyword === 'oneOf').map((error) => error.instancePath),
  );
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of errors) {
    const path = error.instancePath;
    const underOneOf = [...oneOfPaths].some(
      (oneOf) => error.keyword !== 'oneOf' && (path === oneOf || path.startsWith(`${oneOf}/`)),
    );
    if (underOneOf) continue;
    const field = pointerSegments(path).at(-1) ?? '';
    const where = readablePath(path);
    const actual = valueAt(source.value, path);
    let problem: Problem;
    switch (error.keyword) {
      case 'additionalProperties': {
        const name = String((error.params as { additionalProperty?: unknown }).additionalProperty);
        const schemaProperties = Object.keys(
          (error.parentSchema as { properties?: object } | undefined)?.properties ?? {},
        );
        const hint = suggest(name, schemaProperties);
        const at = `${path}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        problem = source.problem(
          at,
          `${readablePath(at)}: unknown field "${escapeControl(name)}"${hint ? ` (did you mean "${hint}"?)` : ` (known fields: ${schemaProperties.join(', ')})`}`,
          true,
        );
        break;
      }
      case 'required': {
        const missing = String((error.params as { missingProperty?: unknown }).missingProperty);
        problem = source.problem(path, `${where}: missing required field "${missing}"`);
        break;
      }
      case 'type':
        problem = source.problem(
          path,
          `${where}: must be ${String((error.params as { type?: unknown }).type)
            .replace('integer', 'a whole number')
            .replace(
              /^(string|boolean|object|array)$/,
              (type) =>
                ({ string: 'text', boolean: 'true or false', object: 'a mapping', array: 'a list' })[type] ??
                type,
            )}, not ${typeName(actual)}`,
        );
        break;
      case 'enum':
        problem = source.problem(
          path,
          `${where}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}, not ${JSON.stringify(actual)}${(() => {
            const hint =
              typeof actual === 'string'
                ? suggest(actual, (error.params as { allowedValues: string[] }).allowedValues)
                : undefined;
            return hint ? ` (did you mean ${hint}?)` : '';
          })()}`,
        );
        break;
      case 'const':
        problem = source.problem(
          path,
          `${where}: must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}, not ${JSON.stringify(actual)}`,
        );
        break;
      case 'oneOf':
        problem = source.problem(
          path,
          field === 'engine'
            ? `${where}: must be an engine name (text) or an engine id (a whole number of 1 or more), not ${JSON.stringify(actual)}`
            : field === 'credentials'
              ? `${where}: must be a reference, { fromEnv: VARIABLE } or { fromFile: path }: a secret is never written in the file`
              : `${where}: ${error.message ?? 'is not valid'}`,
        );
        break;
      case 'pattern':
        problem = source.problem(
          path,
          `${where}: must be ${PATTERN_MEANING[field] ?? `text matching ${String((error.params as { pattern?: unknown }).pattern)}`}, not ${JSON.stringify(actual)}`,
        );
        break;
      case 'minLength':
        problem = source.problem(path, `${where}: must not be empty`);
        break;
      case 'maxLength':
        problem = source.problem(
          path,
          `${where}: must be at most ${String((error.params as { limit: number }).limit)} characters`,
        );
        break;
      case 'minimum':
        problem = source.problem(
          path,
          `${where}: must be ${String((error.params as { limit: number }).limit)} or more`,
        );
        break;
      default:
        problem = source.problem(path, `${where}: ${error.message ?? 'is not valid'}`);
    }
    const key = `${problem.line ?? 0}:${problem.column ?? 0}:${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

/** Duplicate names: the API keys connections by name, so a file may name each one once. */
function duplicateProblems(
  source: SourceFile<unknown>,
  connections: readonly unknown[],
  base: string,
): Problem[] {
  const first = new Map<string, number>();
  const problems: Problem[] = [];
  connections.forEach((connection, index) => {
    const name = (connection as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return;
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, index);
      return;
    }
    const earlierAt = source.locate(`${base}/${earlier}/name`);
    problems.push(
      source.problem(
        `${base}/${index}/name`,
        `${readablePath(`${base}/${index}/name`)}: duplicate name "${escapeControl(name)}"${earlierAt ? ` (first used on line ${earlierAt.line})` : ''}: names are unique in a company`,
      ),
    );
  });
  return problems;
}

/** A problem list sorted by place, so the first one printed is the first one in the file. */
const byPlace = (problems: Problem[]) =>
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));

/** Checks a whole document; throws InputError with every problem. */
export function checkDocument(source: SourceFile<unknown>): SourceFile<ConnectionsDocument> {
  const validate = validator().getSchema(SCHEMA_ID);
  if (!validate) throw new Error('the connections schema did not compile');
  const problems = validate(source.value) ? [] : problemsOf(validate.errors ?? [], source);
  const connections = (source.value as { connections?: unknown } | null)?.connections;
  if (Array.isArray(connections)) problems.push(...duplicateProblems(source, connections, '/connections'));
  if (problems.length > 0) throw new InputError(byPlace(problems));
  return source as SourceFile<ConnectionsDocument>;
}

/** Checks one connection (the file of `create -f` / `update -f`); `partial` drops the required fields. */
export function checkConnection(
  source: SourceFile<unknown>,
  partial: boolean,
): SourceFile<Partial<DesiredConnection>> {
  const validate = validator().getSchema(`${SCHEMA_ID}#/$defs/Connection`);
  if (!validate) throw new Error('the connection schema did not compile');
  const valid = validate(source.value);
  const errors = (validate.errors ?? []).filter((error) => !(partial && error.keyword === 'required'));
  if (!valid && errors.length > 0) throw new InputError(byPlace(problemsOf(errors, source)));
  return source as SourceFile<Partial<DesiredConnection>>;
}
