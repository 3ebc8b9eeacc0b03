/**
 * What every command shares: the process (Io), the global options, the settings and the client
 * (made on first use), and the way output leaves: a format, stdout or a file.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { LogLevel, Spartera } from '@spartera/client';
import type { ResolvedSettings } from '@spartera/config';
import { UsageError } from '@spartera/config';
import { FileError } from './failures.js';
import type { Io } from './io.js';
import { decorations, Progress, style } from './io.js';
import type { Format } from './output/formats.js';
import { FORMATS } from './output/formats.js';
import type { View } from './output/render.js';

export interface GlobalOptions {
  profile?: string | undefined;
  companyId?: string | undefined;
  baseUrl?: string | undefined;
  color: boolean;
}

export interface OutputOptions {
  format?: string | undefined;
  output?: string | undefined;
}

export interface Session {
  client: Spartera;
  resolved: ResolvedSettings;
}

export function parseFormat(
  value: string | undefined,
  allowed: readonly Format[] = FORMATS,
): Format | undefined {
  if (value === undefined) return undefined;
  const format = value.toLowerCase() as Format;
  if (!allowed.includes(format))
    throw new UsageError(`--format must be one of ${allowed.join(', ')}, not "${value}"`);
  return format;
}

/** The format a file's extension asks for (`.yaml`, `.csv`, `.json`), if any. */
function formatOfFile(file: string): Format | undefined {
  const extension = extname(file).toLowerCase();
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  return undefined;
}

/** Why a file could not be written, in words, without the temporary file's name. */
export function fileProblem(error: unknown, folder: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `the folder ${folder} does not exist`;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  return code ?? (error instanceof Error ? error.message : String(error));
}

export class Runtime {
  #session: Promise<Session> | undefined;
  /** Where the API key came from, once settings are loaded: the 401 hint names it. */
  resolved: ResolvedSettings | undefined;
  /** The format of the command being run, for the error report (JSON errors with --format json). */
  format: Format | undefined;

  /** plan --detailed-exitcode: 2 means "changes pending", so a usage error exits 1 instead. */
  detailedExitCodes = false;

  constructor(
    readonly io: Io,
    readonly globals: GlobalOptions,
    readonly version: string,
  ) {}

  /** Colours on stdout (a table's headers). */
  get stdoutStyle() {
    return style(decorations(this.io.stdout, this.io.env, !this.globals.color));
  }

  /** Colours on stderr (messages, confirmations). */
  get stderrStyle() {
    return style(decorations(this.io.stderr, this.io.env, !this.globals.color));
  }

  /** A progress line on stderr, shown only to a person at a terminal. */
  progress(): Progress {
    return new Progress(this.io.stderr, decorations(this.io.stderr, this.io.env, !this.globals.color));
  }

  warn(message: string): void {
    this.io.stderr.write(`spartera: warning: ${message}\n`);
  }

  /** Settings from flags, variables and the profile, and a client made from them; once per run. */
  session(): Promise<Session> {
    this.#session ??= (async () => {
      const { loadSettings } = await import('@spartera/config');
      const resolved = await loadSettings({
        flags: {
          companyId: this.globals.companyId,
          baseUrl: this.globals.baseUrl,
          profile: this.globals.profile,
        },
        env: this.io.env,
        saveWith: 'spartera auth login',
      });
      this.resolved = resolved;
      for (const warning of resolved.warnings) this.warn(warning);
      const { Spartera } = await import('@spartera/client');
      const client = new Spartera({
        ...resolved.settings,
        // The CLI reports failures itself; the client's own lines (warnings by default) would repeat
        // them on stderr. SPARTERA_LOG still turns them on, for debugging.
        logLevel: (this.io.env.SPARTERA_LOG as LogLevel | undefined) ?? 'off',
      });
      return { client, resolved };
    })();
    return this.#session;
  }

  /** The format to print in: the one asked for, else the output file's, else table on a TTY and JSON otherwise. */
  resolveFormat(options: OutputOptions, allowed: readonly Format[] = FORMATS): Format {
    const asked = parseFormat(options.format, allowed);
    if (asked !== undefined) return asked;
    const fromFile = options.output === undefined ? undefined : formatOfFile(options.output);
    if (fromFile !== undefined && allowed.includes(fromFile)) return fromFile;
    if (options.output === undefined && this.io.stdout.isTTY === true && allowed.includes('table'))
      return 'table';
    return allowed.includes('json') ? 'json' : (allowed[0] ?? 'json');
  }

  /** Prints a view in the chosen format, to stdout or (atomically) to the --output file. */
  async emit(view: View, options: OutputOptions, allowed: readonly Format[] = FORMATS): Promise<void> {
    const format = this.resolveFormat(options, allowed);
    const toFile = options.output !== undefined && options.output !== '-';
    const terminal = !toFile && this.io.stdout.isTTY === true;
    // Loaded here, not at start-up: it brings yaml and string-width.
    const { render } = await import('./output/render.js');
    const text = render(view, format, {
      terminal,
      columns: terminalColumns(this.io.stdout.columns, this.io.env),
      ...(terminal ? { bold: this.stdoutStyle.bold } : {}),
    });
    if (toFile) await this.writeFile(options.output ?? '', text);
    else this.io.stdout.write(text);
  }

  /** Writes a file through a temporary file and a rename, so a failed run never leaves half of one. */
  async writeFile(file: string, text: string): Promise<void> {
    const target = resolve(this.io.cwd, file);
    const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
    let handle;
    try {
      handle = await open(temporary, 'wx', 0o644);
      await handle.writeFile(text);
      await handle.close();
      handle = undefined;
      await rename(temporary, target);
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await unlink(temporary).catch(() => undefined);
      throw new FileError(`Cannot write ${file}: ${fileProblem(error, dirname(target))}`);
    }
  }
}

/**
 * The width to fit a table to. A pseudo-terminal whose size was never set (`script`, some CI
 * runners, `docker exec -t`) reports 0 columns: then COLUMNS, as shells export it, or 80.
 */
export function terminalColumns(columns: number | undefined, env: NodeJS.ProcessEnv): number {
  if (columns !== undefined && Number.isInteger(columns) && columns > 0) return columns;
  const fromEnv = Number(env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
}
