/**
 * The last step: the body a handler produced must conform to what the spec declares for the
 * operation's 200. A mock that drifts from the document fails loudly (a 500 naming the problem)
 * instead of teaching a client something the API never sends.
 */
import type { OperationId } from '@spartera/types';
import { HttpError } from '../errors.js';
import { checkResponse } from '../spec.js';

export function validateResponse(operationId: OperationId, envelope: unknown): void {
  const problems = checkResponse(operationId, 200, envelope);
  if (problems.length > 0) {
    throw new HttpError(
      500,
      `The mock's answer to ${operationId} does not conform to the spec: ${problems.slice(0, 3).join('; ')}`,
    );
  }
}
