/**
 * Storage engines by name. Files and flags name an engine the way people do (`BigQuery`); where
 * two providers offer a product of the same name, `Provider/Product` tells them apart.
 */
import type { CloudProvider, StorageEngine } from '@spartera/client';
import { suggest } from './document.js';

export type EngineLookup = { ok: true; engine: StorageEngine } | { ok: false; message: string };

const fold = (text: string) => text.trim().toLowerCase();

export class EngineCatalog {
  readonly #byId = new Map<number, StorageEngine>();
  readonly #providers = new Map<number, string>();

  constructor(
    readonly engines: readonly StorageEngine[],
    providers: readonly CloudProvider[],
  ) {
    for (const engine of engines) this.#byId.set(engine.engine_id, engine);
    for (const provider of providers) this.#providers.set(provider.provider_id, provider.name);
  }

  providerName(engine: StorageEngine): string {
    return this.#providers.get(engine.provider_id) ?? `provider ${engine.provider_id}`;
  }

  #qualified(engine: StorageEngine): string {
    return `${this.providerName(engine)}/${engine.service_name}`;
  }

  /** The name a file uses: the product name, qualified by the provider when it repeats. */
  nameOf(engineId: number): string | number {
    const engine = this.#byId.get(engineId);
    if (!engine) return engineId;
    const same = this.engines.filter((other) => fold(other.service_name) === fold(engine.service_name));
    return same.length > 1 ? this.#qualified(engine) : engine.service_name;
  }

  /** An engine by id, by name (any case) or by `Provider/Name`. */
  resolve(reference: string | number): EngineLookup {
    if (typeof reference === 'number' || /^\d+$/.test(reference.trim())) {
      const id = Number(reference);
      const engine = this.#byId.get(id);
      return engine ? { ok: true, engine } : { ok: false, message: `no storage engine has the id ${id}` };
    }
    const wanted = fold(reference);
    const qualified = this.engines.filter((engine) => fold(this.#qualified(engine)) === wanted);
    const matches =
      qualified.length > 0
        ? qualified
        : this.engines.filter((engine) => fold(engine.service_name) === wanted);
    if (matches.length === 1 && matches[0]) return { ok: true, engine: matches[0] };
    if (matches.length > 1) {
      return {
        ok: false,
        message: `"${reference}" names several engines: say which with ${matches.map((engine) => `"${this.#qualified(engine)}"`).join(' or ')}`,
      };
    }
    const names = [...new Set(this.engines.map((engine) => String(this.nameOf(engine.engine_id))))].sort();
    const hint = suggest(reference, names);
    return {
      ok: false,
      message: `unknown engine "${reference}"${hint ? ` (did you mean "${hint}"?)` : ''}; spartera engine list shows them: ${names.join(', ')}`,
    };
  }
}
