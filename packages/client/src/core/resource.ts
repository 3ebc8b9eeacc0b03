import type { Spartera } from '../client.js';

/**
 * The base of the API's resources (`connections`, `engines`). The client is imported as a type
 * only: the resources call back into the instance they are given, so client.ts and the resources
 * form no import cycle.
 */
export abstract class APIResource {
  /** @internal */
  declare protected readonly _client: Spartera;

  constructor(client: Spartera) {
    this._client = client;
  }
}
