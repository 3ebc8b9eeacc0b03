// Where the runtime refuses to read the environment (Deno without --allow-env), a missing key says
// that, not that the variable is unset.
import { describe, expect, it } from 'vitest';
import { MissingConfigurationError, Spartera } from '../../src/index.js';
import { createObservedClient } from '../helpers/observed.js';

/** Runs `body` with `globalThis.process.env` throwing on access, as under Deno without --allow-env. */
function withDeniedEnvironment<T>(body: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
  const denied = {
    get env(): never {
      throw new Error(
        'NotCapable: Requires env access to "SPARTERA_API_KEY", run again with the --allow-env flag',
      );
    },
  };
  Object.defineProperty(globalThis, 'process', { value: denied, configurable: true, writable: true });
  try {
    return body();
  } finally {
    Object.defineProperty(globalThis, 'process', saved);
  }
}

describe('an environment that cannot be read', () => {
  it('a missing key says the environment could not be read', () => {
    let error: unknown;
    withDeniedEnvironment(() => {
      try {
        new Spartera();
      } catch (caught) {
        error = caught;
      }
    });
    expect(error).toBeInstanceOf(MissingConfigurationError);
    expect((error as Error).message).toBe(
      'Missing apiKey: pass `apiKey` to new Spartera({...}) or set SPARTERA_API_KEY (it could not be read: this runtime denies access to the environment; Deno needs --allow-env).',
    );
  });

  it('a missing company id says so too, at the first call', async () => {
    const { client } = await createObservedClient();
    const denied = withDeniedEnvironment(() => new Spartera({ apiKey: 'k', baseUrl: client.baseUrl }));
    await expect(denied.connections.list()).rejects.toThrow(
      'Missing companyId: pass `companyId` to new Spartera({...}) or set SPARTERA_COMPANY_ID (it could not be read',
    );
  });

  it('an unset variable still says only that it is unset', () => {
    const saved = process.env.SPARTERA_API_KEY;
    delete process.env.SPARTERA_API_KEY;
    try {
      expect(() => new Spartera()).toThrow(
        'Missing apiKey: pass `apiKey` to new Spartera({...}) or set SPARTERA_API_KEY.',
      );
    } finally {
      if (saved !== undefined) process.env.SPARTERA_API_KEY = saved;
    }
  });
});
