/** Status messages, the error answer and the body limit: defined once for the engine, control API and factories. */

/** The largest request body the API accepts. */
export const MAX_BODY_BYTES = 1_048_576;

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The API's usual message for each error status it (or a fault) answers with. */
export const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  400: 'Invalid input',
  401: 'Authentication required',
  403: 'Permission denied',
  404: 'Resource not found',
  405: 'Method not allowed',
  409: 'Resource conflict',
  413: `Request body exceeds ${MAX_BODY_BYTES} bytes`,
  422: 'Unprocessable entity',
  429: 'Rate limit exceeded',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

export function statusMessage(status: number): string {
  return STATUS_MESSAGES[status] ?? 'Injected failure';
}

/** An answer other than 200, thrown from any step or handler and turned into the error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string = statusMessage(status),
    /** More fields of the error body, such as `errors` on a 400. */
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** The `{ code, message, ...extra }` body the API sends. */
  body(): string {
    return JSON.stringify({ code: this.status, message: this.message, ...this.extra });
  }
}
