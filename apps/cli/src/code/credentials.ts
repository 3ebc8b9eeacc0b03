/**
 * Credentials are never written in a file or typed as a flag value: a file holds a reference
 * (`fromEnv`, `fromFile`) and a flag takes `@file` or a variable's name. They are read here, just
 * before a request needs them, and never printed.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { CredentialReference } from './document.js';

/** The API's limit on `credentials`. */
const MAX_CREDENTIALS = 65_536;

export type Secret = { ok: true; value: string } | { ok: false; message: string };

export function describeReference(reference: CredentialReference): string {
  return 'fromEnv' in reference
    ? `from the variable ${reference.fromEnv}`
    : `from the file ${reference.fromFile}`;
}

async function readSecretFile(path: string, shown: string): Promise<Secret> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : (code ?? 'unreadable');
    return { ok: false, message: `cannot read the credentials file ${shown}: ${reason}` };
  }
  return checked(text.replace(/\r?\n$/, ''), `the credentials file ${shown}`);
}

function checked(value: string, what: string): Secret {
  if (value.trim() === '') return { ok: false, message: `${what} is empty` };
  if (value.length > MAX_CREDENTIALS)
    return { ok: false, message: `${what} is longer than the API's ${MAX_CREDENTIALS} characters` };
  return { ok: true, value };
}

/** Reads a reference: a variable of `env`, or a file relative to `directory`. */
export async function readReference(
  reference: CredentialReference,
  env: NodeJS.ProcessEnv,
  directory: string,
): Promise<Secret> {
  if ('fromEnv' in reference) {
    const value = env[reference.fromEnv];
    if (value === undefined)
      return { ok: false, message: `the environment variable ${reference.fromEnv} is not set` };
    return checked(value, `the environment variable ${reference.fromEnv}`);
  }
  const path = isAbsolute(reference.fromFile) ? reference.fromFile : resolve(directory, reference.fromFile);
  return readSecretFile(path, reference.fromFile);
}
