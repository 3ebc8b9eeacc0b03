/**
 * Types read off the spec's `paths`, keyed by path template and method, so that what a method
 * returns, sends and throws follows the spec: change a 200 body there, and the method's type changes.
 */
import type { paths } from '@spartera/types';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/** A path template of the spec, such as `/companies/{company_id}/connections`. */
export type Path = keyof paths;

/** The methods `P` has in the spec. */
export type MethodOf<P extends Path> = {
  [M in HttpMethod]: paths[P][M] extends { responses: object } ? M : never;
}[HttpMethod];

/** The `data` of the 200 envelope of `M P`: what the method resolves with. */
export type Result<P extends Path, M extends MethodOf<P>> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': { data: infer Data } } } };
}
  ? Data
  : never;

/** The path parameters of `M P`. */
export type PathParams<P extends Path, M extends MethodOf<P>> = paths[P][M] extends {
  parameters: { path: infer Params };
}
  ? Params
  : Record<string, never>;

/** The query of `M P`. */
export type Query<P extends Path, M extends MethodOf<P>> = paths[P][M] extends {
  parameters: { query?: infer Params };
}
  ? Params
  : never;

/** The JSON body of `M P`. */
export type RequestBody<P extends Path, M extends MethodOf<P>> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

/** The statuses the spec gives an error body. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500;

/** The JSON body the spec declares for an error status, whichever operation answered it. */
export type ErrorBody<Status extends ErrorStatus> = Status extends unknown
  ? { [P in Path]: paths[P][MethodOf<P>] }[Path] extends infer Op
    ? Op extends { responses: { [S in Status]: { content: { 'application/json': infer Body } } } }
      ? Body
      : never
    : never
  : never;
