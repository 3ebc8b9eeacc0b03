import type { EngineCache, RequestOptions, Spartera } from '../client.js';
import { NotFoundError } from '../core/errors.js';
import { collect, paginate } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { raceAbort } from '../core/signals.js';
import type { Result } from '../core/spec.js';
import { checkWhole } from '../core/values.js';

const PROVIDERS = '/cloud-providers';
const ENGINES = '/cloud-providers/{provider_id}/storage-engines';

/** A storage engine as the listing holds it. */
type Engine = Result<typeof ENGINES, 'get'>[number];

/**
 * Read-only lookups of the cloud providers and storage engines that a connection's `engine_id`
 * refers to, so that an engine can be shown by its name. They gather every page and are served
 * from memory, so they return plain promises (`createRawClient` gives one response of one page).
 */
export class Engines extends APIResource {
  readonly #cache: EngineCache;

  /** @internal */
  constructor(client: Spartera, cache: EngineCache) {
    super(client);
    this.#cache = cache;
  }

  /** Get all cloud providers, every page. */
  providers(options?: RequestOptions): Promise<Result<typeof PROVIDERS, 'get'>> {
    return this.#all(PROVIDERS, {}, options);
  }

  /** Every page of a listing. */
  #all<T>(
    path: typeof PROVIDERS | typeof ENGINES,
    params: object,
    options: RequestOptions | undefined,
  ): Promise<T[]> {
    return collect<T>(
      paginate((page, limit) =>
        this._client._request('get', path as typeof PROVIDERS, options, params as never, {
          query: { page, limit },
          list: true,
        }),
      ),
    );
  }

  /**
   * Get all storage engines of every cloud provider, every page. The listing is fetched once per
   * client (and the clients derived from it), however many calls ask for it at once, and then
   * served from memory; a failed listing is not kept.
   */
  async list(options?: RequestOptions): Promise<Engine[]> {
    return [...(await this.#listing(options))];
  }

  /**
   * The shared listing. It is fetched without the caller's signal, which stops only that caller's
   * wait: one caller's abort leaves the others their listing.
   */
  #listing(options: RequestOptions | undefined): Promise<Engine[]> {
    const cache = this.#cache;
    if (!cache.listing) {
      const shared = { ...options, signal: undefined };
      const listing = (cache.listing = this.providers(shared).then(async (providers) =>
        (
          await Promise.all(
            providers.map(({ provider_id }) => this.#all<Engine>(ENGINES, { provider_id }, shared)),
          )
        ).flat(),
      ));
      listing.catch(() => {
        if (cache.listing === listing) cache.listing = undefined;
      });
    }
    return raceAbort(cache.listing, options?.signal ? [options.signal] : []);
  }

  /**
   * Get single storage engine by ID, from the listing: no request once the listing is here. An
   * engine missing from a cached listing refreshes it once before `NotFoundError`.
   */
  async get(engineId: number, options?: RequestOptions): Promise<Engine> {
    checkWhole('engineId', engineId, 1);
    const cached = this.#cache.listing;
    const find = async () => (await this.#listing(options)).find((engine) => engine.engine_id === engineId);
    let found = await find();
    if (!found && cached) {
      // Concurrent misses share one refresh: only the first drops the listing they all used.
      if (this.#cache.listing === cached) this.#cache.listing = undefined;
      found = await find();
    }
    if (!found) {
      const message = `Storage engine ${engineId} is not offered by any cloud provider`;
      throw new NotFoundError(404, { code: 404, message }, new Headers(), `GET ${ENGINES}/${engineId}`);
    }
    return { ...found };
  }
}
