/** Before anything reads it: a body over the API's limit is a 413, as a gateway would answer. */
import { HttpError, MAX_BODY_BYTES } from '../errors.js';
import type { MockRequest } from '../request.js';

export function checkBodyLimit(request: MockRequest): void {
  if (request.bodyTooLarge) throw new HttpError(413, `Request body exceeds ${MAX_BODY_BYTES} bytes`);
}
