/**
 * An environment variable, trimmed: `undefined` when unset or empty or where the runtime has no
 * environment (`process` is absent in browsers and edge runtimes), `null` when reading it threw
 * (Deno without `--allow-env`).
 */
export function readEnv(name: string): string | undefined | null {
  try {
    return (
      (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[
        name
      ]?.trim() || undefined
    );
  } catch {
    return null;
  }
}
