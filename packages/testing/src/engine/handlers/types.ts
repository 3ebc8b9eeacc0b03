/**
 * What a handler receives and returns, derived from the generated `operations` of @spartera/types:
 * a handler of `getConnectionSampleData` reads `params.schema_name` as a string and `params.limit`
 * as a number, and must return the `data` of that operation's 200 body.
 */
import type { OperationId, operations } from '@spartera/types';
import type { StoreCache } from '../cache.js';
import type { MockStore } from '../store.js';

/** An object type for "no such parameters" (`path?: never` in the generated types). */
type Present<T> = [NonNullable<T>] extends [never] ? object : NonNullable<T>;

/** Query parameters the spec gives a default; request validation fills them in. */
export const DEFAULTED_QUERY_PARAMETERS = ['page', 'limit', 'sort_order'] as const;
type Defaulted = (typeof DEFAULTED_QUERY_PARAMETERS)[number];

type WithDefaults<Query> = Query & { [Name in keyof Query & Defaulted]-?: NonNullable<Query[Name]> };

/** Path and query parameters, decoded, coerced to their schema's types and defaulted. */
export type Params<Op extends OperationId> = Present<operations[Op]['parameters']['path']> &
  WithDefaults<Present<operations[Op]['parameters']['query']>>;

/** The parsed JSON body, for operations that take one. */
export type Body<Op extends OperationId> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer Json } };
}
  ? Json
  : undefined;

/** The `data` of the operation's 200 answer. */
export type Data<Op extends OperationId> =
  operations[Op]['responses'][200]['content']['application/json']['data'];

/** A request that passed validation against the operation's schemas. */
export interface ValidRequest<Op extends OperationId> {
  params: Params<Op>;
  body: Body<Op>;
}

export interface HandlerContext {
  readonly store: MockStore;
  /** The engine's one cache, emptied on every write to the store. */
  readonly cache: StoreCache;
  /** The clock for `date_created`, `last_updated` and `tested_at`. */
  readonly now: () => Date;
}

/** Answers one operation: returns the 200 `data` or throws an `HttpError`. */
export type Handler<Op extends OperationId> = (
  request: ValidRequest<Op>,
  context: HandlerContext,
) => Data<Op>;

/** One handler per operation of the spec; the compiler refuses a missing or mistyped one. */
export type Handlers = { [Op in OperationId]: Handler<Op> };
