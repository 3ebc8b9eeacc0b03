// Both builds loaded in one process, as when a CommonJS library that requires @spartera/client
// and an ESM app that imports it share a node_modules: each must recognise the other's errors.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as Client from '../../src/index.js';
import { startObservedServer, TEST_COMPANY, TEST_KEY } from '../helpers/observed.js';

type ClientModule = typeof Client;

const cjsPath = fileURLToPath(new URL('../../dist/index.cjs', import.meta.url));
const esmPath = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
if (!existsSync(cjsPath) || !existsSync(esmPath)) {
  throw new Error('dist/ is missing: build first (pnpm exec turbo run build --filter=@spartera/client...)');
}
const cjs = createRequire(import.meta.url)(cjsPath) as ClientModule;
const esm = (await import(esmPath)) as ClientModule;

const errorClasses = [
  'SparteraError',
  'MissingConfigurationError',
  'APIError',
  'BadRequestError',
  'AuthenticationError',
  'PermissionDeniedError',
  'NotFoundError',
  'ConflictError',
  'UnprocessableEntityError',
  'RateLimitError',
  'InternalServerError',
  'APIConnectionError',
  'APITimeoutError',
] as const;
type ErrorClassName = (typeof errorClasses)[number];

/** The classes an instance of `name` is an instance of: itself and its ancestors. */
const ancestry: Record<ErrorClassName, ErrorClassName[]> = {
  SparteraError: ['SparteraError'],
  MissingConfigurationError: ['MissingConfigurationError', 'SparteraError'],
  APIError: ['APIError', 'SparteraError'],
  BadRequestError: ['BadRequestError', 'APIError', 'SparteraError'],
  AuthenticationError: ['AuthenticationError', 'APIError', 'SparteraError'],
  PermissionDeniedError: ['PermissionDeniedError', 'APIError', 'SparteraError'],
  NotFoundError: ['NotFoundError', 'APIError', 'SparteraError'],
  ConflictError: ['ConflictError', 'APIError', 'SparteraError'],
  UnprocessableEntityError: ['UnprocessableEntityError', 'APIError', 'SparteraError'],
  RateLimitError: ['RateLimitError', 'APIError', 'SparteraError'],
  InternalServerError: ['InternalServerError', 'APIError', 'SparteraError'],
  APIConnectionError: ['APIConnectionError', 'SparteraError'],
  APITimeoutError: ['APITimeoutError', 'APIConnectionError', 'SparteraError'],
};

/** An instance of the named class, made by the given build. */
function instanceOf(build: ClientModule, name: ErrorClassName): Error {
  if (name === 'MissingConfigurationError') return new build.MissingConfigurationError('apiKey', 'X');
  if (name === 'SparteraError' || name === 'APIConnectionError' || name === 'APITimeoutError') {
    return new build[name]('m');
  }
  return new build[name](418, { code: 418, message: 'm' }, new Headers(), 'GET /x');
}

const builds = [
  ['CommonJS', cjs],
  ['ESM', esm],
] as const;

describe('the CommonJS and ESM builds in one process', () => {
  it('are two separate copies (otherwise this test would prove nothing)', () => {
    expect(cjs.NotFoundError).not.toBe(esm.NotFoundError);
    expect(cjs.Spartera).not.toBe(esm.Spartera);
  });

  for (const [thrower, from] of builds) {
    for (const [catcher, to] of builds) {
      it(`an error of the ${thrower} build is an instance of exactly its classes in the ${catcher} build`, () => {
        for (const name of errorClasses) {
          const error = instanceOf(from, name);
          for (const other of errorClasses) {
            expect(error instanceof to[other], `${thrower} ${name} instanceof ${catcher} ${other}`).toBe(
              ancestry[name].includes(other),
            );
          }
          expect(error).toBeInstanceOf(Error);
        }
      });
    }
  }

  it('a CommonJS client and an ESM app catch each other’s NotFoundError from a real call', async () => {
    const server = await startObservedServer();
    server.setHandler(() => ({ status: 404, json: { code: 404, message: 'Resource not found' } }));
    for (const [, from] of builds) {
      const client = new from.Spartera({ apiKey: TEST_KEY, companyId: TEST_COMPANY, baseUrl: server.url });
      let caught: unknown;
      try {
        await client.connections.get('conn_missing');
      } catch (error) {
        caught = error;
      }
      for (const [, to] of builds) {
        expect(caught).toBeInstanceOf(to.NotFoundError);
        expect(caught).toBeInstanceOf(to.APIError);
        expect(caught).toBeInstanceOf(to.SparteraError);
        expect(caught).not.toBeInstanceOf(to.ConflictError);
        expect(caught).not.toBeInstanceOf(to.APIConnectionError);
      }
    }
  });

  it('values that are not errors of this package are instances of none of its classes', () => {
    for (const [, build] of builds) {
      for (const value of [null, undefined, 0, 'NotFoundError', {}, new Error('x'), new TypeError('x')]) {
        expect(value instanceof build.SparteraError).toBe(false);
        expect(value instanceof build.NotFoundError).toBe(false);
      }
      // A look-alike with the right name and fields is not branded.
      const lookalike = Object.assign(new Error('404'), { name: 'NotFoundError', status: 404 });
      expect(lookalike instanceof build.NotFoundError).toBe(false);
    }
  });

  it('a class a user derives from an error class is checked the ordinary way', () => {
    for (const [, build] of builds) {
      class PluginError extends build.SparteraError {}
      const mine = new PluginError('plugin failed');
      expect(mine).toBeInstanceOf(PluginError);
      expect(mine).toBeInstanceOf(build.SparteraError);
      expect(new build.SparteraError('x') instanceof PluginError).toBe(false);
      expect(instanceOf(build, 'NotFoundError') instanceof PluginError).toBe(false);
    }
  });
});

describe('names in both builds', () => {
  for (const [label, build] of builds) {
    it(`${label}: every class, instance and APIError.generate result has its own name`, () => {
      for (const name of errorClasses) {
        expect(build[name].name).toBe(name);
        const error = instanceOf(build, name);
        expect(error.name).toBe(name);
        expect(String(error)).toMatch(new RegExp(`^${name}: `));
        expect(error.stack).toMatch(new RegExp(`^${name}: `));
        expect(error.stack).not.toContain('_APIError');
      }
      expect(build.APIError.generate.name).toBe('generate');
      expect(build.Spartera.name).toBe('Spartera');
      const generated = [400, 401, 403, 404, 409, 413, 422, 429, 500].map((status) =>
        build.APIError.generate(status, undefined, new Headers(), 'GET /x'),
      );
      expect(generated.map((error) => error.name)).toEqual([
        'BadRequestError',
        'AuthenticationError',
        'PermissionDeniedError',
        'NotFoundError',
        'ConflictError',
        'APIError',
        'UnprocessableEntityError',
        'RateLimitError',
        'InternalServerError',
      ]);
      for (const error of generated) expect(error.stack).not.toContain('_APIError');
    });
  }

  it('no class of the built files is renamed with a leading underscore', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const file of [cjsPath, esmPath]) {
      const source = await readFile(file, 'utf8');
      expect(source).not.toMatch(/class _[A-Za-z]+/);
    }
  });
});
