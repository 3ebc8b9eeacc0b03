/**
 * Handling: the operation's handler computes the `data`, the spec's description of the 200 becomes
 * the envelope's `message`, and the response is validated then serialized. Answers that depend only
 * on the parameters and the store are served from the cache until the next write, so the hot path of
 * a load test allocates almost nothing.
 */
import type { OperationId } from '@spartera/types';
import type { HandlerContext, ValidRequest } from '../handlers/index.js';
import { cacheableOperations, runHandler } from '../handlers/index.js';
import type { OperationSpec } from '../spec.js';
import { validateResponse } from './validate-response.js';

const successMessages = new WeakMap<OperationSpec, string>();

function successMessage(operation: OperationSpec): string {
  let message = successMessages.get(operation);
  if (message === undefined) {
    const description = operation.responses['200']?.description;
    message = typeof description === 'string' ? description : 'OK';
    successMessages.set(operation, message);
  }
  return message;
}

function render<Op extends OperationId>(
  operation: OperationSpec<Op>,
  request: ValidRequest<Op>,
  context: HandlerContext,
): string {
  const envelope = {
    message: successMessage(operation),
    data: runHandler(operation.operationId, request, context),
  };
  validateResponse(operation.operationId, envelope);
  return JSON.stringify(envelope);
}

/** The 200 body of a valid request, as JSON text. */
export function handle<Op extends OperationId>(
  operation: OperationSpec<Op>,
  request: ValidRequest<Op>,
  context: HandlerContext,
): string {
  if (!cacheableOperations.has(operation.operationId)) return render(operation, request, context);
  return context.cache.get(
    `${operation.operationId}\u0000${JSON.stringify(request.params)}`,
    () => render(operation, request, context),
    (body) => body.length,
  );
}
