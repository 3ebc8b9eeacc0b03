import type { CloudProvider, StorageEngine } from '@spartera/types';
import type { RequestOptions, Spartera } from '../client.js';
import { NotFoundError, SparteraError } from '../core/errors.js';
import { collect, paginate } from '../core/pagination.js';

/**
 * Read-only lookups of the cloud providers and storage engines that a connection's `engine_id`
 * refers to, so that an engine can be shown by its name.
 */
export class Engines {
  /** Engines change rarely; one listing per client instance saves a request per provider. */
  #listing: StorageEngine[] | undefined;

  constructor(private readonly client: Spartera) {}

  /** Get all cloud providers, every page. */
  async providers(options?: RequestOptions): Promise<CloudProvider[]> {
    return collect(
      paginate((page, limit) =>
        this.client._call<CloudProvider[]>('GET', '/cloud-providers', options, { page, limit }),
      ),
    );
  }

  /**
   * Get all storage engines of every cloud provider, every page. The listing is fetched once per
   * client and then served from memory.
   */
  async list(options?: RequestOptions): Promise<StorageEngine[]> {
    if (!this.#listing) {
      const providers = await this.providers(options);
      const perProvider = await Promise.all(
        providers.map(({ provider_id }) =>
          collect(
            paginate((page, limit) =>
              this.client._call<StorageEngine[]>(
                'GET',
                `/cloud-providers/${provider_id}/storage-engines`,
                options,
                { page, limit },
              ),
            ),
          ),
        ),
      );
      this.#listing = perProvider.flat();
    }
    return [...this.#listing];
  }

  /**
   * Get single storage engine by ID. Its path needs the provider, which is looked up in the
   * listing; an engine missing from a cached listing refreshes it once before `NotFoundError`.
   */
  async get(engineId: number, options?: RequestOptions): Promise<StorageEngine> {
    if (!Number.isInteger(engineId) || engineId < 1) {
      throw new SparteraError(`engineId must be a whole number of 1 or more; got ${String(engineId)}`);
    }
    const wasCached = this.#listing !== undefined;
    let found = (await this.list(options)).find((engine) => engine.engine_id === engineId);
    if (!found && wasCached) {
      this.#listing = undefined;
      found = (await this.list(options)).find((engine) => engine.engine_id === engineId);
    }
    if (!found) {
      const message = `Storage engine ${engineId} is not offered by any cloud provider`;
      throw new NotFoundError(
        404,
        { code: 404, message },
        new Headers(),
        `GET /cloud-providers/*/storage-engines/${engineId}`,
      );
    }
    return this.client._call(
      'GET',
      `/cloud-providers/${found.provider_id}/storage-engines/${engineId}`,
      options,
    );
  }
}
